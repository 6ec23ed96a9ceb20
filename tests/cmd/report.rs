//! `crisisdb report`: the page's filters and errors, and the page as a real browser renders it
//! (headless Chromium): every event is there with its evidence, data is never markup, and a
//! screenshot is not blank.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Workdir, edit, require_program};

/// Runs headless Chromium on `page` with a fresh profile and `extra` arguments, killing it if
/// it takes more than two minutes. Returns its standard output.
fn chromium(browser: &Path, page: &Path, extra: &[String]) -> Vec<u8> {
    let profile = tempfile::tempdir().expect("a temp dir");
    // output goes to files: a pipe nobody reads while we wait would fill up and stall it
    let out_path = profile.path().join("stdout");
    let err_path = profile.path().join("stderr");
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(extra)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(File::create(&out_path).expect("a file for stdout"))
    .stderr(File::create(&err_path).expect("a file for stderr"));
    let mut child = cmd.spawn().expect("chromium starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(
        status.success(),
        "chromium failed ({status}): {cmd:?}\n{stderr}"
    );
    std::fs::read(&out_path).expect("chromium's output")
}

/// The DOM after the page loaded and its script ran, as Chromium serialises it.
fn dump_dom(browser: &Path, page: &Path) -> String {
    let out = chromium(browser, page, &["--dump-dom".to_string()]);
    let dom = String::from_utf8(out).expect("the DOM is UTF-8");
    assert!(dom.contains("</html>"), "no DOM came back:\n{dom}");
    dom
}

/// Text as the DOM serialiser writes it inside an element.
fn as_serialised(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// The serialised element with `id="{id}"`, up to the end of its `</article>`.
fn card<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element with id {id} in the DOM"));
    let start = dom[..at]
        .rfind("<article")
        .expect("the card is an <article>");
    let end = at + dom[at..].find("</article>").expect("the card is closed");
    &dom[start..end]
}

fn report(w: &Workdir, args: &[&str]) -> PathBuf {
    let page = w.path("report.html");
    let mut all = vec!["report", "--output", page.to_str().unwrap()];
    all.extend_from_slice(args);
    w.run(&all).ok();
    page
}

/// Chromium (or None: the test skips) and the embedded dataset's page.
fn browser_and_embedded_page() -> Option<(PathBuf, Workdir, PathBuf)> {
    let browser = require_program("chromium")?;
    let w = Workdir::new().built();
    let page = report(&w, &[]);
    Some((browser, w, page))
}

/// The first column of `sql`'s rows.
fn ids(w: &Workdir, sql: &str) -> Vec<String> {
    w.csv(sql)
        .into_iter()
        .skip(1)
        .map(|r| r[0].clone())
        .collect()
}

/// The text between the first `open` and the next `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in the page"))
        + open.len();
    let len = html[start..].find(close).expect("closed");
    &html[start..start + len]
}

/// The first and last day the events may fall on, as the database says, and the subtitle's
/// `<time>` elements, which must say the same.
fn assert_span_is_the_events(w: &Workdir, html: &str, where_clause: &str) {
    let span = w.csv(&format!(
        "select min(start_date), max(coalesce(end_date, start_date)) from events \
         where start_date is not null and {where_clause}"
    ));
    let (first, last) = (&span[1][0], &span[1][1]);
    let subtitle = between(html, "<p class=\"span\">", "</p>");
    let times: Vec<&str> = subtitle
        .split("<time datetime=\"")
        .skip(1)
        .map(|t| &t[..10])
        .collect();
    assert_eq!(times, [first.as_str(), last.as_str()], "{subtitle}");
}

#[test]
fn the_browser_shows_every_event_with_its_evidence() {
    let Some((browser, w, page)) = browser_and_embedded_page() else {
        return;
    };
    let dom = dump_dom(&browser, &page);

    let ids = ids(&w, "select id from events order by id");
    assert!(ids.len() > 100, "{ids:?}");
    let mut evidence: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in w
        .csv("select e.id, x.text from events e join evidence ev on ev.fact_id = e.fact_id join excerpts x on x.id = ev.excerpt_id")
        .into_iter()
        .skip(1)
    {
        evidence.entry(r[0].clone()).or_default().push(r[1].clone());
    }
    for id in &ids {
        let c = card(&dom, id);
        let words = evidence
            .get(id)
            .unwrap_or_else(|| panic!("{id} has no evidence in the database"));
        for text in words {
            assert!(
                c.contains(&as_serialised(text)),
                "the card of {id} lacks its excerpt {text:?}"
            );
        }
        // reachable without script: a link to the card (timeline mark or undated chip)
        assert!(
            dom.contains(&format!("href=\"#{id}\"")),
            "nothing links to {id}"
        );
    }

    // one event's card in full: summary, actors with roles, source with outlet and reliability
    let c = card(&dom, "e-003");
    assert!(c.contains("Trump calls Petro an"), "{c}");
    assert!(c.contains("Donald Trump") && c.contains("initiator"), "{c}");
    assert!(c.contains("GlobalSecurity.org"), "{c}");
    assert!(c.contains("Reliability: Compiled reference page"), "{c}");
    // a disputed event shows every side of its disputes
    let claims = w.csv("select dc.claim from dispute_claims dc where dc.dispute_id = 'd-010'");
    assert!(claims.len() >= 3, "{claims:?}");
    for r in &claims[1..] {
        assert!(
            c.contains(&as_serialised(&r[0])),
            "e-003 lacks the claim {:?}",
            r[0]
        );
    }
    // the forces panel plots both sources' numbers for the Caribbean (d-007), not an average
    for id in ["dp-018", "dp-028"] {
        assert!(
            dom.contains(&format!("<a class=\"num\" href=\"#{id}\"")),
            "{id} is not plotted"
        );
    }
    // nothing to fetch at view time
    for bad in [" src=", "<link", "@import", "url(", "href=\"http"] {
        assert!(
            !dom.contains(bad),
            "the page refers to something outside itself: {bad}"
        );
    }
}

#[test]
fn text_from_the_data_is_never_markup() {
    let Some(browser) = require_program("chromium") else {
        return;
    };
    let w = Workdir::new();
    let seeds = w.copy_seeds();
    let hostile = "<script>alert(1)</script> and <b>x</b>";
    edit(
        &seeds.join("events.csv"),
        "e-001,Petro government weighs ordering withdrawal of US military and CIA personnel from Colombian bases,",
        &format!("e-001,{hostile} weighs withdrawal,"),
    );
    edit(
        &seeds.join("events.csv"),
        "Petro's government is reported to be evaluating",
        "<img src=x onerror=document.body.dataset.pwned=1> Petro's government is reported to be evaluating",
    );
    w.run(&["build", "--seeds", seeds.to_str().unwrap(), "-q"])
        .ok();
    let page = report(&w, &[]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("<script>alert"),
        "the raw page has the script unescaped"
    );

    let dom = dump_dom(&browser, &page);
    let c = card(&dom, "e-001");
    assert!(
        c.contains(&format!("{} weighs withdrawal", as_serialised(hostile))),
        "{c}"
    );
    assert!(c.contains("&lt;img src=x onerror="), "{c}");
    assert!(!dom.contains("<b>x</b>"), "<b> became an element");
    assert!(!dom.contains("<img"), "<img> became an element");
    assert!(!dom.contains("data-pwned"), "the onerror handler ran");
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "only the page's own script is a <script>"
    );
    // the SVG tooltip carries the same title as text
    assert!(dom.contains(&format!(
        "<title>about 23 Oct 2025 · policy order · {} weighs withdrawal",
        as_serialised(hostile)
    )));
}

#[test]
fn a_screenshot_at_1280_wide_is_not_blank() {
    let Some((browser, w, page)) = browser_and_embedded_page() else {
        return;
    };
    let shot = w.path("shot.png");
    chromium(
        &browser,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".to_string(),
        ],
    );
    let bytes = std::fs::read(&shot).expect("chromium wrote the screenshot");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!((info.width, info.height), (1280, 2000));
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let pixels = buf[..info.buffer_size()].chunks(channels);
    let mut colours = HashSet::new();
    let (mut ink, mut blue, mut total) = (0usize, 0usize, 0usize);
    for p in pixels {
        let rgb = (p[0], p[1], p[2]);
        colours.insert(rgb);
        total += 1;
        if u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) < 600 {
            ink += 1;
        }
        // the "Force" family's blue (#0072B2), as the timeline's strike and military marks
        if rgb == (0x00, 0x72, 0xB2) {
            blue += 1;
        }
    }
    assert!(
        colours.len() > 200,
        "only {} distinct colours: blank?",
        colours.len()
    );
    assert!(
        ink * 100 > total * 3,
        "only {ink} of {total} pixels are not near-white"
    );
    assert!(blue > 200, "only {blue} pixels of the timeline's blue");
}

#[test]
fn filters_select_events_like_the_timeline_query() {
    let w = Workdir::new().built();
    let page = report(&w, &["--type", "strike"]);
    let html = std::fs::read_to_string(&page).unwrap();
    let expected = ids(&w, "select id from events where type = 'strike'");
    assert!(!expected.is_empty());
    for id in &expected {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} missing");
    }
    assert!(
        !html.contains("id=\"e-001\""),
        "a policy order is in a strike-only report"
    );
    assert!(
        html.contains(&format!("{} of the ", expected.len())),
        "the header does not say it is filtered"
    );
    // the subtitle's span is that of the strikes, not of the whole dataset
    assert_span_is_the_events(&w, &html, "type = 'strike'");

    let out = w
        .run(&[
            "report",
            "--output",
            "-",
            "--lanes",
            "actor",
            "--actor",
            "Petro",
            "--from",
            "2025-09-01",
        ])
        .ok();
    assert!(
        out.starts_with("<!DOCTYPE html>"),
        "{}",
        &out[..100.min(out.len())]
    );
    assert!(out.contains("Gustavo Petro ("), "no lane for Petro");
    assert!(
        !out.contains("id=\"e-017\""),
        "an event of 1952 passed --from 2025-09-01"
    );
}

#[test]
fn bad_filters_are_refused_and_write_nothing() {
    let w = Workdir::new().built();
    w.run(&["report", "-o", "bad.html", "--type", "parade"])
        .fails(2, &["not an allowed value", "strike"]);
    w.run(&["report", "-o", "bad.html", "--from", "2025-02-30"])
        .fails(2, &["not a real day"]);
    w.run(&[
        "report",
        "-o",
        "bad.html",
        "--from",
        "2026-01-01",
        "--to",
        "2025-01-01",
    ])
    .fails(1, &["is after"]);
    w.run(&["report", "-o", "bad.html", "--actor", "nobody at all"])
        .fails(1, &["no actor is called that", "did you mean"]);
    assert!(!w.path("bad.html").exists());
}

#[test]
fn a_dataset_built_from_other_seeds_gets_a_page_about_itself() {
    let w = Workdir::new();
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-seeds");
    w.run(&["build", "--seeds", mini.to_str().unwrap(), "-q"])
        .ok();
    let html = std::fs::read_to_string(report(&w, &[])).unwrap();
    assert_span_is_the_events(&w, &html, "1");

    // the heading: the countries the events happen in, and their months
    let title = between(&html, "<h1>", "</h1>");
    let countries = w.csv(
        "select c.name, count(*) from events e join countries c on c.code = e.country \
         group by c.name order by 2 desc",
    );
    assert_eq!(
        countries.len(),
        2,
        "one country in the fixture: {countries:?}"
    );
    let months = w.csv(
        "select distinct strftime('%m %Y', start_date) from events where start_date is not null \
         union select strftime('%m %Y', end_date) from events where end_date is not null",
    );
    assert_eq!(months.len(), 2, "one month in the fixture: {months:?}");
    let (m, y) = months[1][0].split_once(' ').unwrap();
    let month = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][m.parse::<usize>().unwrap() - 1];
    assert_eq!(title, format!("{}, {month} {y}", countries[1][0]));
    assert!(
        html.contains(&format!("<title>{title}: timeline and evidence</title>")),
        "the page's <title> is not the heading"
    );

    // the forces panel's region is the country that holds the place of the count
    let region = w.csv(
        "select r.name from deployments d join places p on p.id = d.place_id \
         join places r on r.id = p.parent_id where r.kind = 'country'",
    );
    assert_eq!(
        between(&html, "<figcaption>", "</figcaption>"),
        region[1][0],
        "{region:?}"
    );

    // nothing of the embedded dataset's story
    for word in [
        "United States",
        "US forces",
        "Caribbean",
        "Puerto Rico",
        "1950",
        "January 2026",
        "drug boats",
        "crisis between",
        "Trump",
    ] {
        assert!(!html.contains(word), "the page says {word:?}");
    }
    assert!(
        html.contains("The axis is linear."),
        "a month of events has no axis breaks"
    );
}
