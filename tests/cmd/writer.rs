//! The one safe writer behind `--output`, `report --output`, `export DIR`, `export --datasette`
//! and the database build: what it writes through, what it refuses to replace, the names and
//! modes of what it makes, and what killed writes leave behind. Devices are made in the test's
//! own temporary folder, never on the machine's `/dev`.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{BIN, Run, Workdir};

/// Runs crisisdb in `w` on its database under `umask`, through `sh`.
fn run_with_umask(w: &Workdir, umask: &str, args: &[&str]) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$@\""))
        .arg("sh")
        .arg(BIN)
        .arg("--db")
        .arg(w.db())
        .args(args)
        .current_dir(w.dir.path())
        .env_remove("CRISISDB_DB")
        .env_remove("CRISISDB_SQL_DIR")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    Run {
        cmd: format!("umask {umask}; crisisdb {}", args.join(" ")),
        out,
    }
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// The hidden names in `dir`: crisisdb's temporary files start with a dot.
fn hidden(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// The three single-file writers, each told to write `file`.
fn writes_to(file: &str) -> [Vec<String>; 3] {
    [
        vec!["sql", "select 7 as seven", "--output", file],
        vec!["report", "--output", file],
        vec!["export", "--datasette", file],
    ]
    .map(|a| a.into_iter().map(str::to_string).collect())
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn a_device_node_is_written_through_and_stays_a_device() {
    let w = Workdir::new().built();
    let null = w.path("null");
    if !crate::util::make_device(&null, 1, 3) {
        return;
    }
    let before = fs::metadata(&null).unwrap();
    for args in writes_to("null") {
        w.run(&strs(&args)).ok();
        let after = fs::symlink_metadata(&null).unwrap();
        assert!(after.file_type().is_char_device(), "{args:?} replaced it");
        assert_eq!(
            (after.ino(), after.rdev()),
            (before.ino(), before.rdev()),
            "{args:?}"
        );
    }
    // written into, so what went in is gone as /dev/null takes it
    assert_eq!(fs::read(&null).unwrap(), b"");
    assert_eq!(hidden(w.dir.path()), Vec::<String>::new());
}

#[test]
fn a_fifo_is_written_through_to_its_reader_and_stays_a_fifo() {
    let w = Workdir::new().built();
    let fifo = w.path("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for args in writes_to("pipe") {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut got = String::new();
                fs::File::open(&fifo)
                    .unwrap()
                    .read_to_string(&mut got)
                    .unwrap();
                got
            })
        };
        w.run(&strs(&args)).ok();
        // before the join: a reader of a pipe that was replaced would wait forever
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        let got = reader.join().unwrap();
        match args[0].as_str() {
            "sql" => assert_eq!(got, "seven\n7\n"),
            "report" => assert!(got.starts_with("<!DOCTYPE html>"), "{}", &got[..40]),
            _ => {
                let meta: serde_json::Value = serde_json::from_str(&got).unwrap();
                assert!(meta["databases"]["crisis"]["tables"]["events"].is_object());
            }
        }
    }
    assert_eq!(hidden(w.dir.path()), Vec::<String>::new());
}

#[test]
fn output_onto_the_database_being_read_is_refused_and_the_database_is_unchanged() {
    let w = Workdir::new().built();
    let db = w.read("crisis.db");
    // the same file by other names: a symbolic link, a hard link, a path through a folder
    symlink("crisis.db", w.path("alias.db")).unwrap();
    fs::hard_link(w.path("crisis.db"), w.path("hard.db")).unwrap();
    fs::create_dir(w.path("sub")).unwrap();
    for name in ["crisis.db", "alias.db", "hard.db", "sub/../crisis.db"] {
        for mut args in writes_to(name) {
            args.push("--overwrite-database".into());
            w.run(&strs(&args)).fails(
                1,
                &["refusing to write over", "the database this command reads"],
            );
            assert_eq!(w.read("crisis.db"), db, "{args:?}");
        }
    }
    assert!(
        fs::symlink_metadata(w.path("alias.db"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(hidden(w.dir.path()), Vec::<String>::new());
}

#[test]
fn another_sqlite_database_is_replaced_only_with_the_flag() {
    let w = Workdir::new().built();
    fs::copy(w.db(), w.path("other.db")).unwrap();
    let other = w.read("other.db");
    assert!(other.starts_with(b"SQLite format 3\0"));
    for args in writes_to("other.db") {
        w.run(&strs(&args))
            .fails(1, &["refusing to replace other.db", "--overwrite-database"]);
        assert_eq!(w.read("other.db"), other, "{args:?}");
    }
    let mut args = writes_to("other.db")[0].clone();
    args.push("--overwrite-database".into());
    w.run(&strs(&args)).ok();
    assert_eq!(w.read("other.db"), b"seven\n7\n");
}

#[test]
fn a_planted_symlink_at_a_predictable_name_does_not_redirect_the_write() {
    let w = Workdir::new().built();
    fs::write(w.path("victim"), "precious").unwrap();
    let victim = w.path("victim");
    // the names a write-then-rename could have used: FILE.tmp, .FILE.tmp, FILE.json.tmp, ...
    let names = ["out.csv", "page.html", "meta.json"];
    let mut planted = Vec::new();
    for n in names {
        for p in [
            format!("{n}.tmp"),
            format!(".{n}.tmp"),
            format!("{}.json.tmp", n.split('.').next().unwrap()),
            format!(".{n}.output-000000"),
            format!(".{n}.new-000000"),
        ] {
            if !w.path(&p).exists() {
                symlink(&victim, w.path(&p)).unwrap();
                planted.push(p);
            }
        }
    }
    w.run(&["sql", "select 7 as seven", "--output", "out.csv"])
        .ok();
    w.run(&["report", "--output", "page.html"]).ok();
    w.run(&["export", "--datasette", "meta.json"]).ok();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    for p in &planted {
        assert_eq!(fs::read_link(w.path(p)).unwrap(), victim, "{p}");
    }
    for n in names {
        assert!(fs::symlink_metadata(w.path(n)).unwrap().is_file(), "{n}");
    }
    assert_eq!(fs::read_to_string(w.path("out.csv")).unwrap(), "seven\n7\n");
}

#[test]
fn a_new_file_gets_the_usual_mode_from_the_umask() {
    let w = Workdir::new();
    run_with_umask(&w, "022", &["build", "-q"]).ok();
    assert_eq!(mode(&w.db()), 0o644);
    for args in writes_to("new-022") {
        let args = strs(&args);
        run_with_umask(&w, "022", &args).ok();
        assert_eq!(mode(&w.path("new-022")), 0o644, "{args:?}");
        fs::remove_file(w.path("new-022")).unwrap();
        run_with_umask(&w, "027", &args).ok();
        assert_eq!(mode(&w.path("new-022")), 0o640, "{args:?}");
        fs::remove_file(w.path("new-022")).unwrap();
    }
    run_with_umask(&w, "077", &["export", "bundle"]).ok();
    assert_eq!(mode(&w.path("bundle")), 0o700);
    assert_eq!(mode(&w.path("bundle/manifest.json")), 0o600);
    run_with_umask(&w, "022", &["export", "bundle2"]).ok();
    assert_eq!(mode(&w.path("bundle2")), 0o755);
    assert_eq!(mode(&w.path("bundle2/tables/events.csv")), 0o644);
}

#[test]
fn an_existing_file_keeps_its_mode() {
    let w = Workdir::new().built();
    fs::set_permissions(w.db(), fs::Permissions::from_mode(0o600)).unwrap();
    run_with_umask(&w, "022", &["build", "-q"]).ok();
    assert_eq!(mode(&w.db()), 0o600);
    for (args, m) in writes_to("kept").into_iter().zip([0o600, 0o640, 0o664]) {
        fs::write(w.path("kept"), "old").unwrap();
        fs::set_permissions(w.path("kept"), fs::Permissions::from_mode(m)).unwrap();
        run_with_umask(&w, "022", &strs(&args)).ok();
        assert_ne!(w.read("kept"), b"old", "{args:?}");
        assert_eq!(mode(&w.path("kept")), m, "{args:?}");
    }
}

#[test]
fn a_db_symlink_keeps_the_link_and_the_database_it_names_is_rebuilt() {
    let w = Workdir::new();
    fs::create_dir(w.path("real")).unwrap();
    symlink("real/crisis.db", w.path("link.db")).unwrap();
    // a link to a database not made yet: the database is made where it points
    w.run_db(&w.path("link.db"), &["build", "-q"]).ok();
    let real = w.path("real/crisis.db");
    assert!(fs::symlink_metadata(&real).unwrap().is_file());
    let first = fs::metadata(&real).unwrap().ino();
    w.run_db(&w.path("link.db"), &["build", "-q"]).ok();
    let link = fs::symlink_metadata(w.path("link.db")).unwrap();
    assert!(link.is_symlink());
    assert_eq!(
        fs::read_link(w.path("link.db")).unwrap(),
        Path::new("real/crisis.db")
    );
    // rebuilt: a new file renamed over the old one
    assert_ne!(fs::metadata(&real).unwrap().ino(), first);
    let out = w
        .run_db(
            &w.path("link.db"),
            &[
                "sql",
                "select count(*) > 0 from events",
                "--format",
                "csv",
                "--no-header",
            ],
        )
        .ok();
    assert_eq!(out, "1\n");
    assert_eq!(hidden(&w.path("real")), Vec::<String>::new());
    assert_eq!(hidden(w.dir.path()), Vec::<String>::new());
}

#[test]
fn a_write_killed_mid_way_leaves_no_temporary_after_the_next_run() {
    let w = Workdir::new().built();
    let endless = "with recursive n(i) as (select 1 union all select i + 1 from n) select i from n";
    let mut child = w
        .command(&["sql", endless, "--output", "big.csv"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // the temporary file has rows in it: the kill lands mid-write
    let temp = loop {
        let found = hidden(w.dir.path())
            .into_iter()
            .find(|n| n.starts_with(".big.csv.output-"));
        if let Some(t) = found
            && fs::metadata(w.path(&t)).is_ok_and(|m| m.len() > 100_000)
        {
            break t;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no temporary file seen"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    child.kill().unwrap(); // SIGKILL: no destructor runs
    child.wait().unwrap();
    assert!(
        w.path(&temp).exists(),
        "the killed write left nothing to clean"
    );
    assert!(!w.path("big.csv").exists());
    // an export killed while its bundle folder is being written
    let bundle_temp = (0..20)
        .find_map(|_| {
            let mut child = w
                .command(&["export", "bundle"])
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            loop {
                let found = hidden(w.dir.path())
                    .into_iter()
                    .find(|n| n.starts_with(".bundle.export-"));
                if let Some(t) = found {
                    child.kill().unwrap();
                    child.wait().unwrap();
                    if w.path(&t).exists() {
                        return Some(t);
                    }
                }
                if child.try_wait().unwrap().is_some() {
                    // it ended before it was seen: try again
                    let _ = fs::remove_dir_all(w.path("bundle"));
                    return None;
                }
            }
        })
        .expect("20 exports all ended before their folder was seen");
    assert!(w.path(&bundle_temp).is_dir());
    // what killed writes of the other kinds leave: a page, a bundle folder, a bundle moved aside
    fs::write(w.path(".page.html.output-Ab3x9Q"), "half a page").unwrap();
    fs::create_dir_all(w.path(".bundle.export-Zz9Yy8/tables")).unwrap();
    fs::write(w.path(".bundle.export-Zz9Yy8/tables/events.csv"), "id\n").unwrap();
    fs::create_dir_all(w.path(".bundle.old-Qq1Ww2/replaced")).unwrap();
    fs::write(w.path(".notes.txt"), "a user's own hidden file").unwrap();
    w.run(&["sql", "select 1 as one", "--output", "small.csv"])
        .ok();
    assert_eq!(hidden(w.dir.path()), vec![".notes.txt".to_string()]);
    assert_eq!(fs::read_to_string(w.path("small.csv")).unwrap(), "one\n1\n");
}

#[test]
fn export_force_refuses_a_folder_that_is_not_a_bundle_and_keeps_its_files() {
    let w = Workdir::new().built();
    fs::create_dir(w.path("proj")).unwrap();
    fs::copy(w.db(), w.path("proj/crisis.db")).unwrap();
    fs::write(w.path("proj/thesis.odt"), "three years of work").unwrap();
    let db = w.read("proj/crisis.db");
    w.run(&["export", "--force", "proj"]).fails(
        1,
        &[
            "proj is not an earlier crisisdb export",
            "no manifest.json",
            "left untouched",
        ],
    );
    assert_eq!(w.read("proj/crisis.db"), db);
    assert_eq!(w.read("proj/thesis.odt"), b"three years of work");
    // a bundle with a file of the user's in it is not replaced either
    w.run(&["export", "bundle"]).ok();
    fs::write(
        w.path("bundle/new.db"),
        "made by `sqlite3 new.db < import.sql`",
    )
    .unwrap();
    w.run(&["export", "--force", "bundle"]).fails(
        1,
        &["not an earlier crisisdb export", "new.db", "does not list"],
    );
    assert!(w.path("bundle/new.db").exists());
    // a manifest that crisisdb did not write does not make a folder a bundle
    fs::write(w.path("proj/manifest.json"), "{\"name\": \"my project\"}").unwrap();
    w.run(&["export", "--force", "proj"])
        .fails(1, &["not an earlier crisisdb export"]);
    assert_eq!(w.read("proj/thesis.odt"), b"three years of work");
    // a file where the folder would go
    w.run(&["export", "--force", "proj/thesis.odt"])
        .fails(1, &["is not a folder"]);
    assert_eq!(w.read("proj/thesis.odt"), b"three years of work");
    // an earlier bundle is replaced
    fs::remove_file(w.path("bundle/new.db")).unwrap();
    w.run(&["export", "--force", "bundle"]).ok();
    assert!(w.path("bundle/manifest.json").exists());
    assert_eq!(hidden(w.dir.path()), Vec::<String>::new());
}

#[test]
fn a_build_never_replaces_a_file_that_is_not_a_database() {
    let w = Workdir::new();
    fs::write(w.path("thesis.odt"), "three years of work").unwrap();
    w.run_db(&w.path("thesis.odt"), &["build", "-q"])
        .fails(1, &["thesis.odt exists and is not a SQLite database"]);
    assert_eq!(w.read("thesis.odt"), b"three years of work");
    // an empty file is no one's work: the database is built into it
    fs::write(w.path("empty.db"), "").unwrap();
    w.run_db(&w.path("empty.db"), &["build", "-q"]).ok();
    assert!(w.read("empty.db").starts_with(b"SQLite format 3\0"));
    assert_eq!(hidden(w.dir.path()), Vec::<String>::new());
}

#[test]
fn output_to_its_own_standard_output_by_name_writes_at_its_place() {
    // /proc/self/fd/1 rather than /dev/stdout (a link to it): a regression must not be able to
    // replace anything in the machine's /dev
    let w = Workdir::new().built();
    let path = w.path("captured.txt");
    let mut out = fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut out, b"before\n").unwrap();
    let inode = fs::metadata(&path).unwrap().ino();
    let run = w
        .command(&["sql", "select 7 as seven", "--output", "/proc/self/fd/1"])
        .stdout(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "before\nseven\n7\n");
    assert_eq!(fs::metadata(&path).unwrap().ino(), inode);
}
