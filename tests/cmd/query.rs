//! `crisisdb queries` and `run`: canned queries, typed parameters, evidence with each answer.

use crate::util::{Workdir, canned_names, parse_csv};

/// A value for each required parameter of the embedded queries.
fn required_value(query: &str) -> Vec<&'static str> {
    match query {
        "actor" => vec!["-p", "actor=Petro"],
        "evidence" => vec!["-p", "event=e-001"],
        "search" => vec!["-p", "q=tariffs"],
        _ => vec![],
    }
}

#[test]
fn every_canned_query_runs_with_its_defaults_and_returns_rows() {
    let w = Workdir::new().built();
    let names = canned_names(&w);
    assert!(names.len() >= 12, "{names:?}");
    for name in &names {
        let mut args = vec!["run", name.as_str(), "--format", "csv"];
        args.extend(required_value(name));
        let rows = parse_csv(&w.run(&args).ok());
        assert!(rows.len() > 1, "{name} returned no rows");
    }
}

#[test]
fn answers_carry_their_evidence() {
    let w = Workdir::new().built();
    for name in [
        "timeline",
        "actor",
        "quotes",
        "bases",
        "aid",
        "strikes",
        "sanctions",
        "disputes",
        "figures",
    ] {
        let mut args = vec!["run", name, "--format", "csv"];
        args.extend(required_value(name));
        let rows = parse_csv(&w.run(&args).ok());
        let header = &rows[0];
        let ev = header
            .iter()
            .position(|c| c == "evidence")
            .unwrap_or_else(|| panic!("{name} has no evidence column"));
        let src = header.iter().position(|c| c == "sources").unwrap();
        for r in &rows[1..] {
            assert!(
                r[ev].starts_with("[a"),
                "{name}: row without evidence: {r:?}"
            );
            assert!(!r[src].is_empty(), "{name}: row without sources");
        }
    }
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
    w.run(&["run", "timeline", "-p", "from=2025-13-01"]).fails(
        1,
        &["-p from=2025-13-01", "not a date", "query timeline takes"],
    );
    w.run(&["run", "timeline", "-p", "when=2025"])
        .fails(1, &["no parameter `when`", "[from date]", "[to date]"]);
    w.run(&["run", "actor"])
        .fails(1, &["needs -p actor=<text>", "actor text"]);
    w.run(&["run", "timeline", "-p", "type=massacre"])
        .fails(1, &["not an allowed value", "decertification"]);
    w.run(&["run", "search", "-p", "q=x", "-p", "limit=ten"])
        .fails(1, &["not an integer"]);
}

#[test]
fn timeline_filters_by_date_type_and_actor_alias() {
    let w = Workdir::new().built();
    let rows = parse_csv(
        &w.run(&[
            "run",
            "timeline",
            "-p",
            "from=2025-09-01",
            "-p",
            "to=2025-09-30",
            "-p",
            "type=decertification",
            "--format",
            "csv",
        ])
        .ok(),
    );
    assert!(rows.len() > 1);
    for r in &rows[1..] {
        assert_eq!(r[4], "decertification");
        assert!(
            r[1].as_str() <= "2025-09-30" && r[2].as_str() >= "2025-09-01",
            "{r:?}"
        );
    }
    let by_alias = w
        .run(&[
            "run",
            "timeline",
            "-p",
            "actor=@petrogustavo",
            "--format",
            "csv",
        ])
        .ok();
    let by_id = w
        .run(&[
            "run",
            "timeline",
            "-p",
            "actor=gustavo-petro",
            "--format",
            "csv",
        ])
        .ok();
    assert_eq!(by_alias, by_id);
    assert!(parse_csv(&by_id).len() > 20);
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
