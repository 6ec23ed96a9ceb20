//! The figure panels' chart: reported numbers over time on a log scale, one mark per number
//! as its source reports it (never added up or averaged), each labelled with its source.
//! A number that holds for a span of time is drawn across that span; "more than" and "up to"
//! point up and down; an approximate number is an open circle.

use maud::{Markup, html};

use super::fmt::px;
use super::scale::{Breaks, Day, Density, LogScale, Tick, TimeScale, date, pack, ymd};

/// How a number is qualified, which decides its marker.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Marker {
    Exact,
    Approx,
    AtLeast,
    AtMost,
}

impl Marker {
    pub fn of(qualifier: Option<&str>) -> Marker {
        match qualifier.unwrap_or("exact") {
            "more_than" | "at_least" => Marker::AtLeast,
            "up_to" | "below" => Marker::AtMost,
            "exact" | "range" => Marker::Exact,
            _ => Marker::Approx,
        }
    }
}

pub struct Point {
    pub start: Day,
    /// the last day it holds for (inclusive)
    pub end: Day,
    pub value: f64,
    pub value_max: Option<f64>,
    pub label: String,
    pub colour: &'static str,
    pub marker: Marker,
    pub href: String,
    pub tooltip: String,
}

/// An event shown under the chart, for context (e.g. the strikes themselves).
pub struct Context {
    pub start: Day,
    pub end: Day,
    pub href: String,
    pub tooltip: String,
    pub colour: String,
}

pub struct Chart {
    pub label: String,
    pub points: Vec<Point>,
    pub context: Vec<Context>,
    pub y_format: fn(f64) -> String,
    /// `HALF` for a chart that shares a row, `FULL` for one alone
    pub width: f64,
}

pub const HALF: f64 = 580.0;
pub const FULL: f64 = 1200.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 62.0;
pub const RIGHT: f64 = 14.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 40.0;
const STRIP: f64 = 14.0;
const LINE: f64 = 15.0;

/// An estimate of a label's width at 12 px.
fn text_width(s: &str) -> f64 {
    s.chars().count() as f64 * 6.6
}

fn domain(points: &[Point], context: &[Context]) -> (Day, Day) {
    let starts = points
        .iter()
        .map(|p| p.start)
        .chain(context.iter().map(|c| c.start));
    let ends = points
        .iter()
        .map(|p| p.end)
        .chain(context.iter().map(|c| c.end));
    let (lo, hi) = (starts.min().unwrap_or(0), ends.max().unwrap_or(1));
    let (a, b) = (date(lo), date(hi));
    if hi - lo > 3 * 365 {
        (ymd(a.year(), 1, 1), ymd(b.year() + 1, 1, 1))
    } else {
        // a month of margin either side
        let (ay, am) = if a.month() as u8 == 1 {
            (a.year() - 1, 12)
        } else {
            (a.year(), a.month() as u8 - 1)
        };
        let (by, bm) = match b.month() as u8 {
            11 => (b.year() + 1, 1),
            12 => (b.year() + 1, 2),
            m => (b.year(), m + 2),
        };
        (ymd(ay, am, 1), ymd(by, bm, 1))
    }
}

/// A box labels keep clear of: a marker, a placed label, or a span's line.
struct Placed {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// Tick labels of the x axis, the last kept inside the chart, none overlapping.
pub fn axis_labels(ticks: &[Tick], width: f64) -> Vec<(f64, &'static str, String)> {
    let mut out: Vec<(f64, &'static str, String)> = Vec::new();
    let mut left_edge = f64::MAX;
    for t in ticks.iter().rev() {
        let Some(l) = &t.label else { continue };
        let w = text_width(l);
        let (x, anchor, x0, x1) = if t.x + w / 2.0 > width - 2.0 {
            (width - 2.0, "end", width - 2.0 - w, width - 2.0)
        } else {
            (t.x, "middle", t.x - w / 2.0, t.x + w / 2.0)
        };
        if x1 + 6.0 <= left_edge {
            out.push((x, anchor, l.clone()));
            left_edge = x0;
        }
    }
    out
}

/// The chart, its time axis changing scale at the timeline's `breaks`.
pub fn render(chart: &Chart, breaks: &Breaks) -> Markup {
    let width = chart.width;
    let plot_bottom = HEIGHT - BOTTOM;
    let (a, b) = domain(&chart.points, &chart.context);
    let xs = TimeScale::new(a, b, LEFT, width - RIGHT, &Density::chart(breaks));
    let spans: Vec<(f64, f64)> = chart
        .context
        .iter()
        .map(|c| {
            let x0 = xs.x(c.start);
            (x0, xs.x(c.end + 1).max(x0 + 6.0))
        })
        .collect();
    let rows = pack(&spans);
    let strip_rows = rows.iter().max().map_or(0, |m| m + 1);
    let height = HEIGHT
        + if strip_rows > 0 {
            12.0 + STRIP * strip_rows as f64
        } else {
            0.0
        };
    let values = chart
        .points
        .iter()
        .flat_map(|p| std::iter::once(p.value).chain(p.value_max));
    let ys = LogScale::fitting(values, plot_bottom - 14.0, TOP + 10.0);
    let ticks = xs.ticks();
    let tick_labels = axis_labels(&ticks, width);

    // marker positions, nudged apart where two numbers share a day and a value
    let mut pos: Vec<(f64, f64)> = chart
        .points
        .iter()
        .map(|p| ((xs.x(p.start) + xs.x(p.end + 1)) / 2.0, ys.y(p.value)))
        .collect();
    for i in 0..pos.len() {
        let same: Vec<usize> = (0..i)
            .filter(|&j| (pos[j].0 - pos[i].0).abs() < 6.0 && (pos[j].1 - pos[i].1).abs() < 6.0)
            .collect();
        if !same.is_empty() {
            pos[i].0 += 11.0 * same.len() as f64;
        }
    }
    // labels: right of the marker if there is room, else left, moved up or down off others
    let mut placed: Vec<Placed> = pos
        .iter()
        .map(|&(x, y)| Placed {
            x: x - 7.0,
            y: y - 7.0,
            w: 14.0,
            h: 14.0,
        })
        .collect();
    // the lines of numbers that hold for a period (or a range of values): no label on them
    for (p, &(cx, cy)) in chart.points.iter().zip(&pos) {
        if p.end > p.start {
            let (x0, x1) = (xs.x(p.start), xs.x(p.end + 1));
            placed.push(Placed {
                x: x0 - 2.0,
                y: cy - 2.5,
                w: x1 - x0 + 4.0,
                h: 5.0,
            });
        }
        if let Some(max) = p.value_max {
            let top = ys.y(max);
            placed.push(Placed {
                x: cx - 2.5,
                y: top.min(cy),
                w: 5.0,
                h: (cy - top).abs(),
            });
        }
    }
    let mut labels: Vec<(f64, f64, &'static str, bool)> = Vec::new();
    let overlaps = |placed: &[Placed], x: f64, y: f64, w: f64| {
        placed
            .iter()
            .any(|p| x < p.x + p.w && p.x < x + w && y - 11.0 < p.y + p.h && p.y < y - 11.0 + 14.0)
    };
    for (p, &(cx, cy)) in chart.points.iter().zip(&pos) {
        let w = text_width(&p.label);
        let mut choice = None;
        'search: for k in [0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0, -4.0, 4.0] {
            for right in [true, false] {
                let x = if right { cx + 10.0 } else { cx - 10.0 - w };
                let y = cy + 4.0 + k * LINE;
                if x < LEFT + 2.0 || x + w > width - 2.0 || y - 11.0 < 2.0 || y > plot_bottom - 2.0
                {
                    continue;
                }
                if !overlaps(&placed, x, y, w) {
                    choice = Some((x, y, right));
                    break 'search;
                }
            }
        }
        let (x, y, right) = choice.unwrap_or((cx + 10.0, cy + 4.0, true));
        placed.push(Placed {
            x,
            y: y - 11.0,
            w,
            h: 14.0,
        });
        labels.push((
            if right { x } else { x + w },
            y,
            if right { "start" } else { "end" },
            (y - cy - 4.0).abs() > 1.0,
        ));
    }

    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {} {}", width, px(height)))
            width=(width) height=(px(height)) role="group" aria-label=(chart.label) {
            rect.plot x=(LEFT) y=(TOP) width=(px(width - RIGHT - LEFT)) height=(px(plot_bottom - TOP)) {}
            @for e in ys.lo..=ys.hi {
                @let v = 10f64.powi(e);
                @let y = ys.y(v);
                line.grid x1=(LEFT) x2=(px(width - RIGHT)) y1=(px(y)) y2=(px(y)) {}
                text.tick x=(px(LEFT - 6.0)) y=(px(y + 4.0)) text-anchor="end" { ((chart.y_format)(v)) }
            }
            @for t in &ticks {
                line.grid x1=(px(t.x)) x2=(px(t.x)) y1=(TOP) y2=(px(plot_bottom + 4.0)) {}
            }
            @for (x, anchor, l) in &tick_labels {
                text.tick x=(px(*x)) y=(px(plot_bottom + 18.0)) text-anchor=(*anchor) { (l) }
            }
            @for x in xs.breaks() {
                g.break {
                    title { "The axis changes scale here" }
                    line x1=(px(x)) x2=(px(x)) y1=(TOP) y2=(px(plot_bottom)) {}
                    path d=(format!("M{} {} l6 -10 M{} {} l6 -10", px(x - 5.0), px(plot_bottom + 5.0), px(x - 1.0), px(plot_bottom + 5.0))) {}
                }
            }
            text.axis-note x=(LEFT) y=(px(TOP - 5.0)) { "log scale" }
            @if !chart.context.is_empty() {
                @let y = plot_bottom + 34.0;
                text.tick x=(px(LEFT - 6.0)) y=(px(y + 4.0)) text-anchor="end" { "events" }
                @for ((c, &(x0, x1)), row) in chart.context.iter().zip(&spans).zip(&rows) {
                    @let y = y + STRIP * *row as f64;
                    a.mark href=(c.href) {
                        title { (c.tooltip) }
                        rect.bar x=(px(x0)) y=(px(y - 4.0)) width=(px(x1 - x0)) height="8" rx="2" fill=(c.colour) {}
                    }
                }
            }
            @for ((p, &(cx, cy)), &(lx, ly, anchor, moved)) in chart.points.iter().zip(&pos).zip(&labels) {
                a.num href=(p.href) {
                    title { (p.tooltip) }
                    @if p.end > p.start {
                        line.span x1=(px(xs.x(p.start))) x2=(px(xs.x(p.end + 1))) y1=(px(cy)) y2=(px(cy)) stroke=(p.colour) {}
                    }
                    @if let Some(max) = p.value_max {
                        line.span x1=(px(cx)) x2=(px(cx)) y1=(px(cy)) y2=(px(ys.y(max))) stroke=(p.colour) {}
                    }
                    @if moved {
                        line.leader x1=(px(cx)) y1=(px(cy)) x2=(px(if anchor == "start" { lx - 2.0 } else { lx + 2.0 })) y2=(px(ly - 4.0)) {}
                    }
                    @match p.marker {
                        Marker::Exact => circle cx=(px(cx)) cy=(px(cy)) r="5" fill=(p.colour) stroke="#fff" {},
                        Marker::Approx => circle.open cx=(px(cx)) cy=(px(cy)) r="4.2" stroke=(p.colour) {},
                        Marker::AtLeast => path d=(format!("M{} {} l6 10 h-12 z", px(cx), px(cy - 6.0))) fill=(p.colour) stroke="#fff" {},
                        Marker::AtMost => path d=(format!("M{} {} l6 -10 h-12 z", px(cx), px(cy + 6.0))) fill=(p.colour) stroke="#fff" {},
                    }
                    text.label x=(px(lx)) y=(px(ly)) text-anchor=(anchor) { (p.label) }
                }
            }
        }
    }
}

/// The small marker icons the legends use.
pub fn icon(marker: Marker, colour: &str) -> Markup {
    html! {
        svg.icon xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" {
            @match marker {
                Marker::Exact => circle cx="8" cy="8" r="5" fill=(colour) {},
                Marker::Approx => circle cx="8" cy="8" r="4.2" fill="#fff" stroke=(colour) stroke-width="2" {},
                Marker::AtLeast => path d="M8 2 l6 10 h-12 z" fill=(colour) {},
                Marker::AtMost => path d="M8 14 l6 -10 h-12 z" fill=(colour) {},
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_follow_the_qualifier() {
        assert_eq!(Marker::of(Some("more_than")), Marker::AtLeast);
        assert_eq!(Marker::of(Some("below")), Marker::AtMost);
        assert_eq!(Marker::of(Some("close_to")), Marker::Approx);
        assert_eq!(Marker::of(None), Marker::Exact);
    }

    #[test]
    fn a_short_domain_gets_a_month_either_side() {
        let p = |d| Point {
            start: d,
            end: d,
            value: 1.0,
            value_max: None,
            label: String::new(),
            colour: "#000",
            marker: Marker::Exact,
            href: String::new(),
            tooltip: String::new(),
        };
        let (a, b) = domain(&[p(ymd(2025, 10, 23)), p(ymd(2025, 11, 11))], &[]);
        assert_eq!((a, b), (ymd(2025, 9, 1), ymd(2026, 1, 1)));
    }

    /// The numbers of attribute `name` of each `<tag` in `svg`, in order.
    fn attr(svg: &str, tag: &str, name: &str) -> Vec<f64> {
        svg.split(tag)
            .skip(1)
            .map(|t| {
                let t = &t[..t.find('>').unwrap()];
                let at = t.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                t[at..at + t[at..].find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn a_label_is_not_struck_through_by_its_span() {
        let point = |start, end, value: f64| Point {
            start,
            end,
            value,
            value_max: None,
            label: "$450 million [a1]".into(),
            colour: "#000",
            marker: Marker::Exact,
            href: "#number-x".into(),
            tooltip: String::new(),
        };
        let chart = Chart {
            label: "aid".into(),
            points: vec![
                point(ymd(2025, 1, 1), ymd(2025, 12, 31), 450e6),
                point(ymd(2024, 1, 1), ymd(2026, 6, 30), 40e6),
            ],
            context: Vec::new(),
            y_format: |v| v.to_string(),
            width: FULL,
        };
        let svg = render(&chart, &Breaks::default()).into_string();
        let lines = attr(&svg, "<line class=\"span\"", "y1");
        let (x0s, x1s) = (
            attr(&svg, "<line class=\"span\"", "x1"),
            attr(&svg, "<line class=\"span\"", "x2"),
        );
        let labels: Vec<(f64, f64)> = attr(&svg, "<text class=\"label\"", "x")
            .into_iter()
            .zip(attr(&svg, "<text class=\"label\"", "y"))
            .collect();
        assert_eq!((lines.len(), labels.len()), (2, 2), "{svg}");
        for (x, y) in labels {
            for ((ly, a), b) in lines.iter().zip(&x0s).zip(&x1s) {
                let crosses = y - 11.0 < *ly && *ly < y + 3.0;
                let under = x - 120.0 < *b && *a < x + 120.0;
                assert!(
                    !(crosses && under),
                    "label at ({x}, {y}) on the line at y {ly}"
                );
            }
        }
    }
}
