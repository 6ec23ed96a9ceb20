//! Runs the built `crisisdb` in a fresh temporary folder, with our environment variables
//! cleared, and reports the whole exchange when an expectation fails.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_crisisdb");

/// The repository's seeds folder, the one embedded in the binary.
pub fn repo_seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

pub struct Workdir {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub cmd: String,
    pub out: Output,
}

impl Run {
    /// Runs any program to its end, with `stdin` (if any) as its standard input, and keeps the
    /// exchange for [`Run::ok`] and [`Run::fails`] to report.
    pub fn of(mut command: Command, stdin: Option<&[u8]>) -> Run {
        use std::io::Write;
        let cmd = format!("{command:?}");
        let mut child = command
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{cmd}: {e}"));
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input).unwrap();
        }
        Run::wait(cmd, child)
    }

    /// Waits for a program started elsewhere (`cmd` says which) and keeps the exchange.
    pub fn wait(cmd: String, child: std::process::Child) -> Run {
        let out = child.wait_with_output().unwrap();
        Run { cmd, out }
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    pub fn code(&self) -> Option<i32> {
        self.out.status.code()
    }
    fn report(&self) -> String {
        format!(
            "command: {}\nstatus: {:?}\nstdout:\n{}\nstderr:\n{}",
            self.cmd,
            self.out.status,
            self.stdout().chars().take(4000).collect::<String>(),
            self.stderr()
        )
    }
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> String {
        assert!(
            self.out.status.success(),
            "expected success\n{}",
            self.report()
        );
        self.stdout()
    }
    /// Asserts exit code `code` and that stderr contains every one of `words`.
    #[track_caller]
    pub fn fails(&self, code: i32, words: &[&str]) -> String {
        assert_eq!(
            self.code(),
            Some(code),
            "wrong exit code\n{}",
            self.report()
        );
        let err = self.stderr();
        for w in words {
            assert!(err.contains(w), "stderr lacks {w:?}\n{}", self.report());
        }
        err
    }
}

impl Default for Workdir {
    fn default() -> Self {
        Self::new()
    }
}

impl Workdir {
    #[allow(clippy::new_without_default)] // a fresh temporary folder each time, not a default
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn db(&self) -> PathBuf {
        self.path("crisis.db")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        self.command_db(&self.db(), args)
    }

    /// crisisdb in this folder, with our environment cleared, on database `db`.
    pub fn command_db(&self, db: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.current_dir(self.dir.path())
            .env_remove("CRISISDB_DB")
            .env_remove("CRISISDB_SQL_DIR")
            .arg("--db")
            .arg(db)
            .args(args)
            .stdin(Stdio::null());
        c
    }

    /// Runs crisisdb with `--db <workdir>/crisis.db` and `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_db(&self.db(), args)
    }

    /// Runs crisisdb on another database file.
    pub fn run_db(&self, db: &Path, args: &[&str]) -> Run {
        let out = self.command_db(db, args).output().expect("crisisdb runs");
        Run {
            cmd: format!("crisisdb --db {} {}", db.display(), args.join(" ")),
            out,
        }
    }

    /// Runs crisisdb with `stdin` as standard input.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        Run::of(self.command(args), Some(stdin.as_bytes()))
    }

    /// Builds the embedded dataset into `crisis.db`.
    pub fn built(self) -> Workdir {
        self.run(&["build", "-q"]).ok();
        self
    }

    /// Copies the repository's seeds to `<workdir>/seeds` for a test to damage.
    pub fn copy_seeds(&self) -> PathBuf {
        let to = self.path("seeds");
        copy_dir(&repo_seeds(), &to);
        to
    }

    /// Changes the database with `crisisdb sql <sql> --write`, asserting success.
    pub fn change(&self, sql: &str) {
        self.run(&["sql", sql, "--write"]).ok();
    }

    /// Runs `sql` through `crisisdb sql --format csv` and parses the CSV.
    pub fn csv(&self, sql: &str) -> Vec<Vec<String>> {
        let out = self.run(&["sql", sql, "--format", "csv"]).ok();
        parse_csv(&out)
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).expect("file exists")
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Parses CSV text (with a header row) into rows of fields, header included.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The names of the canned queries, as `crisisdb queries` lists them.
pub fn canned_names(w: &Workdir) -> Vec<String> {
    let list = w.run(&["queries", "--format", "csv"]).ok();
    parse_csv(&list)[1..].iter().map(|r| r[0].clone()).collect()
}

/// Undoes the Excel profile: a text formula (`="a ""b"""&CHAR(10)&"c"`) evaluated, a
/// leading `'` (on text too long for a formula) dropped.
pub fn from_excel(cell: &str) -> String {
    if let Some(rest) = cell.strip_prefix('\'') {
        return rest.to_string();
    }
    let Some(mut rest) = cell.strip_prefix('=') else {
        return cell.to_string();
    };
    let mut text = String::new();
    loop {
        if let Some(r) = rest.strip_prefix("CHAR(") {
            let (code, r) = r.split_once(')').expect("CHAR(n)");
            text.push(char::from(code.parse::<u8>().expect("a CHAR code")));
            rest = r;
        } else {
            let body = rest.strip_prefix('"').expect("a string constant");
            let mut chars = body.char_indices().peekable();
            let end = loop {
                match chars.next() {
                    Some((_, '"')) if chars.peek().is_some_and(|(_, c)| *c == '"') => {
                        text.push('"');
                        chars.next();
                    }
                    Some((i, '"')) => break i + 1,
                    Some((_, c)) => text.push(c),
                    None => panic!("unterminated constant in {cell:?}"),
                }
            };
            rest = &body[end..];
        }
        match rest.strip_prefix('&') {
            Some(r) => rest = r,
            None if rest.is_empty() => return text,
            None => panic!("not a text formula: {cell:?}"),
        }
    }
}

/// Replaces the first occurrence of `from` with `to` in a text file.
pub fn edit(path: &Path, from: &str, to: &str) {
    let s = fs::read_to_string(path).unwrap();
    assert!(s.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, s.replacen(from, to, 1)).unwrap();
}

/// A program on PATH, or `None` with a note; under CI (`CI` set) a missing program fails.
#[allow(dead_code)] // for the interop tests
pub fn require_program(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var_os("CI").is_some() || std::env::var_os("CRISISDB_REQUIRE_TOOLS").is_some()
        {
            panic!("{name} is not installed; .ci/run installs it");
        }
        // written past the test harness's capture, so a person running the tests sees it
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {name} is not installed (CI installs it; see .ci/run)"
        );
    }
    found
}

/// Makes a character device node (`major`, `minor`: 1, 3 is null, 1, 5 is zero) at `path`, in
/// a temporary folder, never the machine's `/dev`. Only root may: elsewhere it says so and
/// gives false, for the case to be skipped; under CI (run as root) a failure fails.
#[allow(dead_code)] // for the writer and fault tests
pub fn make_device(path: &Path, major: u32, minor: u32) -> bool {
    let made = Command::new("mknod")
        .arg(path)
        .arg("c")
        .arg(major.to_string())
        .arg(minor.to_string())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        assert!(
            std::env::var_os("CI").is_none(),
            "mknod {} failed: CI runs the tests as root",
            path.display()
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: mknod {} needs root; the device case is not run",
            path.display()
        );
    }
    made
}
