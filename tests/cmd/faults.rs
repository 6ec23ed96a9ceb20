//! Faults while crisisdb writes: builds killed with SIGKILL at random moments, a reader holding
//! the database while a rebuild replaces it, and a full disk under a build or an export. In
//! each, the database (or `--output` file) is either the old one or a complete new one, and no
//! temporary file outlives the next successful build.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Run, Workdir, copy_dir, parse_csv, repo_seeds};

/// Columns that hold an id of a seed row (or a `;` list of them, or an article file name).
const ID_COLUMNS: &[&str] = &[
    "id",
    "source",
    "actor",
    "event",
    "place",
    "parent",
    "operator",
    "asset",
    "donor",
    "recipient",
    "speaker",
    "dispute",
    "evidence",
    "file",
];

/// Writes to `to` a valid seeds folder `copies` times the size of the repository's: every row
/// but the countries repeated with `-rN` added to each id it defines or names, and each
/// article copied under a new name (a source's file is unique).
fn big_seeds(to: &Path, copies: usize) {
    copy_dir(&repo_seeds(), to);
    for entry in fs::read_dir(to).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "csv") || path.ends_with("countries.csv") {
            continue;
        }
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let header = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let mut writer = csv::Writer::from_path(&path).unwrap();
        writer.write_record(&header).unwrap();
        for k in 0..copies {
            for row in &rows {
                let cells = header.iter().zip(row.iter()).map(|(column, cell)| {
                    if k == 0 || cell.is_empty() || !ID_COLUMNS.contains(&column) {
                        cell.to_string()
                    } else if column == "file" {
                        format!("r{k}-{cell}")
                    } else {
                        // an evidence cell's `@role` stays after the renamed id
                        cell.split(';')
                            .map(|id| match id.trim().split_once('@') {
                                Some((x, role)) => format!("{x}-r{k}@{role}"),
                                None => format!("{}-r{k}", id.trim()),
                            })
                            .collect::<Vec<_>>()
                            .join(";")
                    }
                });
                writer.write_record(cells.collect::<Vec<_>>()).unwrap();
            }
        }
        writer.flush().unwrap();
    }
    for entry in fs::read_dir(to.join("articles")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for k in 1..copies {
            fs::copy(&path, to.join("articles").join(format!("r{k}-{name}"))).unwrap();
        }
    }
}

/// The temporary files of builds beside `db`.
fn stray_builds(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".build-") || n.contains(".output-"))
        .collect()
}

/// What a database holds, in a few numbers; and that SQLite finds it sound.
fn fingerprint(w: &Workdir) -> String {
    let out = w
        .run(&[
            "sql",
            "select (select count(*) from facts), (select count(*) from excerpts), \
             (select group_concat(key || '=' || value, ' ') from build_info), \
             (select group_concat(integrity_check) from pragma_integrity_check)",
            "--format",
            "csv",
            "--no-header",
        ])
        .ok();
    assert!(out.trim_end().ends_with(",ok"), "integrity: {out}");
    out
}

/// A small xorshift generator: the kill moments vary from run to run, and the seed printed on
/// failure replays them (CRISISDB_FAULT_SEED).
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("CRISISDB_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("fault seed: CRISISDB_FAULT_SEED={seed}");
        Rng(seed)
    }

    /// A number in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_database() {
    const KILLS: usize = 8;
    let w = Workdir::new();
    let seeds = w.path("big-seeds");
    big_seeds(&seeds, 12);
    let seeds = seeds.to_str().unwrap();
    let started = Instant::now();
    w.run(&["build", "-q", "--seeds", seeds]).ok();
    let full = started.elapsed();
    let mut before = w.read("crisis.db");
    let print = fingerprint(&w);
    let mut rng = Rng::new();
    let (mut kills, mut finished, mut after_rename, mut left) = (0, 0, 0, 0);
    // the moments spread over the whole build, from reading the seeds to the rename; a build
    // that ends before its moment (machines differ in speed) narrows the window
    let mut window = full;
    while kills < KILLS {
        assert!(
            finished < 3 * KILLS,
            "builds keep ending before they are killed"
        );
        let at = window.mul_f64((kills as f64 + rng.next()) / KILLS as f64);
        let mut child = w
            .command(&["build", "-q", "--seeds", seeds])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        child.kill().unwrap(); // SIGKILL: no destructor, no cleanup
        let status = child.wait().unwrap();
        // the database is the old one, byte for byte, unless the build got as far as its
        // rename: then it is the complete new one (the fingerprint below checks that)
        let now = w.read("crisis.db");
        let replaced = now != before;
        before = now;
        if status.signal() == Some(libc::SIGKILL) {
            kills += 1;
            if replaced {
                after_rename += 1;
            }
            left += stray_builds(w.dir.path()).len();
        } else {
            // it ended before the kill: narrow the window
            assert!(status.success());
            finished += 1;
            window = window.mul_f64(0.75);
        }
        assert_eq!(fingerprint(&w), print, "after a build stopped at {at:?}");
    }
    eprintln!(
        "{KILLS} builds killed with SIGKILL within {window:?} (a full build took {full:?}; {finished} ended first): \
         {} killed before their rename left the old database byte-identical, {} after it had the complete new one; \
         {left} temporary files seen after the kills",
        KILLS - after_rename,
        after_rename,
    );
    assert!(left > 0, "no kill hit a build with its file made");
    // the next successful build removes what the killed ones left
    w.run(&["build", "-q"]).ok();
    assert_eq!(stray_builds(w.dir.path()), Vec::<String>::new());
}

#[test]
fn a_running_build_keeps_its_file_while_another_build_cleans_up() {
    let w = Workdir::new();
    let seeds = w.path("big-seeds");
    big_seeds(&seeds, 12);
    let mut slow = w
        .command(&["build", "-q", "--seeds", seeds.to_str().unwrap()])
        .spawn()
        .unwrap();
    // wait until the slow build has a temporary file with something in it
    let deadline = Instant::now() + Duration::from_secs(60);
    let has_file = || {
        stray_builds(w.dir.path())
            .iter()
            .any(|n| fs::metadata(w.path(n)).is_ok_and(|m| m.len() > 0))
    };
    while !has_file() {
        assert!(Instant::now() < deadline, "the slow build made no file");
        std::thread::sleep(Duration::from_millis(20));
    }
    // a quick build of the embedded seeds finishes first and cleans up: not the live file
    w.run(&["build", "-q"]).ok();
    assert!(slow.wait().unwrap().success(), "the slow build failed");
    let origin = w.csv("select value from build_info where key = 'seeds_origin'");
    assert!(origin[1][0].ends_with("big-seeds"), "{origin:?}");
    assert_eq!(stray_builds(w.dir.path()), Vec::<String>::new());
}

#[test]
fn a_reader_finishes_consistently_while_a_rebuild_replaces_the_database() {
    let w = Workdir::new();
    let seeds = w.copy_seeds();
    w.run(&["build", "-q", "--seeds", seeds.to_str().unwrap()])
        .ok();
    let countries = w.csv("select count(*) from countries")[1][0].clone();
    // a long query that reads the database on every row; its output fills the pipe and then
    // waits for us, so it is surely in the middle while the rebuild runs
    let rows = 200_000;
    let sql = format!(
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < {rows}) \
         select i, (select count(*) from countries) from n"
    );
    let mut reader = w
        .command(&["sql", &sql, "--format", "csv", "--no-header"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(reader.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert_eq!(first, format!("1,{countries}\n"));
    // rebuild with one country more
    fs::write(
        seeds.join("countries.csv"),
        fs::read_to_string(seeds.join("countries.csv")).unwrap() + "XXA,Atlantis\n",
    )
    .unwrap();
    w.run(&["build", "-q", "--seeds", seeds.to_str().unwrap()])
        .ok();
    assert!(
        reader.try_wait().unwrap().is_none(),
        "the reader ended before the rebuild"
    );
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(reader.wait().unwrap().success());
    let all = first + &rest;
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(lines.len(), rows);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(*line, format!("{},{countries}", i + 1), "row {i}");
    }
    // and the new database is complete
    let now: usize = w.csv("select count(*) from countries")[1][0]
        .parse()
        .unwrap();
    assert_eq!(now, countries.parse::<usize>().unwrap() + 1);
    fingerprint(&w);
}

/// `crisisdb ARGS` with writes limited to files of `limit` bytes: past it a write fails with
/// EFBIG, as on a full disk (SIGXFSZ is ignored, so the write returns the error).
fn with_file_limit(w: &Workdir, limit: u64, args: &[&str]) -> std::process::Output {
    let mut cmd = w.command(args);
    // SAFETY: only async-signal-safe calls between fork and exec
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rlim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rlim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().unwrap()
}

#[test]
fn a_write_error_mid_build_or_export_leaves_nothing_half_written() {
    let w = Workdir::new().built();
    let before = w.read("crisis.db");
    // the build fails when its file reaches a third of the database's size
    let out = with_file_limit(&w, before.len() as u64 / 3, &["build", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("building"), "{err}");
    assert!(err.contains("crisis.db was left as it was"), "{err}");
    assert!(err.contains("no room to write"), "{err}");
    assert_eq!(w.read("crisis.db"), before);
    assert_eq!(stray_builds(w.dir.path()), Vec::<String>::new());
    // an export fails after some rows: the old file stays, no temporary file is left
    fs::write(w.path("out.csv"), "old\n").unwrap();
    let out = with_file_limit(
        &w,
        20_000,
        &["sql", "select * from excerpts", "--output", "out.csv"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("writing out.csv: File too large"), "{err}");
    assert_eq!(fs::read_to_string(w.path("out.csv")).unwrap(), "old\n");
    assert_eq!(stray_builds(w.dir.path()), Vec::<String>::new());
    // standard output on a full device
    let full = fs::File::create("/dev/full").unwrap();
    let out = w
        .command(&["sql", "select * from excerpts", "--format", "csv"])
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("writing to standard output: No space left on device"),
        "{err}"
    );
}

/// A small tmpfs mounted for a test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: PathBuf, bytes: usize) -> Option<Tmpfs> {
        fs::create_dir(&at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(&at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs(at))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_under_a_build_or_an_export_leaves_nothing_half_written() {
    let w = Workdir::new().built();
    let db = w.read("crisis.db");
    // room for the database and half a copy: a rebuild beside it runs out of space
    let Some(disk) = Tmpfs::mount(w.path("small-disk"), db.len() * 3 / 2) else {
        // the write-error test above covers the same paths where mounting is not allowed
        eprintln!(
            "SKIPPED: cannot mount a tmpfs here (needs root); the file-size-limit test covers these paths"
        );
        return;
    };
    let target = disk.0.join("crisis.db");
    fs::write(&target, &db).unwrap();
    let run = |args: &[&str]| {
        Command::new(crate::util::BIN)
            .current_dir(w.dir.path())
            .env_remove("CRISISDB_DB")
            .args(["--db", target.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["build", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("database or disk is full"), "{err}");
    assert!(err.contains("no room to write"), "{err}");
    assert_eq!(fs::read(&target).unwrap(), db);
    assert_eq!(stray_builds(&disk.0), Vec::<String>::new());
    // an export larger than the space left
    let big = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 200000) \
               select i, text from n, (select text from excerpts limit 1)";
    let file = disk.0.join("out.csv");
    let out = run(&["sql", big, "--output", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(!file.exists());
    assert_eq!(stray_builds(&disk.0), Vec::<String>::new());
    // with the space back, the build works
    fs::remove_file(&target).unwrap();
    assert!(run(&["build", "-q"]).status.success());
    let count = "select count(*) from excerpts";
    let rows = parse_csv(&String::from_utf8_lossy(
        &run(&["sql", count, "--format", "csv"]).stdout,
    ));
    assert_eq!(rows, w.csv(count));
}

/// Which standard stream a test takes away from crisisdb, and how.
#[derive(Clone, Copy, Debug)]
enum Gone {
    /// stdout is a pipe whose reading end is closed (`crisisdb ... | head -0`)
    StdoutPipe,
    /// stderr is a pipe whose reading end is closed
    StderrPipe,
    /// stderr is not open at all (`2>&-`)
    StderrClosed,
}

/// A pipe whose reading end is already closed: writing to the other end fails with EPIPE.
fn widowed_pipe() -> std::os::fd::OwnedFd {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe fills two fresh descriptors, which the OwnedFds then own
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read, write) = unsafe {
        (
            std::os::fd::OwnedFd::from_raw_fd(fds[0]),
            std::os::fd::OwnedFd::from_raw_fd(fds[1]),
        )
    };
    drop(read);
    write
}

/// Runs `crisisdb ARGS` with one standard stream gone; returns its status and what it wrote
/// to the stream that is left.
fn without(w: &Workdir, gone: Gone, args: &[&str]) -> (std::process::ExitStatus, String) {
    let mut cmd = w.command(args);
    match gone {
        Gone::StdoutPipe => {
            cmd.stdout(Stdio::from(widowed_pipe()))
                .stderr(Stdio::piped());
        }
        Gone::StderrPipe => {
            cmd.stdout(Stdio::piped())
                .stderr(Stdio::from(widowed_pipe()));
        }
        Gone::StderrClosed => {
            cmd.stdout(Stdio::piped()).stderr(Stdio::null());
            // SAFETY: close is async-signal-safe
            unsafe {
                cmd.pre_exec(|| {
                    libc::close(2);
                    Ok(())
                });
            }
        }
    }
    let out = cmd.output().unwrap();
    let left = match gone {
        Gone::StdoutPipe => &out.stderr,
        _ => &out.stdout,
    };
    (out.status, String::from_utf8_lossy(left).into_owned())
}

#[test]
fn every_command_ends_quietly_when_its_output_or_error_stream_is_gone() {
    let w = Workdir::new().built();
    let many = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 100000) select i from n";
    let commands: &[&[&str]] = &[
        &["check"],
        &["queries"],
        &["queries", "timeline"],
        &["run", "timeline"],
        &["run", "timeline", "--format", "table"],
        &["run", "timeline", "--format", "line"],
        &["sql", many],
        &["sql", many, "--format", "json"],
        &["schema"],
        &["schema", "events"],
        &["search", "tariffs"],
        &["show", "e-082"],
        &["show", "a2"],
        &["build"],
        &["migrate"],
        &["export", "--force", "bundle"],
        &["report", "--output", "report.html"],
        &["--help"],
        &["--version"],
    ];
    for gone in [Gone::StdoutPipe, Gone::StderrPipe, Gone::StderrClosed] {
        for args in commands {
            let (status, left) = without(&w, gone, args);
            assert_eq!(
                status.code(),
                Some(0),
                "crisisdb {args:?} with {gone:?}: {status:?}\n{left}"
            );
            // what is left is stderr when stdout is gone, and data otherwise
            let words: &[&str] = match gone {
                Gone::StdoutPipe => &["panicked", "Broken pipe", "crisisdb: error", "failed"],
                _ => &["panicked at"],
            };
            for word in words {
                assert!(
                    !left.contains(word),
                    "crisisdb {args:?} with {gone:?}:\n{left}"
                );
            }
        }
    }
    // an error still exits 1 when there is nowhere to say it
    let (status, _) = without(&w, Gone::StderrPipe, &["sql", "select * from nope"]);
    assert_eq!(status.code(), Some(1));
}

#[test]
fn check_lists_a_bounded_number_of_uncovered_tokens_and_counts_the_rest() {
    let w = Workdir::new().built();
    let n = 5000;
    // an article with n more numbers, none cited
    w.change(&format!(
        "update sources set text = text || char(10) || (with recursive n(i) as (select 1 union all select i + 1 from n where i < {n}) select group_concat(i, ' ') from n) where id = 'a1'"
    ));
    let run = w.run(&["check"]);
    run.fails(1, &[&format!("check failed: {n} problem(s) above")]);
    let out = run.stdout();
    let listed = out.lines().filter(|l| l.starts_with("  a1:")).count();
    assert_eq!(listed, 200, "{out}");
    assert!(
        out.contains(&format!(
            "  ... and {} more (crisisdb check --all lists every one)",
            n - 200
        )),
        "{out}"
    );
    let all = w.run(&["check", "--all"]).stdout();
    assert_eq!(all.lines().filter(|l| l.starts_with("  a1:")).count(), n);
    assert!(!all.contains("... and"));
}

#[test]
fn a_folder_as_the_database_is_refused_before_any_work() {
    let w = Workdir::new();
    fs::create_dir(w.path("dir")).unwrap();
    for args in [
        &["build"][..],
        &["run", "timeline"],
        &["sql", "select 1"],
        &["check"],
    ] {
        w.run_db(&w.path("dir"), args)
            .fails(2, &["that is a folder; name a database file"]);
    }
    assert_eq!(fs::read_dir(w.path("dir")).unwrap().count(), 0);
}

#[test]
fn an_empty_crisisdb_db_means_the_default_file() {
    let w = Workdir::new();
    let with_env = |value: &str, args: &[&str]| {
        let out = Command::new(crate::util::BIN)
            .current_dir(w.dir.path())
            .env("CRISISDB_DB", value)
            .env_remove("CRISISDB_SQL_DIR")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "CRISISDB_DB={value:?} {args:?}: {out:?}"
        );
    };
    with_env("", &["sql", "select count(*) as n from events"]);
    assert!(w.path("crisisdb.db").is_file());
    // a set one is taken
    with_env("other.db", &["build", "-q"]);
    assert!(w.path("other.db").is_file());
}

#[test]
fn a_damaged_database_file_is_named_in_the_error() {
    let w = Workdir::new().built();
    fs::write(
        w.path("notes.db"),
        "these are my notes, not a database\n".repeat(200),
    )
    .unwrap();
    w.run_db(&w.path("notes.db"), &["run", "timeline"])
        .fails(1, &["notes.db", "file is not a database"]);
    // the second half of the file overwritten: the error comes mid-query
    let mut bytes = w.read("crisis.db");
    let half = bytes.len() / 2;
    let end = bytes.len() - 4096;
    bytes[half..end].fill(7);
    fs::write(w.path("broken.db"), &bytes).unwrap();
    let err = w
        .run_db(
            &w.path("broken.db"),
            &["sql", "select count(*), sum(length(text)) from excerpts"],
        )
        .fails(1, &["database disk image is malformed"]);
    assert!(err.contains("broken.db"), "{err}");
}

#[test]
fn a_damaged_migration_history_is_an_error_never_a_panic() {
    let w = Workdir::new().built();
    let good = w.read("crisis.db");
    let cases = [
        (
            "update refinery_schema_history set applied_on = 'yesterday' where version = 2",
            "row 2) is damaged: applied_on \"yesterday\" is not an RFC 3339 time",
        ),
        (
            "update refinery_schema_history set checksum = 'x' where version = 1",
            "row 1) is damaged: checksum \"x\" is not a number",
        ),
        (
            "update refinery_schema_history set checksum = null where version = 3",
            "row 3) is damaged: checksum NULL is not a number",
        ),
        (
            "update refinery_schema_history set version = 'one' where version = 1",
            "version \"one\" is not a migration number",
        ),
        (
            "update refinery_schema_history set name = x'00' where version = 1",
            "row 1) is damaged: its name is not text",
        ),
        (
            "alter table refinery_schema_history drop column checksum",
            "has columns (version, name, applied_on), not (version, name, applied_on, checksum)",
        ),
    ];
    for (damage, words) in cases {
        fs::write(w.db(), &good).unwrap();
        // the history is changed the way a hand edit would: straight in SQLite
        let conn = rusqlite::Connection::open(w.db()).unwrap();
        conn.execute_batch(damage).unwrap();
        drop(conn);
        let err = w.run(&["migrate"]).fails(1, &[words]);
        assert!(err.contains("crisis.db"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// Sends SIGINT to `crisisdb ARGS` `after` it starts; gives its status and how long it took to
/// end after the signal.
fn interrupted(w: &Workdir, args: &[&str], after: Duration) -> (std::process::Output, Duration) {
    let child = w
        .command(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    // SAFETY: kill with a pid of our own child
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let sent = Instant::now();
    let out = child.wait_with_output().unwrap();
    (out, sent.elapsed())
}

#[test]
fn ctrl_c_stops_any_command_within_a_second_with_exit_130() {
    let w = Workdir::new().built();
    let before = w.read("crisis.db");
    // a long check: an article with many uncovered numbers (the work is Rust, not a query)
    let big = Workdir::new().built();
    big.change(
        "update sources set text = text || char(10) || (with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000000) select group_concat(i, ' ') from n) where id = 'a1'",
    );
    let forever =
        "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n";
    let seeds = w.path("big-seeds");
    big_seeds(&seeds, 8);
    let seeds = seeds.to_string_lossy().into_owned();
    let runs: Vec<(&Workdir, Vec<&str>)> = vec![
        (&w, vec!["sql", forever]),
        (&big, vec!["check", "--all"]),
        (&w, vec!["build", "--seeds", &seeds]),
        (&w, vec!["export", "--force", "bundle"]),
    ];
    for (dir, args) in runs {
        let (out, took) = interrupted(dir, &args, Duration::from_millis(300));
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            // it ended before the signal came: nothing to stop
            eprintln!("crisisdb {args:?} ended before SIGINT");
            continue;
        }
        assert_eq!(out.status.code(), Some(130), "crisisdb {args:?}: {stderr}");
        assert!(
            took < Duration::from_secs(1),
            "crisisdb {args:?} took {took:?}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // the interrupted build left the database as it was
    assert_eq!(w.read("crisis.db"), before);
}

#[test]
fn arguments_and_paths_that_are_not_utf8_are_errors_or_work_never_panics() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let w = Workdir::new().built();
    let latin1 = |s: &[u8]| OsStr::from_bytes(s).to_os_string();
    // text arguments must be text: clap's usage error
    for args in [
        vec![latin1(b"sql"), latin1(b"select '\xff'")],
        vec![latin1(b"run"), latin1(b"timel\xe9ne")],
        vec![
            latin1(b"sql"),
            latin1(b"select :x"),
            latin1(b"-p"),
            latin1(b"x=\xff"),
        ],
    ] {
        let run = Run::of(
            {
                let mut c = w.command(&[]);
                c.args(&args);
                c
            },
            None,
        );
        run.fails(2, &["invalid UTF-8"]);
    }
    // paths may be any bytes
    let db = w.path("caf\u{e9}").with_file_name(latin1(b"caf\xe9.db"));
    let out = w
        .command_db(
            &db,
            &["sql", "select count(*) as n from events", "--no-header"],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(db.is_file());
    let file = w.path("x").with_file_name(latin1(b"q\xe9.sql"));
    fs::write(&file, "select 41 + 1 as n").unwrap();
    let mut c = w.command(&["sql", "-f"]);
    c.arg(&file);
    assert_eq!(parse_csv(&Run::of(c, None).ok()), [["n"], ["42"]]);
    // a SQL file that is not UTF-8 is an error naming it
    fs::write(&file, b"select '\xff'").unwrap();
    let mut c = w.command(&["sql", "-f"]);
    c.arg(&file);
    Run::of(c, None).fails(1, &["reading", "q\u{fffd}.sql", "valid UTF-8"]);
    let seeds = w.path("x").with_file_name(latin1(b"semillas-\xf1"));
    copy_dir(&repo_seeds(), &seeds);
    let mut c = w.command(&["build", "-q", "--seeds"]);
    c.arg(&seeds);
    Run::of(c, None).ok();
}

#[test]
fn a_uri_looking_database_name_is_a_file_of_that_name() {
    let w = Workdir::new();
    w.run_db(Path::new("file:x.db"), &["build", "-q"]).ok();
    assert!(w.path("file:x.db").is_file());
    assert!(!w.path("x.db").exists());
    let count = "select count(*) as n from events";
    let built = w.run_db(Path::new("file:x.db"), &["sql", count]).ok();
    // a URI's parameters would give an empty database in memory: here they are part of a
    // file name, and that file is built and read
    let other = w
        .run_db(Path::new("file:x.db?mode=memory"), &["sql", count])
        .ok();
    assert_eq!(other, built);
    assert!(
        parse_csv(&built)[1][0].parse::<u32>().unwrap() > 0,
        "{built}"
    );
    assert!(w.path("file:x.db?mode=memory").is_file());
    w.run_db(Path::new(":memory:"), &["sql", count]).ok();
    assert!(w.path(":memory:").is_file());
}

/// Runs `command` with its output kept, killing it if it still runs after `secs`: a hang
/// fails the test instead of stalling it.
fn within(secs: u64, mut command: Command) -> Run {
    let cmd = format!("{command:?}");
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as i32;
    let (done, finished) = std::sync::mpsc::channel();
    // the output is read as it comes, so a long answer does not stall the program
    std::thread::spawn(move || done.send(child.wait_with_output().unwrap()));
    match finished.recv_timeout(Duration::from_secs(secs)) {
        Ok(out) => Run { cmd, out },
        Err(_) => {
            // SAFETY: kill with a pid of our own child, not yet waited for
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{cmd} still ran after {secs} s");
        }
    }
}

fn make_fifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Makes a device node like `/dev/zero` at `path` (see `util::make_device`).
fn make_zero_device(path: &Path) -> bool {
    crate::util::make_device(path, 1, 5)
}

/// The name of one article of the repository's seeds.
fn an_article(seeds: &Path) -> String {
    let mut names: Vec<String> = fs::read_dir(seeds.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names.swap_remove(0)
}

#[test]
fn a_seed_file_or_article_linked_from_outside_the_seeds_folder_is_refused() {
    use std::os::unix::fs::symlink;
    let w = Workdir::new();
    let seeds = w.copy_seeds();
    let article = an_article(&seeds);
    let rel = format!("articles/{article}");
    fs::create_dir(w.path("outside")).unwrap();
    fs::rename(seeds.join(&rel), w.path("outside").join(&article)).unwrap();
    symlink(w.path("outside").join(&article), seeds.join(&rel)).unwrap();
    let build = |w: &Workdir| within(60, w.command(&["build", "-q", "--seeds", "seeds"]));
    build(&w).fails(1, &[&rel, "outside the seeds folder"]);
    assert!(!w.db().exists());
    // the same file linked from inside the folder is read
    fs::create_dir(seeds.join("kept")).unwrap();
    fs::rename(
        w.path("outside").join(&article),
        seeds.join("kept").join(&article),
    )
    .unwrap();
    fs::remove_file(seeds.join(&rel)).unwrap();
    symlink(seeds.join("kept").join(&article), seeds.join(&rel)).unwrap();
    build(&w).ok();
    assert!(w.db().is_file());
    // a seed CSV linked from outside
    fs::rename(seeds.join("events.csv"), w.path("outside/events.csv")).unwrap();
    symlink(w.path("outside/events.csv"), seeds.join("events.csv")).unwrap();
    build(&w).fails(1, &["events.csv", "outside the seeds folder"]);
}

/// Makes something at a path, or says it cannot (`make_zero_device` as a user).
type Make = fn(&Path) -> bool;

#[test]
fn a_fifo_device_or_folder_where_a_seed_file_is_expected_is_an_error_never_a_hang() {
    let w = Workdir::new();
    let article = an_article(&repo_seeds());
    let cases: [(String, &str, Make); 5] = [
        (format!("articles/{article}"), "a named pipe (FIFO)", |p| {
            make_fifo(p);
            true
        }),
        ("events.csv".into(), "a named pipe (FIFO)", |p| {
            make_fifo(p);
            true
        }),
        ("events.csv".into(), "a folder", |p| {
            fs::create_dir(p).unwrap();
            true
        }),
        ("events.csv".into(), "a device", make_zero_device),
        (format!("articles/{article}"), "a device", make_zero_device),
    ];
    for (rel, kind, make) in cases {
        let seeds = w.path("seeds");
        if seeds.exists() {
            fs::remove_dir_all(&seeds).unwrap();
        }
        w.copy_seeds();
        fs::remove_file(seeds.join(&rel)).unwrap();
        if !make(&seeds.join(&rel)) {
            continue;
        }
        for command in [
            &["build", "-q", "--seeds", "seeds"][..],
            &["check", "--seeds", "seeds"],
        ] {
            within(60, w.command(command)).fails(1, &[&rel, kind, "not a file"]);
        }
    }
}

/// 64 MiB, the most SQL `sql` reads (`MAX_SQL_BYTES`).
const MAX_SQL_BYTES: u64 = 64 * 1024 * 1024;

/// `crisisdb sql ARGS` with `feed` written to its standard input from another thread (which
/// stops quietly when crisisdb stops reading), ended if it runs past a minute.
fn sql_fed(
    w: &Workdir,
    args: &[&str],
    feed: impl FnOnce(&mut dyn std::io::Write) + Send + 'static,
) -> Run {
    let mut command = w.command(args);
    command.stdin(Stdio::piped());
    let cmd = format!("{command:?}");
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || feed(&mut stdin));
    let run = Run::wait(cmd, child);
    writer.join().unwrap();
    run
}

/// Writes `total` bytes of blanks to `to`, ignoring a reader that has gone.
fn blanks(to: &mut dyn std::io::Write, total: u64) {
    let chunk = vec![b' '; 1 << 20];
    let mut left = total;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        if to.write_all(&chunk[..n]).is_err() {
            return;
        }
        left -= n as u64;
    }
}

#[test]
fn sql_from_a_device_a_folder_a_fifo_or_a_huge_file_is_refused_or_bounded() {
    let w = Workdir::new().built();
    let sql_f = |file: &str| within(60, w.command(&["sql", "-f", file]));
    // a folder says it is one
    fs::create_dir(w.path("queries")).unwrap();
    sql_f("queries").fails(1, &["queries is a folder, not a file of SQL"]);
    // a file past the cap is refused before it is read (a sparse file costs no disk)
    let huge = fs::File::create(w.path("huge.sql")).unwrap();
    huge.set_len(MAX_SQL_BYTES + 1).unwrap();
    sql_f("huge.sql").fails(1, &["huge.sql is 67108865 bytes", "at most 67108864 bytes"]);
    // exactly the cap is read (blanks and one statement)
    let mut at_cap = vec![b' '; MAX_SQL_BYTES as usize];
    at_cap[..10].copy_from_slice(b"select 7 ;");
    fs::write(w.path("cap.sql"), &at_cap).unwrap();
    drop(at_cap);
    assert_eq!(parse_csv(&sql_f("cap.sql").ok()), [["7"], ["7"]]);
    fs::remove_file(w.path("cap.sql")).unwrap();
    // a device such as /dev/zero (made here, never the machine's /dev) is refused unopened
    if make_zero_device(&w.path("zero")) {
        sql_f("zero").fails(1, &["zero is a device, not a file of SQL"]);
    }
    // a named pipe is read as `-f <(...)` is, up to the cap
    make_fifo(&w.path("pipe.sql"));
    let pipe = w.path("pipe.sql");
    let writer = std::thread::spawn(move || {
        let mut f = fs::OpenOptions::new().write(true).open(pipe).unwrap();
        blanks(&mut f, MAX_SQL_BYTES + 4096);
    });
    sql_f("pipe.sql").fails(1, &["pipe.sql holds more than 67108864 bytes of SQL"]);
    writer.join().unwrap();
    let pipe = w.path("pipe.sql");
    let writer = std::thread::spawn(move || {
        fs::write(pipe, "select 6 * 7 as n").unwrap();
    });
    assert_eq!(parse_csv(&sql_f("pipe.sql").ok()), [["n"], ["42"]]);
    writer.join().unwrap();
    // standard input has the same cap, and is read as before below it
    sql_fed(&w, &["sql"], |to| blanks(to, MAX_SQL_BYTES + 4096))
        .fails(1, &["standard input holds more than 67108864 bytes of SQL"]);
    let run = sql_fed(&w, &["sql", "-f", "-"], |to| {
        to.write_all(b"select 6 * 7 as n").unwrap()
    });
    assert_eq!(parse_csv(&run.ok()), [["n"], ["42"]]);
}

#[test]
fn a_bad_file_in_a_sql_dir_is_skipped_with_a_warning_and_the_embedded_queries_still_work() {
    let w = Workdir::new().built();
    let dir = w.path("q");
    fs::create_dir(&dir).unwrap();
    make_fifo(&dir.join("pipe.sql"));
    let device = make_zero_device(&dir.join("zero.sql"));
    fs::create_dir(dir.join("folder.sql")).unwrap();
    fs::write(dir.join("untitled.sql"), "select 1;\n").unwrap();
    fs::write(dir.join("latin.sql"), b"-- title: Espa\xf1a\nselect 1;\n").unwrap();
    // a broken file named as an embedded query does not replace it
    fs::write(
        dir.join("timeline.sql"),
        "-- title: Mine\n-- param: k nosuchtype = 1 -- a kind\nselect :k;\n",
    )
    .unwrap();
    fs::write(dir.join("mine.sql"), "-- title: Mine\nselect 6 * 7 as n;\n").unwrap();
    let with_dir = |args: &[&str]| {
        let mut all = vec!["--sql-dir", "q"];
        all.extend(args);
        within(60, w.command(&all))
    };
    let timeline = &["run", "timeline", "--format", "csv"];
    let run = with_dir(timeline);
    assert_eq!(run.ok(), w.run(timeline).ok());
    let err = run.stderr();
    let mut warned = vec![
        "q/pipe.sql is a named pipe (FIFO), not a file; the query pipe is skipped",
        "q/folder.sql is a folder, not a file; the query folder is skipped",
        "q/untitled.sql: the header has no `-- title:` line; the query untitled is skipped",
        "q/latin.sql is not UTF-8 (byte 14); the query latin is skipped",
        "q/timeline.sql:2: parameter k: unknown type `nosuchtype`",
    ];
    if device {
        warned.push("q/zero.sql is a device, not a file; the query zero is skipped");
    }
    for line in warned {
        assert!(
            err.lines()
                .any(|l| l.starts_with("warning: ") && l.contains(line)),
            "no warning {line:?} in\n{err}"
        );
    }
    assert_eq!(parse_csv(&with_dir(&["run", "mine"]).ok()), [["n"], ["42"]]);
    with_dir(&["run", "untitled"]).fails(1, &["no canned query `untitled`"]);
    let listed = with_dir(&["queries"]).ok();
    assert!(
        listed.contains("mine") && listed.contains("timeline"),
        "{listed}"
    );
    assert!(!listed.contains("pipe"), "{listed}");
}
