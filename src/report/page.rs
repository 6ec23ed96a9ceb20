//! The page: header, timeline, figure panels, event cards with their evidence, disputes and
//! sources, in one HTML file with its styles and script inline. maud escapes every value from
//! the data; the only unescaped text is this crate's own CSS and script.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use std::collections::BTreeMap;

use super::chart::{self, Chart, Marker};
use super::data::{Data, Dispute, Event, Excerpt, Measure};
use super::scale::{Breaks, Day, date};
use super::{Lanes, Options, fmt, timeline};

const CSS: &str = include_str!("report.css");
/// A list (event cards, disputes, table rows, a chart's points) longer than this shows its
/// latest entries only, and says how to narrow the page to see the rest.
const MAX_ROWS: usize = 400;
/// Charts in the forces panel beyond this many regions: their numbers are in the table.
const MAX_REGIONS: usize = 8;
const JS: &str = include_str!("report.js");

/// "October 2025", "March to October 2025", "March 2024 to January 2026", "1820s to January
/// 2026": the span as a heading says it.
fn span_words((first, last): (Day, Day)) -> String {
    let (a, b) = (date(first), date(last));
    if b.year() - a.year() > 10 {
        format!(
            "{}s to {} {}",
            a.year().div_euclid(10) * 10,
            b.month(),
            b.year()
        )
    } else if (a.year(), a.month()) == (b.year(), b.month()) {
        format!("{} {}", a.month(), a.year())
    } else if a.year() == b.year() {
        format!("{} to {} {}", a.month(), b.month(), a.year())
    } else {
        format!("{} {} to {} {}", a.month(), a.year(), b.month(), b.year())
    }
}

/// What the shown events are about: the one or two countries most of them take place in or
/// whose actors take part ("Colombia – United States"), else the words "Events".
fn subject(d: &Data) -> String {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &d.events {
        let mut seen: Vec<&str> = e.country.as_deref().into_iter().collect();
        for a in &e.actors {
            seen.extend(a.country.as_deref());
        }
        seen.sort_unstable();
        seen.dedup();
        for c in seen {
            *count.entry(c).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = count.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match ranked.as_slice() {
        [] => "Events".into(),
        [(a, n), (b, m), ..] if m * 5 >= *n => format!("{a} – {b}"),
        [(a, _), ..] => a.to_string(),
    }
}

/// "1 text", "1,000 texts".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        fmt::count(n as f64),
        if n == 1 { one } else { many }
    )
}

/// Who published the texts, as the sources state it: "BBC, Reuters and 2 texts without a
/// stated outlet".
fn outlets(d: &Data) -> String {
    let mut names: Vec<&str> = Vec::new();
    for o in d.sources.iter().filter_map(|s| s.outlet.as_deref()) {
        if !names.contains(&o) {
            names.push(o);
        }
    }
    let unstated = d.sources.iter().filter(|s| s.outlet.is_none()).count();
    let mut parts: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    if parts.len() > 4 {
        let more = parts.split_off(3).len();
        parts.push(plural(more, "other outlet", "other outlets"));
    }
    if unstated > 0 {
        parts.push(plural(unstated, "text", "texts") + " without a stated outlet");
    }
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn render(d: &Data, o: &Options) -> String {
    let shown = timeline::shown(&d.events, o.from.as_deref(), o.to.as_deref());
    let title = match shown {
        Some(s) => format!("{}, {}", subject(d), span_words(s)),
        None => format!("{}, no dated event", subject(d)),
    };
    let dated = d.events.iter().filter(|e| e.dates.start.is_some()).count();
    let axis = shown.map(timeline::axis);
    let starts: Vec<Day> = d
        .events
        .iter()
        .filter_map(|e| e.dates.days().map(|s| s.0))
        .collect();
    let breaks = axis.map_or_else(Breaks::default, |(a, b)| Breaks::of(&starts, a, b));
    let cards = listed(d);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("crisisdb {}", env!("CARGO_PKG_VERSION")));
                title { (title) ": timeline and evidence" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header.top {
                    h1 { (title) }
                    @if let Some((first, last)) = shown {
                        p.span {
                            (plural(dated, "dated event", "dated events")) " from " (day(first)) " to " (day(last))
                            ", reported by " (plural(d.sources.len(), "text", "texts")) " (" (outlets(d)) ")."
                        }
                    }
                    p.lede {
                        "What the texts report: " (plural(d.events.len(), "event", "events")) ", the numbers the texts give, and the "
                        (plural(d.disputes.len(), "point", "points")) " on which they disagree. Every item carries the exact words of "
                        "the text that states it: click an event, a number or a dispute to read them."
                    }
                    p.filters {
                        @if !o.is_filtered() {
                            "All " (fmt::count(d.total_events as f64)) " events of the database."
                        } @else {
                            (fmt::count(d.events.len() as f64)) " of the " (fmt::count(d.total_events as f64)) " events, filtered: "
                            (filter_words(o)) ". The figure panels keep the numbers whose dates "
                            "overlap the date filter; disputes and sources are shown in full."
                        }
                    }
                    nav {
                        a href="#timeline" { "Timeline" }
                        a href="#forces" { "Forces" }
                        a href="#strikes" { "Strikes and deaths" }
                        a href="#money" { "Aid and money" }
                        a href="#numbers" { "Other numbers" }
                        a href="#events" { "Events" }
                        a href="#disputes" { "Disputes" }
                        a href="#sources" { "Sources" }
                        @if o.appendix { a href="#appendix" { "Appendix" } }
                    }
                    @if let Some(note) = limits(d, o) { p.limits { (note) } }
                }
                main {
                    section #timeline {
                        h2 { "Timeline" }
                        p.help {
                            @if dated > timeline::MAX_MARKS {
                                (fmt::count(dated as f64)) " events with a date: too many to draw one by one, so each lane shows how many "
                                "events fall in each stretch of the axis (hover a bar for its count and days). "
                            } @else {
                                "One numbered mark per event (" (dated) " with a date); the key under the chart names each. "
                            }
                            "Lanes by "
                            @match o.lanes { Lanes::Type => "event type", Lanes::Actor => "actor (an event is in the lane of each of its actors)" }
                            ". " (axis_words(&breaks))
                            @if dated <= timeline::MAX_MARKS { "Click a mark or a line of the key to read its evidence." }
                        }
                        (timeline_legend(d, dated <= timeline::MAX_MARKS))
                        p.scroll-hint { "The timeline is wider than this screen: it opens on the densest months; scroll it sideways for the rest." }
                        @match axis {
                            Some(axis) => (timeline::render(&d.events, &d.kinds, o.lanes, axis, &breaks)),
                            None => p { "No event in this selection has a date." },
                        }
                        @let undated: Vec<&Event> = d.events.iter().filter(|e| e.dates.start.is_none()).collect();
                        @if !undated.is_empty() {
                            h3 { "No date in the texts (" (fmt::count(undated.len() as f64)) ")" }
                            @if cards.len() < d.events.len() {
                                p.limits { "Too many to list here with the latest dated events: narrow the page with "
                                    code { "--type" } " or " code { "--actor" } "." }
                            }
                            ul.chips {
                                @for e in undated.iter().filter(|_| cards.len() == d.events.len()) {
                                    li { a.mark href=(fmt::href("event", &e.id)) data-event=(fmt::anchor("event", &e.id)) title=(timeline::tooltip(e, &d.kinds)) {
                                        (e.title) @if !e.disputes.is_empty() { " " span.flag { "disputed" } }
                                    } }
                                }
                            }
                        }
                    }
                    (forces(d, &breaks))
                    (strikes(d, &breaks))
                    (money(d, &breaks))
                    (numbers(d))
                    section #events {
                        h2 { "Events and their evidence" }
                        p.help {
                            "In date order. Each event gives its actors with their roles and the sentence of a text that states "
                            "it, with the source and line; the other excerpts open under it. How far to trust each source is "
                            "said once, under Sources. A disputed event shows every side."
                        }
                        @if cards.len() < d.events.len() { p.limits { (more(cards.len(), d.events.len(), "events", o)) } }
                        div.events-list { @for e in &cards { (event_card(d, e)) } }
                    }
                    section #disputes {
                        h2 { "Where the texts disagree (" (d.disputes.len()) ")" }
                        p.help { "Every side is kept, with the words that state it; nothing is settled by averaging or by picking one." }
                        @let all: Vec<&Dispute> = d.disputes.iter().collect();
                        @if all.len() > MAX_ROWS { p.limits { (more(MAX_ROWS, all.len(), "disputes", o)) } }
                        div.events-list { @for x in latest(&all, MAX_ROWS) { (dispute_card(d, x)) } }
                    }
                    section #sources {
                        h2 { "Sources" }
                        p.help {
                            "The texts everything above rests on: outlet and author as the text states them, when it was "
                            "published and how that was worked out, and how far to trust it. "
                            @if o.appendix { "The flaws found in each (typos, damaged encoding, boilerplate) and its file's digest are in the appendix." }
                            @else { "The appendix of the flaws found in each text was left out of this page (--no-appendix)." }
                        }
                        div.sources { @for s in &d.sources { (source_card(d, &s.id)) } }
                    }
                    @if o.appendix { (appendix(d)) }
                }
                footer {
                    p {
                        "Made with " code { "crisisdb report" } " from the crisisdb database"
                        @for (k, v) in &d.build { " · " (k) ": " code { (v) } }
                        ". The same data answers " code { "crisisdb run timeline" } ", " code { "crisisdb run disputes" }
                        " and " code { "crisisdb run sources" } "."
                    }
                }
                aside #panel.panel hidden aria-label="Event details" {
                    div.panel-bar {
                        a.panel-go href="#events" { "Show in the list" }
                        button #panel-close type="button" { "Close ×" }
                    }
                    div #panel-body {}
                }
                script { (PreEscaped(JS)) }
            }
        }
    }
    .into_string()
}

/// The last `max` of `items` (the latest, for a list in date order).
fn latest<'a, 'b, T>(items: &'b [&'a T], max: usize) -> &'b [&'a T] {
    &items[items.len().saturating_sub(max)..]
}

/// The events that get a card: all of them, or when there are too many, the latest
/// `MAX_ROWS` with a date.
fn listed(d: &Data) -> Vec<&Event> {
    if d.events.len() <= MAX_ROWS {
        return d.events.iter().collect();
    }
    let dated: Vec<&Event> = d
        .events
        .iter()
        .filter(|e| e.dates.start.is_some())
        .collect();
    latest(&dated, MAX_ROWS).to_vec()
}

/// The command that narrows this page: its filters, plus a date range or type to add.
fn narrower(o: &Options) -> String {
    let mut cmd = String::from("crisisdb report");
    for (flag, v) in o.filters() {
        cmd.push_str(&format!(" --{flag} {v}"));
    }
    if o.from.is_none() {
        cmd.push_str(" --from YYYY-MM-DD");
    }
    if o.to.is_none() {
        cmd.push_str(" --to YYYY-MM-DD");
    }
    if o.kind.is_none() {
        cmd.push_str(" [--type TYPE]");
    }
    cmd
}

/// "The latest 400 of 10,000 events are listed: ..." for a list cut at `shown`.
fn more(shown: usize, of: usize, what: &str, o: &Options) -> Markup {
    html! {
        "The latest " (fmt::count(shown as f64)) " of the " (fmt::count(of as f64)) " " (what)
        " are shown here; to see the others, narrow the page: " code { (narrower(o)) } "."
    }
}

/// The header's word on a page too large to show whole, if it is.
fn limits(d: &Data, o: &Options) -> Option<Markup> {
    let dated = d.events.iter().filter(|e| e.dates.start.is_some()).count();
    let biggest = [
        d.events.len(),
        d.disputes.len(),
        d.deployments.len(),
        d.figures.len(),
        d.money.len(),
        d.notes.len(),
    ]
    .into_iter()
    .max()
    .unwrap_or(0);
    (dated > timeline::MAX_MARKS || biggest > MAX_ROWS).then(|| {
        html! {
            "This selection is too large to show whole: the timeline "
            @if dated > timeline::MAX_MARKS { "counts its events per lane and period" } @else { "shows every event" }
            ", and each list longer than " (MAX_ROWS) " shows its latest " (MAX_ROWS) " entries. Narrow it with "
            code { (narrower(o)) } " (or " code { "--actor" } ")."
        }
    })
}

/// A day inside the page's text, with the day itself for machines.
fn day(d: Day) -> maud::Markup {
    let iso = date(d).to_string();
    html! { time datetime=(iso) { (fmt::day(d)) } }
}

/// How the timeline's axis is drawn, in words.
fn axis_words(b: &Breaks) -> String {
    let Some(focus) = b.focus else {
        return "The axis is linear. ".into();
    };
    let before = b.lead.or(b.history).unwrap_or(focus);
    let f = date(focus);
    format!(
        "The axis is compressed: the years before {} {} are squeezed and the shaded stretch from {} {}, \
         where the events are densest, is drawn larger; the slashes mark where the scale changes. ",
        date(before).month(),
        date(before).year(),
        f.month(),
        f.year()
    )
}

fn filter_words(f: &Options) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &f.from {
        parts.push(format!("from {v}"));
    }
    if let Some(v) = &f.to {
        parts.push(format!("to {v}"));
    }
    if let Some(v) = &f.kind {
        parts.push(format!("type {}", fmt::words(v)));
    }
    if let Some(v) = &f.actor {
        parts.push(format!("actor “{v}”"));
    }
    parts.join(", ")
}

/// The colours of the event families, and with one mark per event, what the shapes mean.
fn timeline_legend(d: &Data, shapes: bool) -> Markup {
    let icon = |body: Markup| {
        html! { svg.icon xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 16" width="28" height="16" aria-hidden="true" { (body) } }
    };
    html! {
        div.legend {
            ul.families {
                @for (name, colour, labels) in d.kinds.families(d.events.iter().map(|e| e.kind.as_str())) {
                    li title=(labels.join(", ")) {
                        span.swatch style=(format!("background:{colour}")) {} (name)
                    }
                }
            }
            @if shapes { ul.shapes {
                li { (icon(html! { circle cx="14" cy="8" r="5" fill="#444" {} })) "a day" }
                li { (icon(html! { circle.open cx="14" cy="8" r="4.2" stroke="#444" {} })) "about a day" }
                li { (icon(html! { rect x="2" y="4" width="24" height="8" rx="2" fill="#444" {} })) "a month, year or span: the bar covers every day it may be" }
                li { (icon(html! { rect.openbar x="3" y="5" width="22" height="6" rx="2" stroke="#444" {} })) "an approximate span" }
                li { (icon(html! { circle.disputed cx="14" cy="8" r="7" {} circle cx="14" cy="8" r="4.5" fill="#444" {} })) "black ring: disputed" }
            } }
        }
    }
}

fn source_index(d: &Data, id: &str) -> Option<usize> {
    d.sources.iter().position(|s| s.id == id)
}

fn source_legend(d: &Data) -> Markup {
    html! {
        div.legend {
            ul.families {
                @for (i, s) in d.sources.iter().enumerate() {
                    li { span.swatch style=(format!("background:{}", fmt::source_colour(Some(i)))) {}
                        a href=(fmt::href("source", &s.id)) { (s.id) } " " (source_name(d, &s.id)) }
                }
            }
            ul.shapes {
                li { (chart::icon(Marker::Exact, "#444")) "as stated" }
                li { (chart::icon(Marker::Approx, "#444")) "about, close to, nearly" }
                li { (chart::icon(Marker::AtLeast, "#444")) "more than, at least" }
                li { (chart::icon(Marker::AtMost, "#444")) "up to, below" }
                li { span.spanline {} "holds for a period" }
            }
        }
    }
}

/// "a3 BBC" or "a0 (no outlet stated)".
fn source_name(d: &Data, id: &str) -> String {
    match d.source(id) {
        Some(s) => match (&s.outlet, &s.author) {
            (Some(o), _) => o.clone(),
            (None, Some(a)) => format!("by {a} (no outlet stated)"),
            (None, None) => "(no outlet or author stated)".into(),
        },
        None => String::new(),
    }
}

fn point(d: &Data, m: &Measure, value: f64, label: String) -> Option<chart::Point> {
    let (start, end) = m.dates.days()?;
    let sources = m.sources();
    let colour = fmt::source_colour(sources.first().and_then(|s| source_index(d, s)));
    let when = m.dates.words();
    Some(chart::Point {
        start,
        end,
        value,
        value_max: m.value_max.filter(|_| m.unit != "money"),
        tooltip: format!("{label}: {}; {when}", m.subject),
        label,
        colour,
        marker: Marker::of(m.qualifier.as_deref()),
        href: fmt::href("number", &m.id),
    })
}

fn as_written(m: &Measure) -> String {
    match (&m.value_text, m.value) {
        (Some(t), _) if !t.is_empty() => t.clone(),
        (_, Some(v)) => fmt::count(v),
        _ => "no number".into(),
    }
}

fn count_label(m: &Measure) -> String {
    format!(
        "{}: {} [{}]",
        fmt::words(&m.unit),
        as_written(m),
        m.sources().join(",")
    )
}

/// A chart of `rows`, each number plotted where `value` gives one, or the words that it has
/// nothing to plot.
fn plot(
    d: &Data,
    breaks: &Breaks,
    mut c: Chart,
    rows: &[&Measure],
    value: impl Fn(&Measure) -> Option<(f64, String)>,
) -> Markup {
    c.points = rows
        .iter()
        .filter_map(|m| {
            let (v, label) = value(m)?;
            point(d, m, v, label)
        })
        .collect();
    // the latest, when there are more than a chart can label
    let all = c.points.len();
    if all > MAX_ROWS {
        c.points.sort_by_key(|p| p.start);
        c.points.drain(..all - MAX_ROWS);
    }
    html! {
        @if c.points.is_empty() { p.empty { "No number in this selection." } } @else {
            @if all > MAX_ROWS { p.limits { "The latest " (MAX_ROWS) " of " (fmt::count(all as f64)) " numbers are plotted." } }
            div.scroll { (chart::render(&c, breaks)) }
        }
    }
}

fn chart(label: &str, y_format: fn(f64) -> String, width: f64) -> Chart {
    Chart {
        label: label.to_string(),
        points: Vec::new(),
        context: Vec::new(),
        y_format,
        width,
    }
}

/// A positive count, labelled with its unit, words and sources.
fn positive(m: &Measure) -> Option<(f64, String)> {
    Some((m.value.filter(|v| *v > 0.0)?, count_label(m)))
}

/// The forces panel: a chart per region (the country, territory or sea that holds the place,
/// from sql/internal/report_deployments.sql), the regions with most counts first.
fn forces(d: &Data, breaks: &Breaks) -> Markup {
    let mut regions: Vec<(&str, Vec<&Measure>)> = Vec::new();
    for m in &d.deployments {
        match regions.iter_mut().find(|r| r.0 == m.group) {
            Some(r) => r.1.push(m),
            None => regions.push((&m.group, vec![m])),
        }
    }
    regions.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let plotted = |rows: &[&Measure]| rows.iter().any(|m| positive(m).is_some());
    let all: Vec<&Measure> = d.deployments.iter().collect();
    html! {
        section #forces {
            h2 { "Forces, by region" }
            p.help {
                "Personnel, ships, aircraft and bases as each text reports them, one chart per region (the country, "
                "territory or sea that holds the place), on a log scale so that 1 ship and 15,000 personnel fit on one "
                "chart. Each number is its own mark, labelled with its unit, the words of the text and its source; "
                "where two texts give different numbers, both are plotted. Nothing is added up or averaged. Counts "
                "without a number, and regions without one, are in the table."
            }
            (source_legend(d))
            div.charts {
                @for (name, rows) in regions.iter().filter(|r| plotted(&r.1)).take(MAX_REGIONS) {
                    @let name = if name.is_empty() { "Place not stated" } else { name };
                    figure {
                        figcaption { (name) }
                        (plot(d, breaks, chart(name, fmt::count, chart::HALF), rows, positive))
                    }
                }
            }
            (differ(d, &all))
            (measure_table(d, &all, true))
        }
    }
}

fn strikes(d: &Data, breaks: &Breaks) -> Markup {
    let rows: Vec<&Measure> = d.figures.iter().filter(|m| m.group == "strikes").collect();
    let mut c = chart(
        "Strikes and deaths as reported over time",
        fmt::count,
        chart::FULL,
    );
    c.context = d
        .events
        .iter()
        .filter(|e| e.kind == "strike")
        .filter_map(|e| {
            let (start, end) = e.dates.days()?;
            Some(chart::Context {
                start,
                end,
                href: fmt::href("event", &e.id),
                tooltip: timeline::tooltip(e, &d.kinds),
                colour: d.kinds.style(&e.kind).colour.clone(),
            })
        })
        .collect();
    let strip = c.context.len();
    c.context.drain(..strip.saturating_sub(MAX_ROWS));
    html! {
        section #strikes {
            h2 { "Strikes and deaths" }
            p.help {
                "Counts of strikes and operations, and of the people killed, as each text reports them on the date it "
                "reports them. Later texts report higher counts; the counts are not added together. The strip under "
                "the chart shows the strike events of the timeline."
            }
            figure.wide { (plot(d, breaks, c, &rows, positive)) }
            (differ(d, &rows))
            (measure_table(d, &rows, false))
        }
    }
}

fn money(d: &Data, breaks: &Breaks) -> Markup {
    let rows: Vec<&Measure> = d.money.iter().collect();
    let usd = |m: &Measure| {
        let usd = m
            .usd
            .or(m.value.filter(|_| m.currency.as_deref() == Some("USD")))?;
        let text = as_written(m);
        let label = if m.currency.as_deref().is_some_and(|c| c != "USD") {
            format!("{text} ≈ {} [{}]", fmt::usd(usd), m.sources().join(","))
        } else {
            format!("{text} [{}]", m.sources().join(","))
        };
        Some((usd, label))
    };
    html! {
        section #money {
            h2 { "Aid and money" }
            p.help {
                "Amounts of aid, funding and cooperation, in US dollars (an amount in another currency is converted only "
                "where the text itself gives the dollar value), over the period they cover or, without one, the date "
                "they were reported for. Amounts without a number (cuts, suspensions, “billions”) are in the table."
            }
            figure.wide { (plot(d, breaks, chart("Aid and money as reported", fmt::usd, chart::FULL), &rows, usd)) }
            (differ(d, &rows))
            (money_table(d, &rows))
        }
    }
}

fn numbers(d: &Data) -> Markup {
    let rows: Vec<&Measure> = d.figures.iter().filter(|m| m.group != "strikes").collect();
    html! {
        section #numbers {
            h2 { "Other numbers" }
            p.help { "Deportations, detentions, shares, ranks and the other numbers the texts give." }
            (measure_table(d, &rows, false))
        }
    }
}

/// "Where the texts differ" under a panel: each dispute carried by two or more of its plotted
/// numbers that differ, from different sources (or within one source, for a dispute of that
/// kind). A dispute that touches a number only in passing is flagged in the table instead.
fn differ(d: &Data, rows: &[&Measure]) -> Markup {
    let mut ids: Vec<&str> = rows
        .iter()
        .flat_map(|m| m.disputes.iter().map(String::as_str))
        .collect();
    ids.sort();
    ids.dedup();
    let shown: Vec<&Dispute> = ids
        .into_iter()
        .filter_map(|id| d.dispute(id))
        .filter(|x| {
            let carried: Vec<&&Measure> = rows
                .iter()
                .filter(|m| m.value.is_some() && m.disputes.contains(&x.id))
                .collect();
            let mut values: Vec<String> = carried
                .iter()
                .filter_map(|m| m.usd.or(m.value))
                .map(|v| v.to_string())
                .collect();
            values.sort();
            values.dedup();
            let mut sources: Vec<String> = carried.iter().flat_map(|m| m.sources()).collect();
            sources.sort();
            sources.dedup();
            values.len() >= 2 && (sources.len() >= 2 || x.kind == "within_source")
        })
        .collect();
    html! {
        @if !shown.is_empty() {
            div.differ {
                h3 { "Where the texts give different numbers" }
                ul {
                    @for x in shown {
                        li {
                            a href=(fmt::href("dispute", &x.id)) { (x.topic) } ": " (x.what_differs)
                            " Each number is plotted as reported."
                            @if let Some(n) = &x.note { " " span.note { (n) } }
                        }
                    }
                }
            }
        }
    }
}

/// "[a3:12]": where an excerpt is, linked to its source.
fn cite(x: &Excerpt) -> Markup {
    html! { a.cite href=(fmt::href("source", &x.source)) { "[" (x.source) ":" (x.line) "]" } }
}

/// The evidence of a fact collapsed to the sentence that states it (its shortest excerpt) with
/// its source; the other excerpts open under it and are left out of a print.
fn evidence(d: &Data, xs: &[Excerpt]) -> Markup {
    let Some(lead) = xs.iter().min_by_key(|x| x.text.chars().count()) else {
        return html! { span.note { "no excerpt" } };
    };
    let rest: Vec<&Excerpt> = xs.iter().filter(|x| !std::ptr::eq(*x, lead)).collect();
    let mut from: Vec<&str> = rest.iter().map(|x| x.source.as_str()).collect();
    from.sort_unstable();
    from.dedup();
    html! {
        span.lead { q.excerpt { (lead.text) } " " (cite(lead)) " " span.outlet { (source_name(d, &lead.source)) } }
        @if !rest.is_empty() {
            details.more {
                summary { (plural(rest.len(), "more excerpt", "more excerpts")) " (" (from.join(", ")) ")" }
                @for x in rest { p.excerpt { q.excerpt { (x.text) } " " (cite(x)) } }
            }
        }
    }
}

/// A table's rows, the latest `MAX_ROWS` when there are more, and the word that they are cut.
fn cut<'a>(rows: &'a [&'a Measure]) -> (&'a [&'a Measure], Markup) {
    let shown = latest(rows, MAX_ROWS);
    let note = html! {
        @if shown.len() < rows.len() {
            p.limits { "The last " (MAX_ROWS) " of " (fmt::count(rows.len() as f64)) " rows are listed; narrow the page with "
                code { "--from" } " and " code { "--to" } " for the others." }
        }
    };
    (shown, note)
}

/// "disputed d-007" flags, linked to the disputes.
fn dispute_flags(ids: &[String]) -> Markup {
    html! { @for x in ids { " " a.flag href=(fmt::href("dispute", x)) { "disputed " (x) } } }
}

/// A table of numbers: its `head`, then a row of `row` for each of `rows` (the latest
/// `MAX_ROWS`), each with the number's id.
fn numbers_table(rows: &[&Measure], head: Markup, row: impl Fn(&Measure) -> Markup) -> Markup {
    let (rows, note) = cut(rows);
    html! {
        @if !rows.is_empty() {
            (note)
            div.scroll {
                table {
                    thead { tr { (head) } }
                    tbody { @for m in rows { tr id=(fmt::anchor("number", &m.id)) { (row(m)) } } }
                }
            }
        }
    }
}

fn measure_table(d: &Data, rows: &[&Measure], place: bool) -> Markup {
    let head = html! {
        th { "Number as written" } th { "Of what" }
        @if place { th { "Where (whose)" } }
        th { "When" } th { "Evidence" }
    };
    numbers_table(rows, head, |m| {
        html! {
            td.num { (as_written(m)) " " span.unit { (fmt::words(&m.unit)) }
                @if let Some(q) = &m.qualifier { @if q != "exact" { br; span.qual { (fmt::words(q)) } } } }
            td { (m.subject)
                @if let Some(n) = &m.note { br; span.note { (n) } }
                (dispute_flags(&m.disputes))
            }
            @if place { td { (m.place.as_deref().unwrap_or(""))
                @if let Some(o) = &m.operator { br; span.note { (o) } } } }
            td.when { (m.dates.words()) }
            td.evidence { (evidence(d, &m.evidence)) }
        }
    })
}

fn money_table(d: &Data, rows: &[&Measure]) -> Markup {
    let head = html! { th { "Amount as written" } th { "What" } th { "From → to" } th { "When" } th { "Evidence" } };
    numbers_table(rows, head, |m| {
        html! {
            td.num {
                (m.value_text.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| "no amount".into()))
                @if let Some(u) = m.usd { @if m.currency.as_deref() != Some("USD") { br; span.qual { "≈ " (fmt::usd(u)) } } }
                br; span.qual { (fmt::words(&m.group)) @if let Some(q) = &m.qualifier { @if q != "exact" { ", " (fmt::words(q)) } } }
            }
            td { (m.subject)
                @if let Some(n) = &m.note { br; span.note { (n) } }
                (dispute_flags(&m.disputes))
            }
            td { (m.donor.as_deref().unwrap_or("?")) " → " (m.recipient.as_deref().unwrap_or("?")) }
            td.when {
                (m.dates.words())
                @if m.date_kind.as_deref() == Some("as_of") && m.dates.start.is_some() { br; span.qual { "reported for" } }
            }
            td.evidence { (evidence(d, &m.evidence)) }
        }
    })
}

/// Every side of a dispute: each claim with the sentence that states it.
fn claims(d: &Data, x: &Dispute) -> Markup {
    html! {
        ol.claims {
            @for c in &x.claims {
                li {
                    span.claim { (c.text) } " "
                    (evidence(d, &c.evidence))
                }
            }
        }
    }
}

fn event_card(d: &Data, e: &Event) -> Markup {
    let style = d.kinds.style(&e.kind);
    html! {
        article.event.disputed[!e.disputes.is_empty()] id=(fmt::anchor("event", &e.id)) {
            h3 {
                span.when { (e.dates.words()) } " "
                (e.title)
            }
            p.tags {
                span.swatch style=(format!("background:{}", style.colour)) {}
                span.kind title=(style.description.as_deref().unwrap_or(&style.family)) { (style.label) }
                " · " (fmt::words(&e.status))
                @if let Some(p) = &e.place { " · " (p) }
                " · date precision: " (e.dates.precision)
                " · " span.id { (e.id) }
                @if !e.disputes.is_empty() { " " span.flag { "disputed" } }
            }
            @if let Some(s) = &e.summary { p.summary { (s) } }
            @if let Some(n) = &e.date_note { p.date-note { "Date: " (n) } }
            @if !e.actors.is_empty() {
                p.actors { "Actors: "
                    @for (i, a) in e.actors.iter().enumerate() {
                        @if i > 0 { "; " }
                        (a.name) " " span.role { "(" (a.role) ")" } @if let Some(n) = &a.note { " " span.note { (n) } }
                    }
                }
            }
            p.evidence { span.label { "Evidence: " } (evidence(d, &e.evidence)) }
            @for id in &e.disputes {
                @if let Some(x) = d.dispute(id) {
                    div.dispute-inline {
                        p { strong { "Disputed: " a href=(fmt::href("dispute", &x.id)) { (x.id) } " " (x.topic) } " (" (fmt::words(&x.kind)) "). " span.what { (x.what_differs) } }
                        (claims(d, x))
                    }
                }
            }
        }
    }
}

fn dispute_card(d: &Data, x: &Dispute) -> Markup {
    html! {
        article.dispute id=(fmt::anchor("dispute", &x.id)) {
            h3 { span.id { (x.id) } " " (x.topic) " " span.tags { "(" (fmt::words(&x.kind)) ")" } }
            p { (x.what_differs) }
            (claims(d, x))
            @if let Some(n) = &x.note { p.note { "Note: " (n) } }
            @if !x.events.is_empty() {
                p.touches { "Events it touches: "
                    @for (i, e) in x.events.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(fmt::href("event", e)) { (e) }
                    }
                }
            }
        }
    }
}

/// A source, with its reliability note: the one place the page says how far to trust it.
fn source_card(d: &Data, id: &str) -> Markup {
    let Some(s) = d.source(id) else {
        return html! {};
    };
    html! {
        article.source id=(fmt::anchor("source", &s.id)) {
            h3 { span.swatch style=(format!("background:{}", fmt::source_colour(source_index(d, &s.id)))) {}
                (s.id) " · " (s.title.as_deref().unwrap_or("(untitled)")) }
            p.tags {
                (s.outlet.as_deref().unwrap_or("outlet not stated in the text")) " · "
                (s.author.as_deref().map_or_else(|| "author not stated in the text".to_string(), |a| format!("by {a}"))) " · "
                "published " (s.published.words())
                @if let Some(n) = &s.published_note { " (" (n) ")" }
                " · " (s.language) " · " (plural(s.facts as usize, "fact cites it", "facts cite it"))
            }
            p.reliability { strong { "Reliability: " } (s.reliability) }
        }
    }
}

/// What a reader of the argument can leave out: the flaws found in each text and the files'
/// digests (`--no-appendix` drops it).
fn appendix(d: &Data) -> Markup {
    let notes: Vec<_> = d.notes.iter().collect();
    let shown = latest(&notes, MAX_ROWS);
    html! {
        section #appendix.appendix {
            h2 { "Appendix: the texts' flaws and files" }
            p.help {
                "The flaws found in each text (typos, damaged encoding, boilerplate) and how they were read, and "
                "each text's file with its SHA-256 digest. Leave this out with " code { "crisisdb report --no-appendix" } "."
            }
            @if shown.len() < notes.len() {
                p.limits { "The last " (MAX_ROWS) " of " (fmt::count(notes.len() as f64)) " data notes are listed." }
            }
            @if !shown.is_empty() {
                div.scroll {
                    table.notes {
                        thead { tr { th { "Text" } th { "Kind" } th { "As found" } th { "Reading" } th { "Note" } } }
                        tbody {
                            @for n in shown {
                                tr id=(fmt::anchor("note", &n.id)) {
                                    td { a href=(fmt::href("source", &n.source)) { (n.source) } }
                                    td { (fmt::words(&n.kind)) }
                                    td { code.found { (n.found) } }
                                    td { (n.reading.as_deref().unwrap_or("")) }
                                    td { (n.note.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
            }
            h3 { "Files" }
            ul.files {
                @for s in &d.sources {
                    li { (s.id) ": " code { (s.file) } " sha256 " code.hash { (s.sha256) } }
                }
            }
        }
    }
}
