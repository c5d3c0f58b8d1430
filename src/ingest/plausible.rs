//! Plausible times (SPEC §4.1): a posting or action time (or a review
//! request's date) outside the plausible window is a data problem, set
//! aside before linking, so one mistyped year can never stretch the site
//! over centuries of empty months (nor make a build slow).
//!
//! The window is whole days in the configured zone: from 2000-01-01 (no
//! review platform is older) to the day one year (366 days) after the
//! *latest corroborated posting time*: the latest review posting time that has another review posted
//! within the year before it. One absurd date has no such neighbour, so it
//! can never define the window itself; a practice's real reviews always
//! have one. (When no two reviews are within a year of each other, the
//! median posting time stands in; with no review at all, the same rule runs
//! on the action times.)

use super::Dataset;
use crate::model::{Moment, Name, Review};
use crate::problems::Problem;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rayon::prelude::*;

/// No time before this date (in the configured zone) is plausible.
pub const EARLIEST: Date = jiff::civil::date(2000, 1, 1);

/// How far past the latest corroborated posting time a time may lie, and
/// how close a neighbour must be to corroborate one: a year (366 days).
pub const SLACK: SignedDuration = SignedDuration::from_hours(366 * 24);

/// The plausible window: whole days, from `EARLIEST` to `end`, both
/// included, as dates in the configured zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// `None` when the data holds no time to anchor it on.
    pub end: Option<Date>,
}

impl Window {
    pub fn contains(&self, m: &Moment) -> bool {
        m.date >= EARLIEST && self.end.is_none_or(|end| m.date <= end)
    }

    /// The window in words, for messages: `2000-01-01 to 2027-10-31`.
    pub fn show(&self) -> String {
        match self.end {
            Some(end) => format!("{EARLIEST} to {end}"),
            None => format!("from {EARLIEST}"),
        }
    }
}

/// The window for these times; `ids` tells copies of one record apart from
/// different records (a review in two overlapping exports corroborates
/// nothing).
fn window_of(mut times: Vec<(Timestamp, u64)>) -> Option<Timestamp> {
    if times.is_empty() {
        return None;
    }
    times.par_sort_unstable();
    // From the latest down: the first time with a different record within
    // the year before it.
    let corroborated = (1..times.len()).rev().find_map(|i| {
        let (t, id) = times[i];
        times[..i]
            .iter()
            .rev()
            .take_while(|(u, _)| t.duration_since(*u) <= SLACK)
            .any(|(_, other)| *other != id)
            .then_some(t)
    });
    let anchor = corroborated.unwrap_or(times[(times.len() - 1) / 2].0);
    anchor.checked_add(SLACK).ok()
}

/// The plausible window of a dataset's reviews (or, when it has none, of its
/// actions). Times before `EARLIEST` take no part in it.
pub fn window(reviews: &[Review], actions: &[crate::model::Action], tz: &TimeZone) -> Window {
    let end = if reviews.par_iter().any(|r| r.posted.date >= EARLIEST) {
        end_of(
            reviews,
            |r| &r.posted,
            |r| super::hash_of(&(&r.platform, &r.id)),
        )
    } else {
        end_of(
            actions,
            |a| &a.at,
            |a| super::hash_of(&super::action_key(a)),
        )
    };
    Window {
        end: end.map(|t| tz.to_datetime(t).date()),
    }
}

/// The window's last instant for these records, given each one's time and
/// identity (copies of one record share it; hashed, and only worked out
/// for the records near the latest).
fn end_of<T: Sync>(
    records: &[T],
    time: impl Fn(&T) -> &Moment + Sync,
    identity: impl Fn(&T) -> u64 + Sync,
) -> Option<Timestamp> {
    let ok = |m: &Moment| m.date >= EARLIEST;
    // The usual case, in two passes over the records and no copy: the
    // latest time has a neighbour.
    let latest = records
        .par_iter()
        .filter(|r| ok(time(r)))
        .max_by_key(|r| time(r).instant)?;
    let (t, id) = (time(latest).instant, identity(latest));
    if records.par_iter().any(|r| {
        let m = time(r);
        ok(m) && m.instant <= t && t.duration_since(m.instant) <= SLACK && identity(r) != id
    }) {
        return t.checked_add(SLACK).ok();
    }
    window_of(
        records
            .par_iter()
            .filter(|r| ok(time(r)))
            .map(|r| (time(r).instant, identity(r)))
            .collect(),
    )
}

/// Sets aside the reviews, actions and archive replies dated outside the
/// plausible window, each with an error at its place, and notes the window
/// and the reviews set aside in the dataset.
pub fn set_aside(data: &mut Dataset, tz: &TimeZone) {
    let w = window(&data.reviews, &data.actions, tz);
    data.window = Some(w);
    let outside_review = |r: &Review| {
        !w.contains(&r.posted)
            || r.embedded_reply
                .as_ref()
                .is_some_and(|e| !w.contains(&e.at))
    };
    let bad_reviews = data.reviews.par_iter().any(outside_review);
    let bad_actions = data.actions.par_iter().any(|a| !w.contains(&a.at));
    let in_window = |d: Date| d >= EARLIEST && w.end.is_none_or(|end| d <= end);
    let bad_requests = data.requests.iter().any(|b| !in_window(b.date));
    if !bad_reviews && !bad_actions && !bad_requests {
        return;
    }
    let shown = w.show();
    // The date alone: a time of day in year 1000 is in local mean time.
    let when = |m: &Moment| m.date.to_string();
    let Dataset {
        files,
        reviews,
        actions,
        requests,
        problems,
        set_aside,
        ..
    } = data;
    let problem = |origin: crate::model::Origin, what: String| {
        Problem::error(
            "implausible-time",
            files.get(origin.file as usize).map_or("?", String::as_str),
            format!(
                "{what}, outside the plausible window ({shown}); it is not counted (check the year)"
            ),
        )
        .at(origin.line, None)
    };
    if bad_reviews {
        for r in reviews.iter_mut() {
            if let Some(reply) = r.embedded_reply.as_ref()
                && w.contains(&r.posted)
                && !w.contains(&reply.at)
            {
                problems.push(problem(
                    r.origin,
                    format!(
                        "the reply to review {}/{} is dated {}",
                        r.platform,
                        r.id,
                        when(&reply.at)
                    ),
                ));
                r.embedded_reply = None;
            }
        }
        reviews.retain(|r| {
            if w.contains(&r.posted) {
                return true;
            }
            problems.push(problem(
                r.origin,
                format!(
                    "review {}/{} is dated {}",
                    r.platform,
                    r.id,
                    when(&r.posted)
                ),
            ));
            set_aside.push((Name::new(r.platform.as_str()), r.id.clone()));
            false
        });
    }
    if bad_requests {
        requests.retain(|b| {
            if in_window(b.date) {
                return true;
            }
            problems.push(problem(
                b.origin,
                format!("this review-request row is dated {}", b.date),
            ));
            false
        });
    }
    if bad_actions {
        actions.retain(|a| {
            if w.contains(&a.at) {
                return true;
            }
            problems.push(problem(
                a.origin,
                format!(
                    "this {} on {}/{} is dated {}",
                    a.kind.as_str(),
                    a.platform,
                    a.review_id,
                    when(&a.at)
                ),
            ));
            false
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn end(times: &[(&str, u64)]) -> Option<Timestamp> {
        let records: Vec<(Moment, u64)> = times
            .iter()
            .map(|(t, id)| {
                let m = Moment::resolve(crate::model::When::Instant(ts(t)), &TimeZone::UTC);
                (m.unwrap(), *id)
            })
            .collect();
        end_of(&records, |r| &r.0, |r| r.1)
    }

    #[test]
    fn one_absurd_date_never_defines_the_window() {
        let year_after = |t: &str| Some(ts(t).checked_add(SLACK).unwrap());
        let normal = [
            ("2026-09-01T10:00:00Z", 1),
            ("2026-09-20T10:00:00Z", 2),
            ("2026-10-27T17:00:00Z", 3),
        ];
        assert_eq!(end(&normal), year_after("2026-10-27T17:00:00Z"));
        // One review in year 9999 has no neighbour within a year.
        let mut absurd = normal.to_vec();
        absurd.push(("9999-01-01T00:00:00Z", 4));
        assert_eq!(end(&absurd), year_after("2026-10-27T17:00:00Z"));
        // Nor do two copies of it, from two overlapping exports.
        absurd.push(("9999-01-01T00:00:00Z", 4));
        assert_eq!(end(&absurd), year_after("2026-10-27T17:00:00Z"));
        // A gap of years in the data is no reason to doubt the later reviews.
        let gap = [
            ("2019-01-01T00:00:00Z", 1),
            ("2019-02-01T00:00:00Z", 2),
            ("2026-09-01T00:00:00Z", 3),
            ("2026-10-01T00:00:00Z", 4),
        ];
        assert_eq!(end(&gap), year_after("2026-10-01T00:00:00Z"));
        // Two reviews, one absurd: the median (the lower) stands in.
        let two = [("2026-09-01T00:00:00Z", 1), ("3026-09-01T00:00:00Z", 2)];
        assert_eq!(end(&two), year_after("2026-09-01T00:00:00Z"));
        // No time at all, or none from 2000 on: no end.
        assert_eq!(end(&[]), None);
        assert_eq!(end(&[("1000-01-01T00:00:00Z", 1)]), None);
        // When the latest has no neighbour, the latest that has one counts:
        // 3026 has none, 2026-09-01 has 2026-08-01.
        let sparse = [
            ("2020-01-01T00:00:00Z", 1),
            ("2026-08-01T00:00:00Z", 2),
            ("2026-09-01T00:00:00Z", 3),
            ("3026-10-01T00:00:00Z", 4),
        ];
        assert_eq!(end(&sparse), year_after("2026-09-01T00:00:00Z"));
    }
}
