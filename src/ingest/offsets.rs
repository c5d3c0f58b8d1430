//! A zone's offsets from 1970 to 2100 as a table found in constant time:
//! the local date of an instant is then a lookup and a division, where
//! asking the zone's rules costs more than parsing the row it is on.

use crate::model::civil_from_days;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The span the table covers: 1970 to 2100 (Unix seconds), about two
/// hundred and sixty periods in a zone with daylight saving time.
const FROM: i64 = 0;
const TO: i64 = 4_102_444_800;

/// Seconds per index bucket, as a shift: 2^22 s is about 48 days, shorter
/// than any stretch between a zone's transitions in practice, so a bucket
/// starts the search at most a step or two short of its period.
const BUCKET: u32 = 22;

/// Every offset period of one zone from `FROM` to `TO`, made once per
/// build and shared by every file and core.
pub struct Offsets {
    /// Where each period starts (Unix seconds), in order; the first is
    /// `FROM`, and the last period ends at `TO`.
    starts: Box<[i64]>,
    /// The offset in force throughout each period, in seconds.
    offsets: Box<[i32]>,
    /// For each bucket of `1 << BUCKET` seconds from `FROM`, the period its
    /// first second falls in.
    index: Box<[u32]>,
}

impl Offsets {
    /// One walk over the zone's transitions; a fixed offset is one period.
    /// A zone whose transitions do not fall on whole seconds (none does in
    /// the tz database) gets an empty table, and every instant then asks
    /// the rules.
    pub fn of(tz: &TimeZone) -> Offsets {
        let empty = || Offsets {
            starts: Box::new([]),
            offsets: Box::new([]),
            index: Box::new([]),
        };
        let (Ok(from), Ok(to)) = (Timestamp::from_second(FROM), Timestamp::from_second(TO)) else {
            return empty();
        };
        let (mut starts, mut offsets) = (vec![FROM], vec![tz.to_offset(from).seconds()]);
        for t in tz.following(from) {
            let at = t.timestamp();
            if at >= to {
                break;
            }
            if at.subsec_nanosecond() != 0 {
                return empty();
            }
            let second = at.as_second();
            if second > *starts.last().unwrap_or(&FROM) {
                starts.push(second);
                offsets.push(t.offset().seconds());
            } else if let Some(last) = offsets.last_mut() {
                // A transition at the table's first second.
                *last = t.offset().seconds();
            }
        }
        let buckets = ((TO - FROM) >> BUCKET) as usize + 1;
        let mut index = Vec::with_capacity(buckets);
        let mut period = 0usize;
        for b in 0..buckets {
            let first = FROM + ((b as i64) << BUCKET);
            while period + 1 < starts.len() && starts[period + 1] <= first {
                period += 1;
            }
            index.push(period as u32);
        }
        Offsets {
            starts: starts.into_boxed_slice(),
            offsets: offsets.into_boxed_slice(),
            index: index.into_boxed_slice(),
        }
    }

    /// The local date of `ts`, or `None` outside the table (the caller
    /// then asks the zone's rules).
    pub fn date(&self, ts: Timestamp) -> Option<jiff::civil::Date> {
        // Whole seconds, rounded down (an instant before 1970 with a
        // fraction of a second has a negative fraction).
        let second = ts.as_second() - i64::from(ts.subsec_nanosecond() < 0);
        if !(FROM..TO).contains(&second) || self.starts.is_empty() {
            return None;
        }
        let mut period = *self.index.get(((second - FROM) >> BUCKET) as usize)? as usize;
        while self
            .starts
            .get(period + 1)
            .is_some_and(|&next| next <= second)
        {
            period += 1;
        }
        let local = second + i64::from(*self.offsets.get(period)?);
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        jiff::civil::Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()
    }
}
