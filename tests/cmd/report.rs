//! `crisisdb report`: the page's filters and errors, and the page as a real browser renders it
//! (headless Chromium): every event is there with its evidence, data is never markup, the
//! timeline names its events, screenshots at 1280 and 390 px are not blank, the print is at most
//! 40 pages, and the page stays small and loads on 10,000 synthetic events.

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

/// The English name of a month given as its two digits ("01" to "12"), as the page's title writes it.
fn month_name(m: &str) -> &'static str {
    const MONTHS: [&str; 12] = [
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
    ];
    MONTHS[m.parse::<usize>().unwrap() - 1]
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
        let c = card(&dom, &format!("event-{id}"));
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
            dom.contains(&format!("href=\"#event-{id}\"")),
            "nothing links to {id}"
        );
    }

    // one event's card in full: summary, actors with roles, source with outlet and reliability
    let c = card(&dom, "event-e-003");
    assert!(c.contains("Trump calls Petro an"), "{c}");
    assert!(c.contains("Donald Trump") && c.contains("initiator"), "{c}");
    assert!(c.contains("GlobalSecurity.org"), "{c}");
    // each source's reliability note is said once, in its card under Sources
    for r in w
        .csv("select id, reliability from sources")
        .into_iter()
        .skip(1)
    {
        let note = as_serialised(&r[1]);
        assert_eq!(dom.matches(&note).count(), 1, "{}'s note: {note}", r[0]);
        assert!(card(&dom, &format!("source-{}", r[0])).contains(&note));
    }
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
            dom.contains(&format!("<a class=\"num\" href=\"#number-{id}\"")),
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
    let c = card(&dom, "event-e-001");
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
    // the SVG tooltip carries the same title as text, after the mark's number
    let tooltip = format!(
        ". about 23 Oct 2025 · policy order · {} weighs withdrawal",
        as_serialised(hostile)
    );
    let at = dom.find(&tooltip).expect("the tooltip is in the DOM");
    let open = dom[..at].rfind("<title>").expect("inside a <title>");
    assert!(
        dom[open + 7..at].chars().all(|c| c.is_ascii_digit()),
        "{}",
        &dom[open..at + tooltip.len()]
    );
}

/// What a screenshot holds: distinct colours, and the shares of ink and of the timeline's blue.
struct Shot {
    colours: usize,
    ink: usize,
    blue: usize,
    total: usize,
}

/// A `width` x `height` screenshot of `page` (a URL), read back.
fn screenshot(browser: &Path, w: &Workdir, page: &Path, (width, height): (u32, u32)) -> Shot {
    let shot = w.path(&format!("shot-{width}.png"));
    chromium(
        browser,
        page,
        &[
            format!("--screenshot={}", shot.display()),
            format!("--window-size={width},{height}"),
        ],
    );
    let bytes = std::fs::read(&shot).expect("chromium wrote the screenshot");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!((info.width, info.height), (width, height));
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let mut colours = HashSet::new();
    let (mut ink, mut blue, mut total) = (0usize, 0usize, 0usize);
    for p in buf[..info.buffer_size()].chunks(channels) {
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
    Shot {
        colours: colours.len(),
        ink,
        blue,
        total,
    }
}

impl Shot {
    fn assert_not_blank(&self, min_blue: usize) {
        assert!(
            self.colours > 200,
            "only {} distinct colours: blank?",
            self.colours
        );
        assert!(
            self.ink * 100 > self.total * 3,
            "only {} of {} pixels are not near-white",
            self.ink,
            self.total
        );
        assert!(
            self.blue > min_blue,
            "only {} pixels of the timeline's blue",
            self.blue
        );
    }
}

#[test]
fn a_screenshot_at_1280_wide_is_not_blank() {
    let Some((browser, w, page)) = browser_and_embedded_page() else {
        return;
    };
    screenshot(&browser, &w, &page, (1280, 2000)).assert_not_blank(200);
}

/// The `name="..."` attribute of the first element with class `class`.
fn attribute<'a>(dom: &'a str, class: &str, name: &str) -> &'a str {
    let at = dom
        .find(&format!("class=\"{class}"))
        .unwrap_or_else(|| panic!("no .{class} in the DOM"));
    let tag = &dom[dom[..at].rfind('<').unwrap()..at + dom[at..].find('>').unwrap()];
    let key = format!(" {name}=\"");
    let start = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    &tag[start..start + tag[start..].find('"').unwrap()]
}

#[test]
fn on_a_phone_the_timeline_opens_on_the_dense_stretch_with_its_lane_names() {
    let Some((browser, w, page)) = browser_and_embedded_page() else {
        return;
    };
    screenshot(&browser, &w, &page, (390, 2400)).assert_not_blank(50);

    // the script scrolls the timeline to the start of the shaded (dense) stretch
    let at = |width: u32| {
        let out = chromium(
            &browser,
            &page,
            &[
                "--dump-dom".to_string(),
                format!("--window-size={width},900"),
            ],
        );
        String::from_utf8(out).unwrap()
    };
    let phone = at(390);
    assert!(phone.contains("<html lang=\"en\" data-report=\"ready\">"));
    let focus: f64 = attribute(&phone, "scroll tl-scroll", "data-focus")
        .parse()
        .unwrap();
    let scrolled: f64 = attribute(&phone, "scroll tl-scroll", "data-scrolled")
        .parse()
        .unwrap();
    assert!(focus > 300.0, "the dense stretch starts at {focus}");
    assert!(
        (scrolled - (focus - 12.0)).abs() <= 1.0,
        "scrolled to {scrolled}, the dense stretch is at {focus}"
    );
    // the lane names are outside the scrolled drawing, in a column that sticks
    let names = between(&phone, "<div class=\"tl-names\">", "</div>");
    let statements =
        w.csv("select count(*) from events where type = 'statement' and start_date is not null");
    assert!(
        names.contains(&format!(
            "statement<tspan class=\"count\"> ({})",
            statements[1][0]
        )),
        "{names}"
    );
    let css = std::fs::read_to_string(&page).unwrap();
    assert!(css.contains(".tl-names { position: sticky; left: 0;"));
    // on a wide screen the whole timeline fits: nothing is scrolled
    let desk = at(1280);
    assert_eq!(attribute(&desk, "scroll tl-scroll", "data-scrolled"), "0");
    // the event panel is in the flow of the page, never laid over it
    assert!(
        !css.contains("position: fixed"),
        "something is laid over the page"
    );
}

/// The pages of a PDF Chromium wrote (it writes one `/Type /Page` object a page).
fn pdf_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}

#[test]
fn the_print_is_at_most_40_portrait_pages() {
    let Some((browser, w, page)) = browser_and_embedded_page() else {
        return;
    };
    let print = |page: &Path, name: &str| {
        let pdf = w.path(name);
        chromium(
            &browser,
            page,
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".to_string(),
            ],
        );
        std::fs::read(&pdf).expect("chromium wrote the PDF")
    };
    let pdf = print(&page, "report.pdf");
    let pages = pdf_pages(&pdf);
    assert!((10..=40).contains(&pages), "{pages} pages");
    // A4 portrait: 210 x 297 mm is 595 x 842 points, on every page
    let boxes = String::from_utf8_lossy(&pdf)
        .matches("/MediaBox [0 0 594.9")
        .count();
    assert_eq!(boxes, pages, "not every page is A4 portrait");

    // the appendix can be left out, and the print is then shorter
    let brief = w.path("brief.html");
    w.run(&["report", "--no-appendix", "-o", brief.to_str().unwrap()])
        .ok();
    let html = std::fs::read_to_string(&brief).unwrap();
    assert!(!html.contains("id=\"appendix\""));
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("id=\"appendix\"")
    );
    let shorter = pdf_pages(&print(&brief, "brief.pdf"));
    assert!(
        shorter < pages,
        "{shorter} pages without the appendix, {pages} with"
    );
}

#[test]
fn the_timeline_names_every_event_since_august_2025() {
    let Some((browser, w, page)) = browser_and_embedded_page() else {
        return;
    };
    let dom = dump_dom(&browser, &page);
    let svg = between(&dom, "<svg class=\"timeline\"", "</svg>");
    let key = between(&dom, "<ol class=\"key\">", "</ol>");
    let recent = w.csv(
        "select id, title from events where start_date >= '2025-08-01' order by start_date, id",
    );
    assert!(recent.len() > 40, "{recent:?}");
    let mut numbers = HashSet::new();
    for r in &recent[1..] {
        let (id, title) = (&r[0], &r[1]);
        // the mark on the chart carries a number...
        let mark = between(svg, &format!("href=\"#event-{id}\""), "</a>");
        let n = between(mark, "<text class=\"n\"", "</text>");
        let n = &n[n.find('>').unwrap() + 1..];
        assert!(
            n.parse::<usize>().is_ok(),
            "{id}'s mark has no number: {mark}"
        );
        assert!(numbers.insert(n.to_string()), "two marks are numbered {n}");
        // ...and the key names the event under that number
        let item = between(key, &format!("<li value=\"{n}\">"), "</li>");
        assert!(
            item.contains(&format!("data-event=\"event-{id}\"")),
            "key {n} is not {id}: {item}"
        );
        assert!(
            item.contains(&as_serialised(title)),
            "key {n} lacks {title:?}: {item}"
        );
    }
}

#[test]
fn ten_thousand_events_make_a_small_page_that_loads() {
    // the page's size and contents are checked without a browser too
    let w = Workdir::new();
    let seeds = w.path("synthetic");
    let genseeds = genseeds();
    let out = Command::new(&genseeds)
        .args(["--events", "10000", "--out", seeds.to_str().unwrap()])
        .output()
        .expect("genseeds runs");
    assert!(out.status.success(), "{out:?}");
    w.run(&["build", "--seeds", seeds.to_str().unwrap(), "-q"])
        .ok();
    let start = Instant::now();
    let page = report(&w, &[]);
    let took = start.elapsed();
    let size = std::fs::metadata(&page).unwrap().len();
    // 10,000 events drawn one by one with every excerpt were 18 MiB
    assert!(size < 4 << 20, "{size} bytes at 10,000 events");
    assert!(took < Duration::from_secs(30), "the report took {took:?}");
    let html = std::fs::read_to_string(&page).unwrap();
    // the timeline counts, the lists say how to narrow the page
    assert!(
        html.contains("rect class=\"count\""),
        "the timeline draws no counts"
    );
    assert!(!html.contains("<ol class=\"key\">"));
    assert!(html.contains("crisisdb report --from YYYY-MM-DD --to YYYY-MM-DD"));
    let cards = html.matches("<article class=\"event").count();
    assert_eq!(cards, 400, "event cards listed");
    // the latest events are the ones listed
    let last = w.csv("select id from events where start_date is not null order by start_date desc, id desc limit 1");
    assert!(html.contains(&format!("id=\"event-{}\"", last[1][0])));

    let Some(browser) = require_program("chromium") else {
        return;
    };
    let start = Instant::now();
    let shot = screenshot(&browser, &w, &page, (1280, 1600));
    let took = start.elapsed();
    assert!(took < Duration::from_secs(60), "Chromium took {took:?}");
    shot.assert_not_blank(200);
}

/// The `genseeds` example, built if `cargo test` has not built it.
fn genseeds() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let bin = dir
        .join("examples")
        .join(format!("genseeds{}", std::env::consts::EXE_SUFFIX));
    if !bin.is_file() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--locked", "--example", "genseeds"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building examples/genseeds failed");
    }
    bin
}

#[test]
fn filters_select_events_like_the_timeline_query() {
    let w = Workdir::new().built();
    let page = report(&w, &["--type", "strike"]);
    let html = std::fs::read_to_string(&page).unwrap();
    let expected = ids(&w, "select id from events where type = 'strike'");
    assert!(!expected.is_empty());
    for id in &expected {
        assert!(html.contains(&format!("id=\"event-{id}\"")), "{id} missing");
    }
    assert!(
        !html.contains("id=\"event-e-001\""),
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
    assert!(
        out.contains("Gustavo Petro<tspan class=\"count\"> ("),
        "no lane for Petro"
    );
    assert!(
        !out.contains("id=\"event-e-017\""),
        "an event of 1952 passed --from 2025-09-01"
    );
    // the title says what the filtered page holds: from the filter's month, not the 1820s
    let late = w
        .run(&["report", "--output", "-", "--from", "2025-08-01"])
        .ok();
    let last = w.csv(
        "select max(coalesce(end_date, start_date)) from events where end_date >= '2025-08-01'",
    );
    let (y, m) = (&last[1][0][..4], &last[1][0][5..7]);
    let month = month_name(m);
    let title = between(&late, "<h1>", "</h1>");
    assert!(
        title.ends_with(&format!(", August 2025 to {month} {y}")),
        "{title}"
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
    let month = month_name(m);
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

/// A copy of the fixture's seeds in `w`, for a test to change.
fn mini_seeds(w: &Workdir) -> PathBuf {
    let to = w.path("mini");
    crate::util::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-seeds"),
        &to,
    );
    to
}

/// Replaces every `from` with `to` in a seed file.
fn rename(path: &Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(path).unwrap();
    assert!(s.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, s.replace(from, to)).unwrap();
}

#[test]
fn ids_from_the_data_do_not_take_the_pages_own() {
    let Some(browser) = require_program("chromium") else {
        return;
    };
    let w = Workdir::new();
    let seeds = mini_seeds(&w);
    for file in ["events.csv", "aid.csv", "event_actors.csv"] {
        rename(&seeds.join(file), "e-1,", "timeline,");
    }
    for file in ["events.csv", "figures.csv"] {
        rename(&seeds.join(file), "e-2,", "sources,");
    }
    rename(&seeds.join("disputes.csv"), "dsp-1,", "panel,");
    rename(&seeds.join("dispute_claims.csv"), "dsp-1,", "panel,");
    w.run(&["build", "--seeds", seeds.to_str().unwrap(), "-q"])
        .ok();
    assert_eq!(
        ids(&w, "select id from events order by id"),
        ["sources", "timeline"]
    );
    let page = report(&w, &[]);
    let dom = dump_dom(&browser, &page);
    // the page's own elements keep their ids, once each, and the script finds them
    for (id, tag) in [
        ("timeline", "<section"),
        ("sources", "<section"),
        ("disputes", "<section"),
        ("panel", "<aside"),
    ] {
        assert_eq!(dom.matches(&format!(" id=\"{id}\"")).count(), 1, "{id}");
        let at = dom.find(&format!(" id=\"{id}\"")).unwrap();
        assert!(dom[..at].ends_with(tag) || dom[dom[..at].rfind('<').unwrap()..].starts_with(tag));
    }
    assert!(
        dom.contains("<html lang=\"en\" data-report=\"ready\">"),
        "the script failed"
    );
    // the data's rows have theirs, prefixed, and the marks link to them
    for id in ["event-timeline", "event-sources", "dispute-panel"] {
        assert!(card(&dom, id).contains(&format!("id=\"{id}\"")));
    }
    let unlinked: Vec<&str> = ["event-timeline", "event-sources"]
        .into_iter()
        .filter(|id| !dom.contains(&format!("<a class=\"mark\" href=\"#{id}\"")))
        .collect();
    assert!(unlinked.is_empty(), "no mark links to {unlinked:?}");
}

#[test]
fn every_date_the_schema_allows_is_drawn() {
    let w = Workdir::new();
    let seeds = mini_seeds(&w);
    let events = seeds.join("events.csv");
    let mut text = std::fs::read_to_string(&events).unwrap();
    // the first and last days of the schema, at every precision; the dates as ISO 8601 writes
    // them, a range as start/end
    for (id, dates, precision) in [
        ("e-first", "0001-01-01", "day"),
        ("e-last", "9999-12-31", "day"),
        ("e-first-month", "0001-01", "month"),
        ("e-last-month", "9999-12", "month"),
        ("e-first-year", "0001", "year"),
        ("e-last-year", "9999", "year"),
        ("e-last-decade", "9990", "decade"),
        ("e-all", "0001-01-01/9999-12-31", "range"),
        ("e-about-first", "0001-01-01", "approximate"),
        ("e-about-last", "9999-12-31", "approximate"),
        ("e-never", "", "unknown"),
    ] {
        let (start, end) = dates.split_once('/').unwrap_or((dates, ""));
        text.push_str(&format!(
            "{id},Edge {id},,statement,{start},{end},{precision},,COL,carried_out,a note on the date,x-2\n"
        ));
    }
    std::fs::write(&events, text).unwrap();
    w.run(&["build", "--seeds", seeds.to_str().unwrap(), "-q"])
        .ok();
    let span = w.csv("select min(start_date), max(end_date), count(*) from events");
    assert_eq!(span[1], ["0001-01-01", "9999-12-31", "13"]);
    for filters in [
        &[][..],
        &["--from", "9999-01-01"][..],
        &["--to", "0001-12-31"][..],
        &["--lanes", "actor"][..],
    ] {
        let html = std::fs::read_to_string(report(&w, filters)).unwrap();
        let expected = w.csv(&format!(
            "select id from events where start_date is not null {}",
            match filters {
                ["--from", f] => format!("and end_date >= '{f}'"),
                ["--to", t] => format!("and start_date <= '{t}'"),
                _ => String::new(),
            }
        ));
        for r in &expected[1..] {
            assert!(
                html.contains(&format!("href=\"#event-{}\" data-event", r[0])),
                "{filters:?}: no mark for {}",
                r[0]
            );
        }
        if filters.is_empty() {
            assert!(html.contains("<time datetime=\"0001-01-01\">1 Jan 1</time>"));
            assert!(html.contains("<time datetime=\"9999-12-31\">31 Dec 9999</time>"));
        }
    }
}
