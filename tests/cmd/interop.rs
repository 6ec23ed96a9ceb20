//! The database in the real sqlite3 shell and the real Datasette. A missing program skips the
//! test with a message by hand, and fails it under CI (`.ci/run` installs both).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Run, Workdir, parse_csv, require_program};

/// The sqlite3 shell in CSV mode with headers, stopping at the first error, fed `script`.
fn sqlite3(db: &Path, script: &str) -> Run {
    let mut shell = Command::new("sqlite3");
    shell.args(["-bail", "-csv", "-header"]).arg(db);
    Run::of(shell, Some(script.as_bytes()))
}

/// Parameters for the canned queries that need one, as the sqlite3 shell sets them.
const SHELL_PARAMS: &str =
    ".param set :actor 'gustavo-petro'\n.param set :event 'e-001'\n.param set :q 'tariffs'\n";

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
    let w = exported(&[&["bundle"]]);
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

/// A built dataset in a fresh workdir, with `crisisdb export` run there once for each of
/// `exports` (the arguments after `export`).
fn exported(exports: &[&[&str]]) -> Workdir {
    let w = Workdir::new().built();
    for args in exports {
        let mut run = vec!["export"];
        run.extend_from_slice(args);
        w.run(&run).ok();
    }
    w
}

/// The JSON file at `rel` in the workdir, parsed.
fn read_json(w: &Workdir, rel: &str) -> serde_json::Value {
    let path = w.path(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
    let w = exported(&[&["--datasette", "metadata.json"]]);
    let meta = read_json(&w, "metadata.json");
    let db = &meta["databases"]["crisis"];
    let server = Datasette::start(&ds, &w);

    // every table and view that is not hidden is served as itself, with all its rows
    let objects =
        w.csv("select name from sqlite_master where type in ('table', 'view') order by name");
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
    for name in [
        "refinery_schema_history",
        "excerpts_fts_data",
        "sources_fts_idx",
    ] {
        assert!(hidden.contains(&name), "{name} is not hidden: {hidden:?}");
    }

    // every canned query answers under its Datasette name, with crisisdb's rows
    let queries = db["queries"].as_object().unwrap();
    assert_eq!(queries.len(), crate::util::canned_names(&w).len());
    for name in crate::util::canned_names(&w) {
        let q = format!("q_{name}");
        assert!(queries.contains_key(&q), "{q} missing from the metadata");
        let params = [
            ("actor", "gustavo-petro"),
            ("event", "e-001"),
            ("q", "tariffs"),
        ];
        let declared = &queries[&q]["params"];
        let mut url = format!("/crisis/{q}.json?_shape=array");
        let mut args = vec![
            "run".to_string(),
            name.clone(),
            "--format".into(),
            "csv".into(),
        ];
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
        assert_eq!(
            rows.len(),
            crisisdb.len() - 1,
            "{q}: rows in Datasette and in crisisdb run {name}"
        );
    }

    // the search box filters: nothing for a word in no row, exactly the matching rows for a word
    let mut searched = 0;
    for (table, t) in db["tables"].as_object().unwrap() {
        let Some(fts) = t["fts_table"].as_str() else {
            continue;
        };
        assert!(
            server.rows("crisis", table, "&_search=zzqxv").is_empty(),
            "{table}"
        );
        // a word some rows of this index hold (data_notes_fts holds the repaired readings)
        let word = ["tariffs", "atencion"]
            .into_iter()
            .find(|word| {
                count(
                    &w,
                    &format!("select count(*) from \"{fts}\" where \"{fts}\" match '{word}'"),
                ) > 0
            })
            .unwrap_or_else(|| panic!("{fts} holds none of the words searched for"));
        let mut found: Vec<String> = server
            .rows("crisis", table, &format!("&_search={word}"))
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        found.sort();
        let expected = w.csv(&format!(
            "select id from \"{table}\" where rowid in (select rowid from \"{fts}\" where \"{fts}\" match '{word}') order by id"
        ));
        let expected: Vec<String> = expected[1..].iter().map(|r| r[0].clone()).collect();
        let all = count(&w, &format!("select count(*) from \"{table}\""));
        assert!(
            !expected.is_empty() && expected.len() < all,
            "{table}: a word some rows hold"
        );
        assert_eq!(found, expected, "{table}: rows found by _search={word}");
        searched += 1;
    }
    assert!(
        searched >= 2,
        "full-text tables in the metadata: {searched}"
    );

    // the enumerated columns are facets, counted over the whole table
    let events = server.json("/crisis/events.json?_shape=objects");
    let facets = events["facet_results"].as_object().unwrap();
    let mut names: Vec<&str> = facets.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(names, ["precision", "status", "type"]);
    let by_type: u64 = facets["type"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    assert_eq!(by_type as usize, count(&w, "select count(*) from events"));
    // a long canned query shows its SQL on request only
    for q in queries.values() {
        let long = q["sql"].as_str().unwrap().lines().count() > 12;
        assert_eq!(q["hide_sql"] == true, long, "{q}");
    }

    // the tables' own pages show their descriptions
    let page = server.get("/crisis/events");
    assert!(
        page.contains("One row per happening"),
        "table description missing"
    );
    assert!(
        page.contains("first possible day it occurred"),
        "column description missing"
    );
}

/// A throwaway PostgreSQL cluster on a Unix socket in a temporary folder, stopped when
/// dropped. As root (CI), the server runs as the user `postgres`, in a folder it owns.
struct Postgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    as_postgres: bool,
}

impl Postgres {
    fn start() -> Option<Postgres> {
        let bin = fs::read_dir("/usr/lib/postgresql").ok().and_then(|d| {
            d.flatten()
                .map(|e| e.path().join("bin"))
                .filter(|p| p.join("initdb").is_file())
                .max()
        });
        let Some(bin) = bin else {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL (Debian's postgresql) is not installed; .ci/run installs it"
            );
            eprintln!("SKIPPED: PostgreSQL is not installed (CI installs it; see .ci/run)");
            return None;
        };
        require_program("psql")?;
        let dir = tempfile::tempdir().unwrap();
        let as_postgres = unsafe { libc::geteuid() } == 0;
        if as_postgres {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
            let ok = Command::new("chown")
                .arg("postgres")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(ok.success(), "chown postgres {}", dir.path().display());
        }
        let pg = Postgres {
            bin,
            dir,
            as_postgres,
        };
        let data = pg.dir.path().join("data");
        pg.as_server(&format!(
            "{} -D {} -A trust -U postgres",
            pg.bin.join("initdb").display(),
            data.display()
        ));
        pg.as_server(&format!(
            "{} -D {} -o '-k {} -c listen_addresses=' -l {} start -w",
            pg.bin.join("pg_ctl").display(),
            data.display(),
            pg.dir.path().display(),
            pg.dir.path().join("log").display()
        ));
        Some(pg)
    }

    /// Runs a server command line (our own paths only), as `postgres` when we are root.
    fn as_server(&self, line: &str) {
        let mut c = if self.as_postgres {
            let mut c = Command::new("su");
            c.args(["postgres", "-c", line]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", line]);
            c
        };
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{line}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn psql(&self, cwd: &Path, args: &[&str]) -> Run {
        let mut c = Command::new("psql");
        c.arg("-h")
            .arg(self.dir.path())
            .args(["-U", "postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1"])
            .args(args)
            .current_dir(cwd);
        Run::of(c, None)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        if data.join("postmaster.pid").exists() {
            self.as_server(&format!(
                "{} -D {} stop -m fast",
                self.bin.join("pg_ctl").display(),
                data.display()
            ));
        }
    }
}

#[test]
fn postgresql_loads_the_bundle_with_every_row() {
    let Some(pg) = Postgres::start() else {
        return;
    };
    let w = exported(&[&["bundle"]]);
    let bundle = w.path("bundle");
    pg.psql(&bundle, &["-d", "postgres", "-f", "import_postgres.sql"])
        .ok();
    let tables = w.csv("select name from sqlite_master where type = 'table' and name in (select table_name from schema_docs where column_name = '') and name not glob '*_fts' order by name");
    assert!(tables.len() > 20);
    for t in &tables[1..] {
        let sql = format!("select count(*) from \"{}\"", t[0]);
        let loaded = pg
            .psql(&bundle, &["-d", "postgres", "-A", "-t", "-c", &sql])
            .ok();
        assert_eq!(loaded.trim(), count(&w, &sql).to_string(), "{}", t[0]);
    }
    // values survive: days, numbers, NULLs, long texts with quotes and newlines
    for sql in [
        "select id, start_date, end_date, precision, title, place_id from events order by id",
        "select id, title, text from sources order by id",
        "select id, subject, value, value_max, unit, as_of_start from figures order by id",
        "select fact_id, excerpt_id from evidence order by fact_id, excerpt_id",
    ] {
        let copy = format!("\\copy ({sql}) to stdout with (format csv, header true)");
        let loaded = parse_csv(&pg.psql(&bundle, &["-d", "postgres", "-c", &copy]).ok());
        assert_eq!(loaded, w.csv(sql), "{sql}");
    }
    // the constraints hold: a value outside the vocabulary and a dangling reference are refused
    for bad in [
        "update events set status = 'rumoured' where id = 'e-001'",
        "update evidence set excerpt_id = 'nowhere' where fact_id = (select min(fact_id) from evidence)",
    ] {
        pg.psql(&bundle, &["-d", "postgres", "-c", bad])
            .fails(1, &["violates"]);
    }
    // and the full-text index answers what SQLite's does
    let fts = pg
        .psql(&bundle, &["-d", "postgres", "-A", "-t", "-c", "select count(*) from excerpts where to_tsvector('simple', coalesce(text, '')) @@ plainto_tsquery('simple', 'tariffs')"])
        .ok();
    assert_eq!(
        fts.trim(),
        count(
            &w,
            "select count(*) from excerpts_fts where excerpts_fts match 'tariffs'"
        )
        .to_string()
    );
}

#[test]
fn both_bundles_are_valid_frictionless_data_packages_with_the_schemas_constraints() {
    let Some(frictionless) = venv_program("frictionless") else {
        return;
    };
    let w = exported(&[&["plain"], &["xl", "--excel"]]);
    let validate = |dir: &str| {
        let mut c = Command::new(&frictionless);
        c.args(["validate", "--json", "datapackage.json"])
            .current_dir(w.path(dir));
        let out = c.output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{dir}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        report
    };
    for dir in ["plain", "xl"] {
        let report = validate(dir);
        let errors: Vec<String> = report["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["errors"].as_array().unwrap().iter().take(3))
            .map(|e| e["message"].to_string())
            .collect();
        assert_eq!(report["valid"], true, "{dir}: {errors:#?}");
    }
    // the package declares the schema's constraints
    let pkg = read_json(&w, "plain/datapackage.json");
    let resource = |name: &str| {
        pkg["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()
            .clone()
    };
    let events = resource("events");
    let field = |r: &serde_json::Value, f: &str| {
        r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == f)
            .unwrap()
            .clone()
    };
    let statuses =
        w.csv("select value from vocabulary where domain = 'event_status' order by value");
    let statuses: Vec<serde_json::Value> = statuses[1..]
        .iter()
        .map(|r| serde_json::json!(r[0]))
        .collect();
    assert_eq!(
        field(&events, "status")["constraints"]["enum"],
        serde_json::json!(statuses)
    );
    assert_eq!(field(&events, "status")["constraints"]["required"], true);
    assert_eq!(field(&events, "fact_id")["constraints"]["unique"], true);
    assert!(field(&events, "summary").get("constraints").is_none());
    assert_eq!(events["schema"]["primaryKey"], serde_json::json!(["id"]));
    let fks = events["schema"]["foreignKeys"].as_array().unwrap();
    assert!(
        fks.iter()
            .any(|k| k["fields"] == "place_id" && k["reference"]["resource"] == "places")
    );
    assert!(
        resource("places")["schema"]["foreignKeys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["reference"]["resource"] == "")
    );

    // and the validator holds the data to them: a value outside the vocabulary, a duplicate key
    let path = w.path("plain/tables/events.csv");
    let csv = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    let second = lines[2].clone();
    lines.push(second);
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    let report = validate("plain");
    assert_eq!(report["valid"], false);
    let types: Vec<String> = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["errors"].as_array().unwrap().iter())
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect();
    assert!(
        types
            .iter()
            .any(|t| t == "primary-key" || t == "unique-error"),
        "{types:?}"
    );
}

/// The fenced block that follows `<!-- tested: MARK -->` in README.md, for each such mark
/// starting with `prefix`: (mark, block).
fn readme_blocks(prefix: &str) -> Vec<(String, String)> {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(mark) = line
            .trim()
            .strip_prefix("<!-- tested: ")
            .and_then(|m| m.strip_suffix(" -->"))
        else {
            continue;
        };
        if !mark.starts_with(prefix) {
            continue;
        }
        let fence = lines.next().unwrap_or_default();
        assert!(
            fence.starts_with("```"),
            "README: {mark} is not followed by a fenced block"
        );
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        blocks.push((mark.to_string(), body.join("\n") + "\n"));
    }
    blocks
}

#[test]
fn the_readmes_sqlite3_commands_give_crisisdbs_answers() {
    if require_program("sqlite3").is_none() {
        return;
    }
    let w = Workdir::new();
    let db = w.path("crisisdb.db");
    w.run_db(&db, &["build", "-q"]).ok();
    std::os::unix::fs::symlink(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sql"),
        w.path("sql"),
    )
    .unwrap();
    // every block of sqlite3 commands is marked for this test
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let shell_blocks = readme
        .split("```")
        .skip(1)
        .step_by(2)
        .filter(|b| b.lines().any(|l| l.starts_with("sqlite3 ")))
        .count();
    let blocks = readme_blocks("same rows as ");
    assert_eq!(
        blocks.len(),
        shell_blocks,
        "README blocks of sqlite3 commands not marked for the test"
    );
    assert!(
        blocks.len() >= 4,
        "README blocks marked for the test: {}",
        blocks.len()
    );
    for (mark, block) in blocks {
        let command = mark
            .strip_prefix("same rows as `crisisdb ")
            .and_then(|c| c.strip_suffix('`'))
            .unwrap_or_else(|| panic!("README mark {mark:?}: same rows as `crisisdb ...`"));
        let mut sh = Command::new("sh");
        sh.args(["-e", "-c", &block]).current_dir(w.dir.path());
        let shown = parse_csv(&Run::of(sh, None).ok());
        let args = shell_words(command);
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.extend(["--format", "csv"]);
        let expected = parse_csv(&w.run_db(&db, &args).ok());
        assert!(expected.len() > 1, "{command} has no rows");
        assert_eq!(
            shown, expected,
            "README block\n{block}\ndiffers from crisisdb {command}"
        );
    }
}

/// Splits a README command into words: spaces separate, double quotes group.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn duckdb_reads_every_csv_of_the_bundle_as_the_readme_shows() {
    let Some(python) = python_with("duckdb") else {
        return;
    };
    let w = exported(&[&["bundle"]]);
    let blocks = readme_blocks("duckdb");
    assert_eq!(blocks.len(), 1, "the README's DuckDB block");
    let mut run = Command::new(python);
    run.args(["-c", &blocks[0].1]).current_dir(w.dir.path());
    let out = Run::of(run, None).ok();
    let counted: std::collections::BTreeMap<String, usize> = out
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(p, n)| (p.to_string(), n.trim().parse().unwrap()))
        .collect();
    let manifest = read_json(&w, "bundle/manifest.json");
    let rows = manifest["rows"].as_object().unwrap();
    assert_eq!(counted.len(), rows.len(), "{out}");
    for (rel, _) in rows {
        let name = rel
            .trim_start_matches("tables/")
            .trim_start_matches("views/")
            .trim_end_matches(".csv");
        let n = count(&w, &format!("select count(*) from \"{name}\""));
        assert_eq!(
            counted.get(&format!("bundle/{rel}")),
            Some(&n),
            "{rel} in DuckDB"
        );
    }
}
