//! Running queries: open the database for them, keep a read-only connection read-only, stop a
//! runaway query at its time limit or on Ctrl-C, point at the spot of a syntax error, and
//! stream rows into an output sink as SQLite produces them.

use std::path::Path;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::types::Value;
use rusqlite::{Connection, Statement};

use super::canned::Canned;
use super::interrupt;
use crate::output::{self, RowCells, RowSink};
use crate::{UsageError, db};

/// The longest string or blob a query may make or read: SQLite's own default is 1 GB, and a
/// `zeroblob(9e8)` then took 28 s and 2.6 GB before any row came out. The largest value of the
/// dataset is an article of a few KB; 100 MB leaves room for a user's own data.
pub const MAX_VALUE_BYTES: i32 = 100_000_000;

/// Opens the database at `path` for queries: builds or refreshes it from the embedded seeds if
/// needed, opens it read-only (and guarded) unless `write`, caps the size of a value
/// (`MAX_VALUE_BYTES`), and arms `timeout` (seconds) and Ctrl-C.
pub fn open(path: &Path, write: bool, timeout: Option<f64>) -> Result<Connection> {
    let limit = timeout.map(timeout_duration).transpose()?;
    db::ensure_current(path)?;
    let conn = db::open_existing(path, write)?;
    if !write {
        guard_read_only(&conn)?;
    }
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)?;
    if let Some(limit) = limit {
        interrupt::arm_timeout(&conn, limit)?;
    }
    interrupt::arm(&conn);
    Ok(conn)
}

/// The longest `--timeout` taken: a year (a larger number is a typo, and `1e20` seconds does
/// not fit a `Duration`).
const MAX_TIMEOUT_SECS: f64 = 365.0 * 24.0 * 3600.0;

/// `secs` as a time limit, or the reason it is none.
pub fn timeout_duration(secs: f64) -> Result<Duration> {
    if !(secs.is_finite() && secs > 0.0 && secs <= MAX_TIMEOUT_SECS) {
        bail!(
            "--timeout {secs}: give a number of seconds above 0 and at most {MAX_TIMEOUT_SECS} (a year)"
        );
    }
    Ok(Duration::from_secs_f64(secs))
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

/// Turns SQLite's error for `sql` into a message that points at the spot, like the sqlite3
/// shell's `^--- error here`. `sql` is the whole text; the error may be about a later
/// statement of it, whose offset SQLite counts from that statement's start.
pub fn explain_error(e: rusqlite::Error, sql: &str) -> anyhow::Error {
    match e {
        rusqlite::Error::SqlInputError {
            msg,
            offset,
            sql: tail,
            ..
        } => {
            // the statement SQLite saw is a suffix of `sql`
            let start = if sql.ends_with(tail.as_str()) {
                sql.len() - tail.len()
            } else {
                0
            };
            let offset = start + usize::try_from(offset).unwrap_or(0);
            anyhow!("{}{}", escape_controls(&msg), caret(sql, offset))
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
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::TooBig => {
            anyhow!("a value is too big: crisisdb caps a string or blob at {MAX_VALUE_BYTES} bytes")
        }
        // kept whole: the command line adds the database's name to a damaged-file error
        other => anyhow::Error::new(other),
    }
}

/// Where byte `offset` of `sql` is, as ` (line L, column C)` and the line with a caret under
/// the spot. Lines end at LF, CRLF or a lone CR; columns count characters; an offset past the
/// end or inside a character moves back to a character's start. Control characters of the
/// line are shown escaped, so the caret stays under the spot and the terminal is left alone.
pub fn caret(sql: &str, offset: usize) -> String {
    let mut offset = offset.min(sql.len());
    while !sql.is_char_boundary(offset) {
        offset -= 1;
    }
    let is_end = |c: char| c == '\n' || c == '\r';
    let line_start = sql[..offset].rfind(is_end).map_or(0, |i| i + 1);
    let line_end = sql[offset..].find(is_end).map_or(sql.len(), |i| offset + i);
    let before = &sql[..line_start];
    // a CRLF is one line end; a lone CR or LF is one too
    let lineno = before.matches('\n').count() + before.matches('\r').count()
        - before.matches("\r\n").count()
        + 1;
    let shown_before = escape_controls(&sql[line_start..offset]);
    let col = shown_before.chars().count();
    format!(
        " (line {lineno}, column {})\n  {}\n  {}^--- error here",
        col + 1,
        escape_controls(&sql[line_start..line_end]),
        " ".repeat(col)
    )
}

/// `text` with its control characters (terminal escapes, tabs, NUL ...) written as `\u{1b}`,
/// so a message that quotes data cannot drive the terminal it is printed on.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Binds the named values a statement uses (`:x`, `@x` and `$x` all take `-p x=...`); it
/// ignores the others. A parameter of the statement that no value names is an error, never a
/// silent NULL.
fn bind(stmt: &mut Statement<'_>, params: &[(String, Value)]) -> Result<()> {
    for i in 1..=stmt.parameter_count() {
        let Some(written) = stmt.parameter_name(i).map(str::to_string) else {
            return Err(UsageError(format!(
                "parameter {i} of the SQL is written `?`: name it (`:name`) and give -p name=VALUE"
            ))
            .into());
        };
        let name = written.trim_start_matches([':', '@', '$']);
        let Some((_, value)) = params.iter().find(|(n, _)| n == name) else {
            return Err(UsageError(format!(
                "the SQL uses {written}, and no -p {name}=VALUE gives it"
            ))
            .into());
        };
        stmt.raw_bind_parameter(i, value)?;
    }
    Ok(())
}

/// Runs one prepared statement and streams its rows into `sink`. Returns the row count.
pub fn stream(
    stmt: &mut Statement<'_>,
    params: &[(String, Value)],
    sink: &mut dyn RowSink,
) -> Result<u64> {
    sink.header(&columns(stmt))?;
    let count = stream_rows(stmt, params, sink)?;
    sink.finish()?;
    Ok(count)
}

/// A statement's column names.
pub fn columns(stmt: &Statement<'_>) -> Vec<String> {
    stmt.column_names().iter().map(|c| c.to_string()).collect()
}

/// Runs one prepared statement and writes its rows into `sink`, with neither a header nor
/// the end of the result (several statements may feed one result). Returns the row count.
pub fn stream_rows(
    stmt: &mut Statement<'_>,
    params: &[(String, Value)],
    sink: &mut dyn RowSink,
) -> Result<u64> {
    bind(stmt, params)?;
    let n = stmt.column_count();
    let mut rows = stmt.raw_query();
    let mut count = 0;
    while let Some(row) = rows.next().map_err(|e| interrupt::mark(e.into()))? {
        sink.row(&RowCells(row, n))?;
        count += 1;
    }
    Ok(count)
}

/// Runs one prepared statement that returns no columns (an INSERT, a CREATE ...).
pub fn execute(stmt: &mut Statement<'_>, params: &[(String, Value)], sql: &str) -> Result<()> {
    bind(stmt, params)?;
    stmt.raw_execute().map_err(|e| {
        match interrupt::mark(e.into()).downcast::<rusqlite::Error>() {
            Ok(e) => explain_error(e, sql),
            Err(e) => e,
        }
    })?;
    Ok(())
}

/// The `:name` parameters a statement uses, in order.
pub fn parameter_names(stmt: &Statement<'_>) -> Vec<String> {
    (1..=stmt.parameter_count())
        .filter_map(|i| stmt.parameter_name(i))
        .map(|n| n.trim_start_matches([':', '@', '$']).to_string())
        .collect()
}
