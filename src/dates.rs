//! Fuzzy dates as the seeds write them (`2025-10-19`, `2025-10`, `2025`, ...) with a precision,
//! turned into the first and last possible day that the database stores.

use time::{Date, Month};

/// How exactly a date is known (UCDP-style). The written form must agree with it.
pub const PRECISIONS: &[&str] = &[
    "day",
    "range",
    "month",
    "year",
    "decade",
    "approximate",
    "unknown",
];

/// A date range resolved to days: `None` for both when the precision is `unknown`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Span {
    pub start: Option<String>,
    pub end: Option<String>,
    pub precision: String,
}

/// The first and last day a written date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) can mean.
fn bounds(text: &str) -> Result<(Date, Date), String> {
    let parts: Vec<&str> = text.split('-').collect();
    let num = |s: &str, width: usize| -> Result<i32, String> {
        if s.len() == width && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(s.parse().expect("digits"))
        } else {
            Err(format!(
                "`{text}` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"
            ))
        }
    };
    let year = num(parts[0], 4)?;
    let month_of = |m: i32| {
        u8::try_from(m)
            .ok()
            .and_then(|m| Month::try_from(m).ok())
            .ok_or_else(|| format!("`{text}` has no month {m}; months are 01 to 12"))
    };
    let day = |y: i32, m: Month, d: u8| {
        Date::from_calendar_date(y, m, d).map_err(|_| {
            format!(
                "`{text}` is not a real day ({m} {y} has {} days)",
                m.length(y)
            )
        })
    };
    match parts.len() {
        1 => Ok((
            day(year, Month::January, 1)?,
            day(year, Month::December, 31)?,
        )),
        2 => {
            let m = month_of(num(parts[1], 2)?)?;
            Ok((day(year, m, 1)?, day(year, m, m.length(year))?))
        }
        3 => {
            let m = month_of(num(parts[1], 2)?)?;
            let d = day(year, m, num(parts[2], 2)? as u8)?;
            Ok((d, d))
        }
        _ => Err(format!(
            "`{text}` is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"
        )),
    }
}

fn form(text: &str) -> &'static str {
    match text.matches('-').count() {
        0 => "YYYY",
        1 => "YYYY-MM",
        _ => "YYYY-MM-DD",
    }
}

/// Checks that `start`/`end` are real dates of the form `precision` asks for, and resolves
/// them to days. Errors say which field is wrong (`start`, `end` or `precision`) and why.
pub fn resolve(
    start: Option<&str>,
    end: Option<&str>,
    precision: &str,
) -> Result<Span, (&'static str, String)> {
    if !PRECISIONS.contains(&precision) {
        return Err((
            "precision",
            format!("unknown precision; use one of {}", PRECISIONS.join(", ")),
        ));
    }
    let span = |s: Date, e: Date| Span {
        start: Some(s.to_string()),
        end: Some(e.to_string()),
        precision: precision.to_string(),
    };
    let want = |field: &'static str, text: &str, shape: &str| {
        if form(text) == shape {
            Ok(())
        } else {
            Err((
                field,
                format!("precision `{precision}` needs a date written {shape}, not `{text}`"),
            ))
        }
    };
    let Some(start) = start else {
        return if precision == "unknown" && end.is_none() {
            Ok(Span {
                precision: precision.into(),
                ..Span::default()
            })
        } else {
            Err((
                "start",
                format!("precision `{precision}` needs a start date"),
            ))
        };
    };
    let (first, last) = bounds(start).map_err(|m| ("start", m))?;
    let no_end = |result: Span| match end {
        None => Ok(result),
        Some(e) => Err((
            "end",
            format!("precision `{precision}` takes no end date (got `{e}`); use `range`"),
        )),
    };
    match precision {
        "unknown" => Err((
            "start",
            "precision `unknown` takes no date; give the precision the date has".into(),
        )),
        "day" => {
            want("start", start, "YYYY-MM-DD")?;
            no_end(span(first, last))
        }
        "month" => {
            want("start", start, "YYYY-MM")?;
            no_end(span(first, last))
        }
        "year" => {
            want("start", start, "YYYY")?;
            no_end(span(first, last))
        }
        "decade" => {
            want("start", start, "YYYY")?;
            if first.year() % 10 != 0 {
                return Err((
                    "start",
                    format!("a decade starts in a year ending in 0, not `{start}`"),
                ));
            }
            let end = Date::from_calendar_date(first.year() + 9, Month::December, 31)
                .expect("31 December exists");
            no_end(span(first, end))
        }
        "range" => {
            want("start", start, "YYYY-MM-DD")?;
            let Some(end) = end else {
                return Err(("end", "precision `range` needs an end date".into()));
            };
            want("end", end, "YYYY-MM-DD")?;
            let (e, _) = bounds(end).map_err(|m| ("end", m))?;
            if e <= first {
                return Err(("end", format!("end `{end}` is not after start `{start}`")));
            }
            Ok(span(first, e))
        }
        _ => {
            // approximate: any written form, optionally with an end of any form
            let last = match end {
                None => last,
                Some(end) => {
                    let (_, e) = bounds(end).map_err(|m| ("end", m))?;
                    if e < first {
                        return Err(("end", format!("end `{end}` is before start `{start}`")));
                    }
                    e
                }
            };
            Ok(span(first, last))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(start: Option<&str>, end: Option<&str>, p: &str) -> (String, String) {
        let s = resolve(start, end, p).unwrap();
        (s.start.unwrap(), s.end.unwrap())
    }

    #[test]
    fn resolves_each_precision_to_days() {
        assert_eq!(
            ok(Some("2025-10-19"), None, "day"),
            ("2025-10-19".into(), "2025-10-19".into())
        );
        assert_eq!(
            ok(Some("2024-02"), None, "month"),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(
            ok(Some("1980"), None, "decade"),
            ("1980-01-01".into(), "1989-12-31".into())
        );
        assert_eq!(
            ok(Some("2025-10"), Some("2025-11"), "approximate"),
            ("2025-10-01".into(), "2025-11-30".into())
        );
        assert_eq!(resolve(None, None, "unknown").unwrap().start, None);
    }

    #[test]
    fn rejects_impossible_and_contradicting_dates() {
        assert_eq!(
            resolve(Some("2025-02-30"), None, "day").unwrap_err().0,
            "start"
        );
        assert!(
            resolve(Some("2025-02-30"), None, "day")
                .unwrap_err()
                .1
                .contains("28 days")
        );
        assert!(resolve(Some("2025-13"), None, "month").is_err());
        assert_eq!(
            resolve(Some("2025-09"), None, "day").unwrap_err().0,
            "start"
        );
        assert_eq!(
            resolve(Some("1985"), None, "decade").unwrap_err().0,
            "start"
        );
        assert_eq!(
            resolve(Some("2025-10-02"), Some("2025-10-01"), "range")
                .unwrap_err()
                .0,
            "end"
        );
        assert_eq!(
            resolve(Some("2025"), None, "weekly").unwrap_err().0,
            "precision"
        );
        assert_eq!(resolve(None, None, "day").unwrap_err().0, "start");
    }
}
