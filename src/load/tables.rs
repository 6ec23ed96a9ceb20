//! One function per seed file: validate each row, then insert it. The order is the order of
//! dependence: sources before excerpts, excerpts before any evidence, actors before the rows
//! that name them.

use std::collections::BTreeSet;

use rusqlite::Result;

use super::{Counts, LoadFailure, Loader, Row, Table};
use crate::seeds::sha256_hex;

/// Validates and inserts the rows of one seed file.
type Step = fn(&mut Loader, &Table) -> Result<()>;

pub(super) fn load_all(l: &mut Loader) -> std::result::Result<Counts, LoadFailure> {
    let mut counts = Counts::new();
    let steps: &[(&'static str, Step)] = &[
        ("countries", countries),
        ("sources", sources),
        ("excerpts", excerpts),
        ("actors", actors),
        ("actor_aliases", actor_aliases),
        ("actor_titles", actor_titles),
        ("places", places),
        ("events", events),
        ("event_actors", event_actors),
        ("assets", assets),
        ("deployments", deployments),
        ("aid", aid),
        ("figures", figures),
        ("quotes", quotes),
        ("disputes", disputes),
        ("dispute_claims", dispute_claims),
        ("data_notes", data_notes),
        ("coverage_ignore", coverage_ignore),
    ];
    let mut deferred_sources = None;
    for (name, step) in steps {
        let columns = columns(name);
        let required = *name != "coverage_ignore";
        let Some(table) = l.table(name, columns, required) else {
            continue;
        };
        step(l, &table)?;
        counts.push((name, table.len()));
        if *name == "sources" {
            deferred_sources = Some(table);
        } else if *name == "excerpts" {
            // a source's evidence can only be checked once the excerpts are in
            if let Some(src) = &deferred_sources {
                source_evidence(l, src)?;
            }
        }
    }
    Ok(counts)
}

/// The columns of each seed file, as documented in seeds/README.md.
pub fn columns(table: &str) -> &'static [&'static str] {
    match table {
        "countries" => &["code", "name"],
        "sources" => &[
            "id",
            "file",
            "sha256",
            "outlet",
            "author",
            "title",
            "published",
            "published_precision",
            "published_note",
            "language",
            "reliability",
            "evidence",
        ],
        "excerpts" => &["id", "source", "text", "occurrence", "note"],
        "actors" => &["id", "name", "kind", "country", "description", "evidence"],
        "actor_aliases" => &["actor", "alias", "evidence"],
        "actor_titles" => &["actor", "title", "as_of", "as_of_precision", "evidence"],
        "places" => &["id", "name", "kind", "country", "parent", "evidence"],
        "events" => &[
            "id",
            "title",
            "summary",
            "type",
            "start",
            "end",
            "precision",
            "place",
            "country",
            "status",
            "date_note",
            "evidence",
        ],
        "event_actors" => &["event", "actor", "role", "note"],
        "assets" => &[
            "id",
            "name",
            "kind",
            "operator",
            "place",
            "department",
            "country",
            "description",
            "evidence",
        ],
        "deployments" => &[
            "id",
            "asset",
            "operator",
            "subject",
            "place",
            "country",
            "value",
            "value_max",
            "value_text",
            "unit",
            "qualifier",
            "as_of",
            "as_of_precision",
            "event",
            "note",
            "evidence",
        ],
        "aid" => &[
            "id",
            "amount",
            "amount_max",
            "value_text",
            "currency",
            "usd_amount",
            "period_start",
            "period_end",
            "period_precision",
            "donor",
            "recipient",
            "purpose",
            "stage",
            "qualifier",
            "as_of",
            "as_of_precision",
            "event",
            "note",
            "evidence",
        ],
        "figures" => &[
            "id",
            "subject",
            "value",
            "value_max",
            "value_text",
            "unit",
            "qualifier",
            "as_of",
            "as_of_precision",
            "place",
            "event",
            "note",
            "evidence",
        ],
        "quotes" => &[
            "id",
            "speaker",
            "words",
            "language",
            "date",
            "date_precision",
            "venue",
            "event",
            "note",
            "evidence",
        ],
        "disputes" => &["id", "topic", "kind", "what_differs", "note"],
        "dispute_claims" => &["dispute", "claim", "evidence"],
        "data_notes" => &[
            "id", "source", "kind", "found", "reading", "note", "evidence",
        ],
        "coverage_ignore" => &["source", "token", "reason"],
        other => panic!("no seed file {other}"),
    }
}

/// Defines the row's `id` in `table`; `None` (and an error) if it is empty or taken.
fn id<'r>(l: &mut Loader, table: &'static str, row: &'r Row) -> Option<&'r str> {
    let id = l.required(row, "id")?;
    if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        let e = row.error(
            "id",
            Some(id),
            "ids use lowercase letters, digits, `-` and `_` only",
        );
        l.errors.push(e);
    }
    l.define(table, row, "id", id).then_some(id)
}

/// Checks the `evidence` cell of `row` and links its excerpts to `fact`. With `verbatim`, the
/// named cell must occur word for word in one of those excerpts. Returns the excerpt ids.
fn evidence<'r>(
    l: &mut Loader,
    row: &'r Row,
    fact: i64,
    verbatim: Option<&str>,
    required: bool,
) -> Result<Vec<&'r str>> {
    // ids borrowed from the row, and the excerpts' texts read in place: no copies per row
    let ids: BTreeSet<&str> = row
        .get("evidence")
        .unwrap_or("")
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if ids.is_empty() {
        if required {
            l.errors.push(row.error(
                "evidence",
                None,
                "every fact needs at least one excerpt id (from excerpts.csv), separated by `;`",
            ));
        }
        return Ok(Vec::new());
    }
    let words = verbatim.and_then(|field| row.get(field).map(|w| (field, w)));
    let (mut any_found, mut verbatim_found) = (false, false);
    for x in &ids {
        match l.excerpts.get(*x) {
            Some((_, text)) => {
                any_found = true;
                verbatim_found |= words.is_some_and(|(_, w)| text.contains(w));
            }
            None if l.unsure("excerpts", x) => {}
            None => {
                let e = row.error("evidence", Some(x), "no such excerpt id in excerpts.csv");
                l.errors.push(e);
            }
        }
    }
    if let Some((field, words)) = words
        && any_found
        && !verbatim_found
    {
        let e = row.error(
            field,
            Some(words),
            format!(
                "does not occur word for word in its evidence ({})",
                ids.iter().copied().collect::<Vec<_>>().join(";")
            ),
        );
        l.errors.push(e);
    }
    for x in &ids {
        l.insert(row, "evidence", &["fact_id", "excerpt_id"], &[&fact, x])?;
    }
    Ok(ids.into_iter().collect())
}

/// A count's qualifier: required once the row gives a number, in words or digits.
fn quantity_qualifier<'r>(l: &mut Loader, row: &'r Row) -> Option<&'r str> {
    let counted = ["value", "amount", "value_text"]
        .iter()
        .any(|f| row.has(f) && row.get(f).is_some());
    l.one_of(row, "qualifier", "qualifier", counted)
}

fn country<'r>(l: &mut Loader, row: &'r Row, field: &str) -> Option<&'r str> {
    l.reference(row, field, "countries")
}

fn countries(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let (Some(code), Some(name)) = (l.required(&row, "code"), l.required(&row, "name")) else {
            continue;
        };
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            let e = row.error(
                "code",
                Some(code),
                "not an ISO 3166-1 alpha-3 code (three capital letters)",
            );
            l.errors.push(e);
        }
        l.define("countries", &row, "code", code);
        l.insert(&row, "countries", &["code", "name"], &[&code, &name])?;
    }
    Ok(())
}

fn sources(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "sources", &row) else {
            continue;
        };
        let file = l.required(&row, "file");
        let sha = l.required(&row, "sha256");
        let reliability = l.required(&row, "reliability");
        let language = l.required(&row, "language");
        if let Some(lang) = language
            && !lang
                .split(';')
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase()))
        {
            let e = row.error(
                "language",
                Some(lang),
                "write ISO 639-1 codes separated by `;` (e.g. en;es)",
            );
            l.errors.push(e);
        }
        let published = l.dates(&row, "published", None, "published_precision");
        l.published.insert(id.to_string(), published.start.clone());
        let mut text = None;
        if let Some(file) = file {
            let rel = format!("articles/{file}");
            match l.seeds.get(&rel) {
                None => {
                    let e = row.error(
                        "file",
                        Some(file),
                        format!("no such file {}", l.seeds.display(&rel)),
                    );
                    l.errors.push(e);
                }
                Some(bytes) => {
                    let actual = sha256_hex(bytes);
                    if let Some(sha) = sha
                        && sha != actual
                    {
                        let e = row.error(
                            "sha256",
                            Some(sha),
                            format!("{} has SHA-256 {actual}: the text differs from the one the manifest names", l.seeds.display(&rel)),
                        );
                        l.errors.push(e);
                    }
                    match std::str::from_utf8(bytes) {
                        Ok(s) => text = Some(s.to_string()),
                        Err(e) => {
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
        let fact = l.fact(&row, "source")?;
        l.source_facts.insert(row.line, fact);
        l.insert(
            &row,
            "sources",
            &[
                "id",
                "fact_id",
                "file",
                "sha256",
                "outlet",
                "author",
                "title",
                "published_start",
                "published_end",
                "published_precision",
                "published_note",
                "language",
                "reliability",
                "text",
            ],
            &[
                &id,
                &fact,
                &file,
                &sha,
                &row.get("outlet"),
                &row.get("author"),
                &row.get("title"),
                &published.start,
                &published.end,
                &published.precision,
                &row.get("published_note"),
                &language,
                &reliability,
                &text.as_deref().unwrap_or(""),
            ],
        )?;
        if let Some(text) = text {
            l.texts.insert(id.to_string(), super::Article::new(text));
        }
    }
    Ok(())
}

fn source_evidence(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        if let Some(&fact) = l.source_facts.get(&row.line) {
            evidence(l, &row, fact, None, false)?;
        }
    }
    Ok(())
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

fn excerpts(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "excerpts", &row) else {
            continue;
        };
        // an excerpt that fails is reported here, not again by every fact that cites it
        if !excerpt(l, &row, id)? {
            l.drop_id("excerpts", id);
        }
    }
    Ok(())
}

/// Checks one excerpt row and inserts it; `false` if it failed (and was reported).
fn excerpt(l: &mut Loader, row: &Row, id: &str) -> Result<bool> {
    let source = l.reference(row, "source", "sources");
    let Some(text) = l.required(row, "text") else {
        return Ok(false);
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
    let Some(source) = source else {
        let e = row.error("source", None, "is required and empty");
        l.errors.push(e);
        return Ok(false);
    };
    let Some(article) = l.texts.get(source) else {
        return Ok(false); // the source itself is broken and already reported
    };
    let body = article.text.as_str();
    let at = occurrences(body, text);
    let start = match (at.len(), occurrence) {
        (0, _) => {
            let hint = if body.to_lowercase().contains(&text.to_lowercase()) {
                " (it does with other capitalisation: copy the text exactly)"
            } else {
                " (copy it from the article byte for byte, quotes and accents included)"
            };
            let e = row.error(
                "text",
                Some(text),
                format!("does not occur in source {source}{hint}"),
            );
            l.errors.push(e);
            return Ok(false);
        }
        (1, None | Some(1)) => at[0],
        (n, None) => {
            let e = row.error(
                    "text",
                    Some(text),
                    format!("occurs {n} times in source {source}; set `occurrence` (1 to {n}) or lengthen the excerpt"),
                );
            l.errors.push(e);
            return Ok(false);
        }
        (n, Some(k)) if k > n => {
            let e = row.error(
                "occurrence",
                Some(&k.to_string()),
                format!("the text occurs only {n} time(s) in source {source}"),
            );
            l.errors.push(e);
            return Ok(false);
        }
        (_, Some(k)) => at[k - 1],
    };
    let (chars_before, lines_before) = article.position(start);
    let char_start = chars_before as i64;
    let char_end = char_start + text.chars().count() as i64;
    let line = lines_before as i64 + 1;
    let source = source.to_string();
    l.insert(
        row,
        "excerpts",
        &[
            "id",
            "source_id",
            "char_start",
            "char_end",
            "line",
            "text",
            "note",
        ],
        &[
            &id,
            &source,
            &char_start,
            &char_end,
            &line,
            &text,
            &row.get("note"),
        ],
    )?;
    l.excerpts
        .insert(id.to_string(), (source, text.to_string()));
    Ok(true)
}

fn actors(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "actors", &row) else {
            continue;
        };
        let name = l.required(&row, "name");
        let kind = l.one_of(&row, "kind", "actor_kind", true);
        let country = country(l, &row, "country");
        let fact = l.fact(&row, "actor")?;
        evidence(l, &row, fact, None, true)?;
        l.insert(
            &row,
            "actors",
            &["id", "fact_id", "name", "kind", "country", "description"],
            &[&id, &fact, &name, &kind, &country, &row.get("description")],
        )?;
    }
    Ok(())
}

fn actor_aliases(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let actor = l.reference(&row, "actor", "actors");
        let alias = l.required(&row, "alias");
        let (Some(actor), Some(alias)) = (actor, alias) else {
            if actor.is_none() {
                l.errors
                    .push(row.error("actor", None, "is required and empty"));
            }
            continue;
        };
        l.define(
            "actor_aliases",
            &row,
            "alias",
            &format!("{actor}\u{0}{alias}"),
        );
        let fact = l.fact(&row, "alias")?;
        evidence(l, &row, fact, Some("alias"), true)?;
        l.insert(
            &row,
            "actor_aliases",
            &["fact_id", "actor_id", "alias"],
            &[&fact, &actor, &alias],
        )?;
    }
    Ok(())
}

fn actor_titles(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let actor = l.reference(&row, "actor", "actors");
        let title = l.required(&row, "title");
        let as_of = l.dates(&row, "as_of", None, "as_of_precision");
        if actor.is_none() {
            l.errors
                .push(row.error("actor", None, "is required and empty"));
        }
        let fact = l.fact(&row, "title")?;
        evidence(l, &row, fact, Some("title"), true)?;
        l.insert(
            &row,
            "actor_titles",
            &[
                "fact_id",
                "actor_id",
                "title",
                "as_of_start",
                "as_of_end",
                "as_of_precision",
            ],
            &[
                &fact,
                &actor,
                &title,
                &as_of.start,
                &as_of.end,
                &as_of.precision,
            ],
        )?;
    }
    Ok(())
}

fn places(l: &mut Loader, t: &Table) -> Result<()> {
    // parents may come later in the file: define every id first
    for row in t.rows() {
        id(l, "places", &row);
    }
    for row in t.rows() {
        let Some(id) = row.get("id") else { continue };
        let name = l.required(&row, "name");
        let kind = l.one_of(&row, "kind", "place_kind", true);
        let country = country(l, &row, "country");
        let parent = l.reference(&row, "parent", "places");
        let fact = l.fact(&row, "place")?;
        evidence(l, &row, fact, None, true)?;
        l.insert(
            &row,
            "places",
            &["id", "fact_id", "name", "kind", "country", "parent_id"],
            &[&id, &fact, &name, &kind, &country, &parent],
        )?;
    }
    Ok(())
}

fn events(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "events", &row) else {
            continue;
        };
        let title = l.required(&row, "title");
        let kind = l.one_of(&row, "type", "event_type", true);
        let status = l.one_of(&row, "status", "event_status", true);
        let when = l.dates(&row, "start", Some("end"), "precision");
        let place = l.reference(&row, "place", "places");
        let country = country(l, &row, "country");
        let fact = l.fact(&row, "event")?;
        let cited = evidence(l, &row, fact, None, true)?;
        // reported: the earliest publication date among the sources of its evidence
        let reported = cited
            .iter()
            .filter_map(|x| l.excerpts.get(*x))
            .filter_map(|(src, _)| l.published.get(src).cloned().flatten())
            .min();
        l.insert(
            &row,
            "events",
            &[
                "id",
                "fact_id",
                "title",
                "summary",
                "type",
                "start_date",
                "end_date",
                "precision",
                "reported_date",
                "place_id",
                "country",
                "status",
                "date_note",
            ],
            &[
                &id,
                &fact,
                &title,
                &row.get("summary"),
                &kind,
                &when.start,
                &when.end,
                &when.precision,
                &reported,
                &place,
                &country,
                &status,
                &row.get("date_note"),
            ],
        )?;
    }
    Ok(())
}

fn event_actors(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let event = l.reference(&row, "event", "events");
        let actor = l.reference(&row, "actor", "actors");
        let role = l.one_of(&row, "role", "actor_role", true);
        let (Some(event), Some(actor), Some(role)) = (event, actor, role) else {
            for (f, v) in [("event", event), ("actor", actor)] {
                if v.is_none() {
                    l.errors.push(row.error(f, None, "is required and empty"));
                }
            }
            continue;
        };
        l.define(
            "event_actors",
            &row,
            "role",
            &format!("{event}\u{0}{actor}\u{0}{role}"),
        );
        l.insert(
            &row,
            "event_actors",
            &["event_id", "actor_id", "role", "note"],
            &[&event, &actor, &role, &row.get("note")],
        )?;
    }
    Ok(())
}

fn assets(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "assets", &row) else {
            continue;
        };
        let name = l.required(&row, "name");
        let kind = l.one_of(&row, "kind", "asset_kind", true);
        let operator = l.reference(&row, "operator", "actors");
        let place = l.reference(&row, "place", "places");
        let country = country(l, &row, "country");
        let fact = l.fact(&row, "asset")?;
        evidence(l, &row, fact, None, true)?;
        l.insert(
            &row,
            "assets",
            &[
                "id",
                "fact_id",
                "name",
                "kind",
                "operator_id",
                "place_id",
                "department",
                "country",
                "description",
            ],
            &[
                &id,
                &fact,
                &name,
                &kind,
                &operator,
                &place,
                &row.get("department"),
                &country,
                &row.get("description"),
            ],
        )?;
    }
    Ok(())
}

fn deployments(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "deployments", &row) else {
            continue;
        };
        let asset = l.reference(&row, "asset", "assets");
        let operator = l.reference(&row, "operator", "actors");
        let subject = l.required(&row, "subject");
        let place = l.reference(&row, "place", "places");
        let country = country(l, &row, "country");
        let value = l.number(&row, "value");
        let value_max = l.number(&row, "value_max");
        let value_text = row.get("value_text");
        let unit = l.one_of(&row, "unit", "deployment_unit", true);
        let qualifier = quantity_qualifier(l, &row);
        let as_of = l.dates(&row, "as_of", None, "as_of_precision");
        let event = l.reference(&row, "event", "events");
        let fact = l.fact(&row, "deployment")?;
        evidence(l, &row, fact, Some("value_text"), true)?;
        l.insert(
            &row,
            "deployments",
            &[
                "id",
                "fact_id",
                "asset_id",
                "operator_id",
                "subject",
                "place_id",
                "country",
                "value",
                "value_max",
                "value_text",
                "unit",
                "qualifier",
                "as_of_start",
                "as_of_end",
                "as_of_precision",
                "event_id",
                "note",
            ],
            &[
                &id,
                &fact,
                &asset,
                &operator,
                &subject,
                &place,
                &country,
                &value,
                &value_max,
                &value_text,
                &unit,
                &qualifier,
                &as_of.start,
                &as_of.end,
                &as_of.precision,
                &event,
                &row.get("note"),
            ],
        )?;
    }
    Ok(())
}

fn aid(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "aid", &row) else {
            continue;
        };
        let amount = l.number(&row, "amount");
        let amount_max = l.number(&row, "amount_max");
        let value_text = row.get("value_text");
        let currency = row.get("currency");
        if let Some(c) = currency
            && (c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            let e = row.error(
                "currency",
                Some(c),
                "not an ISO 4217 code (three capital letters, e.g. USD)",
            );
            l.errors.push(e);
        }
        let usd = l.number(&row, "usd_amount");
        let period = l.dates(&row, "period_start", Some("period_end"), "period_precision");
        let donor = l.reference(&row, "donor", "actors");
        let recipient = l.reference(&row, "recipient", "actors");
        let stage = l.one_of(&row, "stage", "aid_stage", true);
        let qualifier = quantity_qualifier(l, &row);
        let as_of = l.dates(&row, "as_of", None, "as_of_precision");
        let event = l.reference(&row, "event", "events");
        let fact = l.fact(&row, "aid")?;
        evidence(l, &row, fact, Some("value_text"), true)?;
        l.insert(
            &row,
            "aid",
            &[
                "id",
                "fact_id",
                "amount",
                "amount_max",
                "value_text",
                "currency",
                "usd_amount",
                "period_start",
                "period_end",
                "period_precision",
                "donor_id",
                "recipient_id",
                "purpose",
                "stage",
                "qualifier",
                "as_of_start",
                "as_of_end",
                "as_of_precision",
                "event_id",
                "note",
            ],
            &[
                &id,
                &fact,
                &amount,
                &amount_max,
                &value_text,
                &currency,
                &usd,
                &period.start,
                &period.end,
                &period.precision,
                &donor,
                &recipient,
                &row.get("purpose"),
                &stage,
                &qualifier,
                &as_of.start,
                &as_of.end,
                &as_of.precision,
                &event,
                &row.get("note"),
            ],
        )?;
    }
    Ok(())
}

fn figures(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "figures", &row) else {
            continue;
        };
        let subject = l.required(&row, "subject");
        let value = l.number(&row, "value");
        let value_max = l.number(&row, "value_max");
        let value_text = row.get("value_text");
        let unit = l.required(&row, "unit");
        if let Some(u) = unit
            && u != u.to_lowercase()
        {
            let e = row.error(
                "unit",
                Some(u),
                "write units in lowercase (e.g. deaths, percent)",
            );
            l.errors.push(e);
        }
        let qualifier = quantity_qualifier(l, &row);
        let as_of = l.dates(&row, "as_of", None, "as_of_precision");
        let place = l.reference(&row, "place", "places");
        let event = l.reference(&row, "event", "events");
        let fact = l.fact(&row, "figure")?;
        evidence(l, &row, fact, Some("value_text"), true)?;
        l.insert(
            &row,
            "figures",
            &[
                "id",
                "fact_id",
                "subject",
                "value",
                "value_max",
                "value_text",
                "unit",
                "qualifier",
                "as_of_start",
                "as_of_end",
                "as_of_precision",
                "place_id",
                "event_id",
                "note",
            ],
            &[
                &id,
                &fact,
                &subject,
                &value,
                &value_max,
                &value_text,
                &unit,
                &qualifier,
                &as_of.start,
                &as_of.end,
                &as_of.precision,
                &place,
                &event,
                &row.get("note"),
            ],
        )?;
    }
    Ok(())
}

fn quotes(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "quotes", &row) else {
            continue;
        };
        let speaker = l.reference(&row, "speaker", "actors");
        if speaker.is_none() {
            l.errors
                .push(row.error("speaker", None, "is required and empty"));
        }
        let words = l.required(&row, "words");
        let language = l.required(&row, "language");
        if let Some(lang) = language
            && (lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase()))
        {
            let e = row.error(
                "language",
                Some(lang),
                "write an ISO 639-1 code (e.g. en, es)",
            );
            l.errors.push(e);
        }
        let when = l.dates(&row, "date", None, "date_precision");
        let event = l.reference(&row, "event", "events");
        let fact = l.fact(&row, "quote")?;
        evidence(l, &row, fact, Some("words"), true)?;
        l.insert(
            &row,
            "quotes",
            &[
                "id",
                "fact_id",
                "speaker_id",
                "words",
                "language",
                "date_start",
                "date_end",
                "date_precision",
                "venue",
                "event_id",
                "note",
            ],
            &[
                &id,
                &fact,
                &speaker,
                &words,
                &language,
                &when.start,
                &when.end,
                &when.precision,
                &row.get("venue"),
                &event,
                &row.get("note"),
            ],
        )?;
    }
    Ok(())
}

fn disputes(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "disputes", &row) else {
            continue;
        };
        let topic = l.required(&row, "topic");
        let kind = l.one_of(&row, "kind", "dispute_kind", true);
        let differs = l.required(&row, "what_differs");
        l.insert(
            &row,
            "disputes",
            &["id", "topic", "kind", "what_differs", "note"],
            &[&id, &topic, &kind, &differs, &row.get("note")],
        )?;
    }
    Ok(())
}

fn dispute_claims(l: &mut Loader, t: &Table) -> Result<()> {
    let mut sides = std::collections::HashMap::<String, usize>::new();
    for row in t.rows() {
        let dispute = l.reference(&row, "dispute", "disputes");
        if dispute.is_none() {
            l.errors
                .push(row.error("dispute", None, "is required and empty"));
        }
        let claim = l.required(&row, "claim");
        if let Some(d) = dispute {
            *sides.entry(d.to_string()).or_default() += 1;
        }
        let fact = l.fact(&row, "dispute_claim")?;
        evidence(l, &row, fact, None, true)?;
        l.insert(
            &row,
            "dispute_claims",
            &["fact_id", "dispute_id", "claim"],
            &[&fact, &dispute, &claim],
        )?;
    }
    let lonely: Vec<String> = l
        .ids
        .get("disputes")
        .map(|ids| {
            ids.keys()
                .filter(|d| sides.get(*d).copied().unwrap_or(0) < 2)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    for d in lonely {
        l.errors.push(super::SeedError {
            file: t.file.clone(),
            line: None,
            field: Some("dispute".into()),
            value: Some(d),
            message: "a dispute needs at least two claims (one per side)".into(),
        });
    }
    Ok(())
}

fn data_notes(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let Some(id) = id(l, "data_notes", &row) else {
            continue;
        };
        let source = l.reference(&row, "source", "sources");
        if source.is_none() {
            l.errors
                .push(row.error("source", None, "is required and empty"));
        }
        let kind = l.one_of(&row, "kind", "data_note_kind", true);
        let found = l.required(&row, "found");
        let fact = l.fact(&row, "data_note")?;
        let cited = evidence(l, &row, fact, Some("found"), true)?;
        if let Some(src) = source
            && let Some(other) = cited
                .iter()
                .find(|x| l.excerpts.get(**x).is_some_and(|(s, _)| s != src))
        {
            let e = row.error(
                "evidence",
                Some(other),
                format!("excerpt is not from source {src}"),
            );
            l.errors.push(e);
        }
        l.insert(
            &row,
            "data_notes",
            &[
                "id",
                "fact_id",
                "source_id",
                "kind",
                "found",
                "reading",
                "note",
            ],
            &[
                &id,
                &fact,
                &source,
                &kind,
                &found,
                &row.get("reading"),
                &row.get("note"),
            ],
        )?;
    }
    Ok(())
}

fn coverage_ignore(l: &mut Loader, t: &Table) -> Result<()> {
    for row in t.rows() {
        let source = l.reference(&row, "source", "sources");
        let token = l.required(&row, "token");
        let reason = l.required(&row, "reason");
        let (Some(source), Some(token)) = (source, token) else {
            continue;
        };
        l.define(
            "coverage_ignore",
            &row,
            "token",
            &format!("{source}\u{0}{token}"),
        );
        l.insert(
            &row,
            "coverage_ignore",
            &["source_id", "token", "reason"],
            &[&source, &token, &reason],
        )?;
    }
    Ok(())
}
