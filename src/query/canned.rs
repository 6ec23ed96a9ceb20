//! Canned queries (`sql/*.sql` with a header): the header parser, the catalog (embedded plus
//! `--sql-dir`), and binding `-p` values by declared type. `exec` runs them.
//!
//! A canned query file starts with comment lines:
//!
//! ```sql
//! -- title: Timeline
//! -- description: Events in date order, each with the excerpt that states it.
//! --   Lines that start with `--` plus two spaces continue the description.
//! -- param: from date = 1800-01-01 -- earliest start date
//! -- param: type text = -- an event type; empty for all
//! -- values: type = SELECT value FROM vocabulary WHERE domain = 'event_type'
//! SELECT ...
//! ```
//!
//! `-- param: NAME TYPE [= DEFAULT] [-- HELP]`: TYPE is text, integer, real, date or
//! date_last; without `=` the parameter is required; `=` with nothing after it makes NULL the
//! default. A date is written `2025`, `2025-09` or `2025-09-15`: `date` binds the first day of
//! that year or month (`from=2025-09` is 1 Sep), `date_last` its last day (`to=2025-09` is
//! 30 Sep). An empty value (`-p type=`) is the same as none: the default, else NULL.
//!
//! `TYPE[]` (e.g. `-- param: type text[] = -- ...`) takes several values: `-p type=a,b` or
//! `-p type=a -p type=b` means either; the query gets them as a JSON array
//! (`e.type IN (SELECT value FROM json_each(:type))`), or NULL when none is given. Giving a
//! single-valued parameter twice is an error.
//!
//! `-- values: NAME = SQL` names a query that lists the allowed values; `-- values: NAME in a,
//! b, c` lists them. `-- lookup: NAME = KIND` resolves each value to an id before the query
//! runs, forgivingly (case, accents, punctuation, a unique part of a name; see `lookup`), with
//! the candidates of `sql/internal/lookup_KIND.sql` (actor, country, place, event, dispute,
//! fact). A value no candidate matches is an error that names the closest.
//!
//! Mistakes in `-p` (an unknown or missing parameter, a value of the wrong type or not
//! allowed, a single value given twice) are [`crate::UsageError`]s: the command exits 2.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use super::lookup;
use include_dir::{Dir, include_dir};
use rusqlite::Connection;
use rusqlite::types::Value;

static EMBEDDED_SQL: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/sql");

use crate::error::usage;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    Text,
    Integer,
    Real,
    /// a day, month or year; binds its first day
    Date,
    /// a day, month or year; binds its last day
    DateLast,
}

impl ParamType {
    fn parse(s: &str) -> Option<ParamType> {
        Some(match s {
            "text" => ParamType::Text,
            "integer" => ParamType::Integer,
            "real" => ParamType::Real,
            "date" => ParamType::Date,
            "date_last" => ParamType::DateLast,
            _ => return None,
        })
    }

    /// Checks `raw` against the type and gives the value SQLite binds.
    pub fn value(self, raw: &str) -> std::result::Result<Value, String> {
        match self {
            ParamType::Text => Ok(Value::Text(raw.to_string())),
            ParamType::Integer => raw
                .trim()
                .parse::<i64>()
                .map(Value::Integer)
                .map_err(|_| "not an integer".to_string()),
            ParamType::Real => match raw.trim().parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Value::Real(f)),
                _ => Err("not a number".to_string()),
            },
            ParamType::Date | ParamType::DateLast => {
                let raw = raw.trim();
                let precision = match raw.matches('-').count() {
                    0 => "year",
                    1 => "month",
                    _ => "day",
                };
                let span = crate::dates::resolve(Some(raw), None, precision)
                    .map_err(|(_, m)| format!("not a date (YYYY, YYYY-MM or YYYY-MM-DD): {m}"))?;
                let day = if self == ParamType::Date {
                    span.start
                } else {
                    span.end
                };
                Ok(day.map_or(Value::Null, Value::Text))
            }
        }
    }
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParamType::Text => "text",
            ParamType::Integer => "integer",
            ParamType::Real => "real",
            ParamType::Date => "date",
            ParamType::DateLast => "date_last",
        })
    }
}

/// Where a parameter's allowed values come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Allowed {
    List(Vec<String>),
    Query(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub ty: ParamType,
    /// takes several values (`TYPE[]`)
    pub multi: bool,
    /// `None`: required. `Some(None)`: optional, NULL by default.
    pub default: Option<Option<String>>,
    pub help: String,
    pub allowed: Option<Allowed>,
    /// the lookup kind that resolves a value to an id (`-- lookup: NAME = KIND`)
    pub lookup: Option<String>,
}

impl Param {
    pub fn signature(&self) -> String {
        let ty = if self.multi {
            format!("{}[]", self.ty)
        } else {
            self.ty.to_string()
        };
        match &self.default {
            None => format!("{} {ty}", self.name),
            Some(None) => format!("[{} {ty}]", self.name),
            Some(Some(d)) => format!("[{} {ty} = {}]", self.name, d),
        }
    }
}

/// A canned query: its header and its SQL.
#[derive(Debug, Clone, PartialEq)]
pub struct Canned {
    pub name: String,
    pub title: String,
    pub description: String,
    pub params: Vec<Param>,
    pub sql: String,
    /// where it was read from, for messages
    pub origin: String,
}

/// Parses a canned query file. Errors name the line.
pub fn parse_canned(name: &str, origin: &str, text: &str) -> Result<Canned> {
    let mut title = None;
    let mut description = String::new();
    let mut params: Vec<Param> = Vec::new();
    let mut values: Vec<(usize, String, Allowed)> = Vec::new();
    let mut lookups: Vec<(usize, String, String)> = Vec::new();
    let mut in_description = false;
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        let at = || format!("{origin}:{lineno}");
        let Some(comment) = line.trim_start().strip_prefix("--") else {
            if line.trim().is_empty() {
                continue;
            }
            break;
        };
        if in_description && let Some(more) = comment.strip_prefix("   ") {
            description.push(' ');
            description.push_str(more.trim());
            continue;
        }
        in_description = false;
        let comment = comment.trim();
        let Some((key, rest)) = comment.split_once(':') else {
            continue; // an ordinary comment
        };
        let rest = rest.trim();
        match key.trim() {
            "title" => title = Some(rest.to_string()),
            "description" => {
                description = rest.to_string();
                in_description = true;
            }
            "param" => {
                let (decl, help) = match rest.split_once("--") {
                    Some((d, h)) => (d.trim(), h.trim().to_string()),
                    None => (rest, String::new()),
                };
                let (head, default) = match decl.split_once('=') {
                    Some((h, d)) => {
                        let d = d.trim();
                        (h.trim(), Some((!d.is_empty()).then(|| d.to_string())))
                    }
                    None => (decl, None),
                };
                let mut words = head.split_whitespace();
                let (Some(pname), Some(ty), None) = (words.next(), words.next(), words.next())
                else {
                    bail!(
                        "{}: write `-- param: NAME TYPE [= DEFAULT] [-- HELP]`, not `{rest}`",
                        at()
                    );
                };
                let (ty, multi) = match ty.strip_suffix("[]") {
                    Some(t) => (t, true),
                    None => (ty, false),
                };
                let ty = ParamType::parse(ty).ok_or_else(|| {
                    anyhow!("{}: parameter {pname}: unknown type `{ty}`; use text, integer, real, date or date_last (with [] for several values)", at())
                })?;
                if !pname.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    bail!(
                        "{}: parameter name `{pname}` may use letters, digits and _ only",
                        at()
                    );
                }
                if params.iter().any(|p| p.name == pname) {
                    bail!("{}: parameter {pname} is declared twice", at());
                }
                if let Some(Some(d)) = &default {
                    for d in split_values(multi, d) {
                        ty.value(d)
                            .map_err(|m| anyhow!("{}: default of {pname} `{d}`: {m}", at()))?;
                    }
                }
                params.push(Param {
                    name: pname.to_string(),
                    ty,
                    multi,
                    default,
                    help,
                    allowed: None,
                    lookup: None,
                });
            }
            "values" => {
                let parsed = if let Some((n, q)) = rest.split_once('=') {
                    Some((n.trim().to_string(), Allowed::Query(q.trim().to_string())))
                } else {
                    rest.split_once(" in ").map(|(n, list)| {
                        (
                            n.trim().to_string(),
                            Allowed::List(list.split(',').map(|v| v.trim().to_string()).collect()),
                        )
                    })
                };
                let Some((pname, allowed)) = parsed else {
                    bail!(
                        "{}: write `-- values: NAME = SELECT ...` or `-- values: NAME in a, b`",
                        at()
                    );
                };
                values.push((lineno, pname, allowed));
            }
            "lookup" => {
                let Some((pname, kind)) = rest.split_once('=') else {
                    bail!("{}: write `-- lookup: NAME = KIND`", at());
                };
                let kind = kind.trim();
                if lookup::candidates_sql(kind).is_none() {
                    bail!(
                        "{}: no lookup `{kind}`; there are: {}",
                        at(),
                        lookup::kinds().join(", ")
                    );
                }
                lookups.push((lineno, pname.trim().to_string(), kind.to_string()));
            }
            _ => {} // another comment with a colon
        }
    }
    for (lineno, pname, allowed) in values {
        let p = params.iter_mut().find(|p| p.name == pname).ok_or_else(|| {
            anyhow!("{origin}:{lineno}: `values` names {pname}, which no `-- param:` line declares")
        })?;
        p.allowed = Some(allowed);
    }
    for (lineno, pname, kind) in lookups {
        let p = params.iter_mut().find(|p| p.name == pname).ok_or_else(|| {
            anyhow!("{origin}:{lineno}: `lookup` names {pname}, which no `-- param:` line declares")
        })?;
        p.lookup = Some(kind);
    }
    let title = title.ok_or_else(|| anyhow!("{origin}: the header has no `-- title:` line"))?;
    Ok(Canned {
        name: name.to_string(),
        title,
        description,
        params,
        sql: text.to_string(),
        origin: origin.to_string(),
    })
}

/// All canned queries: the embedded ones, then those of `extra` (which may replace them).
pub fn catalog(extra: Option<&Path>) -> Result<BTreeMap<String, Canned>> {
    let mut all = BTreeMap::new();
    for f in EMBEDDED_SQL.files() {
        let path = f.path();
        if path.extension().is_some_and(|e| e == "sql") {
            let name = path
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let text = f
                .contents_utf8()
                .ok_or_else(|| anyhow!("sql/{} is not UTF-8", path.display()))?;
            let q = parse_canned(&name, &format!("sql/{}", path.display()), text)?;
            all.insert(name, q);
        }
    }
    if let Some(dir) = extra {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("reading the query folder {}", dir.display()))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            // one bad file is the user's to mend; it does not take the other queries with it
            match read_user_query(&p)
                .and_then(|text| parse_canned(&name, &p.display().to_string(), &text))
            {
                Ok(q) => {
                    all.insert(name, q);
                }
                Err(e) => crate::note!("warning: {e:#}; the query {name} is skipped"),
            }
        }
    }
    Ok(all)
}

/// The largest query file read from a `--sql-dir`: a canned query is a page of SQL.
const MAX_QUERY_FILE_BYTES: u64 = 1024 * 1024;

/// The text of a user's query file, checked to be a plain file of a sensible size before it
/// is opened: a named pipe would wait for a writer, a device might never end.
fn read_user_query(path: &Path) -> Result<String> {
    let meta = std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
    if let Some(kind) = crate::fsutil::not_plain(&meta) {
        bail!("{} is {kind}, not a file", path.display());
    }
    if meta.len() > MAX_QUERY_FILE_BYTES {
        bail!(
            "{} is {} bytes; a canned query file holds at most {MAX_QUERY_FILE_BYTES}",
            path.display(),
            meta.len()
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{} is not UTF-8 (byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// The canned query `name`, or an error that lists the queries there are.
pub fn find<'a>(catalog: &'a BTreeMap<String, Canned>, name: &str) -> Result<&'a Canned> {
    catalog.get(name).ok_or_else(|| {
        anyhow!(
            "no canned query `{name}`; the queries are: {}",
            catalog.keys().cloned().collect::<Vec<_>>().join(", ")
        )
    })
}

/// Splits `-p key=value` (also `key:type=value` for ad-hoc SQL).
pub fn split_param(raw: &str) -> Result<(String, Option<ParamType>, String)> {
    let (key, value) = raw
        .split_once('=')
        .ok_or_else(|| usage(format!("-p {raw}: write -p NAME=VALUE")))?;
    let key = key.trim().trim_start_matches([':', '@', '$']);
    let (key, ty) = match key.split_once(':') {
        Some((k, t)) => (
            k,
            Some(ParamType::parse(t).ok_or_else(|| {
                usage(format!(
                    "-p {raw}: unknown type `{t}`; use text, integer, real or date"
                ))
            })?),
        ),
        None => (key, None),
    };
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(usage(format!(
            "-p {raw}: a parameter name uses letters, digits and _ only"
        )));
    }
    Ok((key.to_string(), ty, value.to_string()))
}

/// An ad-hoc value without a declared type: an integer or a real if it reads as one, else text.
pub fn infer(value: &str) -> Value {
    if let Ok(i) = value.parse::<i64>() {
        return Value::Integer(i);
    }
    match value.parse::<f64>() {
        Ok(f)
            if f.is_finite()
                && value
                    .chars()
                    .all(|c| c.is_ascii_digit() || ".-+eE".contains(c)) =>
        {
            Value::Real(f)
        }
        _ => Value::Text(value.to_string()),
    }
}

/// The values one `-p` gives: split at commas for a multi-valued parameter, empty ones dropped.
fn split_values(multi: bool, raw: &str) -> Vec<&str> {
    let parts: Vec<&str> = if multi {
        raw.split(',').map(str::trim).collect()
    } else {
        vec![raw]
    };
    parts.into_iter().filter(|v| !v.trim().is_empty()).collect()
}

impl Canned {
    fn usage(&self) -> String {
        if self.params.is_empty() {
            return format!("query {} takes no parameters", self.name);
        }
        let list: Vec<String> = self
            .params
            .iter()
            .map(|p| format!("  {:<28} {}", p.signature(), p.help))
            .collect();
        format!(
            "query {} takes ([]: several values, a,b or -p again):\n{}\n(`crisisdb queries {}` lists the allowed values)",
            self.name,
            list.join("\n"),
            self.name
        )
    }

    /// Binds `-p` values by declared type, defaults for the rest; resolves lookups to ids.
    /// Mistakes in the call are [`crate::UsageError`]s that list the parameters; a value that names
    /// nothing (lookup) is an ordinary error naming the closest candidates.
    pub fn bind(&self, conn: &Connection, raw: &[String]) -> Result<Vec<(String, Value)>> {
        let mut given: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for r in raw {
            let (k, _, v) = split_param(r)?;
            let Some(p) = self.params.iter().find(|p| p.name == k) else {
                return Err(usage(format!(
                    "query {} has no parameter `{k}`\n{}",
                    self.name,
                    self.usage()
                )));
            };
            let values = given.entry(p.name.as_str()).or_default();
            if !p.multi && !values.is_empty() {
                return Err(usage(format!(
                    "-p {k} is given twice ({} and {v}); {k} takes one value\n{}",
                    values[0],
                    self.usage()
                )));
            }
            values.extend(split_values(p.multi, &v).into_iter().map(str::to_string));
            if !p.multi && values.is_empty() {
                // `-p type=`: none given, but given (a second one is still an error)
                values.push(String::new());
            }
        }
        let mut out = Vec::new();
        for p in &self.params {
            let values: Vec<&str> = given
                .get(p.name.as_str())
                .map(|vs| {
                    vs.iter()
                        .map(String::as_str)
                        .filter(|v| !v.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let value = if !values.is_empty() {
                let mut bound = Vec::new();
                for v in values {
                    let value = p
                        .ty
                        .value(v)
                        .map_err(|m| usage(format!("-p {}={v}: {m}\n{}", p.name, self.usage())))?;
                    self.check_allowed(conn, p, v)?;
                    bound.push(match &p.lookup {
                        Some(kind) => Value::Text(lookup::resolve(conn, kind, &p.name, v)?),
                        None => value,
                    });
                }
                self.collect(p, bound)
            } else {
                match &p.default {
                    Some(Some(d)) => {
                        let bound = split_values(p.multi, d)
                            .into_iter()
                            .map(|d| p.ty.value(d).map_err(|m| anyhow!("{m}")))
                            .collect::<Result<Vec<_>>>()?;
                        self.collect(p, bound)
                    }
                    Some(None) => Value::Null,
                    None => {
                        return Err(usage(format!(
                            "query {} needs -p {}=<{}>\n{}",
                            self.name,
                            p.name,
                            p.ty,
                            self.usage()
                        )));
                    }
                }
            };
            out.push((p.name.clone(), value));
        }
        Ok(out)
    }

    /// One value, or a JSON array of several for a multi-valued parameter.
    fn collect(&self, p: &Param, mut bound: Vec<Value>) -> Value {
        if !p.multi {
            return bound.pop().unwrap_or(Value::Null);
        }
        let items: Vec<serde_json::Value> = bound
            .into_iter()
            .map(|v| match v {
                Value::Integer(i) => serde_json::Value::from(i),
                Value::Real(f) => serde_json::Value::from(f),
                Value::Text(t) => serde_json::Value::from(t),
                _ => serde_json::Value::Null,
            })
            .collect();
        Value::Text(serde_json::Value::Array(items).to_string())
    }

    /// The values parameter `p` allows, if it lists them.
    pub fn allowed_values(&self, conn: &Connection, p: &Param) -> Result<Option<Vec<String>>> {
        Ok(Some(match &p.allowed {
            None => return Ok(None),
            Some(Allowed::List(l)) => l.clone(),
            Some(Allowed::Query(q)) => {
                let mut stmt = conn
                    .prepare(q)
                    .with_context(|| format!("the values query of {}.{}", self.name, p.name))?;
                if !stmt.readonly() {
                    bail!(
                        "the values query of {}.{} ({}) would change the database; canned queries are read-only",
                        self.name,
                        p.name,
                        self.origin
                    );
                }
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<_>>()?
            }
        }))
    }

    fn check_allowed(&self, conn: &Connection, p: &Param, v: &str) -> Result<()> {
        match self.allowed_values(conn, p)? {
            Some(allowed) if !allowed.iter().any(|a| a == v) => Err(usage(format!(
                "-p {}={v}: not an allowed value; use one of: {}",
                p.name,
                allowed.join(", ")
            ))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_header() {
        let q = parse_canned(
            "t",
            "t.sql",
            "-- title: T\n-- description: one\n--   two\n-- param: from date = 2025-01-01 -- earliest\n-- param: who text\n-- param: kind text = -- any kind\n-- values: kind in a, b\nSELECT :from, :who, :kind\n",
        )
        .unwrap();
        assert_eq!(q.title, "T");
        assert_eq!(q.description, "one two");
        assert_eq!(q.params.len(), 3);
        assert_eq!(q.params[0].default, Some(Some("2025-01-01".into())));
        assert_eq!(q.params[1].default, None);
        assert_eq!(q.params[2].default, Some(None));
        assert_eq!(
            q.params[2].allowed,
            Some(Allowed::List(vec!["a".into(), "b".into()]))
        );
    }

    #[test]
    fn header_errors_name_the_line() {
        let e =
            parse_canned("t", "t.sql", "-- title: T\n-- param: x number\nSELECT 1").unwrap_err();
        assert!(e.to_string().starts_with("t.sql:2:"), "{e}");
        let e = parse_canned("t", "t.sql", "-- param: x date = 2025-13-01\nSELECT 1").unwrap_err();
        assert!(e.to_string().contains("t.sql:1"), "{e}");
        assert!(parse_canned("t", "t.sql", "SELECT 1").is_err());
    }

    #[test]
    fn types_check_values() {
        assert_eq!(ParamType::Integer.value("12").unwrap(), Value::Integer(12));
        assert!(ParamType::Integer.value("1.5").is_err());
        assert!(ParamType::Date.value("2025-13-01").is_err());
        assert!(ParamType::Date.value("2025-02-29").is_err());
        assert_eq!(infer("007x"), Value::Text("007x".into()));
        assert_eq!(infer("2.5"), Value::Real(2.5));
        assert_eq!(split_param("a:text=1").unwrap().1, Some(ParamType::Text));
        assert!(split_param("novalue").is_err());
    }
}
