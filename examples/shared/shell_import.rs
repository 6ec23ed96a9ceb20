//! The sqlite3 shell's import of a seeds folder, made from the loader's spec: the baseline
//! benches/run times `crisisdb build` against. examples/genseeds.rs writes it next to the
//! seeds it makes; tests/cmd/build.rs checks that it fills the same rows as the loader.

use std::fmt::Write as _;

/// The sqlite3 shell's way to the database `crisisdb build --seeds DIR` makes, for the
/// benchmark's side-by-side (benches/run), made from the loader's spec of the seed files:
/// `.import` each file, then fill the schema (migrations/V*.sql, run before it) with
/// INSERT ... SELECT. No validation beyond the schema's own CHECKs; it computes what the
/// loader computes (fact ids in load order, evidence links, dates resolved to days, excerpt
/// offsets, events' reported dates, the full-text indexes), so both hold the same rows. Run
/// from inside the seeds folder (readfile() reads articles/ from there):
///
///   { echo 'BEGIN;'; cat migrations/V*.sql; echo 'COMMIT;'; cat SEEDS/import.sql; } \
///     | (cd SEEDS && sqlite3 DB)
pub fn script() -> String {
    use crisisdb::load::spec::{Required, SEED_FILES, Type};
    let mut sql = String::from(
        "-- Written by examples/genseeds.rs from the loader's spec (src/load/spec.rs): the sqlite3\n\
         -- shell's import of this folder, for benches/run. No validation.\n.bail on\n",
    );
    for f in SEED_FILES {
        let _ = writeln!(
            sql,
            ".import --csv --schema temp {} stg_{}",
            f.file, f.table
        );
    }
    sql.push_str("\nBEGIN;\n-- fact ids are numbered in load order, as crisisdb numbers them: `base` holds the last one\nCREATE TEMP TABLE base (n INTEGER NOT NULL);\nINSERT INTO base VALUES (0);\n");
    let mut deferred = Vec::new();
    let mut excerpts_in = false;
    for f in SEED_FILES {
        let t = f.table;
        let _ = writeln!(sql);
        // `evidence` cells are `;`-separated excerpt ids, split by json_each as a JSON array
        let evidence = f.columns.iter().find(|c| c.ty == Type::Evidence).map(|c| {
            let filter = match c.required {
                Required::Always => String::new(),
                _ => format!(" WHERE t.\"{}\" <> ''", c.name),
            };
            format!(
                "FROM stg_{t} t JOIN {t} x ON x.id = t.id, json_each('[\"' || replace(t.\"{}\", ';', '\",\"') || '\"]') j{filter};\n",
                c.name
            )
        });
        if let Some(kind) = f.fact {
            let _ = writeln!(
                sql,
                "INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, '{kind}' FROM stg_{t};"
            );
        }
        if t == "excerpts" {
            sql.push_str(EXCERPT_AT);
        }
        let mut names = Vec::new();
        let mut exprs = Vec::new();
        if f.fact.is_some() {
            names.push("fact_id".to_string());
            exprs.push("(SELECT n FROM base) + t.rowid".to_string());
        }
        for c in f.columns {
            let cell = format!("t.\"{}\"", c.name);
            match (c.ty, c.db) {
                (
                    Type::Date {
                        end,
                        precision,
                        into,
                    },
                    _,
                ) => {
                    let p = format!("t.\"{precision}\"");
                    let last = end.map_or(cell.clone(), |e| {
                        format!("coalesce(nullif(t.\"{e}\", ''), {cell})")
                    });
                    let range = end.map_or(String::new(), |e| {
                        format!(" WHEN {p} = 'range' THEN t.\"{e}\"")
                    });
                    names.extend([
                        into.0.to_string(),
                        into.1.to_string(),
                        precision.to_string(),
                    ]);
                    exprs.push(format!(
                        "CASE WHEN {cell} = '' THEN NULL WHEN length({cell}) = 4 THEN {cell} || '-01-01' WHEN length({cell}) = 7 THEN {cell} || '-01' ELSE {cell} END"
                    ));
                    exprs.push(format!(
                        "CASE WHEN {cell} = '' THEN NULL{range} WHEN {p} = 'decade' THEN (CAST({cell} AS INTEGER) + 9) || '-12-31' WHEN length({last}) = 4 THEN {last} || '-12-31' WHEN length({last}) = 7 THEN date({last} || '-01', '+1 month', '-1 day') ELSE {last} END"
                    ));
                    exprs.push(p);
                }
                (Type::Number, Some(db)) => {
                    names.push(db.to_string());
                    exprs.push(format!("CASE WHEN {cell} = '' THEN NULL WHEN instr({cell}, '.') THEN CAST({cell} AS REAL) ELSE CAST({cell} AS INTEGER) END"));
                }
                (_, Some(db)) => {
                    names.push(db.to_string());
                    exprs.push(match c.required {
                        Required::Always => cell,
                        _ => format!("nullif({cell}, '')"),
                    });
                }
                (_, None) => {}
            }
        }
        let mut from = format!("stg_{t} t");
        for (name, _) in f.computed {
            names.push(name.to_string());
            exprs.push(match (t, *name) {
                ("sources", "text") => "CAST(readfile('articles/' || t.file) AS TEXT)".into(),
                ("excerpts", "char_start") => {
                    from = format!("{from} JOIN excerpt_at a ON a.r = t.rowid JOIN sources s ON s.id = t.source");
                    "a.at - 1".into()
                }
                ("excerpts", "char_end") => "a.at - 1 + length(t.text)".into(),
                ("excerpts", "line") => "length(substr(s.text, 1, a.at - 1)) - length(replace(substr(s.text, 1, a.at - 1), char(10), '')) + 1".into(),
                ("events", "reported_start") => reported("min(src.published_start)"),
                ("events", "reported_end") => reported("min(src.published_end)"),
                ("events", "reported_precision") => reported(
                    "CASE WHEN min(src.published_start) = min(src.published_end) THEN 'day' \
                     WHEN min(src.published_start) = date(min(src.published_start), 'start of month') \
                      AND min(src.published_end) = date(min(src.published_start), 'start of month', '+1 month', '-1 day') THEN 'month' \
                     WHEN min(src.published_start) IS NOT NULL THEN 'range' END",
                ),
                ("events", "reported_date") => reported(
                    "CASE WHEN min(src.published_start) = min(src.published_end) THEN min(src.published_start) END",
                ),
                other => panic!("import.sql does not know how to compute {other:?}"),
            });
        }
        if let Some(ev) = &evidence
            && excerpts_in
        {
            // the rows' evidence first: events' reported dates read it
            let _ = write!(
                sql,
                "INSERT INTO evidence (fact_id, excerpt_id, role)\nSELECT (SELECT n FROM base) + t.rowid, {EXCERPT_ROLE} {}",
                ev.replace(&format!(" JOIN {t} x ON x.id = t.id"), "")
            );
        }
        let _ = writeln!(
            sql,
            "INSERT INTO {t} ({})\nSELECT {}\nFROM {from};",
            names.join(", "),
            exprs.join(",\n       ")
        );
        if let Some(ev) = evidence
            && !excerpts_in
        {
            deferred.push(ev);
        }
        if f.fact.is_some() {
            sql.push_str("UPDATE base SET n = (SELECT max(fact_id) FROM facts);\n");
        }
        if t == "excerpts" {
            excerpts_in = true;
            for ev in deferred.drain(..) {
                let _ = write!(
                    sql,
                    "INSERT INTO evidence (fact_id, excerpt_id, role)\nSELECT x.fact_id, {EXCERPT_ROLE} {ev}"
                );
            }
        }
    }
    sql.push_str(
        "\nINSERT INTO build_info (key, value) VALUES ('seeds_origin', 'sqlite3 shell import');\n\
         -- as sql/internal/rebuild_fts.sql\n\
         INSERT INTO sources_fts (sources_fts) VALUES ('rebuild');\n\
         INSERT INTO excerpts_fts (excerpts_fts) VALUES ('rebuild');\n\nCOMMIT;\n",
    );
    sql
}

/// Where each excerpt starts in its source: the first match, or the `occurrence`-th.
const EXCERPT_AT: &str =
    "CREATE TEMP TABLE excerpt_at (r INTEGER PRIMARY KEY, at INTEGER NOT NULL);
INSERT INTO excerpt_at (r, at)
WITH RECURSIVE occ (r, k, want, at) AS (
    SELECT x.rowid, 1, CAST(x.occurrence AS INTEGER), instr(s.text, x.text)
    FROM stg_excerpts x JOIN sources s ON s.id = x.source
    WHERE x.occurrence <> ''
    UNION ALL
    SELECT o.r, o.k + 1, o.want, o.at + instr(substr(s.text, o.at + 1), x.text)
    FROM occ o JOIN stg_excerpts x ON x.rowid = o.r JOIN sources s ON s.id = x.source
    WHERE o.k < o.want
)
SELECT r, at FROM occ WHERE k = want;
INSERT INTO excerpt_at (r, at)
SELECT x.rowid, instr(s.text, x.text)
FROM stg_excerpts x JOIN sources s ON s.id = x.source
WHERE x.occurrence = '';
";

/// An evidence cell's item (`x-1` or `x-1@date`) as its excerpt id and role.
const EXCERPT_ROLE: &str = "iif(instr(j.value, '@'), substr(j.value, 1, instr(j.value, '@') - 1), j.value), \
     iif(instr(j.value, '@'), substr(j.value, instr(j.value, '@') + 1), 'states')";

/// A value of an event's reported window, `agg` over the publication dates of its sources.
fn reported(agg: &str) -> String {
    format!(
        "(SELECT {agg} FROM evidence v JOIN excerpts x ON x.id = v.excerpt_id JOIN sources src ON src.id = x.source_id WHERE v.fact_id = (SELECT n FROM base) + t.rowid)"
    )
}
