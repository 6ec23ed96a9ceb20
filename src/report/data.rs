//! Reads everything the report shows from the database: the events through the `timeline`
//! canned query (so the report's filters mean what `crisisdb run timeline` means), sources
//! and data notes through their canned queries, and the details through sql/internal/report_*.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, Result, anyhow};
use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::Options;
use super::fmt::{self, EventType, Kinds};
use super::scale::{Day, parse_day};
use crate::{db, query};

/// When something happened or holds: its first and last possible day (YYYY-MM-DD, none when
/// the texts give no date) and how precise that is (`day`, `month`, `approximate` ...).
#[derive(Debug, Clone, Default)]
pub struct Dates {
    pub start: Option<String>,
    pub end: Option<String>,
    pub precision: String,
}

impl Dates {
    /// Reads the columns of the start, the end and the precision.
    fn read(r: &Row<'_>, [start, end, precision]: [&str; 3]) -> rusqlite::Result<Dates> {
        Ok(Dates {
            start: r.get(start)?,
            end: r.get(end)?,
            precision: r.get(precision)?,
        })
    }

    /// The first and last day, when there is a date.
    pub fn days(&self) -> Option<(Day, Day)> {
        let s = parse_day(self.start.as_deref()?)?;
        Some((s, self.end.as_deref().and_then(parse_day).unwrap_or(s)))
    }

    /// As a reader says it: "19 Oct 2025", "about 2025".
    pub fn words(&self) -> String {
        fmt::when(self.start.as_deref(), self.end.as_deref(), &self.precision)
    }
}

#[derive(Debug, Clone)]
pub struct Excerpt {
    pub source: String,
    pub line: i64,
    pub text: String,
}

/// Someone who takes part in an event.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub name: String,
    /// initiator, speaker, target, victim ...
    pub role: String,
    pub note: Option<String>,
    /// the name of the actor's country
    pub country: Option<String>,
}

/// One event of the `timeline` query, with its details, actors and evidence.
#[derive(Debug, Clone, Default)]
pub struct Event {
    pub id: String,
    pub dates: Dates,
    /// the event type (vocabulary `event_type`)
    pub kind: String,
    /// carried out, threatened, denied ...
    pub status: String,
    pub title: String,
    pub place: Option<String>,
    /// the name of the country the event happens in
    pub country: Option<String>,
    pub disputes: Vec<String>,
    pub summary: Option<String>,
    /// the day a text reports it on, when its own date is worked out from that
    pub reported_date: Option<String>,
    /// how the date was worked out
    pub date_note: Option<String>,
    pub actors: Vec<Actor>,
    pub evidence: Vec<Excerpt>,
}

/// One side of a dispute, with the words that state it.
#[derive(Debug, Clone)]
pub struct Claim {
    pub text: String,
    pub evidence: Vec<Excerpt>,
}

/// A point on which the texts disagree, with every side.
#[derive(Debug, Clone, Default)]
pub struct Dispute {
    pub id: String,
    pub topic: String,
    /// between sources, or within one
    pub kind: String,
    pub what_differs: String,
    pub note: Option<String>,
    pub claims: Vec<Claim>,
    /// the ids of the events it touches
    pub events: Vec<String>,
}

/// A text everything rests on, as the `sources` query gives it.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub id: String,
    /// the file under seeds/articles, and its digest below
    pub file: String,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub title: Option<String>,
    pub published: Dates,
    pub published_note: Option<String>,
    pub language: String,
    /// how far to trust it, in words
    pub reliability: String,
    /// how many facts cite it
    pub facts: i64,
    pub sha256: String,
}

/// A flaw found in a text (a typo, damaged encoding, boilerplate) and how it was read.
#[derive(Debug, Clone)]
pub struct DataNote {
    pub id: String,
    pub source: String,
    pub kind: String,
    /// the text as found, and below how it reads
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
    pub dates: Dates,
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

/// The ids of a canned answer's `disputes` column, `d-001 (topic); d-002 (topic)`.
fn dispute_ids(s: Option<String>) -> Vec<String> {
    s.map(|s| {
        s.split("; ")
            .filter_map(|d| d.split_whitespace().next().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
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

/// A struct from a row, each field from the column of its name (or the one `= "named"`):
/// `from_row!(r, Excerpt { source = "source_id", line, text = "excerpt" })`, with an optional
/// `..base` for the fields the row does not give.
macro_rules! from_row {
    ($r:expr, $ty:ident { $($field:ident $(= $col:literal)?),* $(,)? } $(..$base:expr)?) => {
        $ty {
            $($field: $r.get(from_row!(@col $field $($col)?))?,)*
            $(..$base)?
        }
    };
    (@col $field:ident) => { stringify!($field) };
    (@col $field:ident $col:literal) => { $col };
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

    let params: Vec<String> = options.filters().map(|(k, v)| format!("{k}={v}")).collect();
    let mut events = canned(conn, "timeline", &params, |r| {
        Ok(from_row!(r, Event {
            id, kind = "type", status, title, place,
        } ..Event {
            dates: Dates::read(r, ["start_date", "end_date", "precision"])?,
            disputes: dispute_ids(r.get("disputes")?),
            ..Event::default()
        }))
    })
    .context(
        "the report's filters (--from, --to, --type, --actor) go to the canned query `timeline`",
    )?;

    let mut details: HashMap<String, (i64, Event)> =
        rows(conn, internal!("report_events"), &[], |r| {
            let e = from_row!(
                r,
                Event {
                    id,
                    summary,
                    reported_date,
                    date_note,
                    country
                }..Event::default()
            );
            Ok((e.id.clone(), (r.get("fact_id")?, e)))
        })?
        .into_iter()
        .collect();
    let mut actors: HashMap<String, Vec<Actor>> = HashMap::new();
    for (event, actor) in rows(conn, internal!("report_event_actors"), &[], |r| {
        let actor = from_row!(r, Actor { id = "actor_id", name, role, note, country });
        Ok((r.get::<_, String>("event_id")?, actor))
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
        let dispute = from_row!(
            r,
            Dispute {
                id,
                topic,
                kind,
                what_differs,
                note
            }..Dispute {
                events: list(r.get("events")?),
                ..Dispute::default()
            }
        );
        let claim = Claim {
            text: r.get("claim")?,
            evidence: cited(r.get("claim_fact_id")?),
        };
        Ok((dispute, claim))
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
        Ok(from_row!(
            r,
            Source {
                id,
                file,
                outlet,
                author,
                title,
                published_note,
                language,
                reliability,
                facts,
                sha256,
            }..Source {
                published: Dates::read(
                    r,
                    ["published_start", "published_end", "published_precision"]
                )?,
                ..Source::default()
            }
        ))
    })?;
    let notes = canned(conn, "data_notes", &[], |r| {
        Ok(from_row!(r, DataNote { id, source = "source_id", kind, found, reading, note }))
    })?;

    // the numbers: one reader for the columns the three statements share, then each one's own
    let disputed: HashMap<i64, Vec<String>> =
        rows(conn, internal!("report_fact_disputes"), &[], |r| {
            Ok((r.get("fact_id")?, list(r.get("disputes")?)))
        })?
        .into_iter()
        .collect();
    let measures = |statement: (&str, &str),
                    own: fn(&Row<'_>, Measure) -> rusqlite::Result<Measure>|
     -> Result<Vec<Measure>> {
        let all = rows(conn, statement, &[], |r| {
            let fact: i64 = r.get("fact_id")?;
            let m = from_row!(
                r,
                Measure {
                    id,
                    value_text,
                    qualifier,
                    note,
                }..Measure {
                    dates: Dates::read(r, ["date_start", "date_end", "date_precision"])?,
                    value: number(r, "value")?,
                    value_max: number(r, "value_max")?,
                    disputes: disputed.get(&fact).cloned().unwrap_or_default(),
                    evidence: cited(fact),
                    ..Measure::default()
                }
            );
            own(r, m)
        })?;
        Ok(all.into_iter().filter(|m| options.overlaps(m)).collect())
    };
    let deployments = measures(internal!("report_deployments"), |r, m| {
        Ok(from_row!(
            r,
            Measure {
                subject,
                unit,
                place,
                operator
            }..Measure {
                group: r.get::<_, Option<String>>("region")?.unwrap_or_default(),
                ..m
            }
        ))
    })?;
    let figures = measures(internal!("report_figures"), |r, m| {
        Ok(from_row!(r, Measure { group = "panel", subject, unit } ..m))
    })?;
    let money = measures(internal!("report_aid"), |r, m| {
        Ok(
            from_row!(r, Measure { group = "stage", currency, donor, recipient, date_kind }
            ..Measure {
                subject: r.get::<_, Option<String>>("purpose")?.unwrap_or_default(),
                unit: "money".into(),
                usd: number(r, "usd_amount")?,
                ..m
            }),
        )
    })?;

    let kinds = Kinds::new(rows(conn, internal!("report_event_types"), &[], |r| {
        Ok(from_row!(
            r,
            EventType {
                value,
                description,
                label,
                family,
                colour,
                sort_order
            }
        ))
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
        let x = from_row!(r, Excerpt { source = "source_id", line, text = "excerpt" });
        Ok((r.get::<_, i64>("fact_id")?, x))
    })? {
        out.entry(fact).or_default().push(x);
    }
    Ok(out)
}
