//! The timeline: one lane per event type (or per actor), every dated event a mark on a
//! compressed date axis. A mark's shape says how precise its date is (a day is a point, a
//! month, year or span is a bar over every day it could be), a black ring flags a disputed
//! event, and every mark links to the event's card (`#event-...`). Each mark carries a number,
//! placed beside it without overlap, and the key under the drawing names every numbered event;
//! the lane names are drawn apart so that they stay in view while the plot scrolls sideways.
//! Past [`MAX_MARKS`] events the lanes show counts per period instead.

use std::collections::{BTreeMap, HashMap};

use maud::{Markup, html};

use super::Lanes;
use super::chart;
use super::data::Event;
use super::fmt::{self, Kinds, px};
use super::scale::{Breaks, Day, Density, TimeScale, date, month_name, pack, parse_day, ymd};

/// As wide as a full-width chart, with the same right margin, so that their axes end together.
const WIDTH: f64 = chart::FULL;
const LABEL_X: f64 = 20.0;
const PLOT_X0: f64 = 212.0;
/// The plot's drawing starts this far left of the axis, so that the first tick label shows.
const PLOT_MARGIN: f64 = 24.0;
const PLOT_X1: f64 = WIDTH - chart::RIGHT;
const TOP: f64 = 58.0;
const ROW: f64 = 16.0;
const PAD: f64 = 5.0;
const R: f64 = 5.0;
/// In `--lanes actor`, this many actors get a lane of their own; the rest share one.
const ACTOR_LANES: usize = 16;
/// More dated events than this and the timeline draws counts per lane and period instead of
/// one mark per event: a mark per event stops being readable long before, and the page would
/// stop loading.
pub const MAX_MARKS: usize = 2000;
/// An event's number beside its mark: about this many pixels a digit (12 px text), plus a gap.
const DIGIT: f64 = 7.0;
const GAP: f64 = 3.0;
/// In the counts view, one bar per this many pixels of axis.
const BUCKET: f64 = 8.0;

/// How an event's date is drawn.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// a known day
    Point,
    /// a day, approximately
    OpenPoint,
    /// a month, year, decade or span: the event is on one or all of these days
    Bar,
    /// an approximate span
    OpenBar,
}

struct Mark<'a> {
    ev: &'a Event,
    shape: Shape,
    x0: f64,
    x1: f64,
    row: usize,
    /// its number in the key (0 in the counts view, which names no event)
    n: usize,
}

impl Mark<'_> {
    /// Where the mark's number ends: the mark and its label take `x0 .. label_end` of a row.
    fn label_end(&self) -> f64 {
        if self.n == 0 {
            self.x1
        } else {
            self.x1 + GAP + self.n.to_string().len() as f64 * DIGIT
        }
    }
}

struct Lane<'a> {
    label: String,
    /// how many events it holds, shown after the label (but on a phone)
    count: usize,
    title: String,
    colour: Option<String>,
    marks: Vec<Mark<'a>>,
    rows: usize,
}

fn shape(ev: &Event, s: Day, e: Day) -> Shape {
    let approx = ev.dates.precision == "approximate";
    match (s == e, approx) {
        (true, false) => Shape::Point,
        (true, true) => Shape::OpenPoint,
        (false, false) => Shape::Bar,
        (false, true) => Shape::OpenBar,
    }
}

/// The first and last day the dated events may fall on, within the date filter.
pub fn shown(events: &[Event], from: Option<&str>, to: Option<&str>) -> Option<(Day, Day)> {
    let spans: Vec<(Day, Day)> = events.iter().filter_map(|e| e.dates.days()).collect();
    let mut a = spans.iter().map(|s| s.0).min()?;
    let mut b = spans.iter().map(|s| s.1).max()?;
    if let Some(f) = from.and_then(parse_day) {
        a = a.max(f);
    }
    if let Some(t) = to.and_then(parse_day) {
        b = b.min(t);
    }
    Some((a, b.max(a)))
}

/// The axis for the days `shown`: from the first of its month (of its decade, over ten years)
/// to the first of the month after the last.
pub fn axis((a, b): (Day, Day)) -> (Day, Day) {
    let da = date(a);
    let a = if b - a > 3650 {
        ymd(da.year().div_euclid(10) * 10, 1, 1)
    } else {
        ymd(da.year(), da.month() as u8, 1)
    };
    let db = date(b);
    let b = if db.month() as u8 == 12 {
        ymd(db.year() + 1, 1, 1)
    } else {
        ymd(db.year(), db.month() as u8 + 1, 1)
    };
    (a, b)
}

fn lanes<'a>(
    events: &'a [Event],
    by: Lanes,
    kinds: &Kinds,
    scale: &TimeScale,
    numbers: &HashMap<&str, usize>,
) -> Vec<Lane<'a>> {
    let marks = |evs: &[&'a Event], scale: &TimeScale| marks(evs, scale, numbers);
    let mut lanes: Vec<Lane<'a>> = Vec::new();
    match by {
        Lanes::Type => {
            let mut by_kind: BTreeMap<_, Vec<&Event>> = BTreeMap::new();
            for e in events.iter().filter(|e| e.dates.days().is_some()) {
                by_kind
                    .entry(kinds.style(&e.kind).order.clone())
                    .or_default()
                    .push(e);
            }
            for evs in by_kind.into_values() {
                let style = kinds.style(&evs[0].kind);
                let (label, n) = (&style.label, evs.len());
                lanes.push(Lane {
                    label: label.clone(),
                    count: n,
                    title: format!("{label}: {n} events ({})", style.family),
                    colour: Some(style.colour.clone()),
                    marks: marks(&evs, scale),
                    rows: 0,
                });
            }
        }
        Lanes::Actor => {
            let mut count: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
            for e in events.iter().filter(|e| e.dates.days().is_some()) {
                let mut seen: Vec<&str> = Vec::new();
                for a in &e.actors {
                    if !seen.contains(&a.id.as_str()) {
                        seen.push(&a.id);
                        count.entry(&a.id).or_insert((0, &a.name)).0 += 1;
                    }
                }
            }
            let mut ranked: Vec<(&str, usize, &str)> = count
                .into_iter()
                .map(|(id, (n, name))| (id, n, name))
                .collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let top: Vec<(&str, usize, &str)> = ranked.iter().take(ACTOR_LANES).copied().collect();
            for (id, n, name) in &top {
                let evs: Vec<&Event> = events
                    .iter()
                    .filter(|e| e.dates.days().is_some() && e.actors.iter().any(|a| a.id == *id))
                    .collect();
                let short: String = if name.chars().count() > 22 {
                    format!("{}…", name.chars().take(21).collect::<String>())
                } else {
                    name.to_string()
                };
                lanes.push(Lane {
                    label: short,
                    count: *n,
                    title: format!("{name}: {n} events"),
                    colour: None,
                    marks: marks(&evs, scale),
                    rows: 0,
                });
            }
            let rest: Vec<&Event> = events
                .iter()
                .filter(|e| {
                    e.dates.days().is_some()
                        && !e.actors.iter().any(|a| top.iter().any(|t| t.0 == a.id))
                })
                .collect();
            if !rest.is_empty() {
                lanes.push(Lane {
                    label: "other actors".into(),
                    count: rest.len(),
                    title: "events none of the actors above takes part in".into(),
                    colour: None,
                    marks: marks(&rest, scale),
                    rows: 0,
                });
            }
        }
    }
    for lane in &mut lanes {
        let spans: Vec<(f64, f64)> = lane.marks.iter().map(|m| (m.x0, m.label_end())).collect();
        for (m, row) in lane.marks.iter_mut().zip(pack(&spans)) {
            m.row = row;
        }
        lane.rows = lane.marks.iter().map(|m| m.row + 1).max().unwrap_or(1);
    }
    lanes
}

fn marks<'a>(
    events: &[&'a Event],
    scale: &TimeScale,
    numbers: &HashMap<&str, usize>,
) -> Vec<Mark<'a>> {
    let mut out: Vec<Mark<'a>> = events
        .iter()
        .filter_map(|ev| {
            let (s, e) = ev.dates.days()?;
            let shape = shape(ev, s, e);
            let (x0, x1) = match shape {
                Shape::Point | Shape::OpenPoint => {
                    let c = (scale.x(s) + scale.x(s + 1)) / 2.0;
                    (c - R, c + R)
                }
                Shape::Bar | Shape::OpenBar => {
                    let a = scale.x(s);
                    let b = scale.x(e + 1).max(a + 2.0 * R);
                    (a, b)
                }
            };
            Some(Mark {
                ev,
                shape,
                x0,
                x1,
                row: 0,
                n: numbers.get(ev.id.as_str()).copied().unwrap_or(0),
            })
        })
        .collect();
    out.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(b.x1.total_cmp(&a.x1)));
    out
}

/// A caption for a stretch of the axis: "1950–2024", "Jan–Jul 2025", "Aug 2025 – Jan 2026".
fn period(from: Day, to: Day) -> String {
    let (a, b) = (date(from), date(to - 1));
    if a.ordinal() == 1 && b.month() as u8 == 12 && b.day() == 31 {
        if a.year() == b.year() {
            a.year().to_string()
        } else {
            format!("{}–{}", a.year(), b.year())
        }
    } else if a.year() == b.year() {
        format!(
            "{}–{} {}",
            month_name(a.month()),
            month_name(b.month()),
            a.year()
        )
    } else {
        format!(
            "{} {} – {} {}",
            month_name(a.month()),
            a.year(),
            month_name(b.month()),
            b.year()
        )
    }
}

pub fn tooltip(ev: &Event, kinds: &Kinds) -> String {
    let mut t = format!(
        "{} · {} · {}",
        ev.dates.words(),
        kinds.style(&ev.kind).label,
        ev.title
    );
    if !ev.disputes.is_empty() {
        t.push_str(" · disputed");
    }
    t
}

/// The dated events in the order of `events` (date order), each with its number in the key,
/// from 1; none when there are too many to draw one by one.
pub fn numbered(events: &[Event]) -> Vec<(usize, &Event)> {
    let dated: Vec<&Event> = events.iter().filter(|e| e.dates.days().is_some()).collect();
    if dated.len() > MAX_MARKS {
        return Vec::new();
    }
    dated
        .into_iter()
        .enumerate()
        .map(|(i, e)| (i + 1, e))
        .collect()
}

/// The timeline over `axis` (from [`axis`]), its scale changing at `breaks`: the lane names,
/// the plot in a sideways scroller that opens on the dense stretch, and the key of the
/// numbered marks.
pub fn render(
    events: &[Event],
    kinds: &Kinds,
    by: Lanes,
    (a, b): (Day, Day),
    breaks: &Breaks,
) -> Markup {
    let scale = TimeScale::new(a, b, PLOT_X0, PLOT_X1, &Density::timeline(breaks, a, b));
    let key = numbered(events);
    let numbers: HashMap<&str, usize> = key.iter().map(|(n, e)| (e.id.as_str(), *n)).collect();
    let counts = key.is_empty();
    let mut lanes = lanes(events, by, kinds, &scale, &numbers);
    if counts {
        for l in &mut lanes {
            l.rows = 2;
        }
    }
    let mut y = TOP;
    let mut tops = Vec::new();
    for l in &lanes {
        tops.push(y);
        y += l.rows as f64 * ROW + 2.0 * PAD;
    }
    let bottom = y;
    let height = bottom + 30.0;
    let ticks = scale.ticks();
    let widest = scale
        .segments
        .iter()
        .map(|s| (s.x1 - s.x0) / f64::from(s.to - s.from))
        .fold(0.0, f64::max);
    let dense = |s: &super::scale::Segment| {
        scale.segments.len() > 1 && (s.x1 - s.x0) / f64::from(s.to - s.from) >= widest
    };
    let view_x = PLOT_X0 - PLOT_MARGIN;
    let names_w = lanes
        .iter()
        .map(|l| {
            LABEL_X
                + 4.0
                + (l.label.chars().count() + 3) as f64 * 7.0
                + l.count.to_string().len() as f64 * 7.0
        })
        .fold(100.0, f64::max)
        .min(view_x);
    // where the plot opens on a narrow screen: the start of the dense stretch
    let focus = scale
        .segments
        .iter()
        .find(|s| dense(s))
        .map_or(0.0, |s| s.x0 - view_x);
    html! {
        div.tl {
            div.scroll.tl-scroll data-focus=(px(focus)) {
                div.tl-names {
                    // on a phone the column is narrower: cut at its right edge, never scaled down
                    svg.lane-names xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {} {}", px(names_w), px(height)))
                        preserveAspectRatio="xMinYMin slice"
                        width=(px(names_w)) height=(px(height)) aria-hidden="true" {
                        @for (lane, top) in lanes.iter().zip(&tops) {
                            line.lane x1="0" x2=(px(names_w)) y1=(px(*top)) y2=(px(*top)) {}
                            g.lane-label {
                                title { (lane.title) }
                                @if let Some(c) = &lane.colour {
                                    rect x="4" y=(px(top + PAD + ROW / 2.0 - 5.0)) width="10" height="10" fill=(c) {}
                                }
                                text x=(LABEL_X) y=(px(top + PAD + ROW / 2.0 + 4.0)) { (lane.label) tspan.count { " (" (lane.count) ")" } }
                            }
                        }
                        line.lane x1="0" x2=(px(names_w)) y1=(px(bottom)) y2=(px(bottom)) {}
                    }
                }
                svg.timeline xmlns="http://www.w3.org/2000/svg"
                    viewBox=(format!("{} 0 {} {}", px(view_x), px(WIDTH - view_x), px(height)))
                    width=(px(WIDTH - view_x)) height=(px(height)) role="group"
                    aria-label="Timeline of the events; each mark links to the event's evidence" {
                    // the stretches of the axis, each drawn at its own scale
                    @for (i, s) in scale.segments.iter().enumerate() {
                        @let dense = dense(s);
                        rect.segment.dense[dense] x=(px(s.x0)) y="20" width=(px(s.x1 - s.x0)) height=(px(bottom - 20.0)) {}
                        @let caption = period(s.from, s.to);
                        @if caption.chars().count() as f64 * 7.0 < s.x1 - s.x0 - 6.0 {
                            text.period x=(px((s.x0 + s.x1) / 2.0)) y="14" text-anchor="middle" {
                                (caption) @if dense { " (drawn larger)" }
                            }
                        } @else if i == 0 && scale.segments.len() > 2 {
                            text.period x=(px((s.x0 + s.x1) / 2.0)) y="14" text-anchor="middle" { "earlier" }
                        }
                    }
                    @for top in &tops {
                        line.lane x1=(px(view_x)) x2=(WIDTH) y1=(px(*top)) y2=(px(*top)) {}
                    }
                    line.lane x1=(px(view_x)) x2=(WIDTH) y1=(px(bottom)) y2=(px(bottom)) {}
                    // grid and both axes
                    @for t in &ticks {
                        line.grid x1=(px(t.x)) x2=(px(t.x)) y1=(px(TOP - 6.0)) y2=(px(bottom + 5.0)) {}
                    }
                    @for (x, anchor, l) in chart::axis_labels(&ticks, WIDTH) {
                        text.tick x=(px(x)) y=(px(TOP - 10.0)) text-anchor=(anchor) { (l) }
                        text.tick x=(px(x)) y=(px(bottom + 19.0)) text-anchor=(anchor) { (l) }
                    }
                    // breaks: the scale changes here
                    @for x in scale.breaks() {
                        g.break {
                            title { "The axis changes scale here" }
                            line x1=(px(x)) x2=(px(x)) y1="20" y2=(px(bottom)) {}
                            path d=(format!("M{} {} l6 -10 M{} {} l6 -10", px(x - 5.0), px(TOP - 1.0), px(x - 1.0), px(TOP - 1.0))) {}
                        }
                    }
                    @if counts {
                        @for (lane, top) in lanes.iter().zip(&tops) {
                            (count_bars(lane, *top))
                        }
                    } @else {
                        @for (lane, top) in lanes.iter().zip(&tops) {
                            @for m in &lane.marks {
                                (mark(m, top + PAD + ROW * m.row as f64 + ROW / 2.0, kinds))
                            }
                        }
                    }
                }
            }
            @if !key.is_empty() {
                h3.key-title { "Key: the numbered marks" }
                ol.key {
                    @for (n, e) in &key {
                        li value=(n) {
                            a.mark href=(fmt::href("event", &e.id)) data-event=(fmt::anchor("event", &e.id)) {
                                span.n { (n) } " "
                                span.kd { (e.dates.words()) } " "
                                span.kt { (e.title) }
                                @if !e.disputes.is_empty() { " " span.flag { "disputed" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One event's mark and its number.
fn mark(m: &Mark<'_>, cy: f64, kinds: &Kinds) -> Markup {
    let colour = kinds.style(&m.ev.kind).colour.clone();
    let disputed = !m.ev.disputes.is_empty();
    html! {
        a.mark href=(fmt::href("event", &m.ev.id)) data-event=(fmt::anchor("event", &m.ev.id)) {
            title { (m.n) ". " (tooltip(m.ev, kinds)) }
            @match m.shape {
                Shape::Point | Shape::OpenPoint => {
                    @let cx = (m.x0 + m.x1) / 2.0;
                    @if disputed {
                        circle.disputed cx=(px(cx)) cy=(px(cy)) r=(px(R + 2.2)) {}
                    }
                    @if m.shape == Shape::Point {
                        circle.point cx=(px(cx)) cy=(px(cy)) r=(px(R)) fill=(colour) {}
                    } @else {
                        circle.open cx=(px(cx)) cy=(px(cy)) r=(px(R - 0.8)) stroke=(colour) {}
                    }
                }
                Shape::Bar | Shape::OpenBar => {
                    @if disputed {
                        rect.disputed x=(px(m.x0 - 2.2)) y=(px(cy - R - 2.2)) width=(px(m.x1 - m.x0 + 4.4))
                            height=(px(2.0 * R + 4.4)) rx="3" {}
                    }
                    @if m.shape == Shape::Bar {
                        rect.bar x=(px(m.x0)) y=(px(cy - R + 1.0)) width=(px(m.x1 - m.x0))
                            height=(px(2.0 * R - 2.0)) rx="2" fill=(colour) {}
                    } @else {
                        rect.openbar x=(px(m.x0 + 0.8)) y=(px(cy - R + 1.8)) width=(px(m.x1 - m.x0 - 1.6))
                            height=(px(2.0 * R - 3.6)) rx="2" stroke=(colour) {}
                    }
                }
            }
            text.n x=(px(m.x1 + GAP - if disputed { 0.0 } else { 1.0 })) y=(px(cy + 4.0)) { (m.n) }
        }
    }
}

/// A lane of too many events to draw one by one: a bar per stretch of [`BUCKET`] pixels, as
/// tall as its count is against the lane's largest (on a square-root scale), each titled with
/// its count and days.
fn count_bars(lane: &Lane<'_>, top: f64) -> Markup {
    let mut buckets: BTreeMap<i64, (usize, Day, Day)> = BTreeMap::new();
    for m in &lane.marks {
        let Some((s, e)) = m.ev.dates.days() else {
            continue;
        };
        let b = ((m.x0 + m.x1) / 2.0 / BUCKET).floor() as i64;
        let slot = buckets.entry(b).or_insert((0, s, e));
        slot.0 += 1;
        slot.1 = slot.1.min(s);
        slot.2 = slot.2.max(e);
    }
    let most = buckets.values().map(|b| b.0).max().unwrap_or(1) as f64;
    let colour = lane
        .colour
        .clone()
        .unwrap_or_else(|| fmt::PALETTE[6].to_string());
    let base = top + PAD + 2.0 * ROW;
    html! {
        @for (b, (n, s, e)) in &buckets {
            @let h = (2.0 * ROW - 2.0) * (*n as f64 / most).sqrt().max(0.12);
            rect.count x=(px(*b as f64 * BUCKET + 0.5)) y=(px(base - h)) width=(px(BUCKET - 1.0)) height=(px(h)) fill=(colour) {
                title { (n) " events, " (fmt::day(*s)) " to " (fmt::day(*e)) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_named() {
        assert_eq!(period(ymd(1950, 1, 1), ymd(2025, 1, 1)), "1950–2024");
        assert_eq!(period(ymd(2025, 1, 1), ymd(2025, 8, 1)), "Jan–Jul 2025");
        assert_eq!(
            period(ymd(2025, 8, 1), ymd(2026, 2, 1)),
            "Aug 2025 – Jan 2026"
        );
    }

    #[test]
    fn every_mark_and_its_number_keep_clear_of_the_others() {
        use super::super::data::Dates;
        // 60 events in one lane, many on the same days: a dense cluster
        let events: Vec<Event> = (0..60)
            .map(|i| Event {
                id: format!("e-{i}"),
                kind: "statement".into(),
                title: format!("event {i}"),
                dates: Dates {
                    start: Some(format!("2025-10-{:02}", 1 + i % 7)),
                    end: None,
                    precision: "day".into(),
                },
                ..Event::default()
            })
            .collect();
        let (a, b) = (ymd(2025, 9, 1), ymd(2025, 12, 1));
        let scale = TimeScale::new(
            a,
            b,
            PLOT_X0,
            PLOT_X1,
            &Density::timeline(&Breaks::default(), a, b),
        );
        let key = numbered(&events);
        assert_eq!(key.len(), 60);
        let numbers: HashMap<&str, usize> = key.iter().map(|(n, e)| (e.id.as_str(), *n)).collect();
        let lanes = lanes(&events, Lanes::Type, &Kinds::default(), &scale, &numbers);
        assert_eq!(lanes.len(), 1);
        let marks = &lanes[0].marks;
        let mut seen: Vec<usize> = marks.iter().map(|m| m.n).collect();
        seen.sort_unstable();
        assert_eq!(seen, (1..=60).collect::<Vec<_>>());
        for (i, m) in marks.iter().enumerate() {
            for o in &marks[i + 1..] {
                let apart = m.label_end() + 3.0 <= o.x0 || o.label_end() + 3.0 <= m.x0;
                assert!(m.row != o.row || apart, "{} and {} overlap", m.n, o.n);
            }
        }
        assert!(
            lanes[0].rows >= 8,
            "{} rows for 60 events on 7 days",
            lanes[0].rows
        );
    }
}
