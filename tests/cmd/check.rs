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
