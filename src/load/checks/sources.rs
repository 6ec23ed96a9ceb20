//! Sources and excerpts: the texts every fact rests on, and the spans of them it cites.

use rusqlite::Result;

use crate::load::{Cited, Loader, Row, Values};
use crate::seeds::sha256_hex;

/// A source's article: the file named, its hash, its text (stored with the row, where the
/// excerpts find it).
pub(crate) fn source<'h>(
    l: &mut Loader,
    row: &Row<'h>,
    values: &mut Values<'h>,
    _: &[Cited],
) -> Result<bool> {
    let id = row.get("id").expect("the spec checked the id");
    let published = values
        .get_text("published_start")
        .zip(values.get_text("published_end"))
        .map(|(s, e)| (s.to_string(), e.to_string()));
    let mut text = None;
    let mut article = None;
    if let Some(file) = row.get("file") {
        let rel = format!("articles/{file}");
        let shown = l.seeds.display(&rel);
        match l.seeds.read(&rel).ok_or(None).and_then(|r| r.map_err(Some)) {
            Err(e) => {
                let message = match e {
                    None => format!("no such file {shown}"),
                    Some(e) => format!("{shown} cannot be read: {e}"),
                };
                l.errors.push(row.error("file", Some(file), message));
            }
            Ok(bytes) => {
                let actual = sha256_hex(&bytes);
                if let Some(sha) = row.get("sha256")
                    && sha != actual
                {
                    let e = row.error(
                        "sha256",
                        Some(sha),
                        format!(
                            "{shown} has SHA-256 {actual}: the text differs from the one the manifest names"
                        ),
                    );
                    l.errors.push(e);
                }
                match String::from_utf8(bytes.into_owned()) {
                    Ok(s) => {
                        text = Some(s);
                        article = Some(rel);
                    }
                    Err(e) => {
                        let e = e.utf8_error();
                        let e = row.error(
                            "file",
                            Some(file),
                            format!("the text is not valid UTF-8 (byte {})", e.valid_up_to()),
                        );
                        l.errors.push(e);
                    }
                }
            }
        }
    }
    values.owned("text", text.unwrap_or_default());
    l.add_source(id, article, published);
    Ok(true)
}

/// The byte offsets at which `needle` starts in `hay`, overlapping matches included. Every
/// excerpt searches its whole source (to know whether it is unique), so the search is
/// memchr's SIMD `memmem` rather than `str::find`.
fn occurrences(hay: &str, needle: &str) -> Vec<usize> {
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let mut at = Vec::new();
    let mut from = 0;
    while let Some(i) = finder.find(&hay.as_bytes()[from..]) {
        at.push(from + i);
        from += i + hay[from + i..].chars().next().map_or(1, char::len_utf8);
    }
    at
}

/// An excerpt is found in its source (the `occurrence`-th time, when it occurs more than
/// once), and its offsets computed. One that fails is reported here, not again by every fact
/// that cites it.
pub(crate) fn excerpt(l: &mut Loader, row: &Row, values: &mut Values, _: &[Cited]) -> Result<bool> {
    let found = locate(l, row, values)?;
    if !found && let Some(id) = row.get("id") {
        l.drop_id("excerpts", id);
    }
    Ok(found)
}

fn locate(l: &mut Loader, row: &Row, values: &mut Values) -> Result<bool> {
    let (Some(text), Some(source)) = (row.get("text"), row.get("source")) else {
        return Ok(false); // reported by the spec's checks
    };
    let occurrence = match row.get("occurrence") {
        None => None,
        Some(o) => match o.parse::<usize>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                let e = row.error(
                    "occurrence",
                    Some(o),
                    "write a whole number from 1 (the first occurrence)",
                );
                l.errors.push(e);
                return Ok(false);
            }
        },
    };
    let Some(article) = l.article(source)? else {
        return Ok(false); // the source itself is broken and already reported
    };
    let body = article.text.as_str();
    let at = occurrences(body, text);
    let start = match (at.len(), occurrence) {
        (0, _) => {
            let lowered = article.lowered();
            let hint = if lowered.contains(&text.to_lowercase()) {
                " (it does with other capitalisation: copy the text exactly)"
            } else {
                " (copy it from the article byte for byte, quotes and accents included)"
            };
            Err((
                "text",
                text.to_string(),
                format!("does not occur in source {source}{hint}"),
            ))
        }
        (1, None | Some(1)) => Ok(at[0]),
        (n, None) => Err((
            "text",
            text.to_string(),
            format!(
                "occurs {n} times in source {source}; set `occurrence` (1 to {n}) or lengthen the excerpt"
            ),
        )),
        (n, Some(k)) if k > n => Err((
            "occurrence",
            k.to_string(),
            format!("the text occurs only {n} time(s) in source {source}"),
        )),
        (_, Some(k)) => Ok(at[k - 1]),
    };
    let start = match start {
        Ok(start) => start,
        Err((field, value, message)) => {
            l.errors.push(row.error(field, Some(&value), message));
            return Ok(false);
        }
    };
    let (chars_before, lines_before) = article.position(start);
    let char_start = chars_before as i64;
    values.owned("char_start", char_start);
    values.owned("char_end", char_start + text.chars().count() as i64);
    values.owned("line", lines_before as i64 + 1);
    Ok(true)
}
