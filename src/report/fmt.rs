//! Words and numbers for the report: dates with their precision as a reader says them, counts
//! with thousands separators, money in short form, and the report's colours.

use std::borrow::Cow;
use std::collections::HashMap;

use super::scale::{Day, date, month_name, parse_day};

/// A date range with its precision, as a reader would say it: "19 Oct 2025", "Oct 2025",
/// "about 2025", "1960s", "20 Jan – 10 Dec 2025".
pub fn when(start: Option<&str>, end: Option<&str>, precision: &str) -> String {
    let (Some(s), Some(e)) = (start.and_then(parse_day), end.or(start).and_then(parse_day)) else {
        return "date not given".into();
    };
    let (ds, de) = (date(s), date(e));
    let whole_month =
        ds.day() == 1 && (e + 1 == first_of_next_month(s)) && ds.month() == de.month();
    let whole_year =
        ds.ordinal() == 1 && de.year() == ds.year() && de.month() as u8 == 12 && de.day() == 31;
    let years = ds.ordinal() == 1 && de.month() as u8 == 12 && de.day() == 31;
    let plain = if s == e {
        day(s)
    } else if whole_month {
        format!("{} {}", month_name(ds.month()), ds.year())
    } else if whole_year {
        ds.year().to_string()
    } else if precision == "decade" && years && de.year() - ds.year() == 9 && ds.year() % 10 == 0 {
        format!("{}s", ds.year())
    } else if years {
        format!("{}–{}", ds.year(), de.year())
    } else if ds.year() == de.year() && ds.month() == de.month() {
        format!("{}–{}", ds.day(), day(e))
    } else if ds.year() == de.year() {
        format!("{} {} – {}", ds.day(), month_name(ds.month()), day(e))
    } else {
        format!("{} – {}", day(s), day(e))
    };
    match precision {
        "approximate" => format!("about {plain}"),
        "range" if s != e && !whole_month && !whole_year => format!("{plain} (span)"),
        "month" | "year" | "decade" | "day" | "range" => plain,
        _ => format!("{plain} ({precision})"),
    }
}

pub fn day(d: Day) -> String {
    let d = date(d);
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

fn first_of_next_month(d: Day) -> Day {
    let d = date(d);
    let (y, m) = if d.month() as u8 == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() as u8 + 1)
    };
    super::scale::ymd(y, m, 1)
}

/// 15000 -> "15,000"; 0.5 -> "0.5".
pub fn count(v: f64) -> String {
    if v.fract() != 0.0 {
        return format!("{v}");
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// 400000000 -> "$400m"; 8000000000 -> "$8bn".
pub fn usd(v: f64) -> String {
    let (n, unit) = if v >= 1e9 {
        (v / 1e9, "bn")
    } else if v >= 1e6 {
        (v / 1e6, "m")
    } else if v >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let n = if n.fract() == 0.0 {
        format!("{n}")
    } else {
        format!("{n:.1}")
    };
    format!("${n}{unit}")
}

/// "visa_revocation" -> "visa revocation".
pub fn words(code: &str) -> String {
    code.replace('_', " ")
}

/// The page's element id of a row of the data (`event-e-003`, `source-a1`): prefixed by what the
/// row is, so that no id from the data can take the id of one of the page's own elements
/// (`timeline`, `sources`, `panel`) or of a row of another table.
pub fn anchor(kind: &str, id: &str) -> String {
    format!("{kind}-{id}")
}

/// A link to [`anchor`].
pub fn href(kind: &str, id: &str) -> String {
    format!("#{kind}-{id}")
}

/// An x or y for SVG: one decimal is plenty.
pub fn px(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The Okabe-Ito palette: told apart by readers with the common colour-vision deficiencies.
pub const PALETTE: [&str; 7] = [
    "#0072B2", // blue
    "#D55E00", // vermillion
    "#E69F00", // orange
    "#009E73", // bluish green
    "#CC79A7", // reddish purple
    "#56B4E9", // sky blue
    "#6b6b6b", // grey (not Okabe-Ito's black: marks need an outline colour of their own)
];

/// An event type as the database describes it (sql/internal/report_event_types.sql): the
/// vocabulary is the one list of event types and of how each is shown.
#[derive(Debug, Clone)]
pub struct EventType {
    pub value: String,
    pub description: String,
    /// The words for a lane and a legend; the code with spaces when the vocabulary has none.
    pub label: Option<String>,
    /// The family that groups the type's lanes; [`OTHER`] when the vocabulary has none.
    pub family: Option<String>,
    /// The family's colour (`#rrggbb`); grey when the vocabulary has none.
    pub colour: Option<String>,
    /// The place of the type's lane; lanes without one come last.
    pub sort_order: Option<i64>,
}

/// How an event type is drawn: its words, family, colour and place in lane order.
#[derive(Debug, Clone)]
pub struct Style {
    pub label: String,
    pub description: Option<String>,
    pub family: String,
    pub colour: String,
    pub order: (i64, String),
}

/// The family of a type the vocabulary gives none.
const OTHER: &str = "Other";

/// The one place that decides how an event type reads and is coloured: from the
/// vocabulary's row where there is one, else from its code (grey, last).
fn style(value: &str, row: Option<&EventType>) -> Style {
    Style {
        label: row
            .and_then(|r| r.label.clone())
            .unwrap_or_else(|| words(value)),
        description: row.map(|r| r.description.clone()),
        family: row
            .and_then(|r| r.family.clone())
            .unwrap_or_else(|| OTHER.to_string()),
        colour: row
            .and_then(|r| r.colour.clone())
            .unwrap_or_else(|| PALETTE[6].to_string()),
        order: (
            row.and_then(|r| r.sort_order).unwrap_or(i64::MAX),
            value.to_string(),
        ),
    }
}

/// Every event type's [`Style`], from the vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Kinds {
    styles: HashMap<String, Style>,
}

impl Kinds {
    pub fn new(vocabulary: Vec<EventType>) -> Kinds {
        let styles = vocabulary
            .iter()
            .map(|t| (t.value.clone(), style(&t.value, Some(t))))
            .collect();
        Kinds { styles }
    }

    /// The style of `kind`; one that the vocabulary does not know is drawn all the same.
    pub fn style(&self, kind: &str) -> Cow<'_, Style> {
        match self.styles.get(kind) {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(style(kind, None)),
        }
    }

    /// The families of `kinds` in lane order, each with its colour and the labels of its types.
    pub fn families<'a>(
        &self,
        kinds: impl Iterator<Item = &'a str>,
    ) -> Vec<(String, String, Vec<String>)> {
        let mut styles: Vec<Cow<'_, Style>> = kinds.map(|k| self.style(k)).collect();
        styles.sort_by(|a, b| a.order.cmp(&b.order));
        styles.dedup_by(|a, b| a.order == b.order);
        let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
        for s in styles {
            match out.last_mut() {
                Some(f) if f.0 == s.family => f.2.push(s.label.clone()),
                _ => out.push((s.family.clone(), s.colour.clone(), vec![s.label.clone()])),
            }
        }
        out
    }
}

/// The colour of a source in the figure panels: by its place among the sources.
pub fn source_colour(index: Option<usize>) -> &'static str {
    match index {
        Some(i) => [
            PALETTE[0], PALETTE[1], PALETTE[3], PALETTE[4], PALETTE[2], PALETTE[5],
        ][i % 6],
        None => PALETTE[6],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_a_person_says_them() {
        for (start, end, precision, said) in [
            ("2025-10-19", "2025-10-19", "day", "19 Oct 2025"),
            ("2025-10-01", "2025-10-31", "month", "Oct 2025"),
            ("2025-10-01", "2025-10-31", "approximate", "about Oct 2025"),
            ("1960-01-01", "1969-12-31", "decade", "1960s"),
            ("1998-01-01", "2002-12-31", "approximate", "about 1998–2002"),
            (
                "2025-01-20",
                "2025-12-10",
                "range",
                "20 Jan – 10 Dec 2025 (span)",
            ),
            (
                "2025-09-24",
                "2025-09-26",
                "approximate",
                "about 24–26 Sep 2025",
            ),
        ] {
            assert_eq!(when(Some(start), Some(end), precision), said);
        }
        assert_eq!(when(None, None, "unknown"), "date not given");
    }

    #[test]
    fn any_event_type_gets_a_family_and_a_colour() {
        // (value, label, family, colour, lane order) as a vocabulary row gives them
        let row = |value: &str, shown: Option<(&str, &str, &str, i64)>| EventType {
            value: value.into(),
            description: format!("about {value}"),
            label: shown.map(|s| s.0.to_string()),
            family: shown.map(|s| s.1.to_string()),
            colour: shown.map(|s| s.2.to_string()),
            sort_order: shown.map(|s| s.3),
        };
        let kinds = Kinds::new(vec![
            row("strike", Some(("Strike", "Force", "#0072B2", 0))),
            row("statement", Some(("Statement", "Words", "#E69F00", 5))),
            row("speech", Some(("Speech", "Words", "#E69F00", 4))),
            row("flood", None),
        ]);
        let strike = kinds.style("strike");
        assert_eq!(
            (
                strike.label.as_str(),
                strike.family.as_str(),
                strike.colour.as_str()
            ),
            ("Strike", "Force", "#0072B2")
        );
        assert_eq!(strike.description.as_deref(), Some("about strike"));
        // in the vocabulary without display columns, or outside it altogether: grey, last
        for k in ["flood", "never_heard_of"] {
            assert_eq!(kinds.style(k).colour, PALETTE[6], "{k}");
            assert_eq!(kinds.style(k).family, OTHER, "{k}");
        }
        assert_eq!(kinds.style("never_heard_of").label, "never heard of");
        let families: Vec<String> = kinds
            .families(["flood", "statement", "strike", "speech", "strike"].into_iter())
            .into_iter()
            .map(|f| format!("{}: {}", f.0, f.2.join(", ")))
            .collect();
        assert_eq!(
            families,
            ["Force: Strike", "Words: Speech, Statement", "Other: flood"]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(count(15000.0), "15,000");
        assert_eq!(count(250.0), "250");
        assert_eq!(count(1_900_000.0), "1,900,000");
        assert_eq!(usd(4e8), "$400m");
        assert_eq!(usd(8e9), "$8bn");
        assert_eq!(usd(6.14e8), "$614m");
        assert_eq!(px(12.345), "12.3");
        assert_eq!(px(12.0), "12");
    }
}
