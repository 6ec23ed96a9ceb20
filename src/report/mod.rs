//! The HTML report: one self-contained page (styles and script inline, no network) with a
//! timeline of the events, figure panels, every event's evidence, the disputes and the
//! sources. `data` reads the database, `scale`, `timeline` and `chart` draw SVG, `page` lays
//! it out. Everything particular to one dataset (title, axis breaks, regions, event families)
//! comes from the data; `cmd/report.rs` turns flags into [`Options`].

mod chart;
mod data;
mod fmt;
mod page;
mod scale;
mod timeline;

use anyhow::{Result, bail};

pub use fmt::when;
use rusqlite::Connection;
pub use scale::parse_day;

/// How the timeline's lanes are cut.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Lanes {
    /// One lane per event type, grouped and coloured by family
    #[default]
    Type,
    /// One lane per actor (the most frequent ones; the rest share a lane)
    Actor,
}

/// What the page holds: the filters mean what they mean for `crisisdb run timeline`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only events whose possible dates reach this day (YYYY-MM-DD) or later.
    pub from: Option<String>,
    /// Only events whose possible dates start on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Only events this actor (id, name or alias) takes part in.
    pub actor: Option<String>,
    /// Only events of this type.
    pub kind: Option<String>,
    pub lanes: Lanes,
    /// Add the appendix (the texts' flaws and files' digests).
    pub appendix: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            from: None,
            to: None,
            actor: None,
            kind: None,
            lanes: Lanes::default(),
            appendix: true,
        }
    }
}

impl Options {
    /// The filters that are set, each with its name (that of the `timeline` query's parameter
    /// and of the command's flag) and value.
    pub fn filters(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("from", &self.from),
            ("to", &self.to),
            ("type", &self.kind),
            ("actor", &self.actor),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_deref()?)))
    }

    pub fn is_filtered(&self) -> bool {
        self.from.is_some() || self.to.is_some() || self.kind.is_some() || self.actor.is_some()
    }

    /// Whether a number's dates overlap the date filter (an undated number does not, once a
    /// date filter is set).
    fn overlaps(&self, m: &data::Measure) -> bool {
        let from_ok = self
            .from
            .as_ref()
            .is_none_or(|f| m.dates.end.as_ref().is_some_and(|e| e >= f));
        let to_ok = self
            .to
            .as_ref()
            .is_none_or(|t| m.dates.start.as_ref().is_some_and(|s| s <= t));
        from_ok && to_ok
    }
}

/// A rendered page and what it holds.
pub struct Report {
    pub html: String,
    pub events: usize,
    pub disputes: usize,
    pub sources: usize,
}

/// Reads the database and draws the page.
pub fn render(conn: &Connection, options: &Options) -> Result<Report> {
    if let (Some(f), Some(t)) = (&options.from, &options.to)
        && f > t
    {
        bail!("--from {f} is after --to {t}");
    }
    let data = data::load(conn, options)?;
    if data.events.is_empty() {
        bail!(
            "no event matches the filters; `crisisdb run timeline` with the same -p values shows the same"
        );
    }
    Ok(Report {
        html: page::render(&data, options),
        events: data.events.len(),
        disputes: data.disputes.len(),
        sources: data.sources.len(),
    })
}
