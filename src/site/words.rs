//! Numbers for reading: rounding, units, month names, changes that say
//! better or worse, and the report's first sentence. Metrics stay unrounded
//! in `data/metrics.json`; only pages round.

use crate::figures::{Figures, LOW_VOLUME};
use crate::model::Month;
use serde::Serialize;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `October 2026`.
pub fn month_name(m: Month) -> String {
    format!("{} {}", MONTHS[(m.month - 1) as usize], m.year)
}

/// `October`.
pub fn month_only(m: Month) -> &'static str {
    MONTHS[(m.month - 1) as usize]
}

/// `Oct`, for chart axes (`Oct 2026` on January and on the first month shown).
pub fn month_short(m: Month, first: bool) -> String {
    let short = &MONTHS[(m.month - 1) as usize][..3];
    if first || m.month == 1 {
        format!("{short} {}", m.year)
    } else {
        short.to_string()
    }
}

/// `84%`.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".into(), |r| format!("{:.0}%", r * 100.0))
}

/// Hours for a table cell: `6.2 h`, `3.1 d` past two days, `–` when unknown.
pub fn hours_short(h: Option<f64>) -> String {
    match h {
        None => "–".into(),
        Some(h) if h >= 48.0 => format!("{:.1} d", h / 24.0),
        Some(h) => format!("{h:.1} h"),
    }
}

/// Hours for a sentence: `6.2 hours`, `45 minutes`, `3.1 days`.
pub fn hours_long(h: f64) -> String {
    if h < 1.0 {
        let m = (h * 60.0).round() as i64;
        if m == 1 {
            "1 minute".into()
        } else {
            format!("{m} minutes")
        }
    } else if h >= 48.0 {
        format!("{:.1} days", h / 24.0)
    } else {
        format!("{h:.1} hours")
    }
}

/// A target in hours as people write it: `24`, `12.5`.
pub fn plain_number(v: f64) -> String {
    // Whole numbers as integers: formatting a float to a precision is
    // costly, and the feed and reports write one per open review.
    if v.fract() == 0.0 && v.abs() < 1e15 && !(v == 0.0 && v.is_sign_negative()) {
        (v as i64).to_string()
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// The age of an open review: whole hours below two days, whole days above.
pub fn age(hours: f64) -> String {
    if hours < 48.0 {
        let h = hours.floor() as i64;
        if h == 1 {
            "1 hour".into()
        } else {
            format!("{h} hours")
        }
    } else {
        format!("{} days", (hours / 24.0).floor() as i64)
    }
}

/// `5.2 : 1` (with no-break spaces, so a ratio never splits over two lines);
/// `no negatives` when there is no negative review.
pub fn ratio(f: &Figures) -> String {
    match f.positive_to_negative {
        Some(r) => format!("{r:.1}\u{a0}:\u{a0}1"),
        None if f.positive > 0 => "no negatives".into(),
        None => "–".into(),
    }
}

pub fn rating(r: Option<f64>) -> String {
    r.map_or_else(|| "–".into(), |r| format!("{r:.1}"))
}

/// `1` → `1 review`, `3` → `3 reviews`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Which way is good for a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Good {
    Higher,
    Lower,
    /// Volume: more is neither better nor worse by itself.
    Neither,
}

/// How a figure's change is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Rates: a change in percentage points.
    Points,
    Hours,
    Count,
    /// Ratios and ratings: one decimal.
    Decimal,
}

/// A change against the month before, said as better or worse.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// `+4 pts`, `−1.2 h`, `+3`.
    pub delta: String,
    /// `better`, `worse`, `same` or `neutral` (a CSS class too).
    pub verdict: &'static str,
    /// `▲` / `▼` / `=`.
    pub arrow: &'static str,
    /// The words a reader needs without colour: `better than September (78%)`.
    pub text: String,
}

pub fn change(
    cur: Option<f64>,
    prev: Option<f64>,
    unit: Unit,
    good: Good,
    prev_month: Month,
    prev_shown: &str,
) -> Option<Change> {
    let (c, p) = (cur?, prev?);
    // The change between the values as shown, so `3.3` against `3.2` never
    // reads "same".
    let shown = |v: f64, scale: f64| (v * scale).round();
    let (delta, raw) = match unit {
        Unit::Points => {
            let d = shown(c, 100.0) - shown(p, 100.0);
            (format!("{} pts", signed(d, 0)), d)
        }
        // In days when both values are shown in days (see `hours_short`),
        // so "3.2 d" against "10.2 d" reads "-7.0 d", not "-167.9 h".
        Unit::Hours if c >= 48.0 && p >= 48.0 => {
            let d = (shown(c / 24.0, 10.0) - shown(p / 24.0, 10.0)) / 10.0;
            (format!("{} d", signed(d, 1)), d)
        }
        Unit::Hours => {
            let d = (shown(c, 10.0) - shown(p, 10.0)) / 10.0;
            (format!("{} h", signed(d, 1)), d)
        }
        Unit::Count => {
            let d = c.round() - p.round();
            (signed(d, 0), d)
        }
        Unit::Decimal => {
            let d = (shown(c, 10.0) - shown(p, 10.0)) / 10.0;
            (signed(d, 1), d)
        }
    };
    let shown_zero = raw == 0.0;
    let month = month_only(prev_month);
    let (verdict, arrow, word) = if shown_zero {
        ("same", "=", "same as".to_string())
    } else {
        let up = raw > 0.0;
        let arrow = if up { "▲" } else { "▼" };
        match good {
            Good::Neither => (
                "neutral",
                arrow,
                if up { "more than" } else { "fewer than" }.into(),
            ),
            Good::Higher if up => ("better", arrow, "better than".into()),
            Good::Lower if !up => ("better", arrow, "better than".into()),
            _ => ("worse", arrow, "worse than".into()),
        }
    };
    Some(Change {
        delta,
        verdict,
        arrow,
        text: format!("{word} {month} ({prev_shown})"),
    })
}

fn signed(v: f64, decimals: usize) -> String {
    if v > 0.0 {
        format!("+{v:.decimals$}")
    } else if v < 0.0 {
        format!("−{:.decimals$}", -v)
    } else {
        format!("±{:.decimals$}", 0.0)
    }
}

/// True when fewer than `LOW_VOLUME` reviews stand behind a figure.
pub fn low(n: u64) -> bool {
    // Nothing behind a figure is not "few": the figure is absent (a dash)
    // and a "few" mark beside it would only add noise.
    n > 0 && n < LOW_VOLUME
}

/// The sentence a director can repeat:
/// "In October 2026, 84% of reviews were answered, half within 6.2 hours;
/// 3 negative reviews are open past the 12-hour target."
pub fn headline(m: Month, f: &Figures, open_negative: u64, negative_target: f64) -> String {
    let when = month_name(m);
    if f.reviews == 0 {
        return format!("No reviews were posted in {when}.");
    }
    let mut s = if f.reviews == 1 {
        format!(
            "In {when}, the one review was {}",
            if f.answered == 1 {
                "answered"
            } else {
                "not answered"
            }
        )
    } else {
        format!(
            "In {when}, {} of {} reviews were answered",
            percent(f.response_rate),
            f.reviews
        )
    };
    if let Some(median) = f.response_hours.median {
        s.push_str(&format!(", half within {}", hours_long(median)));
    }
    let target = plain_number(negative_target);
    s.push_str(&match open_negative {
        0 if f.negative == 0 => "; there were no negative reviews.".to_string(),
        // The key figure "open past target" counts every class; say so, so
        // the sentence and a red card never seem to disagree.
        0 => match f.open_overdue {
            0 => format!("; no negative review is open past the {target}-hour target."),
            1 => format!(
                "; no negative review is open past the {target}-hour target, but 1 other review is."
            ),
            n => format!(
                "; no negative review is open past the {target}-hour target, but {n} other reviews are."
            ),
        },
        1 => format!("; 1 negative review is open past the {target}-hour target."),
        n => format!("; {n} negative reviews are open past the {target}-hour target."),
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oct() -> Month {
        Month::parse("2026-10").unwrap()
    }

    #[test]
    fn the_headline_reads_like_a_briefing() {
        let f = Figures {
            reviews: 50,
            negative: 5,
            response_rate: Some(0.84),
            response_hours: crate::figures::HoursStats {
                count: 40,
                mean: Some(7.0),
                median: Some(6.2),
                p90: Some(20.0),
            },
            ..Figures::default()
        };
        assert_eq!(
            headline(oct(), &f, 3, 12.0),
            "In October 2026, 84% of 50 reviews were answered, half within 6.2 hours; 3 negative reviews are open past the 12-hour target."
        );
        assert_eq!(
            headline(oct(), &Figures::default(), 0, 12.0),
            "No reviews were posted in October 2026."
        );
        let eleven = Figures {
            reviews: 11,
            response_rate: Some(1.0),
            ..Figures::default()
        };
        assert_eq!(
            headline(oct(), &eleven, 0, 12.0),
            "In October 2026, 100% of 11 reviews were answered; there were no negative reviews."
        );
        let others_open = Figures {
            open_overdue: 9,
            ..f.clone()
        };
        assert_eq!(
            headline(oct(), &others_open, 0, 12.0),
            "In October 2026, 84% of 50 reviews were answered, half within 6.2 hours; no negative review is open past the 12-hour target, but 9 other reviews are."
        );
        let one = Figures {
            reviews: 1,
            negative: 1,
            ..Figures::default()
        };
        assert_eq!(
            headline(oct(), &one, 1, 12.5),
            "In October 2026, the one review was not answered; 1 negative review is open past the 12.5-hour target."
        );
    }

    #[test]
    fn a_shorter_response_time_is_better() {
        let sep = Month::parse("2026-09").unwrap();
        let c = change(
            Some(5.0),
            Some(6.25),
            Unit::Hours,
            Good::Lower,
            sep,
            "6.3 h",
        )
        .unwrap();
        assert_eq!(c.delta, "−1.3 h");
        assert_eq!(c.verdict, "better");
        assert_eq!(c.text, "better than September (6.3 h)");
        let c = change(Some(0.5), Some(0.6), Unit::Points, Good::Higher, sep, "60%").unwrap();
        assert_eq!((c.delta.as_str(), c.verdict), ("−10 pts", "worse"));
        let c = change(
            Some(12.0),
            Some(10.0),
            Unit::Count,
            Good::Neither,
            sep,
            "10",
        )
        .unwrap();
        assert_eq!((c.delta.as_str(), c.verdict), ("+2", "neutral"));
        assert!(change(None, Some(1.0), Unit::Count, Good::Neither, sep, "1").is_none());
    }

    #[test]
    fn a_change_between_days_is_told_in_days() {
        let sep = Month::parse("2026-09").unwrap();
        let c = change(
            Some(76.8),
            Some(244.8),
            Unit::Hours,
            Good::Lower,
            sep,
            "10.2 d",
        )
        .unwrap();
        assert_eq!((c.delta.as_str(), c.verdict), ("−7.0 d", "better"));
        // One side in hours: the change stays in hours.
        let c = change(
            Some(25.2),
            Some(88.8),
            Unit::Hours,
            Good::Lower,
            sep,
            "3.7 d",
        )
        .unwrap();
        assert_eq!(c.delta, "−63.6 h");
    }

    #[test]
    fn ages_and_hours_read_naturally() {
        assert_eq!(age(13.9), "13 hours");
        assert_eq!(age(50.0), "2 days");
        assert_eq!(hours_long(0.5), "30 minutes");
        assert_eq!(hours_short(Some(72.0)), "3.0 d");
        assert_eq!(plain_number(12.0), "12");
        // The integer fast path writes what float formatting wrote.
        for v in [0.0f64, -0.0, 5.0, -3.0, 2.5, 1e15, 1e20, 123_456_789.0] {
            let want = if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v}")
            };
            assert_eq!(plain_number(v), want, "{v}");
        }
    }
}
