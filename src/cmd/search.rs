//! `crisisdb search TEXT`: full-text search over the excerpts, the article texts and the
//! repaired readings of damaged text. Plain text becomes an FTS5 query here, at the edge; the
//! canned query `search` (sql/search.sql) does the rest, as it does in sqlite3 and Datasette.

use anyhow::{Context as _, Result, bail};

use super::{Context, QueryFlags};

/// Full-text search over the excerpts, the article texts and the repaired readings of damaged
/// text, one hit per passage, best first.
///
/// Takes plain text: every word must appear (case and accents ignored: `atencion` finds
/// `Atención`), "a phrase in quotes" must appear as written, and punctuation is read as the
/// index reads it (`U.S.`, `Petro's`, `$400mn`, `180-degree`). A hit gives where it is
/// (source_id and line), a snippet, and the ids of the facts it supports: `crisisdb show ID`.
/// `--limit N` keeps the N best hits (default 50).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb search tariffs\n  \
    $ crisisdb search '\"drug dealer\"' --format json\n  \
    $ crisisdb search 'U.S. aid' --limit 5\n  \
    $ crisisdb search --fts 'decert* OR tariff*'")]
pub struct Args {
    /// What to look for: words and "quoted phrases" (with --fts: FTS5 query syntax).
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,
    /// Take TEXT as raw FTS5 query syntax: AND, OR, NOT, NEAR(), prefix*, column filters.
    #[arg(long)]
    pub fts: bool,
    #[command(flatten)]
    pub query: QueryFlags,
}

/// Runs the canned `search` query with the text as an FTS5 query; `--limit` caps the hits.
pub fn run(args: Args, ctx: &Context) -> Result<()> {
    let text = args.text.join(" ");
    let q = if args.fts {
        text.clone()
    } else {
        fts_query(&text)?
    };
    let mut params = vec![format!("q={q}")];
    if let Some(n) = args.query.out.limit {
        params.push(format!("limit={n}"));
    }
    let syntax = if args.fts {
        "an FTS5 query (--fts)"
    } else {
        "plain text"
    };
    super::run_canned(ctx, "search", &params, args.query)
        .with_context(|| format!("searching for {text:?} as {syntax}"))
}

/// Plain text as an FTS5 query: each word and each "quoted phrase" becomes an FTS5 string
/// (which the index's tokenizer splits as it split the texts), all of them required. A word
/// ending in `*` keeps its prefix search. Nothing the user types is read as FTS5 syntax.
pub fn fts_query(text: &str) -> Result<String> {
    let mut parts = Vec::new();
    // Quotes alternate: odd pieces are phrases. Curly quotes count as quotes too.
    let normal: String = text
        .chars()
        .map(|c| {
            if matches!(c, '“' | '”' | '„') {
                '"'
            } else {
                c
            }
        })
        .collect();
    for (i, piece) in normal.split('"').enumerate() {
        if i % 2 == 1 {
            parts.extend(fts_string(piece, false));
            continue;
        }
        for word in piece.split_whitespace() {
            let (stem, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word, false),
            };
            parts.extend(fts_string(stem, prefix));
        }
    }
    if parts.is_empty() {
        bail!("nothing to search for in {text:?}: give a word with a letter or digit");
    }
    Ok(parts.join(" "))
}

/// One FTS5 string, or None when it holds no letter or digit (the index has no token for it).
fn fts_string(words: &str, prefix: bool) -> Option<String> {
    if !words.chars().any(char::is_alphanumeric) {
        return None;
    }
    let quoted = format!("\"{}\"", words.trim().replace('"', "\"\""));
    Some(if prefix { quoted + " *" } else { quoted })
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn plain_text_becomes_quoted_strings() {
        let q = |t: &str| fts_query(t).unwrap();
        assert_eq!(q("$400mn"), r#""$400mn""#);
        assert_eq!(q("U.S. aid"), r#""U.S." "aid""#);
        assert_eq!(q(r#""drug dealer" Petro's"#), r#""drug dealer" "Petro's""#);
        assert_eq!(q("“drug dealer”"), r#""drug dealer""#);
        assert_eq!(q("decert* OR"), r#""decert" * "OR""#);
        assert_eq!(q(r#""unclosed phrase"#), r#""unclosed phrase""#);
        assert_eq!(q("a - b"), r#""a" "b""#);
        assert!(fts_query(" $ - ").is_err());
    }
}
