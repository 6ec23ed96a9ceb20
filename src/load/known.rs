//! What the loader knows of the rows it has read. A row's key is looked up in the database,
//! through the unique index of its table's key, instead of a map of every id (at a million
//! events that was 6 million keys, most of the loader's memory); an excerpt's text likewise.
//! Held here is only what the database does not have, or what is cheaper to keep than to read
//! again: the keys of rows left out of it (dropped by their checks, or refused), the keys of a
//! file whose rows name each other while it loads, the lines of the file being loaded (a
//! duplicate names its first), the sources, the source of each excerpt (four bytes an excerpt),
//! and the last few articles the excerpts were found in.

use std::cell::OnceCell;
use std::collections::VecDeque;
use std::collections::hash_map::Entry;
use std::rc::Rc;

use rusqlite::{OptionalExtension, Statement, params_from_iter};

use super::{Loader, Map, spec};

/// A source as the excerpts and facts after it need it.
pub(crate) struct Source {
    pub id: String,
    /// the article's path in the seed set (`articles/a.txt`), when its text loaded
    pub article: Option<String>,
    /// the first and last day of its publication date
    pub published: Option<(String, String)>,
}

/// An excerpt that a row's evidence names, with its source (a place in `Known::sources`) when
/// the excerpt is in.
#[derive(Clone, Copy)]
pub(crate) struct Cited<'h> {
    pub id: &'h str,
    pub source: Option<u32>,
}

/// What the loader keeps of the rows it has read (see the module's comment).
#[derive(Default)]
pub(crate) struct Known<'a> {
    /// the sources in the order they came
    pub sources: Vec<Source>,
    /// source id -> its place in `sources`
    source_at: Map<String, u32>,
    /// per table, the keys of rows that are not in the database, with their lines: the
    /// database refused the row, or its checks left it out (after an error, the build is lost
    /// and rows only need to be known)
    outside: Map<&'static str, Map<String, u64>>,
    /// the table being loaded, when its rows name rows later in the file (a place's parent):
    /// every id of the file, defined before its rows are checked
    forward: Option<(&'static str, Map<String, u64>)>,
    /// the table being loaded, and the line of each row it inserted, by rowid (from 1)
    lines: (&'static str, Vec<u64>),
    /// table -> its prepared lookup of a row by its key
    lookups: Map<&'static str, Statement<'a>>,
    /// the source of each excerpt inserted (a place in `sources`, or `NO_SOURCE`), by rowid
    /// (from 1): four bytes an excerpt, so that evidence finds an excerpt's source through the
    /// index of its id alone, without reading its row
    excerpt_sources: Vec<u32>,
    /// the prepared read of an excerpt's text by rowid
    excerpt_text: Option<Statement<'a>>,
    /// the articles read last, the newest at the end
    articles: VecDeque<Rc<Article>>,
    /// per table, ids found lately
    found: Map<&'static str, Found>,
}

/// Ids of one table found lately, in a fixed number of places (an id has one, by its hash): a
/// row names the country or source of the rows before it often enough that most lookups end
/// here. Rows are never taken out, so an id kept exists.
#[derive(Default)]
struct Found(Vec<Option<Box<str>>>);

impl Found {
    const PLACES: usize = 1024;

    fn place(id: &str) -> usize {
        use std::hash::BuildHasher;
        let hash = foldhash::fast::FixedState::default().hash_one(id);
        (hash % Self::PLACES as u64) as usize
    }

    fn has(&self, id: &str) -> bool {
        self.0
            .get(Self::place(id))
            .is_some_and(|kept| kept.as_deref() == Some(id))
    }

    fn keep(&mut self, id: &str) {
        if self.0.is_empty() {
            self.0.resize(Self::PLACES, None);
        }
        self.0[Self::place(id)] = Some(id.into());
    }
}

/// An excerpt whose source is not among `Known::sources`.
const NO_SOURCE: u32 = u32::MAX;

/// How many bytes of articles `Known` keeps for the excerpts (at least the last one read):
/// an article is read again from the database when an excerpt of it comes after others.
const ARTICLES_KEPT: usize = 8 << 20;

impl Loader<'_> {
    /// Starts the rows of `table`: the line of each row inserted is kept (for a duplicate's
    /// message), and with `forward` the ids its rows define, as `define` meets them.
    pub(super) fn begin_rows(&mut self, table: &'static str, forward: bool) {
        self.known.lines = (table, Vec::new());
        self.known.forward = forward.then(|| (table, Map::default()));
    }

    /// Done with the rows of the table being loaded: its lines and ids are forgotten (its rows
    /// are in the database), and so are the articles once the excerpts are in.
    pub(super) fn end_rows(&mut self) {
        self.known.lines = ("", Vec::new());
        self.known.forward = None;
        self.known.articles.clear();
    }

    /// Notes that the row at `line` of the table being loaded went in as `rowid`.
    pub(super) fn inserted_at(&mut self, table: &str, rowid: i64, line: u64) {
        let (t, lines) = &mut self.known.lines;
        if *t != table {
            return;
        }
        let Ok(at) = usize::try_from(rowid - 1) else {
            return;
        };
        if lines.len() <= at {
            lines.resize(at + 1, 0);
        }
        lines[at] = line;
    }

    /// Notes that an excerpt of source `source` (its id) went in as `rowid`.
    pub(super) fn excerpt_inserted(&mut self, rowid: i64, source: Option<&str>) {
        let Ok(at) = usize::try_from(rowid - 1) else {
            return;
        };
        let sources = &mut self.known.excerpt_sources;
        if sources.len() <= at {
            sources.resize(at + 1, NO_SOURCE);
        }
        sources[at] = source
            .and_then(|s| self.known.source_at.get(s))
            .copied()
            .unwrap_or(NO_SOURCE);
    }

    /// The line of the row that defined key `key` (one cell per column of the table's key) in
    /// the table being loaded, if a row did.
    pub(super) fn defined_at(
        &mut self,
        table: &'static str,
        key: &[&str],
    ) -> rusqlite::Result<Option<u64>> {
        if let Some((t, ids)) = &self.known.forward
            && *t == table
        {
            return Ok(ids.get(key[0]).copied());
        }
        if let Some(line) = self.outside_at(table, key) {
            return Ok(Some(line));
        }
        let Some(rowid) = self.lookup(table, key)? else {
            return Ok(None);
        };
        let (t, lines) = &self.known.lines;
        let at = usize::try_from(rowid - 1).ok().filter(|_| *t == table);
        Ok(Some(at.and_then(|at| lines.get(at)).copied().unwrap_or(0)))
    }

    /// Defines `id` of the table being loaded, whose rows name each other, at `line`.
    pub(super) fn define_ahead(&mut self, table: &'static str, id: &str, line: u64) {
        if let Some((t, ids)) = &mut self.known.forward
            && *t == table
        {
            ids.insert(id.to_string(), line);
        }
    }

    /// The line that defined `id` in the table being loaded, when its ids are defined ahead.
    pub(super) fn defined_ahead(&self, table: &str, id: &str) -> Option<u64> {
        match &self.known.forward {
            Some((t, ids)) if *t == table => ids.get(id).copied(),
            _ => None,
        }
    }

    /// Keeps key `key` of `table` as defined by the row at `line`, which is not in the database.
    pub(super) fn keep_outside(&mut self, table: &'static str, key: &[&str], line: u64) {
        if key.is_empty() {
            return;
        }
        let ids = self.known.outside.entry(table).or_default();
        ids.entry(key.join("\u{0}")).or_insert(line);
    }

    fn outside_at(&self, table: &str, key: &[&str]) -> Option<u64> {
        let ids = self.known.outside.get(table).filter(|m| !m.is_empty())?;
        match key {
            [k] => ids.get(*k),
            _ => ids.get(&key.join("\u{0}")),
        }
        .copied()
    }

    /// Whether a row of `table` has id `id`.
    pub fn exists(&mut self, table: &'static str, id: &str) -> rusqlite::Result<bool> {
        if let Some((t, ids)) = &self.known.forward
            && *t == table
        {
            return Ok(ids.contains_key(id));
        }
        if self.known.found.get(table).is_some_and(|f| f.has(id)) {
            return Ok(true);
        }
        if self.outside_at(table, &[id]).is_some() || self.lookup(table, &[id])?.is_some() {
            self.known.found.entry(table).or_default().keep(id);
            return Ok(true);
        }
        Ok(false)
    }

    /// Whether excerpt `id` was defined by a row that is not in the database.
    pub(super) fn outside(&self, table: &str, id: &str) -> bool {
        self.outside_at(table, &[id]).is_some()
    }

    /// The rowid of the row of `table` with key `key`, through the index of the key.
    fn lookup(&mut self, table: &'static str, key: &[&str]) -> rusqlite::Result<Option<i64>> {
        let stmt = match self.known.lookups.entry(table) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(self.tx.prepare(&lookup_sql(table))?),
        };
        stmt.query_row(params_from_iter(key), |r| r.get(0))
            .optional()
    }

    /// The ids of `table` (a table with one key column), in the order of its file.
    pub fn ids(&mut self, table: &'static str) -> rusqlite::Result<Vec<String>> {
        let f = spec::seed_file(table);
        let column = f.column(f.key[0]).db.expect("a key is stored");
        let mut ids: Vec<String> = self
            .tx
            .prepare(&format!("SELECT {column} FROM {table} ORDER BY rowid"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let outside = self.known.outside.get(table);
        ids.extend(outside.into_iter().flat_map(|m| m.keys().cloned()));
        Ok(ids)
    }

    /// Excerpt `id`, if it is in: its source (a place in `Known::sources`), and whether its
    /// text holds `words`. The text is read only to look for `words`.
    pub(super) fn excerpt(
        &mut self,
        id: &str,
        words: Option<&str>,
    ) -> rusqlite::Result<Option<(Option<u32>, bool)>> {
        let Some(rowid) = self.lookup(super::EXCERPTS, &[id])? else {
            return Ok(None);
        };
        let source = usize::try_from(rowid - 1)
            .ok()
            .and_then(|at| self.known.excerpt_sources.get(at))
            .copied()
            .filter(|&s| s != NO_SOURCE);
        let Some(words) = words else {
            return Ok(Some((source, false)));
        };
        let stmt = match &mut self.known.excerpt_text {
            Some(s) => s,
            none => none.insert(
                self.tx
                    .prepare("SELECT text FROM excerpts WHERE rowid = ?1")?,
            ),
        };
        let holds = stmt
            .query_row([rowid], |r| Ok(r.get_ref(0)?.as_str()?.contains(words)))
            .optional()?;
        Ok(holds.map(|holds| (source, holds)))
    }

    /// Adds a source row; `article` is the path of its text, when it loaded.
    pub(crate) fn add_source(
        &mut self,
        id: &str,
        article: Option<String>,
        published: Option<(String, String)>,
    ) {
        let at = self.known.sources.len() as u32;
        self.known.source_at.insert(id.to_string(), at);
        self.known.sources.push(Source {
            id: id.to_string(),
            article,
            published,
        });
    }

    /// The source at `at` (`Cited::source`).
    pub(crate) fn source(&self, at: u32) -> &Source {
        &self.known.sources[at as usize]
    }

    /// The article of source `id`, if its text loaded: as the database stores it, or read again
    /// from the seeds when the database refused the source (its seeds have errors then).
    pub(crate) fn article(&mut self, id: &str) -> rusqlite::Result<Option<Rc<Article>>> {
        let Some(&at) = self.known.source_at.get(id) else {
            return Ok(None);
        };
        let kept = &mut self.known.articles;
        // most excerpts follow one of the same source: the newest article, without a search
        if let Some(newest) = kept.back()
            && newest.source == at
        {
            return Ok(Some(Rc::clone(newest)));
        }
        if let Some(i) = kept.iter().position(|a| a.source == at) {
            let article = kept.remove(i).expect("a kept article");
            kept.push_back(Rc::clone(&article));
            return Ok(Some(article));
        }
        let source = &self.known.sources[at as usize];
        let Some(path) = &source.article else {
            return Ok(None);
        };
        let stored: Option<String> = self
            .tx
            .prepare_cached("SELECT text FROM sources WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let text = match stored {
            Some(text) => text,
            None => match self.seeds.read(path) {
                Some(Ok(bytes)) => match String::from_utf8(bytes.into_owned()) {
                    Ok(text) => text,
                    Err(_) => return Ok(None),
                },
                _ => return Ok(None),
            },
        };
        let article = Rc::new(Article::new(text, at));
        let kept = &mut self.known.articles;
        let mut bytes: usize =
            kept.iter().map(|a| a.text.len()).sum::<usize>() + article.text.len();
        while bytes > ARTICLES_KEPT
            && let Some(old) = kept.pop_front()
        {
            bytes -= old.text.len();
        }
        kept.push_back(Rc::clone(&article));
        Ok(Some(article))
    }
}

/// `SELECT rowid FROM table WHERE a = ?1 AND b = ?2`: a row by its key, which the table's unique
/// index answers.
fn lookup_sql(table: &str) -> String {
    let f = spec::seed_file(table);
    let terms: Vec<String> = f
        .key
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let column = f.column(k).db.expect("a key is stored");
            format!("{column} = ?{}", i + 1)
        })
        .collect();
    format!("SELECT rowid FROM {table} WHERE {}", terms.join(" AND "))
}

/// A source's text, with the character and line counts at every `Article::STEP` bytes: an
/// excerpt's offsets then cost at most one step of counting, not a count from the start of
/// the text (which made long texts with many excerpts quadratic).
pub(crate) struct Article {
    pub text: String,
    /// its place in `Known::sources`
    pub source: u32,
    /// (characters, newlines) before byte `i * STEP`
    marks: Vec<(usize, usize)>,
    /// the text in lower case, made the first time an excerpt of it is not found (to say
    /// whether only the capitalisation differs)
    lowered: OnceCell<String>,
}

impl Article {
    const STEP: usize = 4096;

    pub fn new(text: String, source: u32) -> Article {
        let mut marks = Vec::with_capacity(text.len() / Self::STEP + 1);
        let (mut chars, mut lines) = (0, 0);
        marks.push((0, 0));
        for chunk in text.as_bytes().chunks(Self::STEP) {
            let (c, n) = counts(chunk);
            chars += c;
            lines += n;
            marks.push((chars, lines));
        }
        Article {
            text,
            source,
            marks,
            lowered: OnceCell::new(),
        }
    }

    /// The number of characters and of newlines before byte `at` (a character boundary).
    pub fn position(&self, at: usize) -> (usize, usize) {
        let i = at / Self::STEP;
        let (chars, lines) = self.marks[i];
        let (c, n) = counts(&self.text.as_bytes()[i * Self::STEP..at]);
        (chars + c, lines + n)
    }

    /// The text in lower case.
    pub fn lowered(&self) -> &str {
        self.lowered.get_or_init(|| self.text.to_lowercase())
    }
}

/// Characters (bytes that do not continue a UTF-8 sequence) and newlines in `bytes`.
fn counts(bytes: &[u8]) -> (usize, usize) {
    bytes.iter().fold((0, 0), |(c, n), &b| {
        (
            c + usize::from(b & 0xC0 != 0x80),
            n + usize::from(b == b'\n'),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_looked_up_through_an_index() {
        // without the secondary indexes, as while a build loads
        let conn = crate::db::scratch().unwrap();
        for f in spec::SEED_FILES.iter().filter(|f| !f.key.is_empty()) {
            let mut stmt = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {}", lookup_sql(f.table)))
                .unwrap();
            // the plan, with the key's parameters left unbound
            let mut rows = stmt.raw_query();
            let mut plan = Vec::new();
            while let Some(r) = rows.next().unwrap() {
                plan.push(r.get::<_, String>(3).unwrap());
            }
            let plan = plan.join("; ");
            assert!(
                plan.starts_with("SEARCH ") && plan.contains("INDEX"),
                "{}: {plan}",
                f.table
            );
        }
    }
}
