//! The database in the real sqlite3 shell and the real Datasette. A missing program skips the
//! test with a message by hand, and fails it under CI (`.ci/run` installs both).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Run, Workdir, from_excel, parse_csv, require_program};

/// The sqlite3 shell in CSV mode with headers, stopping at the first error, fed `script`.
fn sqlite3(db: &Path, script: &str) -> Run {
    let mut shell = Command::new("sqlite3");
    shell.args(["-bail", "-csv", "-header"]).arg(db);
    Run::of(shell, Some(script.as_bytes()))
}

/// Parameters for the canned queries that need one, as the sqlite3 shell sets them.
const SHELL_PARAMS: &str =
    ".param set :actor 'Petro'\n.param set :event 'e-001'\n.param set :q 'tariffs'\n";

#[test]
fn sqlite3_opens_the_database_and_runs_every_view_and_canned_query() {
    if require_program("sqlite3").is_none() {
        return;
    }
    let w = Workdir::new().built();
    let out = sqlite3(
        &w.db(),
        "pragma integrity_check;\npragma foreign_key_check;\n",
    )
    .ok();
    assert_eq!(out.trim(), "integrity_check\nok");
    let views = w.csv("select name from sqlite_master where type = 'view' order by name");
    for v in &views[1..] {
        let out = sqlite3(&w.db(), &format!("select * from {};\n", v[0])).ok();
        assert!(
            parse_csv(&out).len() > 1,
            "view {} has no rows in sqlite3",
            v[0]
        );
    }
    let sql_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sql");
    let mut n = 0;
    for e in fs::read_dir(&sql_dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "sql") {
            continue;
        }
        let sql = fs::read_to_string(&p).unwrap();
        let out = sqlite3(&w.db(), &format!("{SHELL_PARAMS}{sql}\n")).ok();
        assert!(
            parse_csv(&out).len() > 1,
            "{} returned no rows in sqlite3",
            p.display()
        );
        n += 1;
    }
    assert!(n >= 12);
}

#[test]
fn the_bundle_reimports_with_the_sqlite3_shell() {
    if require_program("sqlite3").is_none() {
        return;
    }
    let w = Workdir::new().built();
    w.run(&["export", "bundle"]).ok();
    let fresh = w.path("fresh.db");
    let mut shell = Command::new("sqlite3");
    shell.arg(&fresh).current_dir(w.path("bundle"));
    Run::of(shell, Some(&w.read("bundle/import.sql"))).ok();
    let tables = w.csv("select name from sqlite_master where type = 'table' and name not glob 'sqlite_*' and name not glob '*_fts*'");
    for t in &tables[1..] {
        let sql = format!("select * from {} order by 1, 2", t[0]);
        let original = w.run(&["sql", &sql, "--format", "jsonl"]).ok();
        let again = w.run_db(&fresh, &["sql", &sql, "--format", "jsonl"]).ok();
        assert_eq!(original, again, "table {} differs after re-import", t[0]);
    }
    // and the re-imported full-text index answers
    let found = w
        .run_db(&fresh, &["search", "tariffs", "--format", "csv"])
        .ok();
    assert!(parse_csv(&found).len() > 2);
}

/// A program of the project's virtual environment (`.venv`, which `.ci/run` makes), else
/// from PATH.
fn venv_program(name: &str) -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".venv/bin")
        .join(name);
    if local.is_file() {
        return Some(local);
    }
    require_program(name)
}

/// The virtual environment's Python if it can import `module` (CI: it must).
fn python_with(module: &str) -> Option<PathBuf> {
    let python = venv_program("python3")?;
    let has = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if has {
        return Some(python);
    }
    if std::env::var_os("CI").is_some() {
        panic!("the Python package {module} is not installed; .ci/run installs it");
    }
    eprintln!("SKIPPED: the Python package {module} is not installed (see .ci/run)");
    None
}

/// A Datasette server on a free localhost port, stopped when dropped.
struct Datasette {
    child: std::process::Child,
    port: u16,
}

impl Datasette {
    fn start(datasette: &Path, w: &Workdir) -> Datasette {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(datasette)
            .arg("serve")
            .arg(w.db())
            .args(["-m", "metadata.json", "-h", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .current_dir(w.dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("datasette starts");
        let server = Datasette { child, port };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "datasette did not listen on port {port}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        server
    }

    /// GET `path` (starting with `/`), asserting 200; the body.
    fn get(&self, path: &str) -> String {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        assert!(
            head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200"),
            "GET {path}: {head}\n{body}"
        );
        body.to_string()
    }

    fn json(&self, path: &str) -> serde_json::Value {
        serde_json::from_str(&self.get(path)).unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// Every row of table or view `name`, following Datasette's pages.
    fn rows(&self, db: &str, name: &str, query: &str) -> Vec<serde_json::Value> {
        let mut path = format!("/{db}/{name}.json?_shape=objects&_size=max{query}");
        let mut rows = Vec::new();
        loop {
            let page = self.json(&path);
            assert_eq!(
                page["table"], name,
                "{path} is not served as the table {name}: {page}"
            );
            rows.extend(page["rows"].as_array().unwrap().iter().cloned());
            match page["next_url"].as_str() {
                Some(next) => {
                    let at = next.find(&format!("/{db}/")).unwrap();
                    path = next[at..].to_string();
                }
                None => return rows,
            }
        }
    }
}

impl Drop for Datasette {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The number of rows `sql` returns, asked through crisisdb.
fn count(w: &Workdir, sql: &str) -> usize {
    w.csv(sql)[1][0].parse().unwrap()
}

#[test]
fn datasette_serves_every_table_as_a_table_every_canned_query_and_search() {
    let Some(ds) = venv_program("datasette") else {
        return;
    };
    let w = Workdir::new().built();
    w.run(&["export", "--datasette", "metadata.json"]).ok();
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(w.path("metadata.json")).unwrap()).unwrap();
    let db = &meta["databases"]["crisis"];
    let server = Datasette::start(&ds, &w);

    // every table and view that is not hidden is served as itself, with all its rows
    let objects = w.csv("select name from sqlite_master where type in ('table', 'view') order by name");
    let mut served = 0;
    for o in &objects[1..] {
        let name = &o[0];
        if db["tables"][name]["hidden"] == true {
            continue;
        }
        let rows = server.rows("crisis", name, "");
        assert_eq!(
            rows.len(),
            count(&w, &format!("select count(*) from \"{name}\"")),
            "{name}: Datasette's rows"
        );
        served += 1;
    }
    assert!(served >= 25, "{served} tables and views served");
    // the internal tables are hidden, the full-text shadow tables among them
    let listing = server.json("/crisis.json");
    let hidden: Vec<&str> = listing["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["hidden"] == true)
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for name in ["refinery_schema_history", "excerpts_fts_data", "sources_fts_idx"] {
        assert!(hidden.contains(&name), "{name} is not hidden: {hidden:?}");
    }

    // every canned query answers under its Datasette name, with crisisdb's rows
    let queries = db["queries"].as_object().unwrap();
    assert_eq!(queries.len(), crate::util::canned_names(&w).len());
    for name in crate::util::canned_names(&w) {
        let q = format!("q_{name}");
        assert!(queries.contains_key(&q), "{q} missing from the metadata");
        let params = [("actor", "Petro"), ("event", "e-001"), ("q", "tariffs")];
        let declared = &queries[&q]["params"];
        let mut url = format!("/crisis/{q}.json?_shape=array");
        let mut args = vec!["run".to_string(), name.clone(), "--format".into(), "csv".into()];
        for (p, v) in params {
            if declared.as_array().unwrap().iter().any(|d| d == p) {
                url.push_str(&format!("&{p}={v}"));
                args.extend(["-p".into(), format!("{p}={v}")]);
            }
        }
        let rows: Vec<serde_json::Value> = serde_json::from_str(&server.get(&url)).unwrap();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let crisisdb = parse_csv(&w.run(&args).ok());
        assert!(!rows.is_empty(), "{q} returned no rows in Datasette");
        assert_eq!(rows.len(), crisisdb.len() - 1, "{q}: rows in Datasette and in crisisdb run {name}");
    }

    // the search box filters: nothing for a word in no row, exactly the matching rows for a word
    let mut searched = 0;
    for (table, t) in db["tables"].as_object().unwrap() {
        let Some(fts) = t["fts_table"].as_str() else {
            continue;
        };
        assert!(server.rows("crisis", table, "&_search=zzqxv").is_empty(), "{table}");
        let mut found: Vec<String> = server
            .rows("crisis", table, "&_search=tariffs")
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        found.sort();
        let expected = w.csv(&format!(
            "select id from \"{table}\" where rowid in (select rowid from \"{fts}\" where \"{fts}\" match 'tariffs') order by id"
        ));
        let expected: Vec<String> = expected[1..].iter().map(|r| r[0].clone()).collect();
        let all = count(&w, &format!("select count(*) from \"{table}\""));
        assert!(!expected.is_empty() && expected.len() < all, "{table}: a word some rows hold");
        assert_eq!(found, expected, "{table}: rows found by _search=tariffs");
        searched += 1;
    }
    assert!(searched >= 2, "full-text tables in the metadata: {searched}");

    // the tables' own pages show their descriptions
    let page = server.get("/crisis/events");
    assert!(page.contains("One row per happening"), "table description missing");
    assert!(page.contains("first possible day it occurred"), "column description missing");
}

fn same_value(spreadsheet: &str, db: &str) -> bool {
    spreadsheet == db
        || matches!((spreadsheet.parse::<f64>(), db.parse::<f64>()), (Ok(a), Ok(b)) if a == b)
}

#[test]
fn a_spreadsheet_reads_the_excel_csv_as_the_database_holds_it() {
    let Some(soffice) = require_program("soffice") else {
        return;
    };
    let w = Workdir::new().built();
    // tricky cells next to real rows: a formula, a sign, a leading zero, a long id, quotes
    w.change(
        "insert into countries values ('ZZA', '=1+1'), ('ZZB', '-2'), ('ZZC', '007'), ('ZZD', '12345678901234567890'), ('ZZE', 'Bogotá “quoted”, with comma')",
    );
    for table in ["countries", "actors", "figures"] {
        let sql = format!("select * from {table} order by 1");
        w.run(&["sql", &sql, "--excel", "--output", &format!("{table}.csv")])
            .ok();
        let profile = format!("file://{}", w.path("lo-profile").display());
        let mut convert = Command::new(&soffice);
        convert
            .arg(format!("-env:UserInstallation={profile}"))
            .args(["--headless", "--infilter=CSV:44,34,76,1", "--convert-to"])
            .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false")
            .args(["--outdir", "lo"])
            .arg(format!("{table}.csv"))
            .current_dir(w.dir.path());
        Run::of(convert, None).ok();
        let seen = parse_csv(&fs::read_to_string(w.path(&format!("lo/{table}.csv"))).unwrap());
        let db = w.csv(&sql);
        assert_eq!(seen.len(), db.len(), "{table}");
        for (s_row, d_row) in seen.iter().zip(&db) {
            for (s, d) in s_row.iter().zip(d_row) {
                assert!(
                    same_value(&from_excel(s), d),
                    "{table}: spreadsheet shows {s:?}, database has {d:?}"
                );
                assert!(
                    !d.starts_with('=') || s.starts_with('\''),
                    "{table}: formula {d:?} not neutralised"
                );
            }
        }
    }
}
