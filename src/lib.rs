//! crisisdb: a provenance-checked SQLite dataset of the 2025-26 US-Colombia crisis.
//!
//! The command line (`cli`) turns flags into plain settings for the commands (`cmd`), which
//! call the library: seeds (`seeds`) -> parse and validate (`load`) -> the database file
//! (`db`) -> queries (`query`, `export`) -> writers (`output`). Nothing below `cmd` sees clap.

pub mod cli;
pub mod cmd;
pub mod dates;
pub mod db;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod hashwrite;
pub mod load;
pub mod output;
pub mod progress;
pub mod query;
pub mod report;
pub mod seeds;
pub mod show;

pub use error::UsageError;
