//! Reads everything the report shows from the database: the events through the `timeline`
//! canned query (so the report's filters mean what `crisisdb run timeline` means), sources
//! and data notes through their canned queries, and the details through sql/internal/report_*.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, Result, anyhow};
use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::Options;
use super::fmt::{EventType, Kinds};
use crate::{db, query};

#[derive(Debug, Clone)]
pub struct Excerpt {
    pub source: String,
    pub line: i64,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub role: String,
    pub note: Option<String>,
    /// the name of the actor's country
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Event {
    pub id: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub precision: String,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub place: Option<String>,
    /// the name of the country the event happens in
    pub country: Option<String>,
    pub disputes: Vec<String>,
    pub summary: Option<String>,
    pub reported_date: Option<String>,
    pub date_note: Option<String>,
    pub actors: Vec<Actor>,
    pub evidence: Vec<Excerpt>,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub text: String,
    pub evidence: Vec<Excerpt>,
}

#[derive(Debug, Clone)]
pub struct Dispute {
    pub id: String,
    pub topic: String,
    pub kind: String,
    pub what_differs: String,
    pub note: Option<String>,
    pub claims: Vec<Claim>,
    pub events: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub file: String,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub title: Option<String>,
    pub published_start: Option<String>,
    pub published_end: Option<String>,
    pub published_precision: String,
    pub published_note: Option<String>,
    pub language: String,
    pub reliability: String,
    pub facts: i64,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct DataNote {
    pub id: String,
    pub source: String,
    pub kind: String,
    pub found: String,
    pub reading: Option<String>,
    pub note: Option<String>,
}

/// A reported number of any kind (a deployment, a figure, an amount of money), with the
/// dates it holds for and its evidence.
#[derive(Debug, Clone, Default)]
pub struct Measure {
    pub id: String,
    /// deployments: the region (a country, territory or sea); figures: `strikes` or `other`;
    /// aid: the stage
    pub group: String,
    pub subject: String,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub value_text: Option<String>,
    pub unit: String,
    pub qualifier: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub precision: String,
    pub note: Option<String>,
    pub disputes: Vec<String>,
    pub evidence: Vec<Excerpt>,
    pub place: Option<String>,
    pub operator: Option<String>,
    /// aid only: the currency, the USD figure, donor and recipient, and whether the dates are
    /// the period the money covers or the date it was reported for
    pub currency: Option<String>,
    pub usd: Option<f64>,
    pub donor: Option<String>,
    pub recipient: Option<String>,
    pub date_kind: Option<String>,
}

impl Measure {
    pub fn sources(&self) -> Vec<String> {
        let mut s: Vec<String> = self.evidence.iter().map(|x| x.source.clone()).collect();
        s.dedup();
        s
    }
}

pub struct Data {
    pub events: Vec<Event>,
    /// Every event in the database, for the header's "N of M".
    pub total_events: i64,
    pub disputes: Vec<Dispute>,
    pub sources: Vec<Source>,
    pub notes: Vec<DataNote>,
    pub deployments: Vec<Measure>,
    pub figures: Vec<Measure>,
    pub money: Vec<Measure>,
    pub build: Vec<(String, String)>,
    /// The event types' labels, families and colours.
    pub kinds: Kinds,
}

impl Data {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
    pub fn dispute(&self, id: &str) -> Option<&Dispute> {
        self.disputes.iter().find(|d| d.id == id)
    }
}

fn list(s: Option<String>) -> Vec<String> {
    s.map(|s| {
        s.split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

fn number(row: &Row<'_>, col: &str) -> rusqlite::Result<Option<f64>> {
    Ok(match row.get::<_, Value>(col)? {
        Value::Integer(i) => Some(i as f64),
        Value::Real(f) => Some(f),
        _ => None,
    })
}

/// One of the report's own statements: its path (for errors) and its text.
macro_rules! internal {
    ($name:literal) => {
        (
            concat!("sql/internal/", $name, ".sql"),
            include_str!(concat!("../../sql/internal/", $name, ".sql")),
        )
    };
}

/// Runs one of the report's statements and maps its rows.
fn rows<T>(
    conn: &Connection,
    (name, sql): (&str, &str),
    params: &[(&str, &dyn rusqlite::ToSql)],
    mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut run = || -> rusqlite::Result<Vec<T>> {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query(params)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(f(r)?);
        }
        Ok(out)
    };
    run().with_context(|| format!("running {name}"))
}

/// Runs an embedded canned query with parameters checked the way `crisisdb run` checks them.
fn canned<T>(
    conn: &Connection,
    name: &str,
    params: &[String],
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let catalog = query::catalog(None)?;
    let q = catalog
        .get(name)
        .ok_or_else(|| anyhow!("the canned query `{name}` is missing"))?;
    let bound = q.bind(conn, params)?;
    let keys: Vec<String> = bound.iter().map(|(k, _)| format!(":{k}")).collect();
    let args: Vec<(&str, &dyn rusqlite::ToSql)> = keys
        .iter()
        .zip(&bound)
        .map(|(k, (_, v))| (k.as_str(), v as &dyn rusqlite::ToSql))
        .collect();
    rows(conn, (&q.origin, &q.sql), &args, f)
}

pub fn load(conn: &Connection, options: &Options) -> Result<Data> {
    let evidence = load_evidence(conn)?;
    let cited = |fact: i64| evidence.get(&fact).cloned().unwrap_or_default();

    let mut params = Vec::new();
    for (k, v) in [
        ("from", &options.from),
        ("to", &options.to),
        ("type", &options.kind),
        ("actor", &options.actor),
    ] {
        if let Some(v) = v {
            params.push(format!("{k}={v}"));
        }
    }
    let mut events = canned(conn, "timeline", &params, |r| {
        Ok(Event {
            id: r.get("id")?,
            start: r.get("start_date")?,
            end: r.get("end_date")?,
            precision: r.get("precision")?,
            kind: r.get("type")?,
            status: r.get("status")?,
            title: r.get("title")?,
            place: r.get("place")?,
            country: None,
            disputes: list(r.get("disputes")?),
            summary: None,
            reported_date: None,
            date_note: None,
            actors: Vec::new(),
            evidence: Vec::new(),
        })
    })
    .context(
        "the report's filters (--from, --to, --type, --actor) go to the canned query `timeline`",
    )?;

    let mut details: HashMap<String, (i64, Event)> =
        rows(conn, internal!("report_events"), &[], |r| {
            Ok((
                r.get::<_, String>("id")?,
                (
                    r.get("fact_id")?,
                    Event {
                        summary: r.get("summary")?,
                        reported_date: r.get("reported_date")?,
                        date_note: r.get("date_note")?,
                        country: r.get("country")?,
                        ..Event::default()
                    },
                ),
            ))
        })?
        .into_iter()
        .collect();
    let mut actors: HashMap<String, Vec<Actor>> = HashMap::new();
    for (event, actor) in rows(conn, internal!("report_event_actors"), &[], |r| {
        Ok((
            r.get::<_, String>("event_id")?,
            Actor {
                id: r.get("actor_id")?,
                name: r.get("name")?,
                role: r.get("role")?,
                note: r.get("note")?,
                country: r.get("country")?,
            },
        ))
    })? {
        actors.entry(event).or_default().push(actor);
    }
    for e in &mut events {
        let (fact, d) = details
            .remove(&e.id)
            .ok_or_else(|| anyhow!("event {} is in the timeline but not in events", e.id))?;
        e.summary = d.summary;
        e.reported_date = d.reported_date;
        e.date_note = d.date_note;
        e.country = d.country;
        e.evidence = cited(fact);
        e.actors = actors.remove(&e.id).unwrap_or_default();
    }

    let mut disputes: Vec<Dispute> = Vec::new();
    for (d, claim) in rows(conn, internal!("report_disputes"), &[], |r| {
        Ok((
            Dispute {
                id: r.get("id")?,
                topic: r.get("topic")?,
                kind: r.get("kind")?,
                what_differs: r.get("what_differs")?,
                note: r.get("note")?,
                claims: Vec::new(),
                events: list(r.get("events")?),
            },
            Claim {
                text: r.get("claim")?,
                evidence: cited(r.get("claim_fact_id")?),
            },
        ))
    })? {
        match disputes.last_mut() {
            Some(last) if last.id == d.id => last.claims.push(claim),
            _ => disputes.push(Dispute {
                claims: vec![claim],
                ..d
            }),
        }
    }

    let sources = canned(conn, "sources", &[], |r| {
        Ok(Source {
            id: r.get("id")?,
            file: r.get("file")?,
            outlet: r.get("outlet")?,
            author: r.get("author")?,
            title: r.get("title")?,
            published_start: r.get("published_start")?,
            published_end: r.get("published_end")?,
            published_precision: r.get("published_precision")?,
            published_note: r.get("published_note")?,
            language: r.get("language")?,
            reliability: r.get("reliability")?,
            facts: r.get("facts")?,
            sha256: r.get("sha256")?,
        })
    })?;
    let notes = canned(conn, "data_notes", &[], |r| {
        Ok(DataNote {
            id: r.get("id")?,
            source: r.get("source_id")?,
            kind: r.get("kind")?,
            found: r.get("found")?,
            reading: r.get("reading")?,
            note: r.get("note")?,
        })
    })?;

    // the numbers: one reader for the columns the three statements share, then each one's own
    let disputed: HashMap<i64, Vec<String>> =
        rows(conn, internal!("report_fact_disputes"), &[], |r| {
            Ok((r.get("fact_id")?, list(r.get("disputes")?)))
        })?
        .into_iter()
        .collect();
    let measures = |statement: (&str, &str),
                    extra: fn(&Row<'_>, &mut Measure) -> rusqlite::Result<()>|
     -> Result<Vec<Measure>> {
        let all = rows(conn, statement, &[], |r| {
            let fact: i64 = r.get("fact_id")?;
            let mut m = Measure {
                id: r.get("id")?,
                value: number(r, "value")?,
                value_max: number(r, "value_max")?,
                value_text: r.get("value_text")?,
                qualifier: r.get("qualifier")?,
                start: r.get("date_start")?,
                end: r.get("date_end")?,
                precision: r.get("date_precision")?,
                note: r.get("note")?,
                disputes: disputed.get(&fact).cloned().unwrap_or_default(),
                evidence: cited(fact),
                ..Measure::default()
            };
            extra(r, &mut m)?;
            Ok(m)
        })?;
        Ok(all.into_iter().filter(|m| options.overlaps(m)).collect())
    };
    let deployments = measures(internal!("report_deployments"), |r, m| {
        m.group = r.get::<_, Option<String>>("region")?.unwrap_or_default();
        m.subject = r.get("subject")?;
        m.unit = r.get("unit")?;
        m.place = r.get("place")?;
        m.operator = r.get("operator")?;
        Ok(())
    })?;
    let figures = measures(internal!("report_figures"), |r, m| {
        m.group = r.get("panel")?;
        m.subject = r.get("subject")?;
        m.unit = r.get("unit")?;
        Ok(())
    })?;
    let money = measures(internal!("report_aid"), |r, m| {
        m.group = r.get("stage")?;
        m.subject = r.get::<_, Option<String>>("purpose")?.unwrap_or_default();
        m.unit = "money".into();
        m.currency = r.get("currency")?;
        m.usd = number(r, "usd_amount")?;
        m.donor = r.get("donor")?;
        m.recipient = r.get("recipient")?;
        m.date_kind = r.get("date_kind")?;
        Ok(())
    })?;

    let kinds = Kinds::new(rows(conn, internal!("report_event_types"), &[], |r| {
        Ok(EventType {
            value: r.get("value")?,
            description: r.get("description")?,
            label: r.get("label")?,
            family: r.get("family")?,
        })
    })?);

    let total_events: i64 = conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
    let mut build = Vec::new();
    for key in ["crisisdb_version", "seeds_origin", "seeds_sha256"] {
        if let Some(v) = db::build_info(conn, key)? {
            build.push((key.to_string(), v));
        }
    }
    Ok(Data {
        events,
        total_events,
        disputes,
        sources,
        notes,
        deployments,
        figures,
        money,
        build,
        kinds,
    })
}

fn load_evidence(conn: &Connection) -> Result<BTreeMap<i64, Vec<Excerpt>>> {
    let mut out: BTreeMap<i64, Vec<Excerpt>> = BTreeMap::new();
    for (fact, x) in rows(conn, internal!("report_evidence"), &[], |r| {
        Ok((
            r.get::<_, i64>("fact_id")?,
            Excerpt {
                source: r.get("source_id")?,
                line: r.get("line")?,
                text: r.get("excerpt")?,
            },
        ))
    })? {
        out.entry(fact).or_default().push(x);
    }
    Ok(out)
}
