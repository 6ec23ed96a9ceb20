//! Golden output: every canned query, run on the embedded dataset with its default parameters
//! and with a few filters, compared with a reviewed CSV file under `tests/golden/`.
//! `CRISISDB_BLESS=1 cargo test --locked --test tests golden` writes the files anew; review
//! the change with `git diff tests/golden`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{Workdir, canned_names};

/// Each case: the golden file's name (without `.csv`), the canned query and its parameters.
/// One case a line, so the table reads as one.
#[rustfmt::skip]
const CASES: &[(&str, &str, &[&str])] = &[
    ("actor-petro", "actor", &["actor=Petro"]),
    ("actor-trump", "actor", &["actor=Trump"]),
    ("aid", "aid", &[]),
    ("bases", "bases", &[]),
    ("bases-col", "bases", &["country=COL"]),
    ("bases-caribbean", "bases", &["place=Caribbean"]),
    ("data_notes", "data_notes", &[]),
    ("data_notes-a0-mojibake", "data_notes", &["source=a0", "kind=mojibake"]),
    ("disputes", "disputes", &[]),
    ("disputes-e-082", "disputes", &["fact=e-082"]),
    ("disputes-within-source", "disputes", &["kind=within_source"]),
    ("events_by_type", "events_by_type", &[]),
    ("evidence-e-001", "evidence", &["event=e-001"]),
    ("evidence-e-082", "evidence", &["event=e-082"]),
    ("figures", "figures", &[]),
    ("figures-deport", "figures", &["contains=deport"]),
    ("quotes", "quotes", &[]),
    ("quotes-petro", "quotes", &["speaker=Petro"]),
    ("quotes-cocaine", "quotes", &["contains=cocaine"]),
    ("sanctions", "sanctions", &[]),
    ("sanctions-against-colombia-sep-nov-2025", "sanctions", &["target=Colombia", "from=2025-09", "to=2025-11"]),
    ("search-tariffs", "search", &["q=tariffs"]),
    ("search-drug-dealer", "search", &["q=\"drug dealer\"", "limit=5"]),
    ("sources", "sources", &[]),
    ("strikes", "strikes", &[]),
    ("timeline", "timeline", &[]),
    ("timeline-sep-nov-2025-sanction", "timeline", &["from=2025-09-01", "to=2025-11-30", "type=sanction"]),
    ("timeline-trump", "timeline", &["actor=Trump"]),
    ("timeline-trump-initiator", "timeline", &["actor=Trump", "role=initiator"]),
    ("timeline-sanction-aid_cut-2025", "timeline", &["type=sanction,aid_cut", "from=2025"]),
    ("actor-pedro-sanchez", "actor", &["actor=pedro sanchez"]),
];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn blessing() -> bool {
    std::env::var_os("CRISISDB_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Where `actual` first departs from `expected`, as a person reads it: line number, both lines.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for n in 1.. {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => {
                let show =
                    |l: Option<&str>| l.map_or("(end of output)".into(), |l| format!("{l:?}"));
                return Some(format!(
                    "line {n}:\n  expected {}\n  actual   {}\n  ({} lines expected, {} actual)",
                    show(x),
                    show(y),
                    expected.lines().count(),
                    actual.lines().count()
                ));
            }
        }
    }
    unreachable!()
}

#[test]
fn every_canned_query_matches_its_golden_output() {
    let w = Workdir::new().built();
    let dir = golden_dir();
    let mut failures = Vec::new();
    for (file, name, params) in CASES {
        let mut args = vec!["run", *name, "--format", "csv"];
        for p in *params {
            args.extend(["-p", *p]);
        }
        let actual = w.run(&args).ok();
        let path = dir.join(format!("{file}.csv"));
        if blessing() {
            fs::create_dir_all(&dir).unwrap();
            fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; write it with CRISISDB_BLESS=1 cargo test --locked --test tests golden",
                path.display()
            )
        });
        if let Some(diff) = first_difference(&expected, &actual) {
            failures.push(format!(
                "crisisdb {} differs from {}\n{diff}",
                args.join(" "),
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is right: CRISISDB_BLESS=1 cargo test --locked --test tests golden, \
         then review `git diff tests/golden`.",
        failures.join("\n\n")
    );
}

#[test]
fn every_canned_query_has_a_golden_case_and_every_file_a_case() {
    let w = Workdir::new();
    for name in canned_names(&w) {
        assert!(
            CASES.iter().any(|(_, n, _)| *n == name),
            "canned query {name} has no golden case in tests/cmd/golden.rs"
        );
    }
    if blessing() {
        return;
    }
    for e in fs::read_dir(golden_dir()).unwrap() {
        let file = e.unwrap().file_name().to_string_lossy().into_owned();
        let stem = file.strip_suffix(".csv").unwrap_or(&file);
        assert!(
            CASES.iter().any(|(f, _, _)| *f == stem),
            "tests/golden/{file} belongs to no case in tests/cmd/golden.rs: remove it"
        );
    }
}

#[test]
fn a_difference_names_its_line() {
    assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    let d = first_difference("h\nx,1\ny,2\n", "h\nx,1\ny,3\n").unwrap();
    assert!(
        d.starts_with("line 3:\n  expected \"y,2\"\n  actual   \"y,3\""),
        "{d}"
    );
    let d = first_difference("h\nx\n", "h\nx\nz\n").unwrap();
    assert!(
        d.starts_with("line 3:\n  expected (end of output)\n  actual   \"z\""),
        "{d}"
    );
}
