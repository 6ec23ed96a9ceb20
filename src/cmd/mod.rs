//! One module per subcommand, each with its clap `Args` and a `run`.

pub mod build;
pub mod check;
pub mod export;
pub mod migrate;
pub mod queries;
pub mod report;
pub mod run;
pub mod schema;
pub mod search;
pub mod sql;

use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;
use rusqlite::Connection;

use crate::cli::Global;
use crate::{db, query};

/// Set when Ctrl-C interrupted a query; the process then exits 130.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Opens the database for a query command: builds or refreshes it from the embedded seeds if
/// needed, opens it read-only unless `write`, and arms `--timeout` and Ctrl-C.
pub fn open_for_query(global: &Global, write: bool, timeout: Option<f64>) -> Result<Connection> {
    db::ensure_current(&global.db)?;
    let conn = db::open_existing(&global.db, write)?;
    if !write {
        query::guard_read_only(&conn)?;
    }
    query::set_timeout(&conn, timeout)?;
    let handle = conn.get_interrupt_handle();
    // a second command in one process (tests) keeps the first handler; that is fine
    let _ = ctrlc::set_handler(move || {
        INTERRUPTED.store(true, Ordering::SeqCst);
        handle.interrupt();
    });
    Ok(conn)
}
