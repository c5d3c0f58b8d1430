//! Page contexts: what each template receives, built from the `Project`.
//!
//! Numbers arrive formatted for reading (`84%`, `6.2 h`) next to the raw
//! values, so templates stay simple and a theme author never rounds. Review
//! and reply text arrives as plain strings; Tera's autoescape writes it as
//! text. Only `Document::html` (staff-written Markdown) and chart SVG are
//! marked safe in templates.
//!
//! Architecture invariant: no I/O; everything is a function of the project.
//!
//! One file per page family: `overview` (index, locations), `report` and
//! `report_charts`, `training` (policy, training), `data_quality`; below
//! them `shared` (`Lookup`, names, table rows, `site_context`),
//! `key_figures` and `trends`.

mod data_quality;
mod key_figures;
mod overview;
mod report;
mod report_charts;
mod shared;
mod training;
mod trends;

pub use data_quality::*;
pub use key_figures::*;
pub use overview::*;
pub use report::*;
pub use shared::*;
pub use training::*;
pub use trends::*;
