//! Hand-picked facts from each article, asserted by query against the built database (not by
//! re-reading the seed files): dates, counts, names, a dispute, a mojibake repair.

use crate::util::Workdir;

/// One row of `sql` (asserting there is exactly one).
fn one(w: &Workdir, sql: &str) -> Vec<String> {
    let rows = w.csv(sql);
    assert_eq!(rows.len(), 2, "expected one row for {sql}: {rows:?}");
    rows[1].clone()
}

/// The excerpts of the fact behind `(table, id)`, joined.
fn evidence_of(w: &Workdir, table: &str, id: &str) -> String {
    one(
        w,
        &format!("select c.evidence from {table} t join fact_citations c on c.fact_id = t.fact_id where t.id = '{id}'"),
    )[0]
    .clone()
}

#[test]
fn a0_us_presence_in_colombia() {
    let w = Workdir::new().built();
    let r = one(
        &w,
        "select id, value_text, qualifier from deployments where unit = 'personnel' and value = 250 and country = 'COL'",
    );
    assert_eq!(r[1], "250");
    assert!(
        evidence_of(&w, "deployments", &r[0])
            .contains("250 U.S. military personnel stationed in Colombia")
    );
    one(
        &w,
        "select id from deployments where unit = 'contractors' and value = 400",
    );
    assert_eq!(
        one(
            &w,
            "select department from assets where name = 'Tolemaida Army Base'"
        )[0],
        "Tolima Department"
    );
    // the garbled department is kept as written, and flagged
    assert_eq!(
        one(
            &w,
            "select department from assets where name = 'Palanquero Air Base'"
        )[0],
        "Cundinamarca Tolemaida "
    );
    let r = one(
        &w,
        "select reading from data_notes where source_id = 'a0' and kind = 'mojibake' and found = 'AtenciĂłn'",
    );
    assert_eq!(r[0], "Atención");
    let q = one(
        &w,
        "select a.id from quotes q join actors a on a.id = q.speaker_id where q.words = 'lunatic'",
    );
    assert_eq!(q[0], "us-secretary-of-state");
    one(
        &w,
        "select actor_id from actor_aliases where alias = '@petrogustavo' and actor_id = 'gustavo-petro'",
    );
}

#[test]
fn a1_decertification_visas_and_aid() {
    let w = Workdir::new().built();
    let r = one(
        &w,
        "select id, precision from events where type = 'decertification' and start_date = '2025-09-15'",
    );
    assert_eq!(r[1], "day");
    assert!(
        evidence_of(&w, "events", &r[0])
            .contains("on 15 September 2025 President Donald Trump declared")
    );
    let r = one(
        &w,
        "select amount, currency from aid where value_text = '$614 million'",
    );
    assert_eq!(r, vec!["614000000", "USD"]);
    one(
        &w,
        "select id from data_notes where source_id = 'a1' and found = 'Octobr' and reading = 'October'",
    );
    one(
        &w,
        "select id from figures where value = 25 and unit = 'percent'",
    );
    one(
        &w,
        "select name from actors where id = 'luis-gilberto-murillo'",
    );
}

#[test]
fn a2_intelligence_halt_strikes_and_money() {
    let w = Workdir::new().built();
    let r = one(
        &w,
        "select e.id from events e join event_actors ea on ea.event_id = e.id where e.start_date = '2025-11-11' and e.type = 'policy_order' and ea.actor_id = 'gustavo-petro' and ea.role = 'initiator'",
    );
    assert!(evidence_of(&w, "events", &r[0]).contains("halt intelligence sharing"));
    let r = one(&w, "select qualifier, unit from figures where value = 76");
    assert_eq!(r, vec!["at_least", "deaths"]);
    let r = one(
        &w,
        "select currency, usd_amount from aid where value_text = 'COP 1.58 trillion'",
    );
    assert_eq!(r, vec!["COP", "400000000"]);
    one(
        &w,
        "select id from aid where value_text = 'below $100mn' and qualifier = 'below'",
    );
    one(
        &w,
        "select id from assets where name like 'USS Gerald Ford%'",
    );
}

#[test]
fn a3_deportations_custody_and_minneapolis() {
    let w = Workdir::new().built();
    let r = one(
        &w,
        "select qualifier, as_of_start from figures where value = 65000",
    );
    assert_eq!(r, vec!["nearly", "2025-11-30"]);
    one(&w, "select id from figures where value = 605000");
    one(
        &w,
        "select id from actors where id = 'renee-nicole-good' and kind = 'person'",
    );
    let r = one(
        &w,
        "select q.speaker_id from quotes q where q.words = 'Nazi brigades'",
    );
    assert_eq!(r[0], "gustavo-petro");
    let r = one(&w, "select outlet, author from sources where id = 'a3'");
    assert_eq!(r, vec!["BBC", "Ione Wells"]);
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
