//! Writes a synthetic seeds folder in the format of seeds/README.md, for the benchmarks
//! (benches/run): N events and, in proportion, sources with generated article texts, excerpts
//! cut from those texts, actors, places, assets, deployments, aid, figures, quotes, disputes and
//! data notes. A fixed-seed generator and no clock: the same arguments give the same bytes. The
//! folder passes `crisisdb build --seeds DIR` with its full validation.
//!
//! ```sh
//! cargo run --release --example genseeds -- --events 100000 --out /tmp/seeds-100k
//! ```
//!
//! Per 1,000 events there are 25 sources (40 events each, about 11 KB of text), 100 actors
//! (200 aliases, 25 titles), 20 places, 20 assets, 25 deployments, 10 aid amounts, 200
//! figures, 500 quotes, 20 disputes (40 claims), 2,000 event_actors and about 2,000 excerpts.
//! Excerpts are cut from the texts they cite; one that occurs more than once gets `occurrence`.
//!
//! Every file is written by column name against the loader's spec (`crisisdb::load::spec`),
//! and so is `import.sql` beside them: the sqlite3 shell's import of the folder that benches/run
//! times against `crisisdb build` (examples/shared/shell_import.rs).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Parser;
use time::{Date, Duration, Month};

#[path = "shared/shell_import.rs"]
mod shell_import;

/// Write a synthetic seeds folder of N events (and everything else in proportion).
#[derive(Parser, Debug)]
struct Args {
    /// Number of event rows.
    #[arg(long, default_value_t = 1000)]
    events: usize,
    /// The folder to write (created; it must be empty or not exist).
    #[arg(long)]
    out: PathBuf,
    /// The generator's seed: the same seed and scale give the same folder.
    #[arg(long, default_value_t = 20_251_024)]
    seed: u64,
}

/// SplitMix64: small, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const COUNTRIES: &[(&str, &str)] = &[
    ("COL", "Colombia"),
    ("USA", "United States"),
    ("VEN", "Venezuela"),
    ("ECU", "Ecuador"),
    ("PAN", "Panama"),
    ("MEX", "Mexico"),
    ("BRA", "Brazil"),
    ("PER", "Peru"),
    ("CUB", "Cuba"),
    ("ESP", "Spain"),
    ("HND", "Honduras"),
    ("GTM", "Guatemala"),
];
const FIRST: &[&str] = &[
    "Ana",
    "José",
    "María",
    "Iván",
    "Lucía",
    "Carlos",
    "Sofía",
    "Andrés",
    "Valentina",
    "Jorge",
    "Camila",
    "Héctor",
    "Paula",
    "Ramón",
    "Daniela",
    "Óscar",
    "Laura",
    "Tomás",
    "Elena",
    "Julián",
    "Marta",
    "Sebastián",
    "Irene",
    "Félix",
    "John",
    "Sarah",
    "Michael",
    "Emily",
];
const LAST: &[&str] = &[
    "Pérez",
    "Gómez",
    "Núñez",
    "Rodríguez",
    "Martínez",
    "López",
    "Hernández",
    "Ortiz",
    "Díaz",
    "Castaño",
    "Restrepo",
    "Muñoz",
    "Vargas",
    "Rojas",
    "Quintero",
    "Zuluaga",
    "Montoya",
    "Ibáñez",
    "Salazar",
    "Cárdenas",
    "Mejía",
    "Ospina",
    "Arango",
    "Peña",
    "Smith",
    "Walker",
    "Reed",
    "Fischer",
    "Brennan",
    "Lowell",
];
const TITLES: &[&str] = &[
    "Minister of Defence",
    "senator",
    "army commander",
    "spokesperson",
    "mayor",
    "ambassador",
    "governor",
    "prosecutor",
    "navy admiral",
    "human rights ombudsman",
];
/// (kind, name pattern) of actors that are not persons; `{}` takes a place-like word.
const ORGS: &[(&str, &str, &str)] = &[
    ("ministry", "Ministry of Security of {}", "MS"),
    ("agency", "{} Border Agency", "BA"),
    ("military", "{} Armed Forces", "AF"),
    ("unit", "{} Joint Task Force", "JTF"),
    ("armed_group", "{} Liberation Front", "LF"),
    ("criminal_group", "{} Cartel", "C"),
    ("media", "{} Daily Observer", "DO"),
    ("organisation", "{} Peace Foundation", "PF"),
    ("government", "Government of {}", "G"),
    ("political_party", "{} Democratic Movement", "DM"),
];
const SYLLABLES: &[&str] = &[
    "Ña", "me", "Bo", "ta", "Ar", "bol", "Cú", "cu", "ta", "Ri", "o", "San", "ta", "Lu", "cí", "a",
    "Mar", "Ve", "ra", "Pal", "mi", "ra", "Ton", "ga", "Ú", "ra", "Be", "lén", "Qui", "bdó",
];
const PLACE_PREFIX: &[&str] = &[
    "Puerto", "San", "Villa", "Santa", "Alto", "Nueva", "Bahía", "Río",
];
const PLACE_KINDS: &[&str] = &[
    "city",
    "department",
    "region",
    "sea",
    "building",
    "city",
    "city",
];
const EVENT_TYPES: &[(&str, &str)] = &[
    ("statement", "issued a statement about"),
    ("accusation", "accused"),
    ("threat", "threatened"),
    ("sanction", "announced sanctions against"),
    ("visa_revocation", "revoked the visas of officials close to"),
    ("tariff", "announced tariffs aimed at"),
    ("aid_cut", "suspended payments to"),
    ("strike", "carried out a strike on a vessel tied to"),
    ("military_operation", "launched an operation against"),
    ("deployment", "sent troops to support"),
    ("capture", "captured a commander of"),
    ("call", "spoke by phone with"),
    ("meeting", "met"),
    ("visit", "visited"),
    ("speech", "gave a speech criticising"),
    ("interview", "gave an interview about"),
    ("protest", "led a protest against"),
    ("policy_order", "ordered a review of ties with"),
    ("agreement", "signed an agreement with"),
    ("diplomatic", "recalled its envoy to"),
    ("legal_action", "filed a complaint against"),
    ("publication", "published a report on"),
];
const STATUSES: &[&str] = &[
    "carried_out",
    "carried_out",
    "carried_out",
    "announced",
    "threatened",
    "denied",
    "reversed",
    "considered",
    "alleged",
    "planned",
    "ongoing",
];
const ROLES_SECOND: &[&str] = &[
    "target",
    "target",
    "participant",
    "subject",
    "victim",
    "host",
];
const WORDS_EN: &[&str] = &[
    "we",
    "will",
    "not",
    "accept",
    "pressure",
    "from",
    "anyone",
    "our",
    "sovereignty",
    "is",
    "clear",
    "the",
    "people",
    "deserve",
    "answers",
    "and",
    "justice",
    "this",
    "decision",
    "protects",
    "families",
    "in",
    "every",
    "region",
    "there",
    "has",
    "been",
    "no",
    "agreement",
    "yet",
    "talks",
    "continue",
    "with",
    "respect",
    "peace",
    "requires",
    "courage",
    "today",
    "tomorrow",
    "border",
    "security",
    "must",
    "improve",
    "aid",
    "arrives",
    "late",
    "again",
];
const WORDS_ES: &[&str] = &[
    "no",
    "aceptaremos",
    "presiones",
    "de",
    "nadie",
    "la",
    "soberanía",
    "es",
    "clara",
    "el",
    "pueblo",
    "merece",
    "respuestas",
    "y",
    "justicia",
    "esta",
    "decisión",
    "protege",
    "familias",
    "en",
    "cada",
    "región",
    "todavía",
    "hay",
    "acuerdo",
    "diálogo",
    "sigue",
    "con",
    "respeto",
    "paz",
    "exige",
    "valentía",
    "hoy",
    "mañana",
    "frontera",
    "seguridad",
];
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];
const FIGURE_UNITS: &[&str] = &[
    "deaths",
    "strikes",
    "people",
    "vessels",
    "operations",
    "arrests",
];
const DEPLOY_UNITS: &[&str] = &[
    "personnel",
    "troops",
    "contractors",
    "sailors",
    "aircraft",
    "drones",
];
const ASSET_KINDS: &[(&str, &str)] = &[
    ("base", "Air Base"),
    ("base", "Naval Station"),
    ("ship", "Patrol Vessel"),
    ("aircraft", "Surveillance Wing"),
    ("drone", "Drone Squadron"),
    ("unit", "Riverine Battalion"),
];
const AID_STAGES: &[&str] = &[
    "assistance",
    "funding",
    "projected",
    "allotted",
    "suspended",
    "cut",
];
const OUTLETS: &[&str] = &[
    "The Andean Times",
    "El Observador",
    "Caribbean Wire",
    "La Voz del Pacífico",
    "Capital Dispatch",
];
const BOILERPLATE: &str = "Sign up for our newsletter to get the day’s top stories in your inbox.";

fn month_name(m: Month) -> &'static str {
    match m {
        Month::January => "January",
        Month::February => "February",
        Month::March => "March",
        Month::April => "April",
        Month::May => "May",
        Month::June => "June",
        Month::July => "July",
        Month::August => "August",
        Month::September => "September",
        Month::October => "October",
        Month::November => "November",
        Month::December => "December",
    }
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn words_date(d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

/// A number with thousands separators, as a text writes it.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A fuzzy date in the seed format: (start, end, precision, how the text says it).
struct Fuzzy {
    start: String,
    end: String,
    precision: &'static str,
    phrase: String,
}

fn fuzzy(rng: &mut Rng, d: Date) -> Fuzzy {
    let r = rng.below(100);
    let (start, end, precision, phrase) = if r < 55 {
        (
            iso(d),
            String::new(),
            "day",
            format!("On {}", words_date(d)),
        )
    } else if r < 70 {
        (
            format!("{:04}-{:02}", d.year(), u8::from(d.month())),
            String::new(),
            "month",
            format!("In {} {}", month_name(d.month()), d.year()),
        )
    } else if r < 78 {
        let e = d + Duration::days(rng.range(1, 10) as i64);
        (
            iso(d),
            iso(e),
            "range",
            format!("Between {} and {}", words_date(d), words_date(e)),
        )
    } else if r < 85 {
        (
            d.year().to_string(),
            String::new(),
            "year",
            format!("During {}", d.year()),
        )
    } else if r < 92 {
        (
            iso(d),
            String::new(),
            "approximate",
            format!("Around {}", words_date(d)),
        )
    } else if r < 94 {
        let decade = d.year() / 10 * 10 - 10;
        (
            decade.to_string(),
            String::new(),
            "decade",
            format!("In the {decade}s"),
        )
    } else {
        (
            String::new(),
            String::new(),
            "unknown",
            "At an undisclosed date".to_string(),
        )
    };
    Fuzzy {
        start,
        end,
        precision,
        phrase,
    }
}

/// An evidence span: a byte range of one source's text.
struct Span {
    source: usize,
    start: usize,
    len: usize,
}

struct Actor {
    id: String,
    name: String,
    person: bool,
}

struct Place {
    id: String,
    name: String,
    country: usize,
}

/// The folder being generated: texts grow as facts are stated in them.
struct Gen {
    rng: Rng,
    texts: Vec<String>,
    /// sentences in the current paragraph of each text
    para: Vec<usize>,
    excerpts: Vec<Span>,
}

impl Gen {
    /// Appends `sentence` to source `s` and returns the id of an excerpt of it: the whole
    /// sentence, or the part `within` names.
    fn state(&mut self, s: usize, sentence: &str, within: Option<&str>) -> String {
        let text = &mut self.texts[s];
        if !text.is_empty() {
            if self.para[s] >= 3 {
                text.push_str("\n\n");
                self.para[s] = 0;
            } else {
                text.push(' ');
            }
        }
        self.para[s] += 1;
        let at = text.len();
        text.push_str(sentence);
        let (start, len) = match within {
            None => (at, sentence.len()),
            Some(part) => {
                let i = sentence.find(part).expect("the part is in the sentence");
                (at + i, part.len())
            }
        };
        self.excerpts.push(Span {
            source: s,
            start,
            len,
        });
        excerpt_id(self.excerpts.len() - 1)
    }

    fn line(&mut self, s: usize, line: &str) {
        let text = &mut self.texts[s];
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(line);
        self.para[s] = 3;
    }

    fn place_name(&mut self) -> String {
        let prefix = self.rng.pick(PLACE_PREFIX);
        let n = self.rng.range(2, 3);
        let mut name = String::new();
        for _ in 0..n {
            name.push_str(self.rng.pick(SYLLABLES));
        }
        format!("{prefix} {}", capitalised(&name.to_lowercase()))
    }
}

fn excerpt_id(i: usize) -> String {
    format!("x{:07}", i + 1)
}

/// The overlapping occurrences of `needle` in `hay` before byte `at`, and in all: the loader
/// counts the same way.
fn occurrence(hay: &str, needle: &str, at: usize) -> (usize, usize) {
    let (mut before, mut all, mut from) = (0, 0, 0);
    while let Some(i) = hay[from..].find(needle) {
        let pos = from + i;
        all += 1;
        if pos < at {
            before += 1;
        }
        from = pos + hay[pos..].chars().next().map_or(1, char::len_utf8);
    }
    (before + 1, all)
}

/// A source's row, written once its text (and so its hash) is complete.
struct SourceRow {
    id: String,
    file: String,
    outlet: &'static str,
    author: String,
    title: String,
    published: String,
    approximate: bool,
    language: &'static str,
    evidence: String,
}

/// A seed file being written: the header is the loader's spec of the file, and each row is
/// given by column name (a column left out is empty), so no value can land in another column.
struct SeedWriter {
    w: csv::Writer<fs::File>,
    spec: &'static crisisdb::load::SeedFile,
}

impl SeedWriter {
    fn row(&mut self, cells: &[(&str, &str)]) -> Result<()> {
        self.row_with(cells, &[])
    }

    /// A row given in two parts: its own cells, and cells it shares the shape of with other
    /// files (see `measure`).
    fn row_with(&mut self, cells: &[(&str, &str)], more: &[(&str, &str)]) -> Result<()> {
        let mut row = vec![""; self.spec.columns.len()];
        for (name, value) in cells.iter().chain(more) {
            let i = self.spec.columns.iter().position(|c| c.name == *name);
            let i = i.unwrap_or_else(|| panic!("{} has no column {name}", self.spec.file));
            row[i] = value;
        }
        Ok(self.w.write_record(&row)?)
    }

    fn flush(&mut self) -> Result<()> {
        Ok(self.w.flush()?)
    }
}

/// `s` with its first letter upper-case.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The cells every measure (a deployment, an amount of money, a figure) ends with: the number
/// as printed, its qualifier, the day it holds on, the event it belongs to (empty for none) and
/// the excerpt that states it.
fn measure<'a>(
    text: &'a str,
    qualifier: &'a str,
    as_of: &'a str,
    event: &'a str,
    evidence: &'a str,
) -> [(&'static str, &'a str); 6] {
    [
        ("value_text", text),
        ("qualifier", qualifier),
        ("as_of", as_of),
        ("as_of_precision", "day"),
        ("event", event),
        ("evidence", evidence),
    ]
}

/// Writes `n` rows of the seed file that fills `table`: row `i` by `row(w, i, s)`, where `s` is
/// the source it cites (`source_of(i, n)`).
fn rows_of(
    out: &Path,
    table: &str,
    n: usize,
    source_of: impl Fn(usize, usize) -> usize,
    mut row: impl FnMut(&mut SeedWriter, usize, usize) -> Result<()>,
) -> Result<()> {
    let mut w = writer(out, table)?;
    for i in 0..n {
        row(&mut w, i, source_of(i, n))?;
    }
    w.flush()
}

/// A writer for the seed file that fills `table`, with the header the loader expects.
fn writer(dir: &Path, table: &str) -> Result<SeedWriter> {
    let spec = crisisdb::load::spec::seed_file(table);
    let path = dir.join(spec.file);
    let mut w =
        csv::Writer::from_path(&path).with_context(|| format!("writing {}", path.display()))?;
    w.write_record(spec.columns.iter().map(|c| c.name))?;
    Ok(SeedWriter { w, spec })
}

fn main() -> Result<()> {
    let args = Args::parse();
    let n = args.events;
    if n < 10 {
        bail!("--events {n}: give at least 10");
    }
    let out = &args.out;
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        bail!("{} exists and is not empty", out.display());
    }
    fs::create_dir_all(out.join("articles"))
        .with_context(|| format!("creating {}", out.display()))?;

    let n_sources = n.div_ceil(40);
    let n_actors = (n / 10).max(20);
    let n_places = (n / 50).max(10);
    let n_assets = (n / 50).max(5);
    let n_deployments = (n / 40).max(2);
    let n_aid = (n / 100).max(2);
    let n_figures = n / 5;
    let n_quotes = n / 2;
    let n_disputes = (n / 50).max(1);

    let mut g = Gen {
        rng: Rng(args.seed),
        texts: vec![String::new(); n_sources],
        para: vec![0; n_sources],
        excerpts: Vec::with_capacity(2 * n + 4 * n_sources),
    };
    // the source a fact of index i out of `count` is stated in: spread evenly, in order
    let source_of = |i: usize, count: usize| i * n_sources / count.max(1);

    let mut w = writer(out, "countries")?;
    for (code, name) in COUNTRIES {
        w.row(&[("code", code), ("name", name)])?;
    }
    w.flush()?;

    // sources: a title line, a dateline (the manifest's evidence) and a first boilerplate
    let base = Date::from_calendar_date(2020, Month::January, 1).expect("a real day");
    let mut published = Vec::with_capacity(n_sources);
    let mut source_rows = Vec::with_capacity(n_sources);
    for s in 0..n_sources {
        let day = base + Duration::days((s * 2190 / n_sources) as i64);
        published.push(day);
        let outlet = g.rng.pick(OUTLETS);
        let author = format!("{} {}", g.rng.pick(FIRST), g.rng.pick(LAST));
        let title = format!("Report {}: tension and talks across the region", s + 1);
        g.line(s, &title);
        let dateline = format!(
            "Filed from Bogotá on {} by {author} for {outlet}, dispatch {}.",
            words_date(day),
            s + 1
        );
        g.para[s] = 3;
        let ev = g.state(s, &dateline, None);
        g.line(s, BOILERPLATE);
        let approximate = g.rng.chance(10);
        source_rows.push(SourceRow {
            id: format!("src-{:06}", s + 1),
            file: format!("{:06}.txt", s + 1),
            outlet,
            author: if g.rng.chance(80) {
                author
            } else {
                String::new()
            },
            title,
            published: iso(day),
            approximate,
            language: if s % 7 == 0 { "en;es" } else { "en" },
            evidence: ev,
        });
    }

    // actors: each introduced by one sentence that holds its name, alias and title
    let mut actors = Vec::with_capacity(n_actors);
    let mut w_actors = writer(out, "actors")?;
    let mut w_aliases = writer(out, "actor_aliases")?;
    let mut w_titles = writer(out, "actor_titles")?;
    for a in 0..n_actors {
        let s = source_of(a, n_actors);
        let id = format!("ac-{:06}", a + 1);
        let country = COUNTRIES[g.rng.below(COUNTRIES.len())];
        let person = a % 5 < 3;
        if person {
            let (first, l1, l2) = (g.rng.pick(FIRST), g.rng.pick(LAST), g.rng.pick(LAST));
            let name = format!("{first} {l1} {l2}");
            let title = g.rng.pick(TITLES);
            let place = g.place_name();
            let sentence = format!("{name} ({l1}), {title}, spoke to reporters in {place}.");
            let ev = g.state(s, &sentence, None);
            w_actors.row(&[
                ("id", &id),
                ("name", &name),
                ("kind", "person"),
                ("country", country.0),
                ("evidence", &ev),
            ])?;
            for alias in [name.as_str(), l1] {
                w_aliases.row(&[("actor", &id), ("alias", alias), ("evidence", &ev)])?;
            }
            if a % 2 == 0 {
                w_titles.row(&[
                    ("actor", &id),
                    ("title", title),
                    ("as_of", &iso(published[s])),
                    ("as_of_precision", "day"),
                    ("as_of_note", "the day the dispatch was published"),
                    ("evidence", &ev),
                ])?;
            }
            actors.push(Actor { id, name, person });
        } else {
            let (kind, pattern, acr) = g.rng.pick(ORGS);
            let word = g.place_name();
            let word = word.split(' ').nth(1).expect("two words");
            let name = pattern.replace("{}", word);
            let acronym = format!("{}{acr}", word.chars().next().expect("a letter"));
            let sentence = format!("The {name} ({acronym}) said it was following events closely.");
            let ev = g.state(s, &sentence, None);
            let description = format!("A {} of {}.", kind.replace('_', " "), country.1);
            w_actors.row(&[
                ("id", &id),
                ("name", &name),
                ("kind", kind),
                ("country", country.0),
                ("description", &description),
                ("evidence", &ev),
            ])?;
            for alias in [&name, &acronym] {
                w_aliases.row(&[("actor", &id), ("alias", alias), ("evidence", &ev)])?;
            }
            actors.push(Actor { id, name, person });
        }
    }
    w_actors.flush()?;
    w_aliases.flush()?;
    w_titles.flush()?;
    let persons: Vec<usize> = (0..actors.len()).filter(|&i| actors[i].person).collect();

    // places: parents come earlier in the file
    let mut places = Vec::with_capacity(n_places);
    let mut w = writer(out, "places")?;
    for p in 0..n_places {
        let s = source_of(p, n_places);
        let id = format!("pl-{:06}", p + 1);
        let name = g.place_name();
        let country = g.rng.below(COUNTRIES.len());
        let kind = if p == 0 {
            "region"
        } else {
            g.rng.pick(PLACE_KINDS)
        };
        let parent = if p == 0 {
            String::new()
        } else {
            places
                .get(p / 8)
                .map_or(String::new(), |x: &Place| x.id.clone())
        };
        let sentence = format!(
            "{name} lies in {}, where residents described a tense week.",
            COUNTRIES[country].1
        );
        let ev = g.state(s, &sentence, None);
        w.row(&[
            ("id", &id),
            ("name", &name),
            ("kind", kind),
            ("country", COUNTRIES[country].0),
            ("parent", &parent),
            ("evidence", &ev),
        ])?;
        places.push(Place { id, name, country });
    }
    w.flush()?;

    // events, with an initiator and a second actor each
    let mut event_excerpts = Vec::with_capacity(n);
    let mut w = writer(out, "events")?;
    let mut w_roles = writer(out, "event_actors")?;
    for e in 0..n {
        let s = source_of(e, n);
        let id = format!("e-{:07}", e + 1);
        let (kind, verb) = g.rng.pick(EVENT_TYPES);
        let a = g.rng.below(actors.len());
        let b = (a + 1 + g.rng.below(actors.len() - 1)) % actors.len();
        let day = published[s] - Duration::days(g.rng.below(60) as i64);
        let when = fuzzy(&mut g.rng, day);
        let place = g.rng.chance(80).then(|| g.rng.below(places.len()));
        let near = place.map_or(String::new(), |p| format!(" near {}", places[p].name));
        let sentence = format!(
            "{}, {} {verb} {}{near}, in what officials logged as incident {}.",
            when.phrase,
            actors[a].name,
            actors[b].name,
            e + 1
        );
        let ev = g.state(s, &sentence, None);
        let evidence = if g.rng.chance(10) {
            format!("{ev};{}", source_rows[s].evidence)
        } else {
            ev.clone()
        };
        event_excerpts.push(ev);
        let title = format!(
            "{} {verb} {} (incident {})",
            actors[a].name,
            actors[b].name,
            e + 1
        );
        let summary = if g.rng.chance(80) {
            format!("{} {verb} {}{near}.", actors[a].name, actors[b].name)
        } else {
            String::new()
        };
        let country = match place {
            Some(p) => COUNTRIES[places[p].country].0,
            None => COUNTRIES[g.rng.below(COUNTRIES.len())].0,
        };
        let note = match when.precision {
            "approximate" => "The text says 'around'.",
            "decade" => "The text names only the decade.",
            _ => "",
        };
        w.row(&[
            ("id", &id),
            ("title", &title),
            ("summary", &summary),
            ("type", kind),
            ("start", &when.start),
            ("end", &when.end),
            ("precision", when.precision),
            ("place", place.map_or("", |p| places[p].id.as_str())),
            ("country", country),
            ("status", g.rng.pick(STATUSES)),
            ("date_note", note),
            ("evidence", &evidence),
        ])?;
        w_roles.row(&[
            ("event", &id),
            ("actor", &actors[a].id),
            ("role", "initiator"),
        ])?;
        let role = g.rng.pick(ROLES_SECOND);
        w_roles.row(&[("event", &id), ("actor", &actors[b].id), ("role", role)])?;
    }
    w.flush()?;
    w_roles.flush()?;

    // assets and deployments
    let mut assets = Vec::with_capacity(n_assets);
    rows_of(out, "assets", n_assets, source_of, |w, i, s| {
        let id = format!("as-{:06}", i + 1);
        let (kind, label) = g.rng.pick(ASSET_KINDS);
        let p = g.rng.below(places.len());
        let name = format!(
            "{} {label} {}",
            places[p].name.split(' ').nth(1).expect("two words"),
            i + 1
        );
        let op = g.rng.below(actors.len());
        let department = format!("{} Department", places[p].name);
        let sentence = format!(
            "The {name}, run by the {}, sits in {department}.",
            actors[op].name
        );
        let ev = g.state(s, &sentence, None);
        w.row(&[
            ("id", &id),
            ("name", &name),
            ("kind", kind),
            ("operator", &actors[op].id),
            ("place", &places[p].id),
            ("department", &department),
            ("country", COUNTRIES[places[p].country].0),
            (
                "description",
                &format!("A {kind} named in dispatch {}.", s + 1),
            ),
            ("evidence", &ev),
        ])?;
        assets.push((id, name));
        Ok(())
    })?;

    rows_of(out, "deployments", n_deployments, source_of, |w, i, s| {
        let (asset_id, asset_name) = &assets[g.rng.below(assets.len())];
        let op = g.rng.below(actors.len());
        let unit = g.rng.pick(DEPLOY_UNITS);
        let v = g.rng.range(2, 5000) as u64;
        let (text, qualifier) = match g.rng.below(3) {
            0 => (grouped(v), "exact"),
            1 => (format!("about {}", grouped(v)), "approximately"),
            _ => (format!("more than {}", grouped(v)), "more_than"),
        };
        let day = published[s] - Duration::days(g.rng.below(30) as i64);
        let sentence = format!(
            "The {} kept {text} {unit} at the {asset_name} as of {}.",
            actors[op].name,
            words_date(day)
        );
        let ev = g.state(s, &sentence, None);
        let event = if g.rng.chance(30) {
            format!("e-{:07}", g.rng.below(n) + 1)
        } else {
            String::new()
        };
        w.row_with(
            &[
                ("id", &format!("dp-{:06}", i + 1)),
                ("asset", asset_id),
                ("operator", &actors[op].id),
                ("subject", &format!("{unit} at the {asset_name}")),
                ("value", &v.to_string()),
                ("unit", unit),
            ],
            &measure(&text, qualifier, &iso(day), &event, &ev),
        )?;
        Ok(())
    })?;

    // aid
    rows_of(out, "aid", n_aid, source_of, |w, i, s| {
        let donor = g.rng.below(actors.len());
        let recipient = (donor + 1 + g.rng.below(actors.len() - 1)) % actors.len();
        let tenths = g.rng.range(5, 9999) as u64;
        let (amount, text, currency, usd, qualifier) = match g.rng.below(3) {
            0 => {
                let a = tenths * 100_000;
                let t = format!("${}.{} million", tenths / 10, tenths % 10);
                (a.to_string(), t, "USD", a.to_string(), "exact")
            }
            1 => {
                let a = tenths * 100_000_000;
                let t = format!("COP {} million", grouped(tenths * 100));
                (a.to_string(), t, "COP", String::new(), "approximately")
            }
            _ => (
                String::new(),
                "billions of dollars".to_string(),
                "USD",
                String::new(),
                "order_of_magnitude",
            ),
        };
        let year = published[s].year();
        let purpose = format!(
            "programme {} in {}",
            i + 1,
            places[g.rng.below(places.len())].name
        );
        let sentence = format!(
            "The {} committed {text} to the {} for {purpose} in {year}.",
            actors[donor].name, actors[recipient].name
        );
        let ev = g.state(s, &sentence, None);
        w.row_with(
            &[
                ("id", &format!("aid-{:06}", i + 1)),
                ("amount", &amount),
                ("currency", currency),
                ("usd_amount", &usd),
                ("period_start", &year.to_string()),
                ("period_precision", "year"),
                ("donor", &actors[donor].id),
                ("recipient", &actors[recipient].id),
                ("purpose", &purpose),
                ("stage", g.rng.pick(AID_STAGES)),
                ("note", "as of the day the dispatch was published"),
            ],
            &measure(&text, qualifier, &iso(published[s]), "", &ev),
        )?;
        Ok(())
    })?;

    // figures
    rows_of(out, "figures", n_figures, source_of, |w, i, s| {
        let p = g.rng.below(places.len());
        let (value, value_max, text, unit, qualifier) = match g.rng.below(5) {
            0 => {
                let v = g.rng.range(1, 12);
                (
                    v.to_string(),
                    String::new(),
                    NUMBER_WORDS[v - 1].to_string(),
                    g.rng.pick(FIGURE_UNITS),
                    "exact",
                )
            }
            1 => {
                let v = g.rng.range(1, 99);
                (
                    v.to_string(),
                    String::new(),
                    format!("{v} percent"),
                    "percent",
                    "exact",
                )
            }
            2 => {
                let v = g.rng.range(10, 200);
                let m = v + g.rng.range(1, 50);
                (
                    v.to_string(),
                    m.to_string(),
                    format!("between {v} and {m}"),
                    g.rng.pick(FIGURE_UNITS),
                    "range",
                )
            }
            3 => {
                let v = g.rng.range(100, 90_000) as u64;
                (
                    v.to_string(),
                    String::new(),
                    format!("more than {}", grouped(v)),
                    g.rng.pick(FIGURE_UNITS),
                    "more_than",
                )
            }
            _ => {
                let v = g.rng.range(13, 90_000) as u64;
                (
                    v.to_string(),
                    String::new(),
                    grouped(v),
                    g.rng.pick(FIGURE_UNITS),
                    "exact",
                )
            }
        };
        let day = published[s] - Duration::days(g.rng.below(20) as i64);
        let sentence = if unit == "percent" {
            format!(
                "In {}, {text} of households reported losses by {}, survey {} found.",
                places[p].name,
                words_date(day),
                i + 1
            )
        } else {
            format!(
                "Officials in {} counted {text} {unit} by {}, according to tally {}.",
                places[p].name,
                words_date(day),
                i + 1
            )
        };
        let ev = g.state(s, &sentence, None);
        let subject = if unit == "percent" {
            format!("households in {} reporting losses", places[p].name)
        } else {
            format!("{unit} counted in {}", places[p].name)
        };
        let event = if g.rng.chance(25) {
            format!("e-{:07}", i * n / n_figures.max(1) + 1)
        } else {
            String::new()
        };
        w.row_with(
            &[
                ("id", &format!("fg-{:07}", i + 1)),
                ("subject", &subject),
                ("value", &value),
                ("value_max", &value_max),
                ("unit", unit),
                ("place", &places[p].id),
            ],
            &measure(&text, qualifier, &iso(day), &event, &ev),
        )?;
        Ok(())
    })?;

    // quotes: the words inside curly quotes, the excerpt the whole sentence
    rows_of(out, "quotes", n_quotes, source_of, |w, i, s| {
        let speaker = &actors[persons[g.rng.below(persons.len())]];
        let spanish = g.rng.chance(20);
        let list = if spanish { WORDS_ES } else { WORDS_EN };
        let count = g.rng.range(7, 13);
        let mut words = String::new();
        for k in 0..count {
            if k > 0 {
                words.push(' ');
            }
            words.push_str(g.rng.pick(list));
        }
        let words = capitalised(&words);
        let (venue, venue_phrase) = match g.rng.below(4) {
            0 => ("X", " in a post on X"),
            1 => ("press conference", " at a press conference"),
            2 => ("interview", " in an interview"),
            _ => ("", ""),
        };
        let dated = g.rng.chance(80);
        let sentence = if dated {
            format!(
                "“{words}”, {} said{venue_phrase} on {}.",
                speaker.name,
                words_date(published[s])
            )
        } else {
            format!("“{words}”, {} said{venue_phrase}.", speaker.name)
        };
        let ev = g.state(s, &sentence, None);
        let event = if g.rng.chance(30) {
            format!("e-{:07}", i * n / n_quotes.max(1) + 1)
        } else {
            String::new()
        };
        let date = if dated {
            iso(published[s])
        } else {
            String::new()
        };
        w.row(&[
            ("id", &format!("q-{:07}", i + 1)),
            ("speaker", &speaker.id),
            ("words", &words),
            ("language", if spanish { "es" } else { "en" }),
            ("date", &date),
            ("date_precision", if dated { "day" } else { "unknown" }),
            ("venue", venue),
            ("event", &event),
            ("note", if spanish { "Printed in Spanish." } else { "" }),
            ("evidence", &ev),
        ])?;
        Ok(())
    })?;

    // disputes: two events' excerpts disagree
    let mut w = writer(out, "disputes")?;
    let mut w_claims = writer(out, "dispute_claims")?;
    for i in 0..n_disputes {
        let id = format!("d-{:06}", i + 1);
        let first = g.rng.below(n);
        let second = (first + 1 + g.rng.below(n - 1)) % n;
        let kind = if source_of(first, n) == source_of(second, n) {
            "within_source"
        } else {
            "between_sources"
        };
        w.row(&[
            ("id", &id),
            (
                "topic",
                &format!("Who started incidents {} and {}", first + 1, second + 1),
            ),
            ("kind", kind),
            ("what_differs", "The two reports name different initiators."),
        ])?;
        for e in [first, second] {
            let claim = format!(
                "Incident {} was started as the report of dispatch {} says.",
                e + 1,
                source_of(e, n) + 1
            );
            w_claims.row(&[
                ("dispute", &id),
                ("claim", &claim),
                ("evidence", &event_excerpts[e]),
            ])?;
        }
    }
    w.flush()?;
    w_claims.flush()?;

    // the end of each text: a typo, sometimes damaged encoding, the boilerplate again
    let mut w = writer(out, "data_notes")?;
    let mut w_ignore = writer(out, "coverage_ignore")?;
    let mut notes = 0;
    let mut note =
        |w: &mut SeedWriter, src: &str, kind: &str, found: &str, reading: &str, ev: &str| {
            notes += 1;
            w.row(&[
                ("id", &format!("dn-{notes:07}")),
                ("source", src),
                ("kind", kind),
                ("found", found),
                ("reading", reading),
                ("evidence", ev),
            ])
        };
    for (s, row) in source_rows.iter().enumerate() {
        let src = row.id.clone();
        let ev = g.state(
            s,
            &format!("The goverment declined to comment on dispatch {}.", s + 1),
            None,
        );
        note(&mut w, &src, "typo", "goverment", "government", &ev)?;
        if s % 5 == 0 {
            let ev = g.state(
                s,
                "Residents of BogotĂˇ said the week was calm.",
                Some("BogotĂˇ"),
            );
            note(&mut w, &src, "mojibake", "BogotĂˇ", "Bogotá", &ev)?;
        }
        g.line(s, BOILERPLATE);
        g.para[s] = 3;
        let end = g.texts[s].len();
        g.excerpts.push(Span {
            source: s,
            start: end - BOILERPLATE.len(),
            len: BOILERPLATE.len(),
        });
        let ev = excerpt_id(g.excerpts.len() - 1);
        note(&mut w, &src, "boilerplate", BOILERPLATE, "", &ev)?;
        g.texts[s].push('\n');
        for token in ["Report", "Filed"] {
            w_ignore.row(&[
                ("source", &src),
                ("token", token),
                ("reason", "a word of the layout, not a fact"),
            ])?;
        }
    }
    w.flush()?;
    w_ignore.flush()?;

    // the excerpts, each with `occurrence` where its text occurs more than once
    let mut w = writer(out, "excerpts")?;
    let mut repeated = 0;
    for (i, x) in g.excerpts.iter().enumerate() {
        let body = &g.texts[x.source];
        let text = &body[x.start..x.start + x.len];
        let (nth, all) = occurrence(body, text, x.start);
        let occurrence = if all > 1 {
            repeated += 1;
            nth.to_string()
        } else {
            String::new()
        };
        w.row(&[
            ("id", &excerpt_id(i)),
            ("source", &source_rows[x.source].id),
            ("text", text),
            ("occurrence", &occurrence),
        ])?;
    }
    w.flush()?;

    let mut w = writer(out, "sources")?;
    for (s, row) in source_rows.iter().enumerate() {
        let path = out.join("articles").join(&row.file);
        fs::write(&path, &g.texts[s]).with_context(|| format!("writing {}", path.display()))?;
        let (precision, note) = if row.approximate {
            (
                "approximate",
                "The dateline gives the filing day; the page may have been updated later.",
            )
        } else {
            ("day", "")
        };
        w.row(&[
            ("id", &row.id),
            ("file", &row.file),
            (
                "sha256",
                &crisisdb::seeds::sha256_hex(g.texts[s].as_bytes()),
            ),
            ("outlet", row.outlet),
            ("author", &row.author),
            ("title", &row.title),
            ("published", &row.published),
            ("published_precision", precision),
            ("published_note", note),
            ("language", row.language),
            (
                "reliability",
                "Synthetic text generated for benchmarks; trust nothing in it.",
            ),
            ("evidence", &row.evidence),
        ])?;
    }
    w.flush()?;

    let path = out.join("import.sql");
    fs::write(&path, shell_import::script())
        .with_context(|| format!("writing {}", path.display()))?;

    let mut summary = String::new();
    let _ = write!(
        summary,
        "wrote {}: {n} events, {n_sources} sources, {} excerpts ({repeated} with occurrence), {n_actors} actors, {n_places} places, {n_quotes} quotes, {n_figures} figures",
        out.display(),
        g.excerpts.len()
    );
    eprintln!("{summary}");
    Ok(())
}
