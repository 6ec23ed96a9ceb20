//! Running queries: open the database for them, keep a read-only connection read-only, stop a
//! runaway query at its time limit or on Ctrl-C, point at the spot of a syntax error, and
//! stream rows into an output sink as SQLite produces them.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow, bail};
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::Value;
use rusqlite::{Connection, Statement};

use super::canned::Canned;
use super::interrupt;
use crate::db;
use crate::output::{self, RowCells, RowSink};

/// Opens the database at `path` for queries: builds or refreshes it from the embedded seeds if
/// needed, opens it read-only (and guarded) unless `write`, and arms `timeout` (seconds) and
/// Ctrl-C.
pub fn open(path: &Path, write: bool, timeout: Option<f64>) -> Result<Connection> {
    let conn = db::open_current(path, write)?;
    if !write {
        guard_read_only(&conn)?;
    }
    set_timeout(&conn, timeout)?;
    interrupt::arm(&conn);
    Ok(conn)
}

/// Runs canned query `q` with the `-p` values `raw` and writes its rows as `out` says. The
/// output file is created only once the query has bound and prepared.
pub fn run_canned(
    conn: &Connection,
    q: &Canned,
    raw: &[String],
    out: &output::Options,
) -> Result<()> {
    let params = q.bind(conn, raw)?;
    let mut stmt = prepare_canned(conn, q)?;
    let (dest, mut sink) = output::open(out)?;
    stream(&mut stmt, &params, sink.as_mut())?;
    dest.commit()
}

/// Prepares a canned query's one statement; one that would change the database is refused,
/// whichever folder it came from.
fn prepare_canned<'c>(conn: &'c Connection, q: &Canned) -> Result<Statement<'c>> {
    let stmt = conn
        .prepare(&q.sql)
        .map_err(|e| match e {
            rusqlite::Error::MultipleStatement => {
                anyhow!("a canned query is one statement, and this file has more after the first")
            }
            e => explain_error(e, &q.sql),
        })
        .map_err(|e| e.context(format!("preparing {}", q.origin)))?;
    if !stmt.readonly() {
        bail!(
            "{} would change the database; canned queries are read-only",
            q.origin
        );
    }
    Ok(stmt)
}

/// Refuses, on a read-only connection, what `sqlite3_stmt_readonly` lets through but changes
/// the connection or reaches outside the database: ATTACH, DETACH, PRAGMAs that set a value,
/// and extension loading.
pub fn guard_read_only(conn: &Connection) -> Result<()> {
    const READ_PRAGMAS: &[&str] = &[
        "table_info",
        "table_xinfo",
        "table_list",
        "index_list",
        "index_info",
        "index_xinfo",
        "foreign_key_list",
        "foreign_key_check",
        "integrity_check",
        "quick_check",
        "database_list",
        "collation_list",
        "function_list",
        "module_list",
        "pragma_list",
        "compile_options",
    ];
    conn.authorizer(Some(|ctx: AuthContext<'_>| match ctx.action {
        AuthAction::Attach { .. } | AuthAction::Detach { .. } => Authorization::Deny,
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            if pragma_value.is_none() || READ_PRAGMAS.contains(&name.as_str()) {
                Authorization::Allow
            } else {
                Authorization::Deny
            }
        }
        AuthAction::Function { function_name }
            if function_name.eq_ignore_ascii_case("load_extension") =>
        {
            Authorization::Deny
        }
        _ => Authorization::Allow,
    }))?;
    Ok(())
}

/// Interrupts a query that runs past `timeout`.
pub fn set_timeout(conn: &Connection, timeout: Option<f64>) -> Result<()> {
    if let Some(secs) = timeout {
        if !(secs.is_finite() && secs > 0.0) {
            bail!("--timeout {secs}: give a number of seconds above 0");
        }
        let deadline = Instant::now() + Duration::from_secs_f64(secs);
        conn.progress_handler(10_000, Some(move || Instant::now() >= deadline))?;
    }
    Ok(())
}

/// Turns SQLite's error for `sql` into a message that points at the spot, like the sqlite3
/// shell's `^--- error here`.
pub fn explain_error(e: rusqlite::Error, sql: &str) -> anyhow::Error {
    match e {
        rusqlite::Error::SqlInputError { msg, offset, .. } => {
            let offset = usize::try_from(offset).unwrap_or(0).min(sql.len());
            let line_start = sql[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line_end = sql[offset..].find('\n').map_or(sql.len(), |i| offset + i);
            let lineno = sql[..offset].matches('\n').count() + 1;
            let col = sql[line_start..offset].chars().count();
            anyhow!(
                "{msg} (line {lineno}, column {})\n  {}\n  {}^--- error here",
                col + 1,
                &sql[line_start..line_end],
                " ".repeat(col)
            )
        }
        rusqlite::Error::SqliteFailure(f, Some(m))
            if f.code == rusqlite::ErrorCode::AuthorizationForStatementDenied =>
        {
            anyhow!(
                "{m}: crisisdb opens the database read-only; ATTACH, DETACH, PRAGMAs that set a value and load_extension need --write"
            )
        }
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            anyhow!("the query was interrupted (--timeout or Ctrl-C)")
        }
        other => anyhow!(other),
    }
}

/// Binds the `:name` values a statement uses; it ignores the others.
fn bind(stmt: &mut Statement<'_>, params: &[(String, Value)]) -> Result<()> {
    for (name, value) in params {
        if let Some(i) = stmt.parameter_index(&format!(":{name}"))? {
            stmt.raw_bind_parameter(i, value)?;
        }
    }
    Ok(())
}

/// Runs one prepared statement and streams its rows into `sink`. Returns the row count.
pub fn stream(
    stmt: &mut Statement<'_>,
    params: &[(String, Value)],
    sink: &mut dyn RowSink,
) -> Result<u64> {
    bind(stmt, params)?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    sink.header(&columns)?;
    let n = columns.len();
    let mut rows = stmt.raw_query();
    let mut count = 0;
    while let Some(row) = rows.next().map_err(|e| interrupt::mark(e.into()))? {
        sink.row(&RowCells(row, n))?;
        count += 1;
    }
    sink.finish()?;
    Ok(count)
}

/// Runs one prepared statement that returns no columns (an INSERT, a CREATE ...).
pub fn execute(stmt: &mut Statement<'_>, params: &[(String, Value)], sql: &str) -> Result<()> {
    bind(stmt, params)?;
    stmt.raw_execute()
        .map_err(|e| interrupt::mark(explain_error(e, sql)))?;
    Ok(())
}

/// The `:name` parameters a statement uses, in order.
pub fn parameter_names(stmt: &Statement<'_>) -> Vec<String> {
    (1..=stmt.parameter_count())
        .filter_map(|i| stmt.parameter_name(i))
        .map(|n| n.trim_start_matches([':', '@', '$']).to_string())
        .collect()
}
