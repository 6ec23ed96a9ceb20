//! `crisisdb check`: the embedded dataset passes, and a damaged database fails.

use crate::util::Workdir;

#[test]
fn check_passes_on_the_embedded_dataset() {
    let w = Workdir::new().built();
    let out = w.run(&["check"]).ok();
    assert!(out.contains("integrity_check               ok"), "{out}");
    assert!(out.contains("facts without evidence        0"), "{out}");
    assert!(out.contains("disputed_facts rows off       0"), "{out}");
    assert!(out.contains("check passed"), "{out}");
    assert!(!out.contains("uncovered:\n"), "{out}");
}

/// The report of `crisisdb check` on the embedded dataset damaged by `changes`, which fails.
fn check_after(changes: &[&str]) -> String {
    let w = Workdir::new().built();
    for sql in changes {
        w.change(sql);
    }
    let out = w.run(&["check"]);
    out.fails(1, &["check failed"]);
    out.stdout()
}

#[test]
fn check_fails_on_a_fact_without_evidence_or_a_moved_excerpt() {
    let out = check_after(&[
        "delete from evidence where fact_id = (select fact_id from events where id = 'e-001')",
        "update excerpts set char_start = char_start + 1 where id = (select min(id) from excerpts)",
    ]);
    assert!(out.contains("facts without evidence        1"), "{out}");
    assert!(out.contains("excerpts not at their offsets 1"), "{out}");
}

#[test]
fn check_reports_uncovered_tokens() {
    // drop every piece of evidence from a2: its numbers and names become uncovered
    let out = check_after(&[
        "delete from evidence where excerpt_id in (select id from excerpts where source_id = 'a2')",
    ]);
    assert!(out.contains("a2:3 number \"76\""), "{out}");
}

#[test]
fn check_fails_when_the_derived_disputed_facts_are_off() {
    let w = Workdir::new().built();
    let conn = rusqlite::Connection::open(w.db()).unwrap();
    let derived: i64 = conn
        .query_row("select count(*) from disputed_facts", [], |r| r.get(0))
        .unwrap();
    assert!(derived > 0, "the dataset has disputed facts");
    // one row lost, and one row that the evidence does not give
    conn.execute_batch(
        "delete from disputed_facts where (fact_id, dispute_id) =
           (select fact_id, dispute_id from disputed_facts order by 1, 2 limit 1);
         insert into disputed_facts (fact_id, dispute_id)
           select min(fact_id), (select min(id) from disputes) from facts
           where fact_id not in (select fact_id from disputed_facts);",
    )
    .unwrap();
    drop(conn);
    let out = w.run(&["check"]);
    out.fails(1, &["check failed"]);
    assert!(
        out.stdout().contains("disputed_facts rows off       2"),
        "{}",
        out.stdout()
    );
}

/// The names in `dir` (one level), to show that a command wrote nothing there.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn check_seeds_passes_a_good_folder_with_the_builds_counts_and_writes_nothing() {
    let w = Workdir::new();
    let seeds = w.copy_seeds();
    let before = names_in(w.dir.path());
    let out = w.run(&["check", "--seeds", seeds.to_str().unwrap()]).ok();
    assert_eq!(names_in(w.dir.path()), before, "check --seeds wrote a file");
    assert!(!w.db().exists());
    // the counts a build of the same folder gives, independently
    let built = w.run(&["build", "--seeds", seeds.to_str().unwrap()]);
    built.ok();
    let counts: Vec<usize> = built
        .stderr()
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().last().unwrap().parse().unwrap())
        .collect();
    let rows: usize = counts.iter().sum();
    assert!(rows > 1000, "{rows}");
    let want = format!(
        "seeds {} are valid: {rows} rows in {} tables; no database was written\n",
        seeds.display(),
        counts.len()
    );
    assert_eq!(out, want);
}

#[test]
fn check_seeds_fails_a_bad_folder_with_the_builds_errors_and_writes_nothing() {
    let w = Workdir::new();
    let seeds = w.copy_seeds();
    crate::util::edit(
        &seeds.join("event_actors.csv"),
        "\ne-001,gustavo-petro,",
        "\ne-001,gustavo-pietro,",
    );
    crate::util::edit(&seeds.join("events.csv"), "\ne-002,", "\nE 002,");
    let before = names_in(w.dir.path());
    let checked = w.run(&["check", "--seeds", seeds.to_str().unwrap()]);
    let err = checked.fails(
        1,
        &[
            "the seeds have",
            "event_actors.csv:",
            "actor = \"gustavo-pietro\": no such id in actors.csv",
            "ids use lowercase letters",
        ],
    );
    assert_eq!(checked.stdout(), "");
    assert_eq!(names_in(w.dir.path()), before, "check --seeds wrote a file");
    // word for word what a build of the folder says
    let built = w.run(&["build", "--seeds", seeds.to_str().unwrap()]);
    assert_eq!(built.fails(1, &[]), err);
    assert!(!w.db().exists());
}
