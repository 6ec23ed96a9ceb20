//! Forgiving lookup: a canned query's `-- lookup: PARAM = KIND` line resolves what a person
//! types (`pedro sanchez`, `Sanchez`, `Secretary of State`, `COL`, `Colombia`) to one id before
//! the query runs. `sql/internal/lookup_KIND.sql` lists the candidates as (id, name) rows; a
//! value matches a candidate's id or name exactly first, then case-, accent- and
//! punctuation-insensitively, then as a run of whole words inside one. No match, or several,
//! is an error that names the candidates.

use anyhow::{Result, anyhow, bail};
use include_dir::{Dir, include_dir};
use rusqlite::Connection;

static LOOKUPS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/sql/internal");

/// The candidates' query of lookup `kind`, if there is one.
pub fn candidates_sql(kind: &str) -> Option<&'static str> {
    // the statement is read inside a subquery, where its closing `;` would not parse
    LOOKUPS
        .get_file(format!("lookup_{kind}.sql"))
        .and_then(|f| f.contents_utf8())
        .map(|sql| sql.trim_end().trim_end_matches(';'))
}

/// The lookup kinds there are, for messages.
pub fn kinds() -> Vec<String> {
    let mut kinds: Vec<String> = LOOKUPS
        .files()
        .filter_map(|f| f.path().file_stem()?.to_str()?.strip_prefix("lookup_"))
        .map(str::to_string)
        .collect();
    kinds.sort();
    kinds
}

/// Lower case, accents and other marks dropped (`Sánchez` -> `sanchez`), every run of
/// punctuation or space one space: `U.S. Secretary-of-State` -> `u s secretary of state`.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// Resolves `value` to the one id of lookup `kind` it names. `what` names the parameter in
/// messages.
pub fn resolve(conn: &Connection, kind: &str, what: &str, value: &str) -> Result<String> {
    let sql = candidates_sql(kind).ok_or_else(|| anyhow!("there is no lookup `{kind}`"))?;
    // An exact id first, then an exact name, through the candidates' indexes (SQLite pushes
    // the condition into each arm), so a lookup by id or by a name as written costs an index
    // probe however large the table; the names are read and folded only when both fail.
    for column in ["id", "name"] {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT DISTINCT id FROM ({sql}\n) WHERE {column} = :v"
        ))?;
        let found: Vec<String> = stmt
            .query_map(&[(":v", value)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let [id] = found.as_slice() {
            return Ok(id.clone());
        }
    }
    let mut stmt = conn.prepare_cached(sql)?;
    let all: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    choose(kind, what, value, &all)
}

/// Up to `n` ids of lookup `kind`, in order, as examples for help.
pub fn examples(conn: &Connection, kind: &str, n: usize) -> Result<Vec<String>> {
    let sql = candidates_sql(kind).ok_or_else(|| anyhow!("there is no lookup `{kind}`"))?;
    let mut stmt = conn.prepare(&format!(
        "SELECT DISTINCT id FROM ({sql}\n) ORDER BY id LIMIT {n}"
    ))?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Picks the one candidate `value` names: the same words (after folding) as an id or a name,
/// else those words as a run of whole words inside one.
pub fn choose(kind: &str, what: &str, value: &str, all: &[(String, String)]) -> Result<String> {
    let want = fold(value);
    if want.is_empty() {
        bail!("-p {what}={value}: give some letters or digits of the {kind}");
    }
    let folded: Vec<(&str, &str, String, String)> = all
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str(), fold(id), fold(name)))
        .collect();
    let same: Vec<&str> = folded
        .iter()
        .filter(|(_, _, fid, fname)| *fid == want || *fname == want)
        .map(|(id, ..)| *id)
        .collect();
    let part = || -> Vec<&str> {
        let padded = format!(" {want} ");
        folded
            .iter()
            .filter(|(_, _, fid, fname)| {
                format!(" {fid} ").contains(&padded) || format!(" {fname} ").contains(&padded)
            })
            .map(|(id, ..)| *id)
            .collect()
    };
    let mut ids = if same.is_empty() { part() } else { same };
    ids.sort_unstable();
    ids.dedup();
    match ids.as_slice() {
        [id] => Ok((*id).to_string()),
        [] => {
            let mut scored: Vec<(f64, &str)> = folded
                .iter()
                .map(|(id, _, fid, fname)| (likeness(&want, fname).max(likeness(&want, fid)), *id))
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            let mut near: Vec<String> = Vec::new();
            for (_, id) in scored {
                if !near.iter().any(|n| n.starts_with(&format!("{id} "))) {
                    near.push(format!("{id} ({})", name_of(all, id)));
                }
                if near.len() == 3 {
                    break;
                }
            }
            bail!(
                "-p {what}={value}: no {kind} is called that; did you mean {}?",
                near.join(", ")
            )
        }
        several => bail!(
            "-p {what}={value}: {} {kind}s match; say which: {}",
            several.len(),
            several
                .iter()
                .map(|id| format!("{id} ({})", name_of(all, id)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// How like `name`, or a run of as many of its words, `want` is: 0 to 1.
fn likeness(want: &str, name: &str) -> f64 {
    let n = want.split(' ').count();
    let words: Vec<&str> = name.split(' ').collect();
    let mut best = strsim::jaro_winkler(want, name);
    for run in words.windows(n.min(words.len()).max(1)) {
        best = best.max(strsim::jaro_winkler(want, &run.join(" ")));
    }
    best
}

/// A candidate's first name other than its id, for messages.
fn name_of<'a>(all: &'a [(String, String)], id: &str) -> &'a str {
    all.iter()
        .find(|(i, n)| i == id && n != id)
        .or_else(|| all.iter().find(|(i, _)| i == id))
        .map_or("", |(_, n)| n.as_str())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_lookup_reads_as_a_subquery() {
        for kind in super::kinds() {
            let sql = super::candidates_sql(&kind).unwrap();
            assert!(!sql.ends_with(';'), "lookup_{kind}.sql");
        }
    }

    use super::*;

    fn people() -> Vec<(String, String)> {
        [
            ("pedro-sanchez", "Pedro Sánchez"),
            ("pedro-sanchez", "Defence Minister Pedro Sánchez"),
            ("gustavo-petro", "Gustavo Petro"),
            ("gustavo-petro", "Petro"),
            ("us-secretary-of-state", "U.S. Secretary of State"),
            ("donald-trump", "Donald Trump"),
            ("donald-trump-jr", "Donald Trump Jr."),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("  U.S. Secretary-of-State "), "u s secretary of state");
        assert_eq!(fold("Pedro SÁNCHEZ"), "pedro sanchez");
        assert_eq!(fold("@petrogustavo"), "petrogustavo");
    }

    #[test]
    fn finds_by_folded_name_and_unique_part() {
        let all = people();
        let pick = |v: &str| choose("actor", "actor", v, &all);
        assert_eq!(pick("pedro sanchez").unwrap(), "pedro-sanchez");
        assert_eq!(pick("Sanchez").unwrap(), "pedro-sanchez");
        assert_eq!(pick("Secretary of State").unwrap(), "us-secretary-of-state");
        assert_eq!(pick("GUSTAVO-PETRO").unwrap(), "gustavo-petro");
        // a whole name wins over a longer name that contains it
        assert_eq!(pick("donald trump").unwrap(), "donald-trump");
    }

    #[test]
    fn several_or_none_is_an_error_naming_candidates() {
        let all = people();
        let e = choose("actor", "actor", "trump", &all)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("2 actors match") && e.contains("donald-trump-jr"),
            "{e}"
        );
        let e = choose("actor", "actor", "Sanches", &all)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("did you mean pedro-sanchez (Pedro Sánchez)"),
            "{e}"
        );
        // part of a word is not a part
        assert!(choose("actor", "actor", "ped", &all).is_err());
    }
}
