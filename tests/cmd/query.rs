//! `crisisdb queries` and `run`: canned queries, typed parameters, evidence with each answer.

use std::collections::{BTreeMap, BTreeSet};

use crate::util::{Workdir, canned_names, parse_csv};

/// A value for each required parameter of the embedded queries.
fn required_value(query: &str) -> &'static [&'static str] {
    match query {
        "actor" => &["actor=Petro"],
        "evidence" => &["event=e-001"],
        "search" => &["q=tariffs"],
        _ => &[],
    }
}

#[test]
fn every_canned_query_runs_with_its_defaults_and_answers_with_evidence() {
    let w = Workdir::new().built();
    let names = canned_names(&w);
    assert!(names.len() >= 12, "{names:?}");
    let mut cited = 0;
    for name in &names {
        let a = Answer::run(&w, name, required_value(name));
        assert!(!a.rows.is_empty(), "{name} returned no rows");
        if !a.header.iter().any(|c| c == "evidence") {
            continue;
        }
        cited += 1;
        for r in a.col("evidence") {
            assert!(r.starts_with("[a"), "{name}: a row without evidence: {r:?}");
        }
        if a.header.iter().any(|c| c == "sources") {
            let sources = a.col("sources");
            assert!(
                sources.iter().all(|s| !s.is_empty()),
                "{name}: a row without sources"
            );
        }
    }
    assert!(cited >= 10, "{cited} canned queries carry their evidence");
}

#[test]
fn queries_lists_and_shows_one() {
    let w = Workdir::new();
    let shown = w.run(&["queries", "timeline"]).ok();
    assert!(shown.contains("Timeline"));
    assert!(shown.contains("-p [from date]"));
    assert!(shown.contains("SELECT"));
    w.run(&["queries", "nope"])
        .fails(1, &["no canned query `nope`", "timeline"]);
}

#[test]
fn parameters_are_type_checked_and_listed_on_error() {
    let w = Workdir::new().built();
    // usage errors exit 2
    w.run(&["run", "timeline", "-p", "from=2025-13-01"]).fails(
        2,
        &["-p from=2025-13-01", "not a date", "query timeline takes"],
    );
    w.run(&["run", "timeline", "-p", "when=2025"])
        .fails(2, &["no parameter `when`", "[from date]", "[to date_last]"]);
    w.run(&["run", "actor"])
        .fails(2, &["needs -p actor=<text>", "actor text"]);
    w.run(&["run", "timeline", "-p", "type=massacre"])
        .fails(2, &["not an allowed value", "decertification"]);
    w.run(&["run", "timeline", "-p", "type=sanction,massacre"])
        .fails(2, &["-p type=massacre", "not an allowed value"]);
    w.run(&["run", "search", "-p", "q=x", "-p", "limit=ten"])
        .fails(2, &["not an integer"]);
    w.run(&["run", "timeline", "-p", "novalue"])
        .fails(2, &["write -p NAME=VALUE"]);
    // a single-valued parameter given twice is refused, never the last one silently kept
    w.run(&[
        "run",
        "quotes",
        "-p",
        "speaker=Petro",
        "-p",
        "speaker=Trump",
    ])
    .fails(
        2,
        &[
            "-p speaker is given twice (Petro and Trump)",
            "takes one value",
        ],
    );
    w.run(&["run", "timeline", "-p", "from=2025", "-p", "from=2024"])
        .fails(2, &["-p from is given twice"]);
    // a name that finds nothing is an error (exit 1) naming the closest, never an empty answer
    w.run(&["run", "timeline", "-p", "actor=Pettro"]).fails(
        1,
        &["no actor is called that", "did you mean", "gustavo-petro"],
    );
    w.run(&["run", "evidence", "-p", "event=e-999"])
        .fails(1, &["-p event=e-999", "did you mean"]);
    // several matches are listed
    w.run(&["run", "actor", "-p", "actor=President"]).fails(
        1,
        &["actors match; say which", "gustavo-petro", "donald-trump"],
    );
}

#[test]
fn queries_name_lists_each_parameters_allowed_values() {
    let w = Workdir::new().built();
    let shown = w.run(&["queries", "timeline"]).ok();
    let types = base(
        &w,
        "select value from vocabulary where domain = 'event_type' order by value",
    );
    let types: Vec<&str> = types.iter().map(|r| r[0].as_str()).collect();
    assert!(
        shown.contains(&format!("one of: {}", types.join(", "))),
        "{shown}"
    );
    assert!(shown.contains("-p [type text[]]"), "{shown}");
    assert!(shown.contains("any actor, by id or name"), "{shown}");
    let bases = w.run(&["queries", "bases"]).ok();
    assert!(bases.contains("any place, by id or name"), "{bases}");
}

#[test]
fn timeline_filters_by_date_type_and_actor_alias() {
    let w = Workdir::new().built();
    let a = Answer::run(
        &w,
        "timeline",
        &["from=2025-09-01", "to=2025-09-30", "type=decertification"],
    );
    assert!(!a.rows.is_empty());
    for r in a.cols(&["type", "start_date", "end_date"]) {
        assert_eq!(r[0], "decertification");
        assert!(
            r[1].as_str() <= "2025-09-30" && r[2].as_str() >= "2025-09-01",
            "{r:?}"
        );
    }
    let by_alias = Answer::run(&w, "timeline", &["actor=@petrogustavo"]).rows;
    let by_id = Answer::run(&w, "timeline", &["actor=gustavo-petro"]).rows;
    assert_eq!(by_alias, by_id);
    assert!(by_id.len() > 20);
}

#[test]
fn a_user_sql_dir_adds_queries_and_cannot_write() {
    let w = Workdir::new().built();
    let dir = w.path("myq");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("count_type.sql"),
        "-- title: Count one type\n-- param: t text = strike -- a type\nSELECT count(*) AS n FROM events WHERE type = :t;\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("evil.sql"),
        "-- title: Evil\nDELETE FROM events;\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let out = w
        .run(&["--sql-dir", d, "run", "count_type", "--format", "csv"])
        .ok();
    assert_eq!(parse_csv(&out)[0], vec!["n"]);
    let before = w.read("crisis.db");
    w.run(&["--sql-dir", d, "run", "evil"])
        .fails(1, &["would change the database"]);
    assert_eq!(before, w.read("crisis.db"));
    // every other way a canned file might write: refused, the database unchanged
    for (name, sql, error) in [
        (
            "two",
            "SELECT 1 AS x;\nDELETE FROM events;",
            "a canned query is one statement",
        ),
        (
            "cte",
            "WITH x AS (SELECT 1) DELETE FROM events;",
            "would change the database",
        ),
        (
            "ins",
            "INSERT INTO countries VALUES ('XXA', 'a') RETURNING code;",
            "would change the database",
        ),
        ("att", "ATTACH DATABASE 'new.db' AS o;", "need --write"),
        ("prag", "PRAGMA user_version = 3;", "need --write"),
        ("ext", "SELECT load_extension('x');", "not authorized"),
        ("vac", "VACUUM INTO 'copy.db';", "would change the database"),
        ("drop", "DROP TABLE events;", "would change the database"),
        (
            "vals",
            "-- param: k text = -- a kind\n-- values: k = DELETE FROM events RETURNING id\nSELECT :k AS k;",
            "the values query of vals.k",
        ),
    ] {
        std::fs::write(
            dir.join(format!("{name}.sql")),
            format!("-- title: {name}\n{sql}\n"),
        )
        .unwrap();
        let mut args = vec!["--sql-dir", d, "run", name];
        if name == "vals" {
            args.extend(["-p", "k=x"]);
        }
        w.run(&args).fails(1, &[error]);
        assert_eq!(before, w.read("crisis.db"), "{name} changed the database");
    }
    assert!(!w.path("new.db").exists());
    assert!(!w.path("copy.db").exists());
}

// Invariants: each canned query against an independent formulation over the base tables
// (never the views the canned query reads), filtered and counted here in Rust.

/// A canned query's answer, header apart.
struct Answer {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Answer {
    fn run(w: &Workdir, name: &str, params: &[&str]) -> Answer {
        let mut args = vec!["run", name, "--format", "csv"];
        for p in params {
            args.extend(["-p", *p]);
        }
        let mut rows = parse_csv(&w.run(&args).ok());
        let header = rows.remove(0);
        Answer { header, rows }
    }

    fn at(&self, col: &str) -> usize {
        self.header
            .iter()
            .position(|c| c == col)
            .unwrap_or_else(|| panic!("no column {col} in {:?}", self.header))
    }

    /// The values of `cols`, one tuple a row.
    fn cols(&self, cols: &[&str]) -> Vec<Vec<String>> {
        let at: Vec<usize> = cols.iter().map(|c| self.at(c)).collect();
        self.rows
            .iter()
            .map(|r| at.iter().map(|&i| r[i].clone()).collect())
            .collect()
    }

    fn col(&self, col: &str) -> Vec<String> {
        let i = self.at(col);
        self.rows.iter().map(|r| r[i].clone()).collect()
    }
}

/// Rows of `sql` over the base tables, header dropped.
fn base(w: &Workdir, sql: &str) -> Vec<Vec<String>> {
    w.csv(sql).split_off(1)
}

/// The same rows, each as often, in any order.
#[track_caller]
fn assert_same_rows<T: Ord + std::fmt::Debug>(what: &str, got: Vec<T>, want: Vec<T>) {
    let mut count: BTreeMap<&T, i64> = BTreeMap::new();
    for g in &got {
        *count.entry(g).or_default() += 1;
    }
    for w in &want {
        *count.entry(w).or_default() -= 1;
    }
    let extra: Vec<_> = count.iter().filter(|(_, n)| **n > 0).collect();
    let missing: Vec<_> = count.iter().filter(|(_, n)| **n < 0).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{what}: {} rows, {} from the base tables\nonly in the answer (row: times too many): \
         {extra:?}\nmissing from the answer (row: times too few): {missing:?}",
        got.len(),
        want.len()
    );
}

#[track_caller]
fn assert_distinct(what: &str, values: &[String]) {
    let set: BTreeSet<&String> = values.iter().collect();
    assert_eq!(set.len(), values.len(), "{what}: repeated rows {values:?}");
}

/// A comma-separated list as a set.
fn set_of(list: &str) -> BTreeSet<String> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The sources and the `[source:line] words | ...` evidence of every fact row, by (table, id),
/// from evidence and excerpts.
fn citations(w: &Workdir) -> BTreeMap<(String, String), (BTreeSet<String>, String)> {
    let mut union = Vec::new();
    for (table, key) in [
        ("events", "t.id"),
        ("quotes", "t.id"),
        ("aid", "t.id"),
        ("figures", "t.id"),
        ("assets", "t.id"),
        ("deployments", "t.id"),
        ("data_notes", "t.id"),
        ("dispute_claims", "t.dispute_id || '/' || t.claim"),
    ] {
        union.push(format!(
            "select '{table}', {key}, x.source_id, x.line, x.text, x.char_start, ev.role from {table} t \
             join evidence ev on ev.fact_id = t.fact_id join excerpts x on x.id = ev.excerpt_id"
        ));
    }
    let mut rows = base(w, &union.join(" union all "));
    rows.sort_by_key(|r| {
        (
            r[0].clone(),
            r[1].clone(),
            r[2].clone(),
            r[5].parse::<i64>().unwrap(),
        )
    });
    let mut by_fact: BTreeMap<(String, String), (BTreeSet<String>, Vec<String>)> = BTreeMap::new();
    for r in rows {
        let e = by_fact.entry((r[0].clone(), r[1].clone())).or_default();
        // only an excerpt that states the fact makes its source one of the fact's sources; any
        // other is cited with what it supports
        if r[6] == "states" {
            e.0.insert(r[2].clone());
            e.1.push(format!("[{}:{}] {}", r[2], r[3], r[4]));
        } else {
            e.1.push(format!("[{}:{} {}] {}", r[2], r[3], r[6], r[4]));
        }
    }
    by_fact
        .into_iter()
        .map(|(k, (s, cites))| (k, (s, cites.join(" | "))))
        .collect()
}

/// Each row's `sources` lists exactly the distinct sources of its fact's evidence, and its
/// `evidence` every excerpt; `fact_of` names a row's fact as (table, id).
#[track_caller]
fn assert_cited<'t>(
    w: &Workdir,
    name: &str,
    a: &Answer,
    fact_of: impl Fn(&[String]) -> (&'t str, String),
) {
    let truth = citations(w);
    let has_sources = a.header.iter().any(|c| c == "sources");
    for row in &a.rows {
        let (table, id) = fact_of(row);
        let key = (table.to_string(), id);
        let (sources, evidence) = truth
            .get(&key)
            .unwrap_or_else(|| panic!("{name}: {key:?} has no evidence"));
        if has_sources {
            assert_eq!(&set_of(&row[a.at("sources")]), sources, "{name} {key:?}");
        }
        assert_eq!(&row[a.at("evidence")], evidence, "{name} {key:?}");
    }
}

/// [`assert_cited`] for rows whose `id` is the id of a row of `table`.
#[track_caller]
fn assert_cited_by_id(w: &Workdir, a: &Answer, table: &str) {
    let id = a.at("id");
    assert_cited(w, table, a, |r| (table, r[id].clone()));
}

/// [`assert_cited`] for rows of several tables: `what` says which (`tables` maps it to the
/// table's name) and `id` which row.
#[track_caller]
fn assert_cited_by_what(w: &Workdir, a: &Answer, tables: &[(&str, &str)]) {
    let (what, id) = (a.at("what"), a.at("id"));
    let table = |r: &[String]| {
        tables
            .iter()
            .find(|t| t.0 == r[what])
            .expect("a known what")
            .1
    };
    assert_cited(w, "what/id", a, |r| (table(r), r[id].clone()));
}

/// The ids of the actors a lookup names, by id or by any name or alias, case-insensitive.
fn actors_named(w: &Workdir, lookup: &str) -> BTreeSet<String> {
    let wanted = lookup.to_lowercase();
    base(
        w,
        "select id, id, name from actors union all select actor_id, actor_id, alias from actor_aliases",
    )
    .into_iter()
    .filter(|r| r[1] == wanted || r[2].to_lowercase() == wanted)
    .map(|r| r[0].clone())
    .collect()
}

#[test]
fn events_by_type_counts_each_event_once() {
    let w = Workdir::new().built();
    let a = Answer::run(&w, "events_by_type", &[]);
    let sql = "select type, status, start_date, end_date, id from events";
    let events = base(&w, sql);
    let total: usize = a
        .col("events")
        .iter()
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, events.len(), "the counts add up to the events");
    let mut want: BTreeMap<(String, String), (usize, String, String)> = BTreeMap::new();
    for e in &events {
        let g = want.entry((e[0].clone(), e[1].clone())).or_default();
        g.0 += 1;
        if !e[2].is_empty() && (g.1.is_empty() || e[2] < g.1) {
            g.1 = e[2].clone();
        }
        g.2 = g.2.clone().max(e[3].clone());
    }
    let want: Vec<Vec<String>> = want
        .into_iter()
        .map(|((t, s), (n, first, last))| vec![t, s, n.to_string(), first, last])
        .collect();
    assert_same_rows(
        "events_by_type",
        a.cols(&["type", "status", "events", "first", "last"]),
        want,
    );
    // per type, whatever the status: the plain count of events
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for r in a.cols(&["type", "events"]) {
        *by_type.entry(r[0].clone()).or_default() += r[1].parse::<usize>().unwrap();
    }
    let plain = base(&w, "select type, count(*) from events group by type");
    for r in plain {
        assert_eq!(by_type[&r[0]].to_string(), r[1], "events of type {}", r[0]);
    }
    let truth = citations(&w);
    for r in a.cols(&["type", "status", "sources"]) {
        let want: BTreeSet<String> = events
            .iter()
            .filter(|e| e[0] == r[0] && e[1] == r[1])
            .flat_map(|e| truth[&("events".into(), e[4].clone())].0.clone())
            .collect();
        assert_eq!(set_of(&r[2]), want, "sources of {} {}", r[0], r[1]);
    }
}

/// Base rows whose first field names a canned query's row: its `key` columns joined by `/`.
struct Truth {
    key: &'static [&'static str],
    rows: Vec<Vec<String>>,
}

impl Truth {
    fn new(w: &Workdir, key: &'static [&'static str], sql: &str) -> Truth {
        Truth {
            key,
            rows: base(w, sql),
        }
    }

    /// Rows of several tables, named by the `what` and `id` columns.
    fn by_what(w: &Workdir, sql: &str) -> Truth {
        Truth::new(w, &["what", "id"], sql)
    }

    /// Rows named by their `id` column alone.
    fn ids(w: &Workdir, sql: &str) -> Truth {
        Truth::new(w, &["id"], sql)
    }

    /// Runs `run` (a canned query, then its parameters) and asserts that its rows are exactly
    /// the base rows that `keep` accepts, each once, and not none.
    #[track_caller]
    fn keeps(&self, w: &Workdir, run: &[&str], keep: impl Fn(&[String]) -> bool) -> Answer {
        let a = Answer::run(w, run[0], &run[1..]);
        let got: Vec<String> = a.cols(self.key).iter().map(|r| r.join("/")).collect();
        let want: Vec<String> = self
            .rows
            .iter()
            .filter(|r| keep(r))
            .map(|r| r[0].clone())
            .collect();
        assert!(!want.is_empty(), "{run:?}: the base tables hold none");
        assert_distinct(run[0], &got);
        assert_same_rows(&format!("{run:?}"), got, want);
        a
    }

    /// Canned `name` has a row for each base row, with the citations of `table`'s row by `id`.
    #[track_caller]
    fn all_cited(&self, w: &Workdir, name: &str, table: &str) -> Answer {
        let a = self.keeps(w, &[name], |_| true);
        assert_cited_by_id(w, &a, table);
        a
    }
}

#[test]
fn timeline_has_one_row_per_event_with_its_actors_and_citations() {
    let w = Workdir::new().built();
    let events = Truth::ids(&w, "select id, start_date, end_date, type from events");
    let a = events.all_cited(&w, "timeline", "events");
    let actors = base(
        &w,
        "select ea.event_id, a.name || ' (' || ea.role || ')' from event_actors ea join actors a on a.id = ea.actor_id",
    );
    for r in a.cols(&["id", "actors"]) {
        let got: Vec<&str> = r[1].split("; ").filter(|s| !s.is_empty()).collect();
        let of_event = actors.iter().filter(|x| x[0] == r[0]);
        let want: Vec<&str> = of_event.map(|x| x[1].as_str()).collect();
        assert_same_rows(&format!("actors of {}", r[0]), got, want);
    }
    // a date range keeps the events whose possible dates overlap it
    let run = [
        "timeline",
        "from=2025-09-01",
        "to=2025-11-30",
        "type=sanction",
    ];
    events.keeps(&w, &run, |e| {
        let (start, end) = (e[1].as_str(), e[2].as_str());
        e[3] == "sanction" && !start.is_empty() && end >= "2025-09-01" && start <= "2025-11-30"
    });
    // an actor keeps the events it has any role in, once each
    let who = actors_named(&w, "Trump");
    assert_eq!(who, BTreeSet::from(["donald-trump".to_string()]));
    let theirs: BTreeSet<String> = base(&w, "select event_id, actor_id from event_actors")
        .into_iter()
        .filter(|r| who.contains(&r[1]))
        .map(|r| r[0].clone())
        .collect();
    events.keeps(&w, &["timeline", "actor=Trump"], |e| theirs.contains(&e[0]));
}

#[test]
fn quotes_has_one_row_per_quote_and_filters_by_speaker_and_words() {
    let w = Workdir::new().built();
    let quotes = Truth::ids(&w, "select id, speaker_id, lower(words) from quotes");
    quotes.all_cited(&w, "quotes", "quotes");
    let petro = actors_named(&w, "Petro");
    quotes.keeps(&w, &["quotes", "speaker=Petro"], |q| petro.contains(&q[1]));
    quotes.keeps(&w, &["quotes", "contains=cocaine"], |q| {
        q[2].contains("cocaine")
    });
}

#[test]
fn aid_figures_and_data_notes_have_one_row_per_base_row() {
    let w = Workdir::new().built();
    for table in ["aid", "figures", "data_notes"] {
        let rows = Truth::ids(&w, &format!("select id from {table}"));
        rows.all_cited(&w, table, table);
    }
    let figures = Truth::ids(&w, "select id, lower(subject) from figures");
    figures.keeps(&w, &["figures", "contains=deport"], |f| {
        f[1].contains("deport")
    });
    let notes = Truth::ids(&w, "select id, source_id, kind from data_notes");
    let run = ["data_notes", "source=a0", "kind=mojibake"];
    notes.keeps(&w, &run, |n| n[1] == "a0" && n[2] == "mojibake");
}

#[test]
fn disputes_has_one_row_per_side() {
    let w = Workdir::new().built();
    let claims = Truth::new(
        &w,
        &["dispute", "claim"],
        "select d.id || '/' || dc.claim, d.kind from dispute_claims dc join disputes d on d.id = dc.dispute_id",
    );
    let a = claims.keeps(&w, &["disputes"], |_| true);
    let (d, c) = (a.at("dispute"), a.at("claim"));
    let claim = |r: &[String]| format!("{}/{}", r[d], r[c]);
    assert_cited(&w, "disputes", &a, |r| ("dispute_claims", claim(r)));
    claims.keeps(&w, &["disputes", "kind=within_source"], |r| {
        r[1] == "within_source"
    });
}

#[test]
fn sanctions_and_strikes_list_each_event_and_figure_once() {
    let w = Workdir::new().built();
    let events = Truth::ids(&w, "select id, type from events");
    let coercive = "sanction visa_revocation tariff aid_cut decertification";
    let a = events.keeps(&w, &["sanctions"], |e| {
        coercive.split(' ').any(|t| t == e[1])
    });
    assert_cited_by_id(&w, &a, "events");

    let military = "strike military_operation capture killing";
    let units = "deaths casualties strikes airstrikes operations vessels killed";
    let sql = "select 'event/' || id, 'event', type, '' from events \
               union all select 'figure/' || id, 'figure', unit, lower(subject) from figures";
    let rows = Truth::by_what(&w, sql);
    let a = rows.keeps(&w, &["strikes"], |r| match r[1].as_str() {
        "event" => military.split(' ').any(|t| t == r[2]),
        _ => {
            let unit = units.split(' ').any(|u| u == r[2]) || r[2] == "people killed";
            unit || r[3].contains("strike") || r[3].contains("killed")
        }
    });
    assert_cited_by_what(&w, &a, &[("event", "events"), ("figure", "figures")]);
}

#[test]
fn bases_has_one_row_per_asset_and_deployment() {
    let w = Workdir::new().built();
    let sql = "select 'asset/' || id, country from assets \
               union all select 'deployment/' || id, country from deployments";
    let rows = Truth::by_what(&w, sql);
    let tables = [("asset", "assets"), ("deployment", "deployments")];
    for (run, country) in [(&["bases"][..], ""), (&["bases", "country=COL"][..], "COL")] {
        let a = rows.keeps(&w, run, |r| country.is_empty() || r[1] == country);
        assert_cited_by_what(&w, &a, &tables);
    }
}

#[test]
fn sources_counts_each_fact_and_note_once() {
    let w = Workdir::new().built();
    let a = Answer::run(&w, "sources", &[]);
    let pairs = base(
        &w,
        "select x.source_id, ev.fact_id from evidence ev join excerpts x on x.id = ev.excerpt_id",
    );
    let notes = base(&w, "select source_id from data_notes").concat();
    let want: Vec<Vec<String>> = base(&w, "select id from sources")
        .concat()
        .into_iter()
        .map(|s| {
            let facts: BTreeSet<&String> =
                pairs.iter().filter(|p| p[0] == s).map(|p| &p[1]).collect();
            let n = notes.iter().filter(|n| **n == s).count();
            vec![s, facts.len().to_string(), n.to_string()]
        })
        .collect();
    assert_same_rows("sources", a.cols(&["id", "facts", "data_notes"]), want);
}

#[test]
fn evidence_lists_every_excerpt_of_the_event_once() {
    let w = Workdir::new().built();
    for event in ["e-001", "e-082"] {
        let a = Answer::run(&w, "evidence", &[&format!("event={event}")]);
        let want = base(
            &w,
            &format!(
                "select x.source_id, s.outlet, x.line, x.char_start, x.char_end, x.text \
                 from events e join evidence ev on ev.fact_id = e.fact_id \
                 join excerpts x on x.id = ev.excerpt_id join sources s on s.id = x.source_id \
                 where e.id = '{event}'"
            ),
        );
        assert!(!want.is_empty());
        let cols = [
            "source_id",
            "outlet",
            "line",
            "char_start",
            "char_end",
            "excerpt",
        ];
        assert_same_rows(&format!("evidence {event}"), a.cols(&cols), want);
        assert!(a.col("event").iter().all(|e| e == event));
    }
}

#[test]
fn actor_lists_exactly_the_actors_events_quotes_titles_and_aliases() {
    let w = Workdir::new().built();
    for lookup in ["Petro", "@petrogustavo", "donald-trump"] {
        let who = actors_named(&w, lookup);
        assert_eq!(who.len(), 1, "{lookup}: {who:?}");
        let a = Answer::run(&w, "actor", &[&format!("actor={lookup}")]);
        assert!(a.col("actor_id").iter().all(|id| who.contains(id)));
        let section = |s: &str| -> Vec<Vec<String>> {
            a.cols(&["section", "date_start", "role", "detail"])
                .into_iter()
                .filter(|r| r[0] == s)
                .map(|r| r[1..].to_vec())
                .collect()
        };
        let of_who = |sql: &str| -> Vec<Vec<String>> {
            base(&w, sql)
                .into_iter()
                .filter(|r| who.contains(&r[0]))
                .map(|r| r[1..].to_vec())
                .collect()
        };
        // one row per event, every role the actor held in it
        let mut roles: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
        for r in of_who(
            "select ea.actor_id, e.id, coalesce(e.start_date, ''), e.title, ea.role \
             from event_actors ea join events e on e.id = ea.event_id",
        ) {
            roles
                .entry((r[0].clone(), r[1].clone(), r[2].clone()))
                .or_default()
                .push(r[3].clone());
        }
        let want: Vec<Vec<String>> = roles
            .into_iter()
            .map(|((_, date, title), mut rs)| {
                rs.sort();
                vec![date, rs.join(", "), title]
            })
            .collect();
        assert!(!want.is_empty());
        assert_same_rows(&format!("actor={lookup} events"), section("event"), want);
        let quotes =
            of_who("select speaker_id, coalesce(date_start, ''), 'speaker', words from quotes");
        assert!(!quotes.is_empty());
        assert_same_rows(&format!("actor={lookup} quotes"), section("quote"), quotes);
        let titles =
            of_who("select actor_id, coalesce(as_of_start, ''), '', title from actor_titles");
        assert_same_rows(&format!("actor={lookup} titles"), section("title"), titles);
        let aliases = of_who("select actor_id, '', '', alias from actor_aliases");
        assert_same_rows(
            &format!("actor={lookup} aliases"),
            section("alias"),
            aliases,
        );
        assert_eq!(section("actor").len(), who.len());
    }
}

// The answers' new columns and filters, each against an independent formulation.

/// The ids an answer lists (column `col`), in order.
fn ids_of(a: &Answer, col: &str) -> Vec<String> {
    a.col(col)
}

#[test]
fn several_values_are_the_union_of_single_runs() {
    let w = Workdir::new().built();
    // each: a query, one of its parameters, and two values that parameter takes
    for (query, param, [one, two]) in [
        ("timeline", "type", ["sanction", "aid_cut"]),
        ("timeline", "status", ["announced", "threatened"]),
        ("data_notes", "kind", ["mojibake", "typo"]),
        ("sanctions", "status", ["announced", "carried_out"]),
        ("aid", "stage", ["cut", "projected"]),
    ] {
        let first = Answer::run(&w, query, &[&format!("{param}={one}")]).rows;
        let second = Answer::run(&w, query, &[&format!("{param}={two}")]).rows;
        assert!(!first.is_empty() && !second.is_empty(), "{query} {param}");
        let both = Answer::run(&w, query, &[&format!("{param}={one},{two}")]).rows;
        let repeated = Answer::run(
            &w,
            query,
            &[&format!("{param}={one}"), &format!("{param}={two}")],
        )
        .rows;
        assert_eq!(both, repeated, "{query}: a,b and -p twice differ");
        assert_same_rows(
            &format!("{query} {param}={one},{two}"),
            both,
            [first, second].concat(),
        );
    }
}

#[test]
fn a_year_or_month_means_the_whole_of_it() {
    let w = Workdir::new().built();
    for query in [
        "timeline",
        "quotes",
        "figures",
        "sanctions",
        "strikes",
        "aid",
        "bases",
    ] {
        for (short, long) in [
            ("from=2025-09", "from=2025-09-01"),
            ("to=2025-09", "to=2025-09-30"),
            ("from=2025", "from=2025-01-01"),
            ("to=2025", "to=2025-12-31"),
            ("to=2024-02", "to=2024-02-29"),
        ] {
            assert_eq!(
                Answer::run(&w, query, &[short]).rows,
                Answer::run(&w, query, &[long]).rows,
                "{query}: {short} and {long} differ"
            );
        }
    }
    // the window keeps exactly the events whose possible dates overlap it
    let a = Answer::run(&w, "timeline", &["from=2025-09", "to=2025-09"]);
    let want: Vec<String> = base(
        &w,
        "select id from events where start_date <= '2025-09-30' and end_date >= '2025-09-01'",
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect();
    assert!(!want.is_empty());
    assert_same_rows("timeline September 2025", ids_of(&a, "id"), want);
}

/// The readable form of a date, written here apart from the SQL that makes it.
fn readable(start: &str, end: &str, precision: &str) -> String {
    let month = |m: usize| &"JanFebMarAprMayJunJulAugSepOctNovDec"[3 * (m - 1)..3 * m];
    if start.is_empty() || precision == "unknown" {
        return "unknown".into();
    }
    if precision == "day" && start == end {
        return start.into();
    }
    let parts = |d: &str| -> (String, usize, u32) {
        let y = d[..4].to_string();
        let m: usize = d[5..7].parse().unwrap();
        let day: u32 = d[8..10].parse().unwrap();
        (y, m, day)
    };
    let ((ys, ms, ds), (ye, me, de)) = (parts(start), parts(end));
    let last_day = |y: &str, m: usize| -> u32 {
        let y: u32 = y.parse().unwrap();
        match m {
            2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    };
    let (mon_s, mon_e) = (month(ms), month(me));
    let text = if start == end {
        format!("{ds} {mon_s} {ys}")
    } else if ms == 1 && ds == 1 && me == 12 && de == 31 {
        if ys == ye {
            ys.clone()
        } else if ys.ends_with('0') && ye.ends_with('9') && ys[..3] == ye[..3] {
            format!("{ys}s")
        } else {
            format!("{ys}–{ye}")
        }
    } else if ds == 1 && de == last_day(&ye, me) {
        if (ys.as_str(), ms) == (ye.as_str(), me) {
            format!("{mon_s} {ys}")
        } else if ys == ye {
            format!("{mon_s}–{mon_e} {ye}")
        } else {
            format!("{mon_s} {ys} – {mon_e} {ye}")
        }
    } else if (ys.as_str(), ms) == (ye.as_str(), me) {
        format!("{ds}–{de} {mon_e} {ye}")
    } else if ys == ye {
        format!("{ds} {mon_s} – {de} {mon_e} {ye}")
    } else {
        format!("{ds} {mon_s} {ys} – {de} {mon_e} {ye}")
    };
    if precision == "approximate" {
        format!("~{text}")
    } else {
        text
    }
}

#[test]
fn a_readable_date_says_what_start_end_and_precision_say() {
    let w = Workdir::new().built();
    assert_eq!(
        readable("2025-10-01", "2025-10-31", "approximate"),
        "~Oct 2025"
    );
    assert_eq!(
        readable("2025-10-23", "2025-10-23", "approximate"),
        "~23 Oct 2025"
    );
    assert_eq!(readable("1960-01-01", "1969-12-31", "decade"), "1960s");
    let mut precisions = BTreeSet::new();
    // each line: the query, a parameter or `-`, the readable column, then start, end, precision
    const CASES: &str = "\
        timeline - date start_date end_date precision
        sanctions - date start_date end_date precision
        quotes - date date_start date_end precision
        strikes - date date_start date_end precision
        actor actor=Petro date date_start date_end precision
        evidence event=e-082 date start_date end_date precision
        aid - period period_start period_end period_precision
        figures - as_of as_of_start as_of_end as_of_precision
        bases from=1900 as_of as_of_start as_of_end as_of_precision
        sources - published published_start published_end published_precision";
    for line in CASES.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (query, param, cols) = (words[0], words[1], &words[2..]);
        let params: Vec<&str> = [param].into_iter().filter(|p| *p != "-").collect();
        let a = Answer::run(&w, query, &params);
        assert!(!a.rows.is_empty(), "{query}");
        for r in a.cols(cols) {
            assert_eq!(r[0], readable(&r[1], &r[2], &r[3]), "{query}: {r:?}");
            precisions.insert(r[3].clone());
        }
    }
    assert!(precisions.len() >= 6, "{precisions:?}");
    // the date's reasoning comes with it: the quotes' notes, the events' date notes
    let q = Answer::run(&w, "quotes", &[]);
    let notes = base(&w, "select id, coalesce(note, '') from quotes");
    assert_same_rows("quotes date_note", q.cols(&["id", "date_note"]), notes);
    let t = Answer::run(&w, "timeline", &[]);
    let notes = base(
        &w,
        "select id, coalesce(date_note, ''), coalesce(summary, '') from events",
    );
    assert_same_rows(
        "timeline date_note and summary",
        t.cols(&["id", "date_note", "summary"]),
        notes,
    );
    let a = Answer::run(&w, "aid", &[]);
    let notes = base(&w, "select id, coalesce(note, '') from aid");
    assert_same_rows("aid note", a.cols(&["id", "note"]), notes);
}

/// `id (topic); ...` of the disputes touching each row of `table`, from disputed_facts and
/// dispute_claims.
fn disputes_by_id(w: &Workdir, table: &str) -> BTreeMap<String, String> {
    let rows = base(
        w,
        &format!(
            "select x.id, d.id, d.topic from {table} x \
               join disputed_facts df on df.fact_id = x.fact_id join disputes d on d.id = df.dispute_id \
             union \
             select x.id, d.id, d.topic from {table} x \
               join dispute_claims dc on dc.fact_id = x.fact_id join disputes d on d.id = dc.dispute_id"
        ),
    );
    let mut by: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for r in rows {
        by.entry(r[0].clone())
            .or_default()
            .insert(r[1].clone(), r[2].clone());
    }
    by.into_iter()
        .map(|(id, ds)| {
            let list: Vec<String> = ds.iter().map(|(d, t)| format!("{d} ({t})")).collect();
            (id, list.join("; "))
        })
        .collect()
}

#[test]
fn the_disputes_column_lists_every_dispute_that_touches_the_row() {
    let w = Workdir::new().built();
    let mut touched = 0;
    for (query, params, tables) in [
        ("timeline", &[][..], &[("", "events")][..]),
        ("sanctions", &[], &[("", "events")]),
        ("quotes", &[], &[("", "quotes")]),
        ("aid", &[], &[("", "aid")]),
        ("figures", &[], &[("", "figures")]),
        ("data_notes", &[], &[("", "data_notes")]),
        ("sources", &[], &[("", "sources")]),
        (
            "bases",
            &[],
            &[("asset", "assets"), ("deployment", "deployments")],
        ),
        (
            "strikes",
            &[],
            &[("event", "events"), ("figure", "figures")],
        ),
    ] {
        let a = Answer::run(&w, query, params);
        let mut want = BTreeMap::new();
        for (what, table) in tables {
            for (id, list) in disputes_by_id(&w, table) {
                want.insert((what.to_string(), id), list);
            }
        }
        let has_what = a.header.iter().any(|c| c == "what");
        for r in &a.rows {
            let what = if has_what {
                r[a.at("what")].clone()
            } else {
                String::new()
            };
            let id = r[a.at("id")].clone();
            let expected = want.get(&(what, id.clone())).cloned().unwrap_or_default();
            assert_eq!(r[a.at("disputes")], expected, "{query} {id}");
            touched += usize::from(!expected.is_empty());
        }
    }
    assert!(touched > 20, "{touched} rows touched by a dispute");
    // the contested visa date is no longer shown as settled
    let s = Answer::run(&w, "sanctions", &["type=visa_revocation"]);
    assert!(
        s.col("disputes").iter().any(|d| !d.is_empty()),
        "{:?}",
        s.rows
    );
}

#[test]
fn lookup_forgives_case_accents_punctuation_and_takes_a_unique_part() {
    let w = Workdir::new().built();
    let id_of = |sql: &str| base(&w, sql)[0][0].clone();
    let sanchez = id_of("select id from actors where name = 'Pedro Sánchez'");
    let secretary =
        id_of("select actor_id from actor_titles where title = 'U.S. Secretary of State'");
    for (typed, want) in [
        ("pedro sanchez", &sanchez),
        ("Sanchez", &sanchez),
        ("PEDRO SÁNCHEZ", &sanchez),
        ("Pedro-Sanchez", &sanchez),
        ("Secretary of State", &secretary),
        ("secretary of state.", &secretary),
    ] {
        let a = Answer::run(&w, "actor", &[&format!("actor={typed}")]);
        assert!(!a.rows.is_empty(), "{typed}");
        assert!(
            a.col("actor_id").iter().all(|id| id == want),
            "{typed}: {:?}",
            a.col("actor_id")
        );
    }
    // countries by code or name, places by id or name
    let by_code = Answer::run(&w, "bases", &["country=COL"]).rows;
    assert!(!by_code.is_empty());
    assert_eq!(
        Answer::run(&w, "bases", &["country=Colombia"]).rows,
        by_code
    );
    assert_eq!(Answer::run(&w, "bases", &["country=col"]).rows, by_code);
    assert_eq!(
        Answer::run(&w, "evidence", &["event=E-082"]).rows,
        Answer::run(&w, "evidence", &["event=e-082"]).rows
    );
}

#[test]
fn role_target_and_place_filters_keep_what_they_say() {
    let w = Workdir::new().built();
    let ids =
        |sql: &str| -> Vec<String> { base(&w, sql).into_iter().map(|r| r[0].clone()).collect() };
    // timeline -p actor=Trump -p role=initiator: Trump's initiatives, not accusations against him
    let a = Answer::run(&w, "timeline", &["actor=Trump", "role=initiator"]);
    let want = ids(
        "select event_id from event_actors where actor_id = 'donald-trump' and role = 'initiator'",
    );
    assert!(!want.is_empty());
    assert_same_rows("timeline Trump initiator", ids_of(&a, "id"), want);
    let a = Answer::run(
        &w,
        "timeline",
        &["actor=Trump", "role=target", "type=accusation"],
    );
    let want = ids(
        "select e.id from events e join event_actors ea on ea.event_id = e.id \
         where ea.actor_id = 'donald-trump' and ea.role = 'target' and e.type = 'accusation'",
    );
    assert_same_rows("timeline accusations against Trump", ids_of(&a, "id"), want);
    // sanctions by target
    let a = Answer::run(&w, "sanctions", &["target=Petro"]);
    let want = ids(
        "select distinct e.id from events e join event_actors ea on ea.event_id = e.id \
         where ea.actor_id = 'gustavo-petro' and ea.role = 'target' \
           and e.type in ('sanction', 'visa_revocation', 'tariff', 'aid_cut', 'decertification')",
    );
    assert!(!want.is_empty());
    assert_same_rows("sanctions against Petro", ids_of(&a, "id"), want);
    // bases by region: what lies there or within it
    for (place, id) in [("Caribbean", "caribbean-sea"), ("Colombia", "colombia")] {
        let a = Answer::run(&w, "bases", &[&format!("place={place}")]);
        let within = format!(
            "with recursive w(id) as (select '{id}' union select p.id from places p join w on p.parent_id = w.id) "
        );
        let want = ids(&format!(
            "{within} select id from assets where place_id in (select id from w) \
             union all select id from deployments where place_id in (select id from w)"
        ));
        assert!(!want.is_empty(), "{place}");
        assert_same_rows(&format!("bases place={place}"), ids_of(&a, "id"), want);
    }
}

#[test]
fn disputes_filter_by_id_words_and_the_fact_they_touch() {
    let w = Workdir::new().built();
    let set = |v: Vec<String>| -> BTreeSet<String> { v.into_iter().collect() };
    let a = Answer::run(&w, "disputes", &["dispute=d-003,D-004"]);
    let claims = base(
        &w,
        "select dispute_id from dispute_claims where dispute_id in ('d-003', 'd-004')",
    );
    assert_same_rows(
        "disputes d-003,d-004",
        ids_of(&a, "dispute"),
        claims.into_iter().map(|r| r[0].clone()).collect(),
    );
    // the disputes that touch e-082: through its evidence or as a claim
    let a = Answer::run(&w, "disputes", &["fact=e-082"]);
    let want = base(
        &w,
        "select df.dispute_id from events e join disputed_facts df on df.fact_id = e.fact_id where e.id = 'e-082' \
         union select dc.dispute_id from events e join dispute_claims dc on dc.fact_id = e.fact_id where e.id = 'e-082'",
    );
    assert!(!want.is_empty());
    assert_eq!(
        set(ids_of(&a, "dispute")),
        set(want.into_iter().map(|r| r[0].clone()).collect())
    );
    // words anywhere in the dispute; every side kept
    let a = Answer::run(&w, "disputes", &["contains=visa"]);
    let rows = base(
        &w,
        "select d.id, d.topic || ' ' || d.what_differs || ' ' || coalesce(d.note, '') || ' ' || c.claim \
         from disputes d join dispute_claims c on c.dispute_id = d.id",
    );
    let hits: BTreeSet<String> = rows
        .iter()
        .filter(|r| r[1].to_lowercase().contains("visa"))
        .map(|r| r[0].clone())
        .collect();
    assert!(!hits.is_empty());
    let sides = rows.iter().filter(|r| hits.contains(&r[0])).count();
    assert_eq!(set(ids_of(&a, "dispute")), hits);
    assert_eq!(a.rows.len(), sides);
}

/// The plan's steps of `sql` (EXPLAIN QUERY PLAN) as (parent, detail), through `crisisdb sql`.
fn plan(w: &Workdir, sql: &str, params: &[&str]) -> Vec<(String, String)> {
    let explain = format!("EXPLAIN QUERY PLAN {sql}");
    let mut args = vec!["sql", explain.as_str(), "--format", "csv"];
    for p in params {
        args.extend(["-p", p]);
    }
    parse_csv(&w.run(&args).ok())
        .into_iter()
        .skip(1)
        .map(|r| (r[1].clone(), r[3].clone()))
        .collect()
}

/// V8: the view `timeline` reads the events in its date order through `events_order` (no sort
/// of every event before the first row), and the canned timeline's date window finds each
/// event's end and id in `events_window_ends` alone.
#[test]
fn the_timeline_reads_events_in_order_and_its_window_from_the_index() {
    let w = Workdir::new().built();
    let view = plan(&w, "SELECT * FROM timeline", &[]);
    assert!(
        view.iter()
            .any(|(_, d)| d == "SCAN e USING INDEX events_order"),
        "{view:?}"
    );
    // the subquery of the `evidence` column sorts its own few rows; the view itself sorts none
    assert!(
        !view
            .iter()
            .any(|(parent, d)| parent == "0" && d.starts_with("USE TEMP B-TREE FOR ORDER BY")),
        "{view:?}"
    );
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sql/timeline.sql"),
    )
    .expect("sql/timeline.sql");
    let window = plan(
        &w,
        &text,
        &[
            "from=2025-09-01",
            "to=2025-09-07",
            "actor=",
            "type=",
            "status=",
            "role=",
        ],
    );
    assert!(
        window
            .iter()
            .any(|(_, d)| d.starts_with("SEARCH e USING COVERING INDEX events_window_ends (<expr>=? AND start_date>? AND start_date<?)")),
        "{window:?}"
    );
}
