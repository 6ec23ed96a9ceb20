//! crisisdb: a provenance-checked SQLite dataset of the 2025-26 US-Colombia crisis.
//!
//! seeds (`seeds`) -> parse and validate (`load`) -> the database file (`db`) -> commands
//! (`cmd`), each of which prints through `output`.

pub mod cli;
pub mod cmd;
pub mod dates;
pub mod db;
pub mod export;
pub mod load;
pub mod output;
pub mod query;
pub mod report;
pub mod seeds;
