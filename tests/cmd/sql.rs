//! `crisisdb sql` and the output formats: read-only by default, streaming, errors that point.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::util::{Run, Workdir, parse_csv};

#[test]
fn writes_need_write_and_leave_the_database_unchanged() {
    let w = Workdir::new().built();
    let before = w.read("crisis.db");
    for sql in [
        "delete from events",
        "insert into countries values ('XXX', 'Nowhere')",
        "update events set title = 'x'",
        "drop table events",
        "create table t (x)",
        "alter table events add column x",
        "replace into countries values ('COL', 'x')",
        "with x as (select 1) delete from events",
        "select 1; delete from events",
        "vacuum into 'copy.db'",
        "vacuum",
        "pragma user_version = 7",
        "pragma journal_mode = wal",
        "attach database 'new.db' as other",
        "select load_extension('x')",
        // more ways in
        "insert into countries values ('XXY', 'y') returning code",
        "with x as (select 1) insert into countries select 'XXZ', 'z' from x",
        "attach 'file:new.db?mode=rwc' as other",
        "detach main",
        "pragma main.user_version = 9",
        "pragma user_version(9)",
        "pragma journal_mode(delete)",
        "pragma writable_schema = 1",
        "pragma query_only = 0",
        "pragma foreign_keys = off",
        "pragma optimize",
        "pragma incremental_vacuum",
        "analyze",
        "reindex",
        "create temp table t (x)",
        "begin immediate",
        "select * from sources; pragma user_version = 5",
        "select 1;\n-- a comment\ndrop view timeline",
    ] {
        let out = w.run(&["sql", sql]);
        assert_eq!(
            out.code(),
            Some(1),
            "{sql} was not refused: {}",
            out.stderr()
        );
        assert_eq!(before, w.read("crisis.db"), "{sql} changed the database");
    }
    assert!(!w.path("copy.db").exists());
    assert!(!w.path("new.db").exists());
    // a value is bound, never pasted into the SQL
    let evil = "x'); drop table events; --";
    let out = w
        .run(&[
            "sql",
            "select :v as v",
            "-p",
            &format!("v={evil}"),
            "--format",
            "csv",
        ])
        .ok();
    assert_eq!(parse_csv(&out)[1][0], evil);
    w.run(&["run", "actor", "-p", &format!("actor={evil}")])
        .fails(1, &["no actor is called that"]);
    assert_eq!(
        before,
        w.read("crisis.db"),
        "a parameter changed the database"
    );
    // and --write allows it
    w.run(&["sql", "delete from coverage_ignore", "--write"])
        .ok();
    assert_eq!(w.csv("select count(*) from coverage_ignore")[1][0], "0");
}

#[test]
fn reading_pragmas_are_allowed() {
    let w = Workdir::new().built();
    assert_eq!(w.csv("pragma table_info(events)")[1][1], "id");
    assert!(w.csv("pragma user_version").len() == 2);
}

#[test]
fn csv_parses_back_into_the_rows_json_gives() {
    let w = Workdir::new().built();
    let sql = "select id, title, start_date, precision, fact_id from events order by id";
    let csv = parse_csv(&w.run(&["sql", sql, "--format", "csv"]).ok());
    let json: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&w.run(&["sql", sql, "--format", "json"]).ok()).unwrap();
    assert_eq!(csv.len() - 1, json.len());
    for (row, obj) in csv[1..].iter().zip(&json) {
        for (i, col) in csv[0].iter().enumerate() {
            let v = &obj[col];
            let as_text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            assert_eq!(row[i], as_text, "{col}");
        }
    }
    let jsonl = w.run(&["sql", sql, "--format", "jsonl"]).ok();
    assert_eq!(jsonl.lines().count(), json.len());
}

#[test]
fn values_keep_their_sqlite_types() {
    let w = Workdir::new().built();
    let typed = "select 250 as i, 250.0 as r, '007' as t, null as n, 'a,\"b\"\nc' as q";
    for (sql, options, expected) in [
        (
            typed,
            &["--format", "json"][..],
            "[\n{\"i\":250,\"r\":250.0,\"t\":\"007\",\"n\":null,\"q\":\"a,\\\"b\\\"\\nc\"}\n]\n",
        ),
        (
            typed,
            &["--format", "csv"],
            "i,r,t,n,q\n250,250.0,007,,\"a,\"\"b\"\"\nc\"\n",
        ),
        (
            "select 1 as a, 'x' as b",
            &["--format", "tsv", "--no-header"],
            "1\tx\n",
        ),
        (
            "select 'a|b' as x, null as y",
            &["--format", "markdown"],
            "| x | y |\n| --- | --- |\n| a\\|b | NULL |\n",
        ),
        (
            "select null as n",
            &["--format", "csv", "--null", "NA"],
            "n\nNA\n",
        ),
    ] {
        let mut args = vec!["sql", sql];
        args.extend(options);
        assert_eq!(w.run(&args).ok(), expected, "{options:?}");
    }
}

#[test]
fn bom_and_excel_profiles() {
    let w = Workdir::new().built();
    let out = w
        .command(&["sql", "select 'x' as a", "--format", "csv", "--bom"])
        .output()
        .unwrap();
    assert!(
        out.stdout.starts_with(b"\xEF\xBB\xBFa\n"),
        "{:?}",
        out.stdout
    );
    let out = w
        .command(&[
            "sql",
            "select '=1+1' as a, '-2' as b, '@x' as c, '007' as d, 5 as e",
            "--excel",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.stdout,
        b"\xEF\xBB\xBFa,b,c,d,e\r\n\"=\"\"=1+1\"\"\",\"=\"\"-2\"\"\",\"=\"\"@x\"\"\",\"=\"\"007\"\"\",5\r\n"
    );
}

#[test]
fn parameters_bind_with_inferred_or_declared_types() {
    let w = Workdir::new().built();
    let mut args = vec!["sql", "select typeof(:a), typeof(:b), typeof(:c), :c"];
    args.extend("-p a=5 -p b=x -p c:text=007 --format csv --no-header".split(' '));
    let out = w.run(&args).ok();
    assert_eq!(out, "integer,text,text,007\n");
    w.run(&["sql", "select :a", "-p", "b=1"])
        .fails(2, &["the SQL has no parameter :b"]);
}

#[test]
fn sql_comes_from_a_file_or_stdin() {
    let w = Workdir::new().built();
    std::fs::write(w.path("q.sql"), "select count(*) as n from sources").unwrap();
    assert_eq!(
        w.run(&["sql", "-f", "q.sql", "--format", "csv"]).ok(),
        "n\n5\n"
    );
    assert_eq!(
        w.run_with_stdin(&["sql", "--format", "csv"], "select 2 as n")
            .ok(),
        "n\n2\n"
    );
}

#[test]
fn a_syntax_error_points_at_the_spot() {
    let w = Workdir::new().built();
    let err = w.run(&["sql", "select id,\n  titel from events"]).fails(
        1,
        &[
            "no such column: titel",
            "line 2, column 3",
            "titel from events",
            "^--- error here",
        ],
    );
    let caret_line = err.lines().find(|l| l.contains("^---")).unwrap();
    let code_line = err
        .lines()
        .find(|l| l.contains("titel from events"))
        .unwrap();
    assert_eq!(caret_line.find('^'), code_line.find("titel"), "{err}");
    w.run(&["sql", "selec 1"])
        .fails(1, &["syntax error", "^--- error here"]);
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let w = Workdir::new().built();
    w.run(&["sql", "select id from events", "--output", "ids.csv"])
        .ok();
    let ids = std::fs::read_to_string(w.path("ids.csv")).unwrap();
    assert!(ids.starts_with("id\ne-"));
    // a runtime error after some rows: integer overflow on row 5000
    let failing = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 10000) \
                   select case when i = 5000 then abs(-9223372036854775807 - 1) else i end from n";
    w.run(&["sql", failing, "--output", "bad.csv"])
        .fails(1, &["integer overflow"]);
    assert!(!w.path("bad.csv").exists());
    let stray: Vec<_> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".bad.csv.output-")
        })
        .collect();
    assert!(stray.is_empty());
}

#[test]
fn a_runaway_query_stops_at_the_timeout() {
    let w = Workdir::new().built();
    let forever =
        "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n";
    w.run(&["sql", forever, "--timeout", "0.3"])
        .fails(1, &["ran past --timeout 0.3 s"]);
}

#[test]
fn the_timeout_holds_inside_the_work_of_one_row() {
    let w = Workdir::new().built();
    // each row makes and rewrites a 20 MB string: few steps of SQLite's program, each long
    let heavy = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000) \
                 select length(replace(printf('%.*c', 20000000 + i, 'x'), 'x', 'yy')) from n";
    let start = std::time::Instant::now();
    w.run(&["sql", heavy, "--timeout", "1"])
        .fails(1, &["ran past --timeout 1 s"]);
    let took = start.elapsed();
    assert!(took.as_secs_f64() < 4.0, "stopped after {took:?}");
}

#[test]
fn a_timeout_that_is_no_number_of_seconds_is_a_usage_error() {
    let w = Workdir::new().built();
    for bad in ["1e20", "-1", "0", "NaN", "inf", "soon"] {
        let arg = format!("--timeout={bad}");
        w.run(&["sql", "select 1", &arg])
            .fails(2, &["--timeout", "seconds"]);
    }
    assert_eq!(
        parse_csv(
            &w.run(&["sql", "select 1 as one", "--timeout", "31536000"])
                .ok()
        ),
        [["one"], ["1"]]
    );
}

#[test]
fn a_huge_value_is_refused_at_once() {
    let w = Workdir::new().built();
    let start = std::time::Instant::now();
    w.run(&["sql", "select length(zeroblob(9e8))"])
        .fails(1, &["too big", "100000000 bytes"]);
    assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
    // just under the cap is a value like any other
    let rows = parse_csv(
        &w.run(&["sql", "select length(zeroblob(99999999)) as n"])
            .ok(),
    );
    assert_eq!(rows, [["n"], ["99999999"]]);
}

#[test]
fn a_large_cell_is_written_in_linear_time() {
    let w = Workdir::new().built();
    // 30 MB that must be quoted, with quotes to double: the csv crate searched the rest of
    // the cell for the next quote at every 8 KB, which made this minutes long
    let sql =
        "select printf('%.*c', 15000000, ',') || '\"' || printf('%.*c', 15000000, 'x') as big";
    let start = std::time::Instant::now();
    let out = w.run(&["sql", sql, "--format", "csv"]).ok();
    let took = start.elapsed();
    assert!(took.as_secs_f64() < 20.0, "took {took:?}");
    let rows = parse_csv(&out);
    assert_eq!(rows.len(), 2);
    let cell = &rows[1][0];
    assert_eq!(cell.len(), 30_000_001);
    assert_eq!(cell.matches(',').count(), 15_000_000);
    assert_eq!(&cell[15_000_000..15_000_001], "\"");
}

#[test]
fn a_later_statements_error_points_at_its_spot_after_multibyte_text() {
    let w = Workdir::new().built();
    let sql = "/*éééé*/ select 1;   selec x";
    let err = w
        .run(&["sql", sql])
        .fails(1, &["syntax error", "line 1, column 22"]);
    let caret = err.lines().find(|l| l.contains("^---")).unwrap();
    let shown = err.lines().find(|l| l.contains("selec x")).unwrap();
    let at = |l: &str, byte: usize| l[..byte].chars().count();
    assert_eq!(
        at(caret, caret.find('^').unwrap()),
        at(shown, shown.rfind("selec").unwrap()),
        "{err}"
    );
}

#[test]
fn error_lines_are_right_for_any_line_end() {
    let w = Workdir::new().built();
    for end in ["\n", "\r\n", "\r"] {
        let sql = [
            "select 1 as a;",
            "select 2 as a;",
            "select titel from events",
        ]
        .join(end);
        let err = w
            .run(&["sql", &sql])
            .fails(1, &["no such column: titel", "line 3, column 8"]);
        assert!(
            err.contains("\n  select titel from events\n"),
            "{end:?}: {err}"
        );
    }
}

#[test]
fn control_characters_in_an_error_are_shown_escaped() {
    let sql = "select * from \"\x1b[2J\x07evil\"";
    let w = Workdir::new().built();
    let err = w
        .run(&["sql", sql])
        .fails(1, &["no such table", "\\u{1b}[2J\\u{7}evil"]);
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
}

#[test]
fn statements_with_other_columns_are_refused_where_one_result_is_written() {
    let w = Workdir::new().built();
    let two = "select 1 as a; select 2 as b";
    for format in ["csv", "tsv", "json", "jsonl"] {
        let run = w.run(&["sql", two, "--format", format]);
        run.fails(
            1,
            &[
                "statement 2 returns other columns (b) than statement 1 (a)",
                &format!("--format {format} holds one result"),
            ],
        );
        assert_eq!(run.stdout(), "", "{format}");
    }
    // the same columns make one result: one valid JSON array
    let json = w
        .run(&["sql", "select 1 as a; select 2 as a", "--format", "json"])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v, serde_json::json!([{"a": 1}, {"a": 2}]));
    let csv = parse_csv(&w.run(&["sql", "select 1 as a; select 2 as a"]).ok());
    assert_eq!(csv, [["a"], ["1"], ["2"]]);
    // the formats for people show each result in turn
    let table = w.run(&["sql", two, "--format", "table"]).ok();
    assert_eq!(table.matches("(1 row)").count(), 2, "{table}");
    assert!(
        table.find(" a ").unwrap() < table.find(" b ").unwrap(),
        "{table}"
    );
    // with --write there is no check beforehand; the second result is still refused
    let run = w.run(&["sql", two, "--format", "json", "--write"]);
    run.fails(1, &["statement 2 returns other columns"]);
}

#[test]
fn parameters_written_with_at_or_dollar_are_bound_and_none_is_left_null() {
    let w = Workdir::new().built();
    let sql = "select :x as c, @y as at, $z as dollar";
    let args = format!("sql|{sql}|-p|x=1|-p|y=two|-p|z=3.5");
    let rows = parse_csv(&w.run(&args.split('|').collect::<Vec<_>>()).ok());
    assert_eq!(rows, [["c", "at", "dollar"], ["1", "two", "3.5"]]);
    w.run(&["sql", "select @who"])
        .fails(2, &["the SQL uses @who, and no -p who=VALUE gives it"]);
    w.run(&["sql", "select ?"])
        .fails(2, &["parameter 1 of the SQL is written `?`"]);
    w.run(&["sql", "select 1", "-p", "x=1"])
        .fails(2, &["-p x: the SQL has no parameter"]);
}

#[test]
fn long_cells_are_cut_in_a_table_and_whole_with_wide() {
    let sql = "select printf('%.*c', 500, 'x') || 'END' as long, 'short' as s";
    let w = Workdir::new().built();
    let out = w.run(&["sql", sql, "--format", "table"]).ok();
    assert!(!out.contains("END"), "{out}");
    let row = out.lines().find(|l| l.contains("short")).unwrap();
    let xs = row.chars().filter(|&c| c == 'x').count();
    assert_eq!(xs, crisisdb::output::CELL_CHARS - 1, "{out}");
    assert!(row.contains('…'), "{out}");
    for flag in ["--wide", "--full"] {
        let whole = w.run(&["sql", sql, "--format", "table", flag]).ok();
        assert!(whole.contains("END"), "{flag}: {whole}");
        assert_eq!(whole.matches('x').count(), 500, "{flag}");
    }
}

#[test]
fn the_line_format_shows_one_field_per_line() {
    let w = Workdir::new().built();
    let out = w
        .run(&[
            "sql",
            "select 1 as n, 'a\nb' as text union all select 2, null",
            "--format",
            "line",
        ])
        .ok();
    assert_eq!(
        out,
        "   n = 1\ntext = a\n       b\n\n   n = 2\ntext = NULL\n"
    );
}

#[test]
fn a_large_result_as_a_table_keeps_a_bounded_number_of_rows() {
    let w = Workdir::new().built();
    let n = 1_000_000;
    let many = format!(
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < {n}) select i, printf('%.*c', 200, 'r') from n"
    );
    // an address space of 512 MB: the whole table took 5.6 GB
    let mut cmd = w.command(&["sql", &many, "--format", "table"]);
    // SAFETY: setrlimit is async-signal-safe
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            let rlim = libc::rlimit {
                rlim_cur: 512 << 20,
                rlim_max: 512 << 20,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &rlim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = Run::of(cmd, None).ok();
    let shown = crisisdb::output::DEFAULT_TABLE_ROWS;
    assert!(
        out.contains(&format!(
            "({shown} of {n} rows shown; {} more: --limit N shows N, --limit 0 all, --format csv gives them all)",
            n - shown
        )),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    let body = out.lines().filter(|l| l.starts_with('│')).count();
    assert_eq!(body, shown + 1, "header and {shown} rows");
    let ids = "select id from events";
    let all = w.run(&["sql", ids, "-F", "table", "--limit", "0"]).ok();
    let events = parse_csv(
        &w.run(&["sql", "select count(*) from events", "--no-header"])
            .ok(),
    );
    assert!(all.contains(&format!("({} rows)", events[0][0])), "{all}");
}

#[test]
fn ctrl_c_stops_a_query_with_exit_130() {
    let w = Workdir::new().built();
    let forever =
        "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n";
    let child = w
        .command(&["sql", forever])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    // SIGINT, as a terminal sends on Ctrl-C
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    Run::wait(format!("crisisdb sql {forever:?}, then SIGINT"), child).fails(130, &[]);
}

#[test]
fn a_closed_pipe_exits_zero_quietly() {
    let w = Workdir::new().built();
    let many = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000000) select i, 'row ' || i from n";
    for format in ["csv", "jsonl", "json", "tsv", "markdown"] {
        let mut child = w
            .command(&["sql", many, "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // the reader is dropped here: the pipe closes, as with `| head -1`
        let run = Run::wait(
            format!("crisisdb sql <many rows> --format {format} | head -1"),
            child,
        );
        run.ok();
        assert_eq!(run.stderr(), "", "{format}");
    }
}

#[test]
fn schema_lists_tables_and_documents_columns() {
    let w = Workdir::new().built();
    let tables = parse_csv(&w.run(&["schema", "--format", "csv"]).ok());
    assert!(tables.iter().any(|r| r[0] == "events" && !r[3].is_empty()));
    assert!(tables.iter().any(|r| r[0] == "timeline" && r[1] == "view"));
    let cols = parse_csv(&w.run(&["schema", "events", "--format", "csv"]).ok());
    let precision = cols.iter().find(|r| r[0] == "precision").unwrap();
    assert!(precision[4].contains("date_precision"));
    w.run(&["schema", "nope"])
        .fails(1, &["no table or view `nope`"]);
}

#[test]
fn table_format_marks_null_and_counts_rows() {
    let w = Workdir::new().built();
    let two_rows = "select 1 as n, null as x union all select 22, 'y'";
    let out = w.run(&["sql", two_rows, "--format", "table"]).ok();
    assert!(out.contains("NULL"));
    assert!(out.contains("(2 rows)"));
    let cut = w
        .run(&[
            "sql",
            "select id from events",
            "--format",
            "table",
            "--limit",
            "3",
        ])
        .ok();
    assert!(cut.contains("(3 of "), "{cut}");
}
