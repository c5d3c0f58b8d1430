//! `reputable`: review archives and response logs in, a static site for
//! leadership and staff out. The pipeline is
//! `config` → `ingest` → `figures` → (`lint`, `content`, `charts`) → `site`,
//! and `cmd` holds one file per command. See ARCHITECTURE.md.

#![forbid(unsafe_code)]

pub mod alerts;
pub mod charts;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod figures;
pub mod ingest;
pub mod lint;
pub mod locations;
pub mod model;
pub mod problems;
pub mod project;
pub mod site;

#[cfg(test)]
mod testkit;
