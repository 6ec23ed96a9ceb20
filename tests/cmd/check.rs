//! `crisisdb check`: the embedded dataset passes, and a damaged database fails.

use crate::util::Workdir;

#[test]
fn check_passes_on_the_embedded_dataset() {
    let w = Workdir::new().built();
    let out = w.run(&["check"]).ok();
    assert!(out.contains("integrity_check               ok"), "{out}");
    assert!(out.contains("facts without evidence        0"), "{out}");
    assert!(out.contains("check passed"), "{out}");
    assert!(!out.contains("uncovered:\n"), "{out}");
}

#[test]
fn check_fails_on_a_fact_without_evidence_or_a_moved_excerpt() {
    let w = Workdir::new().built();
    w.run(&[
        "sql",
        "delete from evidence where fact_id = (select fact_id from events where id = 'e-001')",
        "--write",
    ])
    .ok();
    w.run(&[
        "sql",
        "update excerpts set char_start = char_start + 1 where id = (select min(id) from excerpts)",
        "--write",
    ])
    .ok();
    let out = w.run(&["check"]);
    out.fails(1, &["check failed"]);
    assert!(out.stdout().contains("facts without evidence        1"));
    assert!(out.stdout().contains("excerpts not at their offsets 1"));
}

#[test]
fn check_reports_uncovered_tokens() {
    let w = Workdir::new().built();
    // drop every piece of evidence from a2: its numbers and names become uncovered
    w.run(&[
        "sql",
        "delete from evidence where excerpt_id in (select id from excerpts where source_id = 'a2')",
        "--write",
    ])
    .ok();
    let out = w.run(&["check"]);
    out.fails(1, &["check failed"]);
    assert!(
        out.stdout().contains("a2:3 number \"76\""),
        "{}",
        out.stdout()
    );
}
