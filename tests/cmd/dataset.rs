//! Hand-picked facts from each article, asserted by query against the built database (not by
//! re-reading the seed files): dates, counts, names, a dispute, a mojibake repair.

use crate::util::{Workdir, parse_csv};

/// One row of `sql` (asserting there is exactly one).
#[track_caller]
fn one(w: &Workdir, sql: &str) -> Vec<String> {
    let rows = w.csv(sql);
    assert_eq!(rows.len(), 2, "expected one row for {sql}: {rows:?}");
    rows[1].clone()
}

/// Asserts that each query returns exactly one row, the one given: `facts` holds a line each,
/// `<query> -> <the row as CSV>` (a `//` line is a comment).
#[track_caller]
fn expect(w: &Workdir, facts: &str) {
    for line in facts
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
    {
        let (sql, row) = line.rsplit_once(" -> ").expect("a line `<query> -> <row>`");
        let want = parse_csv(&format!("{row}\n")).remove(0);
        assert_eq!(one(w, sql), want, "{sql}");
    }
}

/// Asserts that exactly one row of `table` is `where`, and that the excerpts of its fact
/// contain `words`.
#[track_caller]
fn cited(w: &Workdir, table: &str, filter: &str, words: &str) {
    let sql = format!(
        "select group_concat(x.text, ' | ') from {table} t join evidence ev on ev.fact_id = t.fact_id \
         join excerpts x on x.id = ev.excerpt_id where {filter} group by t.id"
    );
    let evidence = one(w, &sql).remove(0);
    assert!(
        evidence.contains(words),
        "{table} where {filter}: {evidence}"
    );
}

#[test]
fn facts_are_stated_by_their_excerpts() {
    let w = Workdir::new().built();
    for (table, filter, words) in [
        (
            "deployments",
            "t.unit = 'personnel' and t.value = 250 and t.country = 'COL'",
            "250 U.S. military personnel stationed in Colombia",
        ),
        (
            "events",
            "t.type = 'decertification' and t.start_date = '2025-09-15'",
            "on 15 September 2025 President Donald Trump declared",
        ),
        (
            "events",
            "t.start_date = '2025-11-11' and t.type = 'policy_order' and t.id in \
             (select event_id from event_actors where actor_id = 'gustavo-petro' and role = 'initiator')",
            "halt intelligence sharing",
        ),
    ] {
        cited(&w, table, filter, words);
    }
}

#[test]
fn a0_us_presence_in_colombia() {
    let w = Workdir::new().built();
    expect(
        &w,
        r#"
select value_text from deployments where unit = 'personnel' and value = 250 and country = 'COL' -> 250
select count(*) from deployments where unit = 'contractors' and value = 400 -> 1
select department from assets where name = 'Tolemaida Army Base' -> Tolima Department
// the garbled department is kept as written, and flagged
select department from assets where name = 'Palanquero Air Base' -> "Cundinamarca Tolemaida "
select reading from data_notes where source_id = 'a0' and kind = 'mojibake' and found = 'AtenciĂłn' -> Atención
select a.id from quotes q join actors a on a.id = q.speaker_id where q.words = 'lunatic' -> us-secretary-of-state
select actor_id from actor_aliases where alias = '@petrogustavo' -> gustavo-petro
"#,
    );
}

#[test]
fn a1_decertification_visas_and_aid() {
    let w = Workdir::new().built();
    expect(
        &w,
        r#"
select precision from events where type = 'decertification' and start_date = '2025-09-15' -> day
select amount, currency from aid where value_text = '$614 million' -> 614000000,USD
select reading from data_notes where source_id = 'a1' and found = 'Octobr' -> October
select unit from figures where value = 25 and unit = 'percent' -> percent
select count(*) from actors where id = 'luis-gilberto-murillo' -> 1
"#,
    );
}

#[test]
fn a2_intelligence_halt_strikes_and_money() {
    let w = Workdir::new().built();
    expect(
        &w,
        r#"
select qualifier, unit from figures where value = 76 -> at_least,deaths
// one amount, one row: $400mn a year, the peso figure (COP 1.58 trillion) in its note
select currency, usd_amount from aid where value_text = '$400mn' -> USD,400000000
select count(*) from aid where usd_amount = 400000000 -> 1
select qualifier from aid where value_text = 'below $100mn' -> below
select count(*) from assets where name like 'USS Gerald Ford%' -> 1
"#,
    );
}

#[test]
fn a3_deportations_custody_and_minneapolis() {
    let w = Workdir::new().built();
    expect(
        &w,
        r#"
select qualifier, as_of_start from figures where value = 65000 -> nearly,2025-11-30
select count(*) from figures where value = 605000 -> 1
select kind from actors where id = 'renee-nicole-good' -> person
select speaker_id from quotes where words = 'Nazi brigades' -> gustavo-petro
select outlet, author from sources where id = 'a3' -> BBC,Ione Wells
"#,
    );
}

#[test]
fn a4_foreign_minister_statement_and_an_ai_outlet() {
    let w = Workdir::new().built();
    let rows = w.csv("select id from events where start_date = '2026-01-06' and precision = 'day'");
    assert!(rows.len() >= 2, "{rows:?}");
    let r = one(
        &w,
        "select author, reliability from sources where id = 'a4'",
    );
    assert_eq!(r[0], "Diego Martinez");
    assert!(r[1].contains("AI"), "{}", r[1]);
    let paywall: usize = one(
        &w,
        "select count(*) from data_notes where source_id = 'a4' and kind = 'paywall'",
    )[0]
    .parse()
    .unwrap();
    assert!(paywall >= 1);
}

#[test]
fn the_plan_colombia_dispute_keeps_both_sides() {
    let w = Workdir::new().built();
    let r = one(
        &w,
        "select id, kind from disputes where topic like '%Plan Colombia%' and topic like '%year%'",
    );
    assert_eq!(r[1], "between_sources");
    let sides = w.csv(&format!(
        "select group_concat(c.evidence, ' || ') from dispute_claims dc join fact_citations c on c.fact_id = dc.fact_id where dc.dispute_id = '{}'",
        r[0]
    ));
    let all = &sides[1][0];
    assert!(all.contains("Plan Colombia (2000)"), "{all}");
    assert!(all.contains("Plan Colombia in 1999"), "{all}");
}

#[test]
fn the_dataset_has_the_scale_of_the_articles() {
    let w = Workdir::new().built();
    for (table, at_least) in [
        ("events", 90),
        ("actors", 100),
        ("quotes", 60),
        ("deployments", 30),
        ("figures", 30),
        ("aid", 12),
        ("disputes", 30),
        ("data_notes", 30),
    ] {
        let n: usize = one(&w, &format!("select count(*) from {table}"))[0]
            .parse()
            .unwrap();
        assert!(n >= at_least, "{table}: {n} < {at_least}");
    }
}

#[test]
fn rows_say_what_the_texts_say_and_no_more() {
    let w = Workdir::new().built();
    expect(
        &w,
        r#"
// attribution as printed: "He also said" after "The administration announced"
select speaker_id from quotes where words = 'voluntarily self-deported' -> trump-administration
// a reporter is an outlet or journalist; Petro and Sánchez speak
select count(*) from event_actors ea join actors a on a.id = ea.actor_id where ea.role = 'reporter' and a.id in ('gustavo-petro', 'pedro-sanchez') -> 0
// the uncertain identity of the fisherman is modelled once: one victim of e-084
select group_concat(actor_id) from event_actors where event_id = 'e-084' and role = 'victim' -> alejandro-carranza
// three groups of officials, not one
select count(*) from actors where name in ('Colombian officials', 'Colombian government officials') -> 3
// tariffs announced and never implemented were not reversed
select status from events where id = 'e-065' -> announced
// the early 1950s is a decade; troops sent before 1952 have no earlier bound
select start_date, end_date, precision from events where id = 'e-015' -> 1950-01-01,1959-12-31,decade
select precision from events where id = 'e-016' -> unknown
// one announcement of the aid cut, one row
select count(*) from aid where as_of_start = '2025-10-19' or (stage = 'suspended' and event_id = 'e-088') -> 1
// one title row per title and text
select count(*) from actor_titles where actor_id = 'delcy-rodriguez' and title like '%acting president' -> 1
select count(*) from actor_titles where actor_id = 'william-rincon' -> 1
// fragments name their whole
select part_of from quotes where id = 'q-010' -> q-016
// whether US aid ended on 19 October 2025 is disputed between a1, a2 and a4
select count(*) from dispute_claims where dispute_id = (select id from disputes where topic like 'Whether US aid%') -> 3
// the Air Force One passage of a4 dates a3's wording, it does not state it
select role from evidence where excerpt_id = 'qs-a4-001' and fact_id = (select fact_id from quotes where id = 'q-072') -> date
"#,
    );
    // no event is reported before it was carried out, and a month's publication is no day
    expect(
        &w,
        r#"
select count(*) from events where status = 'carried_out' and reported_end < start_date -> 0
select count(*) from events where reported_date is not null and reported_start <> reported_end -> 0
// the call of 7 January 2026 is known only from a3, published in January 2026
select reported_start, reported_end, reported_precision, reported_date from events where id = 'e-120' -> 2026-01-01,2026-01-31,month,
// reported by a3 (January) and a4 (about 6 January): by 6 January at the latest
select reported_start, reported_end, reported_precision from events where id = 'e-114' -> 2026-01-01,2026-01-06,range
select reported_date, reported_precision from events where id = 'e-095' -> 2025-11-11,day
"#,
    );
}
