//! Review requests, CSV (or JSON Lines) rows of `date, location, channel,
//! sent` counting invitations sent (SPEC §3.4).

use super::record::{Field, Fields, Flat, Row, RowError, required_moment, required_text};
use super::{FileCtx, Parsed};
use crate::model::RequestBatch;

pub const DATE: usize = 0;
pub const LOCATION: usize = 1;
pub const CHANNEL: usize = 2;
pub const SENT: usize = 3;

pub const FIELDS: Fields = &[
    Field {
        name: "date",
        aliases: &["date", "day", "sentat", "sentdate", "senton"],
    },
    Field {
        name: "location",
        aliases: &[
            "location",
            "locationid",
            "clinic",
            "business",
            "practice",
            "office",
            "branch",
        ],
    },
    Field {
        name: "channel",
        aliases: &["channel", "via", "medium", "method"],
    },
    Field {
        name: "sent",
        aliases: &[
            "sent",
            "requestssent",
            "invitations",
            "invitationssent",
            "requests",
        ],
    },
];

#[derive(Clone)]
pub struct Requests;

impl Flat for Requests {
    fn fields(&self) -> Fields {
        FIELDS
    }

    fn reserve(&self, out: &mut Parsed, rows: usize) {
        // Room is a wish: when it cannot be had, the vector grows as it goes.
        let _ = out.requests.try_reserve(rows);
    }

    fn row(&mut self, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) -> Result<(), RowError> {
        let date = required_moment(row, DATE)?.date;
        let location = required_text(row, LOCATION, "the location the requests were sent for")?;
        let sent = match row.text(SENT) {
            None => None,
            Some(s) => s
                .replace([',', '_', ' '], "")
                .parse::<f64>()
                .ok()
                .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n < 1e15),
        }
        .ok_or_else(|| {
            RowError::bad(
                SENT,
                format!(
                    "`{}` is `{}`; write how many requests were sent, a whole number such as 120",
                    row.name(SENT),
                    row.get(SENT).show()
                ),
            )
        })?;
        out.requests.push(RequestBatch {
            date,
            location: location.to_string(),
            // An unnamed channel still counts; it is shown as `unspecified`.
            channel: row.owned(CHANNEL).map_or_else(
                || "unspecified".to_owned(),
                |c| c.to_ascii_lowercase().to_string(),
            ),
            sent: sent as u64,
            origin: ctx.origin(row.line),
        });
        Ok(())
    }
}
