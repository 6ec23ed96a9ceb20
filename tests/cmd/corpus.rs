//! The bad-input corpus (tests/corpus/*.case, format in tests/corpus/README.md): each case
//! damages a copy of the repository's seeds, and `crisisdb build --seeds` must fail with the
//! error the case names and leave the database it would replace byte-identical.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{BIN, Workdir, copy_dir, parse_csv, repo_seeds};

/// The cap on listed errors (`MAX_SHOWN` in src/load/mod.rs).
const SHOWN: usize = 100;

enum Count {
    Exactly(usize),
    MoreThan(usize),
}

#[derive(Default)]
struct Case {
    name: String,
    /// (directive, argument) lines that change the seeds copy, in order
    steps: Vec<(String, String)>,
    exit: i32,
    errors: Option<Count>,
    expects: Vec<String>,
    sqls: Vec<(String, String)>,
    seeds: Option<String>,
    db: Option<String>,
}

fn parse_case(path: &Path) -> Case {
    let text = fs::read_to_string(path).unwrap();
    let mut case = Case {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        exit: 1,
        ..Case::default()
    };
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (head, arg) = match line.split_once(':') {
            Some((h, a)) if !h.contains(' ') => (h, a.strip_prefix(' ').unwrap_or(a)),
            _ => match line.split_once(' ') {
                Some((h, a)) => (h, a),
                None => (line, ""),
            },
        };
        match head {
            "exit" => case.exit = arg.trim().parse().unwrap(),
            "errors" => {
                case.errors = Some(match arg.trim().strip_prefix('>') {
                    Some(n) => Count::MoreThan(n.parse().unwrap()),
                    None => Count::Exactly(arg.trim().parse().unwrap()),
                })
            }
            "expect" => case.expects.push(arg.to_string()),
            "sql" => {
                let (q, want) = arg.split_once(" => ").expect("sql: QUERY => ROW");
                case.sqls.push((q.to_string(), want.to_string()));
            }
            "seeds" => case.seeds = Some(arg.trim().to_string()),
            "db" => case.db = Some(arg.trim().to_string()),
            _ => case.steps.push((head.to_string(), arg.to_string())),
        }
    }
    case
}

/// The escapes of a case's text: `\n`, `\r`, `\t`, `\\`, `\xHH`, `{repeat:N:C}`.
fn unescape(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("{repeat:") {
            let end = after.find('}').unwrap();
            let (n, ch) = after[..end].split_once(':').unwrap();
            out.extend(ch.repeat(n.parse().unwrap()).into_bytes());
            rest = &after[end + 1..];
        } else if c == '\\' {
            let code = rest[1..].chars().next().unwrap();
            rest = &rest[2..];
            match code {
                'n' => out.push(b'\n'),
                'r' => out.push(b'\r'),
                't' => out.push(b'\t'),
                '\\' => out.push(b'\\'),
                'x' => {
                    out.push(u8::from_str_radix(&rest[..2], 16).unwrap());
                    rest = &rest[2..];
                }
                other => panic!("unknown escape \\{other}"),
            }
        } else {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The line (from 1) on which byte `at` of `bytes` is; a line ends at LF, CRLF or a lone CR.
fn line_at(bytes: &[u8], at: usize) -> usize {
    let before = &bytes[..at];
    let lf = before.iter().filter(|&&b| b == b'\n').count();
    let cr = before.iter().filter(|&&b| b == b'\r').count();
    let crlf = before.windows(2).filter(|w| w == b"\r\n").count();
    lf + cr - crlf + 1
}

/// Applies the case's steps to the seeds copy; gives the `{line}` they point at.
fn damage(case: &Case, seeds: &Path) -> usize {
    let mut line = 0;
    for (what, arg) in &case.steps {
        let (file, text) = arg
            .split_once(": ")
            .unwrap_or((arg.trim_end_matches(':'), ""));
        let path = seeds.join(file);
        let read = || fs::read(&path).unwrap_or_default();
        match what.as_str() {
            "edit" | "edit-all" => {
                let (old, new) = text.split_once(" => ").expect("OLD => NEW");
                let (old, new) = (unescape(old), unescape(new));
                let bytes = read();
                let at = find(&bytes, &old)
                    .unwrap_or_else(|| panic!("{}: {file} lacks {:?}", case.name, old));
                let mut out = bytes[..at].to_vec();
                out.extend_from_slice(&new);
                let mut tail = &bytes[at + old.len()..];
                if what == "edit-all" {
                    while let Some(next) = find(tail, &old) {
                        out.extend_from_slice(&tail[..next]);
                        out.extend_from_slice(&new);
                        tail = &tail[next + old.len()..];
                    }
                }
                out.extend_from_slice(tail);
                let skip = new.iter().take_while(|&&b| b == b'\n').count();
                line = line_at(&out, at + skip);
                fs::write(&path, out).unwrap();
            }
            "append" => {
                let mut bytes = read();
                let at = bytes.len();
                let text = unescape(text);
                let skip = text.iter().take_while(|&&b| b == b'\n').count();
                bytes.extend_from_slice(&text);
                line = line_at(&bytes, (at + skip).min(bytes.len()));
                fs::write(&path, bytes).unwrap();
            }
            "write" => fs::write(&path, unescape(text)).unwrap(),
            "keep-header" => {
                let bytes = read();
                let end = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
                fs::write(&path, &bytes[..end]).unwrap();
            }
            "remove" => fs::remove_file(&path).unwrap(),
            "bom" => {
                let mut bytes = b"\xEF\xBB\xBF".to_vec();
                bytes.extend(read());
                fs::write(&path, bytes).unwrap();
            }
            "crlf" => {
                let files: Vec<PathBuf> = if file == "*" {
                    fs::read_dir(seeds)
                        .unwrap()
                        .map(|e| e.unwrap().path())
                        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
                        .collect()
                } else {
                    vec![path.clone()]
                };
                for f in files {
                    let text = fs::read_to_string(&f).unwrap();
                    fs::write(&f, text.replace("\r\n", "\n").replace('\n', "\r\n")).unwrap();
                }
            }
            "cr" => {
                let text = fs::read_to_string(&path).unwrap();
                fs::write(&path, text.replace("\r\n", "\n").replace('\n', "\r")).unwrap();
            }
            "line-of" => {
                let bytes = read();
                let at = find(&bytes, &unescape(text))
                    .unwrap_or_else(|| panic!("{}: {file} lacks {text:?}", case.name));
                line = line_at(&bytes, at);
            }
            other => panic!("{}: unknown step `{other}`", case.name),
        }
    }
    line
}

/// A folder the build cannot write in: mode 555, or for root (whom modes do not stop) a
/// read-only tmpfs. `None` if neither can be had here.
struct ReadOnlyFolder {
    path: PathBuf,
    mounted: bool,
}

impl ReadOnlyFolder {
    /// Makes `path` holding a copy of `db` as `crisis.db`, then takes away the right to write.
    fn new(path: PathBuf, db: &[u8]) -> Option<ReadOnlyFolder> {
        use std::os::unix::fs::PermissionsExt;
        fs::create_dir(&path).unwrap();
        // SAFETY: geteuid has no preconditions
        let root = unsafe { libc::geteuid() } == 0;
        let mount = |args: &[&str]| {
            Command::new("mount")
                .args(args)
                .arg(&path)
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if root && !mount(&["-t", "tmpfs", "-o", "size=64m", "tmpfs"]) {
            return None;
        }
        let folder = ReadOnlyFolder {
            path: path.clone(),
            mounted: root,
        };
        fs::write(path.join("crisis.db"), db).unwrap();
        if root {
            if !mount(&["-o", "remount,ro"]) {
                return None;
            }
        } else {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o555)).unwrap();
        }
        Some(folder)
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.mounted {
            let _ = Command::new("umount").arg(&self.path).status();
        } else {
            let _ = fs::set_permissions(&self.path, fs::Permissions::from_mode(0o755));
        }
    }
}

/// Runs one case; `Err` says what it got wrong.
fn run_case(path: &Path, good_db: &[u8]) -> Result<(), String> {
    let case = parse_case(path);
    let w = Workdir::new();
    fs::write(w.db(), good_db).unwrap();
    copy_dir(&repo_seeds(), &w.path("seeds"));
    let line = damage(&case, &w.path("seeds"));
    let seeds = case.seeds.clone().unwrap_or_else(|| "seeds".into());
    let mut _read_only = None;
    let db = match case.db.as_deref() {
        None => "crisis.db".to_string(),
        Some("missing-folder") => "missing-folder/crisis.db".to_string(),
        Some("read-only-folder") => {
            match ReadOnlyFolder::new(w.path("read-only-folder"), good_db) {
                Some(f) => _read_only = Some(f),
                None => {
                    eprintln!(
                        "SKIPPED corpus case {}: cannot make a read-only folder here (not root, nor a tmpfs mount)",
                        case.name
                    );
                    return Ok(());
                }
            }
            "read-only-folder/crisis.db".to_string()
        }
        Some(other) => panic!("{}: unknown db `{other}`", case.name),
    };
    let out = Command::new(BIN)
        .current_dir(w.dir.path())
        .env_remove("CRISISDB_DB")
        .env_remove("CRISISDB_SQL_DIR")
        .args(["--db", &db, "build", "-q", "--seeds", &seeds])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let shown: String = stderr.chars().take(6000).collect();
    let fail = |why: String| Err(format!("{why}\nstderr:\n{shown}"));
    if out.status.code() != Some(case.exit) {
        return fail(format!("exit {:?}, not {}", out.status.code(), case.exit));
    }
    for e in &case.expects {
        let e = e
            .replace("{line}", &line.to_string())
            .replace("{seeds}", &seeds);
        if !stderr.contains(&e) {
            return fail(format!("stderr lacks {e:?}"));
        }
    }
    if let Some(count) = &case.errors {
        let n: usize = stderr
            .strip_prefix("crisisdb: the seeds have ")
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("no error count\nstderr:\n{shown}"))?;
        let listed = stderr
            .lines()
            .filter(|l| l.starts_with("  ") && !l.starts_with("  ... and"))
            .count();
        match *count {
            Count::Exactly(want) if n != want => return fail(format!("{n} errors, not {want}")),
            Count::MoreThan(least) if n <= least => {
                return fail(format!("{n} errors, not more than {least}"));
            }
            _ => {}
        }
        if listed != n.min(SHOWN) {
            return fail(format!("{listed} errors listed of {n}"));
        }
        if n > SHOWN && !stderr.contains(&format!("  ... and {} more", n - SHOWN)) {
            return fail(format!("no `... and {} more`", n - SHOWN));
        }
    }
    if case.exit == 0 {
        for (q, want) in &case.sqls {
            let rows = parse_csv(&w.run(&["sql", q, "--format", "csv", "--no-header"]).ok());
            if rows.len() != 1 || rows[0].join(",") != *want {
                return Err(format!("{q} gives {rows:?}, not {want}"));
            }
        }
        return Ok(());
    }
    if !stderr.starts_with("crisisdb: ") {
        return fail("stderr does not start with `crisisdb: `".into());
    }
    // data never reaches the terminal raw: no escape sequence, no NUL, no lone CR
    if let Some(c) = stderr.chars().find(|&c| c.is_control() && c != '\n') {
        return fail(format!("stderr has the control character {c:?}"));
    }
    // the database the build would have replaced is untouched, and nothing is left beside it
    let db_path = w.path(&db);
    if db_path.exists() && fs::read(&db_path).unwrap() != good_db {
        return fail(format!("{db} changed"));
    }
    let folder = db_path.parent().unwrap();
    if let Ok(entries) = fs::read_dir(folder) {
        let stray: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".build-"))
            .collect();
        if !stray.is_empty() {
            return fail(format!("left behind: {stray:?}"));
        }
    }
    Ok(())
}

#[test]
fn every_case_of_the_bad_input_corpus_gives_its_error() {
    let template = Workdir::new().built();
    let good_db = template.read("crisis.db");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "case"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            run_case(c, &good_db)
                .err()
                .map(|e| format!("--- {}: {e}", c.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
