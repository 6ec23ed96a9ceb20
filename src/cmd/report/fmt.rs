//! Words and numbers for the report: dates with their precision as a reader says them, counts
//! with thousands separators, money in short form, and the report's colours.

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

/// The families that colour the timeline's marks, and the event types in each, in lane order.
pub const FAMILIES: [(&str, &str, &[&str]); 6] = [
    (
        "Force",
        PALETTE[0],
        &[
            "strike",
            "military_operation",
            "deployment",
            "capture",
            "killing",
        ],
    ),
    (
        "Pressure",
        PALETTE[1],
        &[
            "threat",
            "sanction",
            "visa_revocation",
            "tariff",
            "aid_cut",
            "decertification",
        ],
    ),
    (
        "Words",
        PALETTE[2],
        &[
            "accusation",
            "statement",
            "speech",
            "interview",
            "publication",
        ],
    ),
    (
        "Diplomacy",
        PALETTE[3],
        &["call", "meeting", "visit", "diplomatic", "agreement"],
    ),
    (
        "Policy & programmes",
        PALETTE[4],
        &["policy_order", "programme", "legal_action", "election"],
    ),
    ("Protest & other", PALETTE[6], &["protest", "other"]),
];

/// The family (name, colour) of an event type, and its place in lane order.
pub fn family(kind: &str) -> (&'static str, &'static str, usize) {
    let mut i = 0;
    for (name, colour, kinds) in FAMILIES {
        for k in kinds {
            if *k == kind {
                return (name, colour, i);
            }
            i += 1;
        }
    }
    ("Protest & other", PALETTE[6], i)
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
        assert_eq!(
            when(Some("2025-10-19"), Some("2025-10-19"), "day"),
            "19 Oct 2025"
        );
        assert_eq!(
            when(Some("2025-10-01"), Some("2025-10-31"), "month"),
            "Oct 2025"
        );
        assert_eq!(
            when(Some("2025-10-01"), Some("2025-10-31"), "approximate"),
            "about Oct 2025"
        );
        assert_eq!(
            when(Some("1960-01-01"), Some("1969-12-31"), "decade"),
            "1960s"
        );
        assert_eq!(
            when(Some("1998-01-01"), Some("2002-12-31"), "approximate"),
            "about 1998–2002"
        );
        assert_eq!(
            when(Some("2025-01-20"), Some("2025-12-10"), "range"),
            "20 Jan – 10 Dec 2025 (span)"
        );
        assert_eq!(
            when(Some("2025-09-24"), Some("2025-09-26"), "approximate"),
            "about 24–26 Sep 2025"
        );
        assert_eq!(when(None, None, "unknown"), "date not given");
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
