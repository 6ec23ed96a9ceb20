-- crisisdb schema, version 1.
-- Every fact row (actor, alias, title, place, event, asset, deployment, aid figure, figure,
-- quote, dispute claim, data note) has a fact_id in `facts`, and `evidence` links each fact to
-- the verbatim excerpts of the sources that state it. Dates are ISO 8601 days (YYYY-MM-DD);
-- a fuzzy date is stored as its first and last possible day plus a precision.

-- Reference data, not claims: ISO 3166-1 alpha-3 country codes used by the other tables.
CREATE TABLE countries (
    code TEXT PRIMARY KEY CHECK (length(code) = 3 AND code = upper(code)),
    name TEXT NOT NULL
) STRICT;

-- One row per fact of any kind: the anchor that evidence attaches to.
CREATE TABLE facts (
    fact_id INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('actor', 'alias', 'title', 'place', 'event', 'asset',
                'deployment', 'aid', 'figure', 'quote', 'dispute_claim', 'data_note', 'source'))
) STRICT;

-- One row per article: where it came from, how far to trust it, and its full text.
CREATE TABLE sources (
    id                  TEXT PRIMARY KEY,
    fact_id             INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    file                TEXT NOT NULL UNIQUE,
    sha256              TEXT NOT NULL CHECK (length(sha256) = 64),
    outlet              TEXT,
    author              TEXT,
    title               TEXT,
    published_start     TEXT CHECK (published_start IS NULL OR date(published_start) IS published_start),
    published_end       TEXT CHECK (published_end IS NULL OR date(published_end) IS published_end),
    published_precision TEXT NOT NULL CHECK (published_precision IN
                            ('day', 'range', 'month', 'year', 'decade', 'approximate', 'unknown')),
    published_note      TEXT,
    language            TEXT NOT NULL,
    reliability         TEXT NOT NULL,
    text                TEXT NOT NULL,
    CHECK (published_end >= published_start)
) STRICT;

-- One row per evidence span: the exact words of a source, located by character offsets
-- (0-based start, exclusive end; substr(text, char_start + 1, char_end - char_start) gives it).
CREATE TABLE excerpts (
    id         TEXT PRIMARY KEY,
    source_id  TEXT NOT NULL REFERENCES sources(id),
    char_start INTEGER NOT NULL CHECK (char_start >= 0),
    char_end   INTEGER NOT NULL,
    line       INTEGER NOT NULL CHECK (line >= 1),
    text       TEXT NOT NULL CHECK (length(text) > 0),
    note       TEXT,
    CHECK (char_end > char_start)
) STRICT;
CREATE INDEX excerpts_source ON excerpts(source_id, char_start);

-- One row per (fact, excerpt): this excerpt states (part of) this fact.
CREATE TABLE evidence (
    fact_id    INTEGER NOT NULL REFERENCES facts(fact_id),
    excerpt_id TEXT NOT NULL REFERENCES excerpts(id),
    PRIMARY KEY (fact_id, excerpt_id)
) STRICT;
CREATE INDEX evidence_excerpt ON evidence(excerpt_id);

-- The words the enumerations use, each explained: read this to know what a code means.
CREATE TABLE vocabulary (
    domain      TEXT NOT NULL,
    value       TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (domain, value)
) STRICT;

-- One row per person, government, body, force, group, outlet or programme the texts name.
CREATE TABLE actors (
    id          TEXT PRIMARY KEY,
    fact_id     INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'government', 'head_of_state_office',
                    'ministry', 'agency', 'military', 'unit', 'legislature', 'court',
                    'armed_group', 'criminal_group', 'political_party', 'media', 'organisation',
                    'international_body', 'company', 'programme', 'group')),
    country     TEXT REFERENCES countries(code),
    description TEXT
) STRICT;

-- One row per way an actor is written in the texts ("Petro", "@petrogustavo", ...).
CREATE TABLE actor_aliases (
    alias_id INTEGER PRIMARY KEY,
    fact_id  INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    alias    TEXT NOT NULL,
    UNIQUE (actor_id, alias)
) STRICT;
CREATE INDEX actor_aliases_alias ON actor_aliases(alias COLLATE NOCASE);

-- One row per title or role a text gives an actor, as of a date.
CREATE TABLE actor_titles (
    title_id        INTEGER PRIMARY KEY,
    fact_id         INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    actor_id        TEXT NOT NULL REFERENCES actors(id),
    title           TEXT NOT NULL,
    as_of_start     TEXT CHECK (as_of_start IS NULL OR date(as_of_start) IS as_of_start),
    as_of_end       TEXT CHECK (as_of_end IS NULL OR date(as_of_end) IS as_of_end),
    as_of_precision TEXT NOT NULL CHECK (as_of_precision IN
                        ('day', 'range', 'month', 'year', 'decade', 'approximate', 'unknown'))
) STRICT;
CREATE INDEX actor_titles_actor ON actor_titles(actor_id);

-- One row per named place.
CREATE TABLE places (
    id        TEXT PRIMARY KEY,
    fact_id   INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('country', 'department', 'state', 'city', 'region',
                  'sea', 'building', 'territory')),
    country   TEXT REFERENCES countries(code),
    parent_id TEXT REFERENCES places(id)
) STRICT;

-- One row per happening (done, threatened, announced, denied ...), with its date range.
CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    fact_id       INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    title         TEXT NOT NULL,
    summary       TEXT,
    type          TEXT NOT NULL CHECK (type IN ('statement', 'accusation', 'threat', 'sanction',
                      'visa_revocation', 'tariff', 'aid_cut', 'decertification', 'strike',
                      'military_operation', 'deployment', 'capture', 'killing', 'call', 'meeting',
                      'visit', 'speech', 'interview', 'protest', 'policy_order', 'agreement',
                      'programme', 'diplomatic', 'legal_action', 'election', 'publication',
                      'other')),
    start_date    TEXT CHECK (start_date IS NULL OR date(start_date) IS start_date),
    end_date      TEXT CHECK (end_date IS NULL OR date(end_date) IS end_date),
    precision     TEXT NOT NULL CHECK (precision IN
                      ('day', 'range', 'month', 'year', 'decade', 'approximate', 'unknown')),
    reported_date TEXT CHECK (reported_date IS NULL OR date(reported_date) IS reported_date),
    place_id      TEXT REFERENCES places(id),
    country       TEXT REFERENCES countries(code),
    status        TEXT NOT NULL CHECK (status IN ('announced', 'threatened', 'carried_out',
                      'denied', 'reversed', 'considered', 'alleged', 'planned', 'ongoing')),
    date_note     TEXT,
    CHECK (end_date >= start_date),
    CHECK ((precision = 'unknown') = (start_date IS NULL))
) STRICT;
CREATE INDEX events_start ON events(start_date);
CREATE INDEX events_type ON events(type, start_date);

-- One row per (event, actor, role): who did what in an event.
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    role     TEXT NOT NULL CHECK (role IN ('initiator', 'target', 'speaker', 'victim',
                 'participant', 'subject', 'reporter', 'beneficiary', 'host', 'mentioned')),
    note     TEXT,
    PRIMARY KEY (event_id, actor_id, role)
) STRICT;
CREATE INDEX event_actors_actor ON event_actors(actor_id);

-- One row per military base, ship, aircraft type, drone, unit or force the texts name.
CREATE TABLE assets (
    id          TEXT PRIMARY KEY,
    fact_id     INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('base', 'ship', 'submarine', 'aircraft', 'drone',
                    'unit', 'force', 'weapon')),
    operator_id TEXT REFERENCES actors(id),
    place_id    TEXT REFERENCES places(id),
    department  TEXT,
    country     TEXT REFERENCES countries(code),
    description TEXT
) STRICT;

-- One row per reported count of personnel or equipment somewhere, as of a date.
CREATE TABLE deployments (
    id              TEXT PRIMARY KEY,
    fact_id         INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    asset_id        TEXT REFERENCES assets(id),
    operator_id     TEXT REFERENCES actors(id),
    subject         TEXT NOT NULL,
    place_id        TEXT REFERENCES places(id),
    country         TEXT REFERENCES countries(code),
    value           ANY CHECK (typeof(value) IN ('integer', 'real', 'null')),
    value_max       ANY CHECK (typeof(value_max) IN ('integer', 'real', 'null')),
    value_text      TEXT,
    unit            TEXT NOT NULL CHECK (unit IN ('personnel', 'troops', 'contractors', 'sailors',
                        'ships', 'submarines', 'aircraft', 'drones', 'squadrons', 'bases')),
    qualifier       TEXT CHECK (qualifier IN ('exact', 'approximately', 'close_to',
                        'nearly', 'at_least', 'more_than', 'up_to', 'below', 'range',
                        'order_of_magnitude')),
    as_of_start     TEXT CHECK (as_of_start IS NULL OR date(as_of_start) IS as_of_start),
    as_of_end       TEXT CHECK (as_of_end IS NULL OR date(as_of_end) IS as_of_end),
    as_of_precision TEXT NOT NULL CHECK (as_of_precision IN
                        ('day', 'range', 'month', 'year', 'decade', 'approximate', 'unknown')),
    event_id        TEXT REFERENCES events(id),
    note            TEXT
) STRICT;

-- One row per amount of money: aid, funding, cooperation values, cuts.
CREATE TABLE aid (
    id               TEXT PRIMARY KEY,
    fact_id          INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    amount           ANY CHECK (typeof(amount) IN ('integer', 'real', 'null')),
    amount_max       ANY CHECK (typeof(amount_max) IN ('integer', 'real', 'null')),
    value_text       TEXT,
    currency         TEXT CHECK (currency IS NULL OR (length(currency) = 3 AND currency = upper(currency))),
    usd_amount       ANY CHECK (typeof(usd_amount) IN ('integer', 'real', 'null')),
    period_start     TEXT CHECK (period_start IS NULL OR date(period_start) IS period_start),
    period_end       TEXT CHECK (period_end IS NULL OR date(period_end) IS period_end),
    period_precision TEXT NOT NULL CHECK (period_precision IN
                         ('day', 'range', 'month', 'year', 'decade', 'approximate', 'unknown')),
    donor_id         TEXT REFERENCES actors(id),
    recipient_id     TEXT REFERENCES actors(id),
    purpose          TEXT,
    stage            TEXT NOT NULL CHECK (stage IN ('assistance', 'funding', 'projected',
                         'allotted', 'suspended', 'cut', 'cooperation_value')),
    qualifier        TEXT CHECK (qualifier IN ('exact', 'approximately', 'close_to',
                         'nearly', 'at_least', 'more_than', 'up_to', 'below', 'range',
                         'order_of_magnitude')),
    as_of_start      TEXT CHECK (as_of_start IS NULL OR date(as_of_start) IS as_of_start),
    as_of_end        TEXT CHECK (as_of_end IS NULL OR date(as_of_end) IS as_of_end),
    as_of_precision  TEXT NOT NULL CHECK (as_of_precision IN
                         ('day', 'range', 'month', 'year', 'decade', 'approximate', 'unknown')),
    event_id         TEXT REFERENCES events(id),
    note             TEXT
) STRICT;

-- One row per other reported number: deaths, strikes, deportations, percentages ...
CREATE TABLE figures (
    id              TEXT PRIMARY KEY,
    fact_id         INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    subject         TEXT NOT NULL,
    value           ANY CHECK (typeof(value) IN ('integer', 'real', 'null')),
    value_max       ANY CHECK (typeof(value_max) IN ('integer', 'real', 'null')),
    value_text      TEXT,
    unit            TEXT NOT NULL CHECK (unit = lower(unit)),
    qualifier       TEXT CHECK (qualifier IN ('exact', 'approximately', 'close_to',
                        'nearly', 'at_least', 'more_than', 'up_to', 'below', 'range',
                        'order_of_magnitude')),
    as_of_start     TEXT CHECK (as_of_start IS NULL OR date(as_of_start) IS as_of_start),
    as_of_end       TEXT CHECK (as_of_end IS NULL OR date(as_of_end) IS as_of_end),
    as_of_precision TEXT NOT NULL CHECK (as_of_precision IN
                        ('day', 'range', 'month', 'year', 'decade', 'approximate', 'unknown')),
    place_id        TEXT REFERENCES places(id),
    event_id        TEXT REFERENCES events(id),
    note            TEXT
) STRICT;

-- One row per direct quotation: who said which words, when and where.
CREATE TABLE quotes (
    id             TEXT PRIMARY KEY,
    fact_id        INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    speaker_id     TEXT NOT NULL REFERENCES actors(id),
    words          TEXT NOT NULL,
    language       TEXT NOT NULL CHECK (length(language) = 2 AND language = lower(language)),
    date_start     TEXT CHECK (date_start IS NULL OR date(date_start) IS date_start),
    date_end       TEXT CHECK (date_end IS NULL OR date(date_end) IS date_end),
    date_precision TEXT NOT NULL CHECK (date_precision IN
                       ('day', 'range', 'month', 'year', 'decade', 'approximate', 'unknown')),
    venue          TEXT,
    event_id       TEXT REFERENCES events(id),
    note           TEXT
) STRICT;
CREATE INDEX quotes_speaker ON quotes(speaker_id);

-- One row per point on which the excerpts disagree.
CREATE TABLE disputes (
    id           TEXT PRIMARY KEY,
    topic        TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('between_sources', 'within_source')),
    what_differs TEXT NOT NULL,
    note         TEXT
) STRICT;

-- One row per side of a dispute: what one or more excerpts claim.
CREATE TABLE dispute_claims (
    claim_id   INTEGER PRIMARY KEY,
    fact_id    INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    dispute_id TEXT NOT NULL REFERENCES disputes(id),
    claim      TEXT NOT NULL
) STRICT;
CREATE INDEX dispute_claims_dispute ON dispute_claims(dispute_id);

-- One row per flaw in a source text: typo, damaged encoding, garbled text, boilerplate.
CREATE TABLE data_notes (
    id        TEXT PRIMARY KEY,
    fact_id   INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    source_id TEXT NOT NULL REFERENCES sources(id),
    kind      TEXT NOT NULL CHECK (kind IN ('typo', 'misspelling', 'mojibake', 'garbled',
                  'boilerplate', 'paywall', 'ai_generated', 'editorial_insertion',
                  'duplicate_text')),
    found     TEXT NOT NULL,
    reading   TEXT,
    note      TEXT
) STRICT;

-- One row per token the coverage check may leave uncovered, with the reason.
CREATE TABLE coverage_ignore (
    source_id TEXT NOT NULL REFERENCES sources(id),
    token     TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (source_id, token)
) STRICT;

-- How this database was built: crisisdb version, seeds digest, seeds origin.
CREATE TABLE build_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- One row per table or column: what it means, in words (column_name '' = the table itself).
CREATE TABLE schema_docs (
    table_name  TEXT NOT NULL,
    column_name TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (table_name, column_name)
) STRICT;

-- Full-text indexes over the article texts and the excerpts (Datasette finds them by name).
CREATE VIRTUAL TABLE sources_fts USING fts5(
    title, text, content = 'sources', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE excerpts_fts USING fts5(
    text, content = 'excerpts', tokenize = 'unicode61 remove_diacritics 2'
);
