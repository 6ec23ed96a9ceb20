//! Each seed file declared once: its columns with their types, whether they are required, the
//! table their ids name, the vocabulary their values come from, and where they go in the
//! database. The loader reads, checks and inserts from this; the tests, the fuzz target, the
//! seed generator (examples/genseeds.rs) and the seed-format docs (seeds/README.md, `docs`)
//! take their lists from it too. Checks that belong to one table only live in `checks/`.

use std::fmt::Write as _;

use super::checks;

/// What a cell holds; the loader checks each kind the same way wherever it appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// Any text.
    Text,
    /// The row's id: lowercase letters, digits, `-` and `_`, unique within the file.
    Id,
    /// A number: digits with an optional `.` decimal part, no separators.
    Number,
    /// A written date (`2025-10-19`, `2025-10`, `2025`, `1980`) read with the `precision` column
    /// (and the `end` column, if it has one); stored as its first and last day in `into`.
    Date {
        end: Option<&'static str>,
        precision: &'static str,
        into: (&'static str, &'static str),
    },
    /// The end of a range of dates (see `Date`).
    DateEnd,
    /// How exactly a date is known: one of `crate::dates::PRECISIONS`.
    Precision,
    /// Excerpt ids separated by `;`: what the row's fact rests on.
    Evidence,
}

/// When a cell must not be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Never,
    Always,
    /// when any of these columns of the row has a value
    With(&'static [&'static str]),
}

/// One column of a seed file.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: Type,
    pub required: Required,
    /// the seed table (by name) whose id the cell names
    pub refers: Option<&'static str>,
    /// the vocabulary domain (the database's `vocabulary` table) its value comes from
    pub vocab: Option<&'static str>,
    /// how the text must be written (an ISO code, lowercase)
    pub form: Option<Form>,
    /// the database column it is stored in; `None`: only checked (or stored by its `Date`)
    pub db: Option<&'static str>,
    /// what it holds, for seeds/README.md
    pub doc: &'static str,
}

const fn col(name: &'static str) -> Column {
    Column {
        name,
        ty: Type::Text,
        required: Required::Never,
        refers: None,
        vocab: None,
        form: None,
        db: Some(name),
        doc: "",
    }
}

impl Column {
    const fn required(self) -> Column {
        Column {
            required: Required::Always,
            ..self
        }
    }
    const fn required_with(self, columns: &'static [&'static str]) -> Column {
        Column {
            required: Required::With(columns),
            ..self
        }
    }
    const fn ty(self, ty: Type) -> Column {
        Column { ty, ..self }
    }
    const fn id(self) -> Column {
        self.ty(Type::Id).required()
    }
    const fn number(self) -> Column {
        self.ty(Type::Number)
    }
    /// names a row of seed table `table`, stored in column `db`
    const fn refers(self, table: &'static str, db: &'static str) -> Column {
        Column {
            refers: Some(table),
            db: Some(db),
            ..self
        }
    }
    const fn vocab(self, domain: &'static str) -> Column {
        Column {
            vocab: Some(domain),
            ..self
        }
    }
    const fn date(
        self,
        end: Option<&'static str>,
        precision: &'static str,
        into: (&'static str, &'static str),
    ) -> Column {
        Column {
            db: None,
            ..self.ty(Type::Date {
                end,
                precision,
                into,
            })
        }
    }
    const fn date_end(self) -> Column {
        Column {
            db: None,
            ..self.ty(Type::DateEnd)
        }
    }
    const fn precision(self) -> Column {
        Column {
            db: None,
            ..self.ty(Type::Precision)
        }
    }
    const fn evidence(self) -> Column {
        Column {
            db: None,
            ..self.ty(Type::Evidence).required()
        }
    }
    const fn optional(self) -> Column {
        Column {
            required: Required::Never,
            ..self
        }
    }
    const fn form(self, form: Form) -> Column {
        Column {
            form: Some(form),
            ..self
        }
    }
    const fn checked_only(self) -> Column {
        Column { db: None, ..self }
    }
    const fn doc(self, doc: &'static str) -> Column {
        Column { doc, ..self }
    }
}

/// A way a cell must be written, with the message that says so when it is not.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    pub test: fn(&str) -> bool,
    pub message: &'static str,
}

/// Whether `s` is `n` ASCII letters, all capitals (`upper`) or all small.
fn letters(s: &str, n: usize, upper: bool) -> bool {
    s.len() == n
        && s.bytes().all(|b| {
            if upper {
                b.is_ascii_uppercase()
            } else {
                b.is_ascii_lowercase()
            }
        })
}

const ISO_3166: Form = Form {
    test: |s| letters(s, 3, true),
    message: "not an ISO 3166-1 alpha-3 code (three capital letters)",
};
const ISO_4217: Form = Form {
    test: |s| letters(s, 3, true),
    message: "not an ISO 4217 code (three capital letters, e.g. USD)",
};
const ISO_639: Form = Form {
    test: |s| letters(s, 2, false),
    message: "write an ISO 639-1 code (e.g. en, es)",
};
const ISO_639_LIST: Form = Form {
    test: |s| s.split(';').all(|c| letters(c, 2, false)),
    message: "write ISO 639-1 codes separated by `;` (e.g. en;es)",
};
const LOWERCASE: Form = Form {
    test: |s| s == s.to_lowercase(),
    message: "write units in lowercase (e.g. deaths, percent)",
};

/// Whether a seeds folder must have the file, and rows in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// may be left out
    Optional,
    /// must be there, with its header; may have no rows
    Header,
    /// must be there with at least one row
    Rows,
}

/// One seed file and the table it fills.
pub struct SeedFile {
    /// the file in the seeds folder (`aid.csv`)
    pub file: &'static str,
    /// the table its rows go to; other files' `refers` name it by this
    pub table: &'static str,
    /// one line on what a row is, for seeds/README.md
    pub about: &'static str,
    pub presence: Presence,
    /// the columns whose cells together are unique within the file
    pub key: &'static [&'static str],
    /// each row is a fact of this kind (`facts.kind`), with its own `fact_id`
    pub fact: Option<&'static str>,
    /// the column whose text must occur word for word in one of the row's evidence excerpts
    pub verbatim: Option<&'static str>,
    pub columns: &'static [Column],
    /// database columns the loader computes, with what they hold
    pub computed: &'static [(&'static str, &'static str)],
    /// the checks of this table alone, after the generic ones (see `checks`)
    pub(crate) check: Option<checks::Check>,
    /// checks over the whole file once its rows are in
    pub(crate) after: Option<checks::After>,
}

const FILE: SeedFile = SeedFile {
    file: "",
    table: "",
    about: "",
    presence: Presence::Header,
    key: &["id"],
    fact: None,
    verbatim: None,
    columns: &[],
    computed: &[],
    check: None,
    after: None,
};

const NOTE: Column = col("note");
const EVIDENCE: Column = col("evidence").evidence();
const COUNTRY: Column = col("country")
    .refers("countries", "country")
    .doc("ISO 3166-1 alpha-3 code, or empty");
const EVENT: Column = col("event").refers("events", "event_id");
const PLACE: Column = col("place").refers("places", "place_id");
const VALUE_TEXT: Column =
    col("value_text").doc("the number exactly as written in the evidence (\"more than 4,000\")");
const AS_OF: Column = col("as_of").date(None, "as_of_precision", ("as_of_start", "as_of_end"));
const AS_OF_PRECISION: Column = col("as_of_precision").precision();
const DATE_NOTE: &str = "how the date was worked out when its excerpts do not print it (a relative date such as \"Wednesday\", a year from elsewhere)";

/// What an excerpt supports of a fact: the `role` an `evidence` cell gives it after `@`
/// (`ex-a4-012@date`); without one, the excerpt states the fact. The values are the
/// database's vocabulary `evidence_role`.
pub const ROLE_MARK: char = '@';
/// The role of an excerpt named without one.
pub const STATES: &str = "states";

/// The seed files in the order they load: a file comes after every file its rows name.
pub static SEED_FILES: &[SeedFile] = &[
    SeedFile {
        file: "countries.csv",
        table: "countries",
        about: "reference data: ISO 3166-1 alpha-3 codes (not claims)",
        key: &["code"],
        columns: &[
            col("code")
                .required()
                .form(ISO_3166)
                .doc("ISO 3166-1 alpha-3 (three capital letters)"),
            col("name").required().doc("English short name"),
        ],
        ..FILE
    },
    SeedFile {
        file: "sources.csv",
        table: "sources",
        about: "the manifest: one row per article",
        presence: Presence::Rows,
        fact: Some("source"),
        columns: &[
            col("id").id(),
            col("file").required().doc("the path under `articles/`"),
            col("sha256")
                .required()
                .doc("the SHA-256 of the file (the loader checks it)"),
            col("outlet").doc("only as the text states it; empty when it does not"),
            col("author").doc("only as the text states it; empty when it does not"),
            col("title"),
            col("published").date(
                None,
                "published_precision",
                ("published_start", "published_end"),
            ),
            col("published_precision").precision(),
            col("published_note").doc("how the date was inferred"),
            col("language")
                .required()
                .form(ISO_639_LIST)
                .doc("ISO 639-1 codes separated by `;` (`en;es`)"),
            col("reliability")
                .required()
                .doc("a sentence on what to trust (AI-written outlet, paywall cut, compiled page)"),
            col("evidence")
                .evidence()
                .optional()
                .doc("the excerpts the manifest's own facts rest on"),
        ],
        computed: &[("text", "the article's text")],
        check: Some(checks::sources::source),
        ..FILE
    },
    SeedFile {
        file: "excerpts.csv",
        table: "excerpts",
        about: "evidence spans: verbatim text of a source",
        presence: Presence::Rows,
        columns: &[
            col("id").id(),
            col("source").required().refers("sources", "source_id"),
            col("text").required().doc(
                "occurs verbatim (byte for byte, curly quotes and damaged characters included) in the source",
            ),
            col("occurrence").checked_only().doc(
                "which occurrence (1 = first) when the text occurs more than once; otherwise empty",
            ),
            NOTE,
        ],
        computed: &[
            ("char_start", "characters before the excerpt in its source"),
            ("char_end", "char_start plus its length in characters"),
            ("line", "the source's line where it starts"),
        ],
        check: Some(checks::sources::excerpt),
        ..FILE
    },
    SeedFile {
        file: "actors.csv",
        table: "actors",
        about: "people, governments, bodies, forces, groups, outlets, programmes",
        fact: Some("actor"),
        columns: &[
            col("id").id(),
            col("name")
                .required()
                .doc("the canonical full name as the texts give it"),
            col("kind").required().vocab("actor_kind"),
            col("country")
                .refers("countries", "country")
                .doc("ISO 3166-1 alpha-3, or empty (international bodies)"),
            col("description"),
            EVIDENCE,
        ],
        ..FILE
    },
    SeedFile {
        file: "actor_aliases.csv",
        table: "actor_aliases",
        about: "every name or spelling an actor goes by in the texts",
        key: &["actor", "alias"],
        fact: Some("alias"),
        verbatim: Some("alias"),
        columns: &[
            col("actor").required().refers("actors", "actor_id"),
            col("alias").required(),
            EVIDENCE,
        ],
        ..FILE
    },
    SeedFile {
        file: "actor_titles.csv",
        table: "actor_titles",
        about: "titles and roles the texts give an actor, and when",
        key: &[],
        fact: Some("title"),
        verbatim: Some("title"),
        columns: &[
            col("actor").required().refers("actors", "actor_id"),
            col("title").required().doc("as written"),
            AS_OF,
            AS_OF_PRECISION,
            col("as_of_note").doc(DATE_NOTE),
            EVIDENCE,
        ],
        ..FILE
    },
    SeedFile {
        file: "places.csv",
        table: "places",
        about: "named places",
        fact: Some("place"),
        columns: &[
            col("id").id(),
            col("name").required(),
            col("kind").required().vocab("place_kind"),
            COUNTRY,
            col("parent").refers("places", "parent_id"),
            EVIDENCE,
        ],
        ..FILE
    },
    SeedFile {
        file: "events.csv",
        table: "events",
        about: "what happened (or was threatened, announced, denied ...)",
        fact: Some("event"),
        columns: &[
            col("id").id(),
            col("title").required(),
            col("summary"),
            col("type").required().vocab("event_type"),
            col("start").date(Some("end"), "precision", ("start_date", "end_date")),
            col("end").date_end(),
            col("precision").precision(),
            PLACE,
            COUNTRY,
            col("status").required().vocab("event_status"),
            col("date_note").doc(DATE_NOTE),
            EVIDENCE,
        ],
        computed: &[
            (
                "reported_start",
                "the first day of the publication window of its earliest source",
            ),
            ("reported_end", "the last day of that window"),
            ("reported_precision", "`day`, `month` or `range`"),
            ("reported_date", "that day, when the window is one day"),
        ],
        check: Some(checks::facts::event),
        ..FILE
    },
    SeedFile {
        file: "event_actors.csv",
        table: "event_actors",
        about: "who took part in an event, and in what role",
        key: &["event", "actor", "role"],
        columns: &[
            col("event").required().refers("events", "event_id"),
            col("actor").required().refers("actors", "actor_id"),
            col("role").required().vocab("actor_role"),
            NOTE,
        ],
        ..FILE
    },
    SeedFile {
        file: "assets.csv",
        table: "assets",
        about: "military bases, ships, aircraft, drones, units, forces",
        fact: Some("asset"),
        columns: &[
            col("id").id(),
            col("name").required(),
            col("kind").required().vocab("asset_kind"),
            col("operator").refers("actors", "operator_id"),
            PLACE,
            col("department").doc("as written in the text"),
            COUNTRY,
            col("description"),
            EVIDENCE,
        ],
        ..FILE
    },
    SeedFile {
        file: "deployments.csv",
        table: "deployments",
        about: "counts of personnel and equipment, where and as of when",
        fact: Some("deployment"),
        verbatim: Some("value_text"),
        columns: &[
            col("id").id(),
            col("asset").refers("assets", "asset_id"),
            col("operator").refers("actors", "operator_id"),
            col("subject").required().doc("what is counted, in words"),
            PLACE,
            COUNTRY,
            col("value").number(),
            col("value_max").number().doc("the upper end of a range"),
            VALUE_TEXT,
            col("unit").required().vocab("deployment_unit"),
            col("qualifier")
                .vocab("qualifier")
                .required_with(&["value", "value_text"]),
            AS_OF,
            AS_OF_PRECISION,
            EVENT,
            NOTE,
            EVIDENCE,
        ],
        ..FILE
    },
    SeedFile {
        file: "aid.csv",
        table: "aid",
        about: "money: aid, funding, cooperation values",
        fact: Some("aid"),
        verbatim: Some("value_text"),
        columns: &[
            col("id").id(),
            col("amount").number(),
            col("amount_max").number().doc("the upper end of a range"),
            VALUE_TEXT,
            col("currency")
                .form(ISO_4217)
                .doc("ISO 4217 (`USD`, `COP`)"),
            col("usd_amount")
                .number()
                .doc("only where the text gives a USD figure"),
            col("period_start").date(
                Some("period_end"),
                "period_precision",
                ("period_start", "period_end"),
            ),
            col("period_end").date_end(),
            col("period_precision").precision(),
            col("donor").refers("actors", "donor_id"),
            col("recipient").refers("actors", "recipient_id"),
            col("purpose"),
            col("stage").required().vocab("aid_stage"),
            col("qualifier")
                .vocab("qualifier")
                .required_with(&["amount", "value_text"]),
            AS_OF,
            AS_OF_PRECISION,
            EVENT,
            NOTE,
            EVIDENCE,
        ],
        ..FILE
    },
    SeedFile {
        file: "figures.csv",
        table: "figures",
        about: "other numbers: deaths, strikes, deportations, percentages ...",
        fact: Some("figure"),
        verbatim: Some("value_text"),
        columns: &[
            col("id").id(),
            col("subject").required(),
            col("value")
                .number()
                .doc("a plain number: 85 with unit `percent`, not 0.85"),
            col("value_max").number().doc("the upper end of a range"),
            VALUE_TEXT,
            col("unit")
                .required()
                .form(LOWERCASE)
                .doc("free text in the plural, lowercase (`deaths`, `strikes`, `percent`)"),
            col("qualifier")
                .vocab("qualifier")
                .required_with(&["value", "value_text"]),
            AS_OF,
            AS_OF_PRECISION,
            PLACE,
            EVENT,
            NOTE,
            EVIDENCE,
        ],
        ..FILE
    },
    SeedFile {
        file: "quotes.csv",
        table: "quotes",
        about: "direct quotations",
        fact: Some("quote"),
        verbatim: Some("words"),
        columns: &[
            col("id").id(),
            col("speaker").required().refers("actors", "speaker_id"),
            col("words").required(),
            col("language").required().form(ISO_639).doc(
                "ISO 639-1 code of the words as printed; say in `note` when the text says they were spoken in another",
            ),
            col("date").date(None, "date_precision", ("date_start", "date_end")),
            col("date_precision").precision(),
            col("venue"),
            EVENT,
            col("part_of")
                .refers("quotes", "part_of")
                .doc("the quote whose words this fragment's words are part of"),
            NOTE,
            EVIDENCE,
        ],
        ..FILE
    },
    SeedFile {
        file: "disputes.csv",
        table: "disputes",
        about: "points on which excerpts disagree",
        columns: &[
            col("id").id(),
            col("topic").required(),
            col("kind").required().vocab("dispute_kind"),
            col("what_differs").required(),
            NOTE,
        ],
        ..FILE
    },
    SeedFile {
        file: "dispute_claims.csv",
        table: "dispute_claims",
        about: "each side of a dispute, with its evidence (at least two per dispute)",
        key: &[],
        fact: Some("dispute_claim"),
        columns: &[
            col("dispute").required().refers("disputes", "dispute_id"),
            col("claim").required(),
            EVIDENCE,
        ],
        after: Some(checks::facts::two_sides),
        ..FILE
    },
    SeedFile {
        file: "data_notes.csv",
        table: "data_notes",
        about: "typos, damaged encoding, garbled text, boilerplate in a source",
        fact: Some("data_note"),
        verbatim: Some("found"),
        columns: &[
            col("id").id(),
            col("source").required().refers("sources", "source_id"),
            col("kind").required().vocab("data_note_kind"),
            col("found").required(),
            col("reading").doc("the repaired text (empty for boilerplate)"),
            NOTE,
            col("evidence")
                .evidence()
                .doc("excerpts of the row's own source"),
        ],
        check: Some(checks::facts::data_note),
        ..FILE
    },
    SeedFile {
        file: "coverage_ignore.csv",
        table: "coverage_ignore",
        about: "tokens `crisisdb check` may leave uncovered, with the reason",
        presence: Presence::Optional,
        key: &["source", "token"],
        columns: &[
            col("source").required().refers("sources", "source_id"),
            col("token")
                .required()
                .doc("a number, date or capitalised name of the source"),
            col("reason").required(),
        ],
        ..FILE
    },
];

/// The seed file that fills `table`.
pub fn seed_file(table: &str) -> &'static SeedFile {
    SEED_FILES
        .iter()
        .find(|f| f.table == table)
        .unwrap_or_else(|| panic!("no seed file for table {table}"))
}

impl SeedFile {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> &Column {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{} has no column {name}", self.file))
    }

    /// The id column, when the file's key is one `Id` column.
    pub fn id_column(&self) -> Option<&'static str> {
        match self.key {
            [k] if self.column(k).ty == Type::Id => Some(k),
            _ => None,
        }
    }

    /// The database columns a row fills, in the order of the INSERT.
    pub fn db_columns(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.fact.is_some() {
            out.push("fact_id");
        }
        for c in self.columns {
            match c.ty {
                Type::Date {
                    precision, into, ..
                } => out.extend([into.0, into.1, precision]),
                _ => out.extend(c.db),
            }
        }
        out.extend(self.computed.iter().map(|(c, _)| *c));
        out
    }

    /// The INSERT of one row, its values bound by name (`:usd_amount`).
    pub fn insert_sql(&self) -> String {
        insert_sql(self.table, &self.db_columns())
    }
}

/// `INSERT INTO table (a, b) VALUES (:a, :b)`.
pub fn insert_sql(table: &str, columns: &[&str]) -> String {
    let params: Vec<String> = columns.iter().map(|c| format!(":{c}")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        params.join(", ")
    )
}

/// The "Files and columns" part of seeds/README.md, made from the spec; `vocabulary(domain)`
/// gives the allowed values of a domain (the database's `vocabulary` table holds them).
pub fn markdown(vocabulary: &dyn Fn(&str) -> Vec<String>) -> String {
    let mut out = String::from(
        "```\nseeds/\n  articles/*.txt        the source texts, byte-exact as received (never edited)\n",
    );
    for f in SEED_FILES {
        let _ = writeln!(out, "  {:<21} {}", f.file, f.about);
    }
    out.push_str("```\n");
    for f in SEED_FILES {
        let _ = write!(out, "\n### {}\n{}.", f.file, capitalised(f.about));
        match f.presence {
            Presence::Optional => out.push_str(" The file may be left out."),
            Presence::Header => {}
            Presence::Rows => out.push_str(" The file needs at least one row."),
        }
        match f.key {
            [] => {}
            [k] if f.column(k).ty == Type::Id => {}
            keys => {
                let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                let _ = write!(out, " No two rows have the same {}.", keys.join(" and "));
            }
        }
        if !f.computed.is_empty() {
            let added: Vec<String> = f
                .computed
                .iter()
                .map(|(c, what)| format!("`{c}` ({what})"))
                .collect();
            let _ = write!(out, " The loader adds {}.", added.join(", "));
        }
        if let Some(v) = f.verbatim {
            let _ = write!(
                out,
                " `{v}` must occur word for word in one of the evidence excerpts."
            );
        }
        out.push_str("\n\n| column | holds | required | notes |\n|---|---|---|---|\n");
        for c in f.columns {
            let holds = match (c.ty, c.refers, c.vocab) {
                (Type::Id, ..) => "id".to_string(),
                (_, Some(t), _) => format!("an id of {}", seed_file(t).file),
                (_, _, Some(domain)) => {
                    let values: Vec<String> = vocabulary(domain)
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect();
                    format!("one of {}", values.join(", "))
                }
                (Type::Text, ..) => "text".into(),
                (Type::Number, ..) => "number".into(),
                (Type::Date { end: Some(e), .. }, ..) => format!("date (with `{e}`)"),
                (Type::Date { .. }, ..) => "date".into(),
                (Type::DateEnd, ..) => "date: the end of a range".into(),
                (Type::Precision, ..) => "date precision".into(),
                (Type::Evidence, ..) => format!(
                    "excerpt ids, `;`-separated, each with an optional `@role`: one of {}",
                    vocabulary("evidence_role")
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let required = match c.required {
                Required::Never => String::new(),
                Required::Always => "yes".into(),
                Required::With(cols) => {
                    let cols: Vec<String> = cols.iter().map(|c| format!("`{c}`")).collect();
                    format!("when {} is given", cols.join(" or "))
                }
            };
            let _ = writeln!(out, "| `{}` | {holds} | {required} | {} |", c.name, c.doc);
        }
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The "Files and columns" part of seeds/README.md, with the vocabularies of `conn` (a
/// database of the latest schema) in the order the migrations list them.
pub fn docs(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
    let mut stmt = conn.prepare("SELECT value FROM vocabulary WHERE domain = ?1 ORDER BY rowid")?;
    let mut values = std::collections::HashMap::new();
    for f in SEED_FILES {
        let roles = f
            .columns
            .iter()
            .any(|c| c.ty == Type::Evidence)
            .then_some("evidence_role");
        for domain in f.columns.iter().filter_map(|c| c.vocab).chain(roles) {
            let v: Vec<String> = stmt
                .query_map([domain], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            values.insert(domain, v);
        }
    }
    Ok(markdown(&|domain| {
        values.get(domain).cloned().unwrap_or_default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_insert_fits_its_table_in_the_schema() {
        let conn = crate::db::in_memory().unwrap();
        for f in SEED_FILES {
            let columns = f.db_columns();
            // prepared against the latest schema: every column exists
            let stmt = conn.prepare(&f.insert_sql()).unwrap();
            assert_eq!(stmt.parameter_count(), columns.len(), "{}", f.table);
            for (i, c) in columns.iter().enumerate() {
                assert_eq!(stmt.parameter_name(i + 1), Some(format!(":{c}").as_str()));
            }
            // and every column that needs a value gets one
            let mut info = conn
                .prepare("SELECT name FROM pragma_table_info(?1) WHERE \"notnull\" AND dflt_value IS NULL AND pk = 0")
                .unwrap();
            let needed: Vec<String> = info
                .query_map([f.table], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for n in needed {
                assert!(
                    columns.contains(&n.as_str()),
                    "{}.{n} gets no value",
                    f.table
                );
            }
        }
    }

    #[test]
    fn the_spec_holds_together() {
        let conn = crate::db::in_memory().unwrap();
        let domains: Vec<String> = conn
            .prepare("SELECT DISTINCT domain FROM vocabulary")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (i, f) in SEED_FILES.iter().enumerate() {
            assert_eq!(f.file, format!("{}.csv", f.table));
            for k in f.key.iter().chain(f.verbatim.iter()) {
                f.column(k);
            }
            for c in f.columns {
                if let Some(t) = c.refers {
                    // a file comes after every file it names (or names itself)
                    let at = SEED_FILES.iter().position(|g| g.table == t).unwrap();
                    assert!(at <= i, "{}.{} names {t}, loaded later", f.table, c.name);
                }
                if let Some(d) = c.vocab {
                    assert!(domains.iter().any(|x| x == d), "no vocabulary {d}");
                }
                if let Type::Date { end, precision, .. } = c.ty {
                    assert_eq!(f.column(precision).ty, Type::Precision);
                    assert!(end.is_none_or(|e| f.column(e).ty == Type::DateEnd));
                }
                if let Required::With(others) = c.required {
                    others.iter().for_each(|o| _ = f.column(o));
                }
            }
            let names: std::collections::HashSet<_> = f.columns.iter().map(|c| c.name).collect();
            assert_eq!(names.len(), f.columns.len(), "{}: a column twice", f.table);
        }
    }
}
