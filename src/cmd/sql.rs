//! `crisisdb sql`: ad-hoc SQL, read-only unless --write.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use rusqlite::Batch;
use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::types::Value;

use super::{Context, QueryFlags};
use crate::{UsageError, fsutil, output, query};

/// Run SQL of your own: from the argument, a file (-f), or standard input.
///
/// The database is opened read-only and every statement is checked before it runs; ATTACH,
/// PRAGMAs that set a value and extension loading are refused. --write lifts that.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb sql \"select type, count(*) from events group by type\"\n  \
    $ crisisdb sql \"select * from quotes where speaker_id = :who\" -p who=gustavo-petro --format json\n  \
    $ crisisdb sql -f my-query.sql --format csv --output out.csv")]
pub struct Args {
    /// The SQL to run (one or more statements).
    pub sql: Option<String>,
    /// Read the SQL from this file ("-" for standard input).
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        conflicts_with = "sql"
    )]
    pub file: Option<PathBuf>,
    /// Bind :NAME to VALUE (repeatable). VALUE is an integer or real if it reads as one, else
    /// text; NAME:text=VALUE (or :integer, :real, :date) says the type.
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Allow statements that change the database.
    #[arg(long)]
    pub write: bool,
    #[command(flatten)]
    pub query: QueryFlags,
}

/// The most SQL read from a file or standard input: far more than any script of queries, and
/// a bound on what `-f /dev/zero`-like inputs cost.
pub const MAX_SQL_BYTES: u64 = 64 * 1024 * 1024;

fn read_sql(args: &Args) -> Result<String> {
    match (&args.sql, &args.file) {
        (Some(s), _) => Ok(s.clone()),
        (None, Some(p)) if p.as_os_str() == "-" => read_stdin(),
        (None, Some(p)) => read_file(p),
        (None, None) => read_stdin(),
    }
}

/// The SQL in file `path`: a plain file, or a named pipe (`-f <(...)`) read up to the cap; a
/// folder or a device is refused before it is opened.
fn read_file(path: &Path) -> Result<String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).with_context(|| format!("reading {shown}"))?;
    #[cfg(unix)]
    let fifo = std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type());
    #[cfg(not(unix))]
    let fifo = false;
    if let Some(kind) = fsutil::not_plain(&meta).filter(|_| !fifo) {
        bail!(
            "{shown} is {kind}, not a file of SQL; name a file, or give the SQL on standard input"
        );
    }
    if meta.len() > MAX_SQL_BYTES {
        bail!(
            "{shown} is {} bytes: crisisdb reads at most {MAX_SQL_BYTES} bytes of SQL",
            meta.len()
        );
    }
    let file = std::fs::File::open(path).with_context(|| format!("reading {shown}"))?;
    read_capped(file, &shown.to_string())
}

fn read_stdin() -> Result<String> {
    read_capped(std::io::stdin().lock(), "standard input")
}

/// All of `from` as text, refused once it passes `MAX_SQL_BYTES`.
fn read_capped(from: impl Read, name: &str) -> Result<String> {
    let mut bytes = Vec::new();
    from.take(MAX_SQL_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading SQL from {name}"))?;
    if bytes.len() as u64 > MAX_SQL_BYTES {
        bail!("{name} holds more than {MAX_SQL_BYTES} bytes of SQL: crisisdb reads at most that");
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "reading SQL from {name}: not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

pub fn run(args: Args, ctx: &Context) -> Result<()> {
    let sql = read_sql(&args)?;
    if sql.trim().is_empty() {
        bail!("no SQL given: pass it as an argument, with -f FILE, or on standard input");
    }
    let mut params: Vec<(String, Value)> = Vec::new();
    for raw in &args.params {
        let (name, ty, value) = query::split_param(raw)?;
        let value = match ty {
            Some(t) => t
                .value(&value)
                .map_err(|m| UsageError(format!("-p {raw}: {m}")))?,
            None => query::infer(&value),
        };
        params.push((name, value));
    }
    let opts = args.query.out.into_options(ctx);
    let conn = super::open_for_query(ctx, args.write, args.query.timeout)?;
    let explain = |e| query::explain_error(e, &sql);
    // every statement is checked before any runs
    if !args.write {
        let mut used = Vec::new();
        let mut results = Results::new(opts.format);
        let mut batch = Batch::new(&conn, &sql);
        let mut n = 0;
        while let Some(stmt) = batch.next().map_err(explain)? {
            n += 1;
            if !stmt.readonly() {
                bail!(
                    "statement {n} would change the database; crisisdb sql is read-only unless you pass --write"
                );
            }
            if stmt.column_count() > 0 {
                results.next(n, query::exec::columns(&stmt))?;
            }
            used.extend(query::parameter_names(&stmt));
        }
        for (name, _) in &params {
            if !used.contains(name) {
                return Err(
                    UsageError(format!("-p {name}: the SQL has no parameter :{name}")).into(),
                );
            }
        }
    }
    let (dest, mut sink) = output::open(&opts)?;
    let mut results = Results::new(opts.format);
    let mut batch = Batch::new(&conn, &sql);
    let mut n = 0;
    while let Some(mut stmt) = batch.next().map_err(explain)? {
        n += 1;
        if stmt.column_count() == 0 {
            query::execute(&mut stmt, &params, &sql)?;
            continue;
        }
        match results.next(n, query::exec::columns(&stmt))? {
            Next::First(cols) => sink.header(&cols)?,
            Next::Another(cols) => {
                sink.finish()?;
                sink.header(&cols)?;
            }
            Next::Same => {}
        }
        query::exec::stream_rows(&mut stmt, &params, sink.as_mut()).map_err(|e| {
            match e.downcast::<rusqlite::Error>() {
                Ok(e) => explain(e),
                Err(e) => e,
            }
        })?;
    }
    if results.first.is_some() {
        sink.finish()?;
    }
    dest.commit()
}

/// How the results of several statements go into one output. Statements that return the
/// same columns as the first continue its result (one CSV, one JSON array); a statement
/// with other columns starts a new table in the formats for people, and is an error in the
/// others, which hold one table (CSV after CSV with another header, or `[...][...]`, is
/// not valid output).
struct Results {
    format: output::Format,
    first: Option<(usize, Vec<String>)>,
    current: Vec<String>,
}

enum Next {
    First(Vec<String>),
    Same,
    Another(Vec<String>),
}

impl Results {
    fn new(format: output::Format) -> Results {
        Results {
            format,
            first: None,
            current: Vec::new(),
        }
    }

    /// Statement `n` returns `columns`.
    fn next(&mut self, n: usize, columns: Vec<String>) -> Result<Next> {
        let Some((first_n, first)) = &self.first else {
            self.first = Some((n, columns.clone()));
            self.current = columns.clone();
            return Ok(Next::First(columns));
        };
        if columns == self.current {
            return Ok(Next::Same);
        }
        if !self.format.shows_many_results() {
            bail!(
                "statement {n} returns other columns ({}) than statement {first_n} ({}); --format {} holds one result: run the statements one at a time, or use --format table",
                columns.join(", "),
                first.join(", "),
                self.format.name()
            );
        }
        self.current = columns.clone();
        Ok(Next::Another(columns))
    }
}
