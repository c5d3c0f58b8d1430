//! Response logs, CSV or JSON Lines (SPEC §3.3): one action per row,
//! `platform, review_id, at, action, channel, responder, text`.
//!
//! An unknown action is an error (`unknown-action`) naming the accepted
//! ones; an unknown channel is a warning (`unknown-channel`) and the row is
//! kept. `channel`, `responder` and `text` may be empty.

use super::record::{
    Field, Fields, Flat, PLATFORM_FIELD, Row, RowError, required_moment, required_platform,
    required_text,
};
use super::{FileCtx, Parsed};
use crate::diagnostic::did_you_mean;
use crate::model::{Action, ActionKind, KNOWN_CHANNELS, Sym};
use crate::problems::Severity;

pub const PLATFORM: usize = 0;
pub const REVIEW_ID: usize = 1;
pub const AT: usize = 2;
pub const ACTION: usize = 3;
pub const CHANNEL: usize = 4;
pub const RESPONDER: usize = 5;
pub const TEXT: usize = 6;

pub const FIELDS: Fields = &[
    PLATFORM_FIELD,
    Field {
        name: "review_id",
        aliases: &["reviewid", "review", "id"],
    },
    Field {
        name: "at",
        aliases: &[
            "at",
            "date",
            "time",
            "timestamp",
            "datetime",
            "when",
            "actedat",
            "respondedat",
            "repliedat",
            "createdat",
        ],
    },
    Field {
        name: "action",
        aliases: &["action", "actiontype"],
    },
    Field {
        name: "channel",
        aliases: &["channel", "via", "medium"],
    },
    Field {
        name: "responder",
        aliases: &["responder", "by", "staff", "respondedby", "author", "user"],
    },
    Field {
        name: "text",
        aliases: &[
            "text",
            "reply",
            "replytext",
            "comment",
            "body",
            "message",
            "note",
            "notes",
        ],
    },
];

const ACTIONS: &[&str] = &["reply", "contact", "flag", "remove", "ignore"];

#[derive(Clone)]
pub struct Responses;

/// `ActionKind::parse` without its allocation, for the common spellings.
fn action_kind(raw: &str) -> Option<ActionKind> {
    const KINDS: [ActionKind; 5] = [
        ActionKind::Reply,
        ActionKind::Contact,
        ActionKind::Flag,
        ActionKind::Remove,
        ActionKind::Ignore,
    ];
    KINDS
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(raw))
        .or_else(|| ActionKind::parse(raw))
}

impl Flat for Responses {
    fn fields(&self) -> Fields {
        FIELDS
    }

    fn reserve(&self, out: &mut Parsed, rows: usize) {
        // Room is a wish: when it cannot be had, the vector grows as it goes.
        let _ = out.actions.try_reserve(rows);
    }

    fn row(&mut self, row: &mut Row<'_>, ctx: &FileCtx, out: &mut Parsed) -> Result<(), RowError> {
        let platform = required_platform(row, PLATFORM)?;
        let review_id = required_text(row, REVIEW_ID, "the platform's id of the review")?;
        let at = required_moment(row, AT)?;
        let raw = row.text(ACTION).unwrap_or_default();
        let kind = action_kind(&raw).ok_or_else(|| {
            let hint = did_you_mean(&raw.to_ascii_lowercase(), ACTIONS)
                .map(|a| format!(" (did you mean `{a}`?)"))
                .unwrap_or_default();
            RowError {
                field: Some(ACTION),
                code: "unknown-action",
                message: format!(
                    "`{}` is `{raw}`; write one of reply, contact, flag, remove or ignore{hint}",
                    row.name(ACTION)
                ),
            }
        })?;
        let channel = row.sym(CHANNEL);
        if let Some(c) = &channel
            && !KNOWN_CHANNELS.iter().any(|k| k.eq_ignore_ascii_case(c))
        {
            let lower = c.to_ascii_lowercase();
            let hint = did_you_mean(&lower, KNOWN_CHANNELS)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            out.problems.push(row.problem(
                ctx,
                Severity::Warning,
                "unknown-channel",
                Some(CHANNEL),
                format!(
                    "`{}` is `{c}`, which reputable does not know; the row is kept. {hint}Known channels: {}",
                    row.name(CHANNEL),
                    KNOWN_CHANNELS.join(", ")
                ),
            ));
        }
        out.actions.push(Action {
            platform,
            review_id,
            at,
            kind,
            channel,
            responder: row
                .text(RESPONDER)
                .map(|t| Sym::new(&super::limits::capped_name(&t))),
            text: row.prose(TEXT),
            embedded: false,
            origin: ctx.origin(row.line),
        });
        Ok(())
    }
}
