//! Shared machinery for row-shaped formats (CSV, JSON Lines, arrays of flat
//! JSON objects): column names and keys are matched to a reader's fields
//! through aliases once per file, values are borrowed from the input, and a
//! bad value becomes a `Problem` at its file, line and column.
//!
//! Readers implement `Flat` (one row in, reviews or actions out); the drivers
//! here (`read_csv`, `read_jsonl`, `read_json_records`) feed them.

//!
//! `row` holds the machinery every driver shares, `csv` and `json` the
//! drivers, `chunks` the cutting of large texts for parallel reading, and
//! `values` the field parsers readers call.

mod chunks;
mod csv;
mod json;
mod row;
mod values;

pub use csv::*;
pub use json::*;
pub use row::*;
pub use values::*;

#[cfg(test)]
mod tests;
