//! Scales for the report's charts: a time axis that is linear within each period but gives
//! the dense months of 2025-26 far more room per day than the decades before them (a
//! compressed axis, with breaks drawn where the scale changes), and a log scale for counts.

use time::{Date, Month};

/// A day as a number (Julian day), so that date arithmetic is integer arithmetic.
pub type Day = i32;

pub fn parse_day(s: &str) -> Option<Day> {
    let mut it = s.splitn(3, '-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    let month = Month::try_from(m).ok()?;
    Date::from_calendar_date(y, month, d)
        .ok()
        .map(|d| d.to_julian_day())
}

/// The day `y-m-d`. The schema allows years 1 to 9999; an axis may reach one step past the
/// last (the first of the month or year after 9999-12-31), which is the day after it.
pub fn ymd(y: i32, m: u8, d: u8) -> Day {
    match Date::from_calendar_date(y, Month::try_from(m).expect("a month"), d) {
        Ok(date) => date.to_julian_day(),
        Err(_) if y > Date::MAX.year() => Date::MAX.to_julian_day() + 1,
        Err(_) if y < Date::MIN.year() => Date::MIN.to_julian_day(),
        Err(e) => panic!("{y}-{m}-{d} is not a real day: {e}"),
    }
}

/// The calendar date of `day`, held to the range the date library knows (a day past
/// 9999-12-31 is only ever an axis end, never a label).
pub fn date(day: Day) -> Date {
    Date::from_julian_day(day).unwrap_or(if day > 0 { Date::MAX } else { Date::MIN })
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn month_name(m: Month) -> &'static str {
    MONTHS[m as usize - 1]
}

/// Where the axis changes scale, found from the events' days: the `focus` (the densest six
/// months, the latest of equals, to the end), the `lead` up to it (from the January before), and
/// the `history` before that, which starts at the decade that holds the oldest tenth of the
/// earlier events; anything older is squeezed. A span of three years or less has no breaks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Breaks {
    pub history: Option<Day>,
    pub lead: Option<Day>,
    pub focus: Option<Day>,
}

const FOCUS_DAYS: Day = 183;

impl Breaks {
    pub fn of(days: &[Day], from: Day, to: Day) -> Breaks {
        let mut days: Vec<Day> = days
            .iter()
            .copied()
            .filter(|d| (from..to).contains(d))
            .collect();
        days.sort_unstable();
        if to - from <= 3 * 365 || days.is_empty() {
            return Breaks::default();
        }
        let mut best = (0, days[0]);
        for (i, &d) in days.iter().enumerate() {
            let n = days[i..].partition_point(|&x| x < d + FOCUS_DAYS);
            if n >= best.0 {
                best = (n, d);
            }
        }
        let f = date(best.1);
        let focus = ymd(f.year(), f.month() as u8, 1);
        let jan = ymd(f.year(), 1, 1);
        let lead = if focus - jan >= 90 {
            jan
        } else {
            ymd(f.year() - 1, 1, 1)
        };
        let earlier = &days[..days.partition_point(|&x| x < lead)];
        let history = earlier.get(earlier.len() / 10).map(|&d| {
            let y = date(d).year();
            ymd(y.div_euclid(10) * 10, 1, 1)
        });
        let inside = |d: Day| (from < d && d < to).then_some(d);
        Breaks {
            history: history.and_then(inside),
            lead: inside(lead),
            focus: inside(focus),
        }
    }

    /// The stretches in order, each with its first day (the first from the start of time).
    fn periods(&self, weights: [f64; 4]) -> Vec<(Day, f64)> {
        [Some(Day::MIN), self.history, self.lead, self.focus]
            .into_iter()
            .zip(weights)
            .filter_map(|(d, w)| Some((d?, w)))
            .collect()
    }
}

/// How much room a day gets in each period, relative to the others.
pub struct Density {
    /// (first day of the period, pixels per day relative to the other periods)
    periods: Vec<(Day, f64)>,
}

impl Density {
    /// The timeline over `[from, to)`: the share of the width each stretch takes (the squeezed
    /// past, the history, the lead-up, the focus), whatever its length.
    pub fn timeline(breaks: &Breaks, from: Day, to: Day) -> Density {
        let mut periods = breaks.periods([0.045, 0.30, 0.12, 0.535]);
        let ends: Vec<Day> = periods.iter().skip(1).map(|p| p.0).chain([to]).collect();
        for (p, end) in periods.iter_mut().zip(ends) {
            p.1 /= f64::from((end.min(to) - p.0.max(from)).max(1));
        }
        Density { periods }
    }

    /// Figure panels: the same stretches with milder contrast, so that a point of 2000 and a
    /// point of late 2025 both stay readable.
    pub fn chart(breaks: &Breaks) -> Density {
        Density {
            periods: breaks.periods([0.2, 1.0, 10.0, 10.0]),
        }
    }
}

/// One stretch of the axis drawn at one scale.
#[derive(Clone, Debug)]
pub struct Segment {
    pub from: Day,
    pub to: Day,
    pub x0: f64,
    pub x1: f64,
}

impl Segment {
    fn px_per_day(&self) -> f64 {
        (self.x1 - self.x0) / f64::from((self.to - self.from).max(1))
    }
}

/// A piecewise-linear, continuous map from days to x.
pub struct TimeScale {
    pub segments: Vec<Segment>,
}

/// How far either side of a break its slashes reach (they are drawn from x - 5 to x + 5).
pub const BREAK_HALF: f64 = 8.0;

/// A tick on the time axis; `label` is None for a minor tick.
pub struct Tick {
    pub x: f64,
    pub label: Option<String>,
}

impl TimeScale {
    /// Maps `[from, to)` onto `[x0, x1]`.
    pub fn new(from: Day, to: Day, x0: f64, x1: f64, density: &Density) -> TimeScale {
        let to = to.max(from + 1);
        let mut parts: Vec<(Day, Day, f64)> = Vec::new();
        for (i, &(start, per_day)) in density.periods.iter().enumerate() {
            let end = density.periods.get(i + 1).map_or(Day::MAX, |p| p.0);
            let (a, b) = (from.max(start), to.min(end));
            if a < b {
                parts.push((a, b, f64::from(b - a) * per_day));
            }
        }
        let total: f64 = parts.iter().map(|p| p.2).sum();
        let mut segments = Vec::new();
        let mut x = x0;
        for (a, b, w) in parts {
            let width = (x1 - x0) * w / total;
            segments.push(Segment {
                from: a,
                to: b,
                x0: x,
                x1: x + width,
            });
            x += width;
        }
        // merge neighbours of the same density: one segment, no break between them
        let mut merged: Vec<Segment> = Vec::new();
        for s in segments {
            if let Some(last) = merged.last_mut()
                && (last.px_per_day() - s.px_per_day()).abs() < 1e-9 * s.px_per_day().max(1e-12)
            {
                last.to = s.to;
                last.x1 = s.x1;
                continue;
            }
            merged.push(s);
        }
        TimeScale { segments: merged }
    }

    pub fn x1(&self) -> f64 {
        self.segments.last().map_or(0.0, |s| s.x1)
    }

    /// The x of the start of `day` (clamped to the axis).
    pub fn x(&self, day: Day) -> f64 {
        let first = &self.segments[0];
        if day <= first.from {
            return first.x0;
        }
        for s in &self.segments {
            if day <= s.to {
                return s.x0 + f64::from(day - s.from) * s.px_per_day();
            }
        }
        self.x1()
    }

    /// The x positions where the scale changes: draw a break there.
    pub fn breaks(&self) -> Vec<f64> {
        self.segments.iter().skip(1).map(|s| s.x0).collect()
    }

    /// Ticks for every segment at a step its scale allows: decades, years, quarters or months.
    /// Labels that would collide with the previous one are dropped.
    pub fn ticks(&self) -> Vec<Tick> {
        let mut out: Vec<Tick> = Vec::new();
        for s in &self.segments {
            let per_year = s.px_per_day() * 365.25;
            let start = date(s.from);
            if per_year >= 60.0 {
                // months, or quarters where they would crowd; January carries the year
                let step = if per_year >= 240.0 { 1 } else { 3 };
                let (mut y, mut m) = (start.year(), start.month() as u8);
                m -= (m - 1) % step;
                loop {
                    let d = ymd(y, m, 1);
                    if d > s.to || y > Date::MAX.year() {
                        break;
                    }
                    if d >= s.from {
                        let mon = Month::try_from(m).expect("a month");
                        let label = if m == 1 || (step == 1 && out.is_empty()) {
                            format!("{} {}", month_name(mon), y)
                        } else {
                            month_name(mon).to_string()
                        };
                        out.push(Tick {
                            x: self.x(d),
                            label: Some(label),
                        });
                    }
                    m += step;
                    if m > 12 {
                        m -= 12;
                        y += 1;
                    }
                }
            } else {
                let step = if per_year >= 30.0 {
                    1
                } else if per_year * 5.0 >= 30.0 {
                    5
                } else if per_year * 10.0 >= 30.0 {
                    10
                } else {
                    50
                };
                let mut y = start.year().div_euclid(step) * step;
                if ymd(y, 1, 1) < s.from {
                    y += step;
                }
                while y <= Date::MAX.year() && ymd(y, 1, 1) <= s.to {
                    out.push(Tick {
                        x: self.x(ymd(y, 1, 1)),
                        label: Some(y.to_string()),
                    });
                    y += step;
                }
            }
        }
        out.sort_by(|a, b| a.x.total_cmp(&b.x));
        out.dedup_by(|b, a| (a.x - b.x).abs() < 0.5);
        // drop labels that would overlap (about 7 px a character at 12 px), keeping the later
        // ones: the expanded stretches at the right matter most
        // and none where a break's slashes are drawn
        let breaks = self.breaks();
        let mut left_edge = f64::MAX;
        let mut kept: Vec<Tick> = Vec::new();
        for t in out.into_iter().rev() {
            let label = t.label.filter(|l| {
                let half = l.chars().count() as f64 * 3.6;
                let clear = breaks
                    .iter()
                    .all(|&b| b + BREAK_HALF < t.x - half || t.x + half < b - BREAK_HALF);
                if clear && t.x + half + 6.0 <= left_edge {
                    left_edge = t.x - half;
                    true
                } else {
                    false
                }
            });
            kept.push(Tick { x: t.x, label });
        }
        kept.reverse();
        kept
    }
}

/// Puts each span `(x0, x1)` (in order of x0) in the first row where it keeps 3 px clear of
/// the one before; returns each span's row.
pub fn pack(spans: &[(f64, f64)]) -> Vec<usize> {
    let mut ends: Vec<f64> = Vec::new();
    spans
        .iter()
        .map(|&(a, b)| match ends.iter().position(|&e| e + 3.0 <= a) {
            Some(i) => {
                ends[i] = b;
                i
            }
            None => {
                ends.push(b);
                ends.len() - 1
            }
        })
        .collect()
}

/// A base-10 log scale from `10^lo` (at `y0`, the bottom) to `10^hi` (at `y1`, the top).
pub struct LogScale {
    pub lo: i32,
    pub hi: i32,
    pub y0: f64,
    pub y1: f64,
}

impl LogScale {
    /// A scale that holds every value in `values` (all > 0), with whole decades at each end.
    pub fn fitting(values: impl Iterator<Item = f64>, y0: f64, y1: f64) -> LogScale {
        let (mut lo, mut hi) = (f64::MAX, f64::MIN);
        for v in values.filter(|v| *v > 0.0) {
            lo = lo.min(v.log10());
            hi = hi.max(v.log10());
        }
        if lo > hi {
            (lo, hi) = (0.0, 1.0);
        }
        let lo = lo.floor() as i32;
        let hi = (hi.ceil() as i32).max(lo + 1);
        LogScale { lo, hi, y0, y1 }
    }

    pub fn y(&self, v: f64) -> f64 {
        let t = (v.max(1e-12).log10() - f64::from(self.lo)) / f64::from(self.hi - self.lo);
        self.y0 + (self.y1 - self.y0) * t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_follow_the_dense_stretch() {
        // a few old events, a steady trickle, then a burst from August 2025
        let mut days = vec![ymd(1822, 5, 1), ymd(1900, 1, 1)];
        days.extend((1952..2024).step_by(3).map(|y| ymd(y, 6, 1)));
        days.extend((0..40).map(|i| ymd(2025, 8, 3) + i * 4));
        let (a, b) = (ymd(1820, 1, 1), ymd(2026, 2, 1));
        let br = Breaks::of(&days, a, b);
        assert_eq!(
            br,
            Breaks {
                history: Some(ymd(1950, 1, 1)),
                lead: Some(ymd(2025, 1, 1)),
                focus: Some(ymd(2025, 8, 1)),
            }
        );
        // a burst in March: its lead-up starts the January of the year before
        let days = [ymd(2001, 1, 1), ymd(2019, 3, 2), ymd(2019, 3, 9)];
        let br = Breaks::of(&days, ymd(2000, 1, 1), ymd(2019, 4, 1));
        assert_eq!(
            (br.lead, br.focus),
            (Some(ymd(2018, 1, 1)), Some(ymd(2019, 3, 1)))
        );
        // three years or less: linear
        let days = [ymd(2024, 1, 5), ymd(2025, 10, 1)];
        assert_eq!(
            Breaks::of(&days, ymd(2024, 1, 1), ymd(2025, 11, 1)),
            Breaks::default()
        );
    }

    #[test]
    fn the_scale_is_continuous_and_gives_late_2025_more_room() {
        let (a, b) = (ymd(1820, 1, 1), ymd(2026, 2, 1));
        let breaks = Breaks {
            history: Some(ymd(1950, 1, 1)),
            lead: Some(ymd(2025, 1, 1)),
            focus: Some(ymd(2025, 8, 1)),
        };
        let s = TimeScale::new(a, b, 0.0, 1000.0, &Density::timeline(&breaks, a, b));
        assert_eq!(s.segments.len(), 4);
        assert!((s.x(ymd(1820, 1, 1)) - 0.0).abs() < 1e-9);
        assert!((s.x(ymd(2026, 2, 1)) - 1000.0).abs() < 1e-6);
        for w in s.segments.windows(2) {
            assert!((w[0].x1 - w[1].x0).abs() < 1e-9);
            assert_eq!(w[0].to, w[1].from);
        }
        let year_1960s = s.x(ymd(1961, 1, 1)) - s.x(ymd(1960, 1, 1));
        let oct_2025 = s.x(ymd(2025, 11, 1)) - s.x(ymd(2025, 10, 1));
        assert!(oct_2025 > 10.0 * year_1960s, "{oct_2025} vs {year_1960s}");
        // monotonic
        let mut last = -1.0;
        for d in (ymd(1820, 1, 1)..ymd(2026, 2, 1)).step_by(17) {
            let x = s.x(d);
            assert!(x >= last);
            last = x;
        }
    }

    #[test]
    fn a_short_range_is_one_linear_segment_with_month_ticks() {
        let s = TimeScale::new(
            ymd(2025, 9, 1),
            ymd(2026, 2, 1),
            0.0,
            500.0,
            &Density::chart(&Breaks {
                history: Some(ymd(1950, 1, 1)),
                lead: Some(ymd(2025, 1, 1)),
                focus: Some(ymd(2025, 8, 1)),
            }),
        );
        assert_eq!(s.segments.len(), 1);
        let labels: Vec<String> = s.ticks().into_iter().filter_map(|t| t.label).collect();
        assert_eq!(labels, ["Sep 2025", "Oct", "Nov", "Dec", "Jan 2026", "Feb"]);
    }

    #[test]
    fn log_scale_spans_whole_decades() {
        let l = LogScale::fitting([4500.0, 15000.0, 1.0].into_iter(), 100.0, 0.0);
        assert_eq!((l.lo, l.hi), (0, 5));
        assert!((l.y(1.0) - 100.0).abs() < 1e-9);
        assert!((l.y(100_000.0) - 0.0).abs() < 1e-9);
    }

    #[test]
    fn the_first_and_last_days_of_the_schema_have_an_axis() {
        let (first, last) = (ymd(1, 1, 1), ymd(9999, 12, 31));
        // one step past the last day is the day after it, never a panic
        assert_eq!(ymd(10000, 1, 1), last + 1);
        assert_eq!(date(last + 1), date(last));
        let s = TimeScale::new(
            first,
            last + 1,
            0.0,
            1000.0,
            &Density::chart(&Breaks::default()),
        );
        let ticks = s.ticks();
        assert!(ticks.len() > 10, "{}", ticks.len());
        assert!(ticks.iter().all(|t| (0.0..=1000.0).contains(&t.x)));
        let short = TimeScale::new(
            ymd(9999, 6, 1),
            last + 1,
            0.0,
            1000.0,
            &Density::chart(&Breaks::default()),
        );
        let months: Vec<String> = short.ticks().into_iter().filter_map(|t| t.label).collect();
        assert_eq!(months.first().map(String::as_str), Some("Jun 9999"));
        assert_eq!(months.last().map(String::as_str), Some("Dec"));
    }

    #[test]
    fn no_tick_label_is_drawn_on_a_break() {
        let days: Vec<Day> = (0..400)
            .map(|i| ymd(2025, 8, 1) + i % 150)
            .chain([ymd(1950, 1, 1)])
            .collect();
        let (a, b) = (ymd(1950, 1, 1), ymd(2026, 2, 1));
        let breaks = Breaks::of(&days, a, b);
        let s = TimeScale::new(a, b, 200.0, 1186.0, &Density::timeline(&breaks, a, b));
        assert!(!s.breaks().is_empty());
        for t in s.ticks() {
            if let Some(l) = t.label {
                let half = l.chars().count() as f64 * 3.6;
                for x in s.breaks() {
                    assert!(
                        t.x + half < x - BREAK_HALF || x + BREAK_HALF < t.x - half,
                        "{l} at {} is on the break at {x}",
                        t.x
                    );
                }
            }
        }
    }

    #[test]
    fn parses_days() {
        assert_eq!(parse_day("2025-10-23"), Some(ymd(2025, 10, 23)));
        assert_eq!(parse_day("2025-02-30"), None);
        assert_eq!(parse_day("nope"), None);
    }
}
