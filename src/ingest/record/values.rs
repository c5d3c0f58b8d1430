//! Values shared by every reader: timestamps, moments, platforms, ratings.

use super::row::*;
use crate::ingest::time::parse_when_in;
use crate::model::{DateOrder, Moment, When};
use crate::model::{Name, Sym};
use jiff::Timestamp;

// ---- values shared by every reader ----

/// Words that say a date is relative to when the page was scraped.
pub(super) fn is_relative(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains(" ago")
        || l.starts_with("last ")
        || l.starts_with("edited ")
        || matches!(l.as_str(), "today" | "yesterday" | "just now" | "now")
}

/// A timestamp from a value: strings by `parse_when`, numbers as Unix seconds.
pub fn when_of(name: &str, v: &Scalar) -> Result<Option<When>, String> {
    when_in(name, v, DateOrder::Unknown)
}

/// As `when_of`, reading slashed dates in `order`.
pub fn when_in(name: &str, v: &Scalar, order: DateOrder) -> Result<Option<When>, String> {
    match v {
        Scalar::Null => Ok(None),
        Scalar::Int(_) | Scalar::UInt(_) | Scalar::Float(_) => {
            let secs = match v {
                Scalar::Int(i) => *i as f64,
                Scalar::UInt(u) => *u as f64,
                Scalar::Float(f) => *f,
                _ => 0.0,
            };
            Timestamp::from_millisecond((secs * 1000.0).round() as i64)
                .map(|t| Some(When::Instant(t)))
                .map_err(|_| format!("`{name}` is {secs}, which is out of range for Unix seconds"))
        }
        Scalar::Str(s) if s.trim().is_empty() => Ok(None),
        Scalar::Str(s) => parse_when_in(s, order).map(Some).map_err(|e| {
            let s = s.trim();
            if is_relative(s) {
                format!(
                    "`{name}` is `{s}`, a relative date; reputable never guesses a date from it — export the reviews again with absolute dates (for example 2026-03-04T09:30:00Z)"
                )
            } else {
                format!("`{name}`: {e}")
            }
        }),
        Scalar::Bool(_) | Scalar::Nested => Err(format!(
            "`{name}` is {}, not a timestamp; accepted layouts: {}",
            v.show(),
            crate::ingest::time::LAYOUTS
        )),
    }
}

/// A moment from a field, resolved in the file's zone; `None` when blank.
pub fn moment(row: &Row, f: usize) -> Result<Option<Moment>, RowError> {
    let w = when_in(row.name(f), row.get(f), row.zone.order).map_err(|m| RowError::bad(f, m))?;
    w.map(|w| row.zone.resolve(w).map_err(|m| RowError::bad(f, m)))
        .transpose()
}

/// A required moment: blank is an error that says what to write.
pub fn required_moment(row: &Row, f: usize) -> Result<Moment, RowError> {
    moment(row, f)?.ok_or_else(|| {
        RowError::bad(
            f,
            format!(
                "`{}` is empty; write when it happened, for example 2026-03-04T09:30:00Z, 2026-03-04 09:30:00 or 2026-03-04",
                row.name(f)
            ),
        )
    })
}

/// The platform named in a field, normalised (`google`, `healthgrades`);
/// blank is an error.
pub fn required_platform(row: &Row, f: usize) -> Result<Sym, RowError> {
    match row.text(f) {
        Some(t) => Ok(platform(&t)),
        None => Err(RowError::bad(
            f,
            format!(
                "`{}` is empty; write the platform the review is on (google, yelp, facebook, healthgrades …)",
                row.name(f)
            ),
        )),
    }
}

/// A required text field: blank is an error naming the field.
pub fn required_text(row: &Row, f: usize, what: &str) -> Result<Name, RowError> {
    row.owned(f)
        .ok_or_else(|| RowError::bad(f, format!("`{}` is empty; write {what}", row.name(f))))
}

/// A rating mapped to 1–5 from a value on a `scale`-point scale.
///
/// Empty is unrated. Numbers (and `4/5`, `8/10`) are scaled by 5 / scale;
/// `positive`/`recommended` is 5 and `negative`/`not recommended` 1. On a
/// 10-point (or larger) scale the lowest values map below 1 and are raised
/// to 1, the floor of the 5-point scale.
pub fn rating_of(name: &str, v: &Scalar, scale: f64) -> Result<Option<f64>, String> {
    let advice = |shown: &str| {
        if scale == 5.0 {
            format!(
                "`{name}` is `{shown}`; write a number from 1 to 5, or leave it empty for an unrated review"
            )
        } else {
            format!(
                "`{name}` is `{shown}`; write a number from 0 to {scale} (this file rates out of {scale}), or leave it empty for an unrated review"
            )
        }
    };
    let (value, of) = match v {
        Scalar::Null => return Ok(None),
        Scalar::Int(i) => (*i as f64, scale),
        Scalar::UInt(u) => (*u as f64, scale),
        Scalar::Float(f) => (*f, scale),
        Scalar::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if let Some(r) = recommendation(t) {
                return Ok(Some(r));
            }
            if let Some((a, b)) = t.split_once('/') {
                match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
                    (Ok(a), Ok(b)) if b > 0.0 => (a, b),
                    _ => return Err(advice(t)),
                }
            } else {
                match t.parse::<f64>() {
                    Ok(x) => (x, scale),
                    Err(_) => return Err(advice(t)),
                }
            }
        }
        Scalar::Bool(_) | Scalar::Nested => return Err(advice(&v.show())),
    };
    let low = if of == 5.0 { 1.0 } else { 0.0 };
    if !value.is_finite() || value < low || value > of {
        let mut msg = advice(&v.show());
        if of == 5.0 && value > 5.0 && value <= 10.0 {
            msg.push_str(
                " (ratings out of 10 go in a column named `rating_10`, or add a `rating_scale` column holding 10)",
            );
        }
        return Err(msg);
    }
    Ok(Some((value * 5.0 / of).max(1.0)))
}

/// A platform name normalised (`model::platform_name`), without the work
/// when it is already plain lower case.
pub fn platform(s: &str) -> Sym {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Sym::new(s)
    } else {
        Sym::new(&crate::model::platform_name(s))
    }
}

/// `positive`/`negative` recommendations (Facebook's words and the common
/// English ones) as ratings 5 and 1.
pub fn recommendation(s: &str) -> Option<f64> {
    match s.trim().to_ascii_lowercase().as_str() {
        "positive" | "recommended" | "recommends" | "recommend" | "yes" => Some(5.0),
        "negative" | "not recommended" | "not_recommended" | "doesn't recommend"
        | "does not recommend" | "no" => Some(1.0),
        _ => None,
    }
}

/// The `location-<id>` folder a file sits in (Google Takeout keeps each
/// location's reviews in one), if any.
pub fn location_folder(path: &str) -> Option<&str> {
    path.rsplit('/')
        .skip(1)
        .find(|part| part.starts_with("location-") && part.len() > "location-".len())
}
