-- The vocabulary table becomes the one list of the values each enumerated column may take.
-- V1 wrote each list again in a CHECK of its column; SQLite cannot drop a CHECK, so every table
-- with such a column is made again without it (same columns in the same order, STRICT, the
-- same keys, other checks and indexes), and triggers reject a value that vocabulary does not
-- list for the column's domain. Adding a value is then one INSERT INTO vocabulary in a new
-- migration. facts.kind keeps its CHECK: its values are the fact tables themselves.
--
-- crisisdb runs migrations with foreign keys off (see db.rs and migrations/README.md) and
-- proves them after. legacy_alter_table keeps the renames below from touching views and
-- triggers, which already name the final tables.
PRAGMA legacy_alter_table = ON;

CREATE TABLE sources_v4 (
    id                  TEXT PRIMARY KEY,
    fact_id             INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    file                TEXT NOT NULL UNIQUE,
    sha256              TEXT NOT NULL CHECK (length(sha256) = 64),
    outlet              TEXT,
    author              TEXT,
    title               TEXT,
    published_start     TEXT CHECK (published_start IS NULL OR date(published_start) IS published_start),
    published_end       TEXT CHECK (published_end IS NULL OR date(published_end) IS published_end),
    published_precision TEXT NOT NULL,
    published_note      TEXT,
    language            TEXT NOT NULL,
    reliability         TEXT NOT NULL,
    text                TEXT NOT NULL,
    CHECK (published_end >= published_start)
) STRICT;
INSERT INTO sources_v4 SELECT * FROM sources;
DROP TABLE sources;
ALTER TABLE sources_v4 RENAME TO sources;

CREATE TABLE actors_v4 (
    id          TEXT PRIMARY KEY,
    fact_id     INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    country     TEXT REFERENCES countries(code),
    description TEXT
) STRICT;
INSERT INTO actors_v4 SELECT * FROM actors;
DROP TABLE actors;
ALTER TABLE actors_v4 RENAME TO actors;

CREATE TABLE actor_titles_v4 (
    title_id        INTEGER PRIMARY KEY,
    fact_id         INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    actor_id        TEXT NOT NULL REFERENCES actors(id),
    title           TEXT NOT NULL,
    as_of_start     TEXT CHECK (as_of_start IS NULL OR date(as_of_start) IS as_of_start),
    as_of_end       TEXT CHECK (as_of_end IS NULL OR date(as_of_end) IS as_of_end),
    as_of_precision TEXT NOT NULL
) STRICT;
INSERT INTO actor_titles_v4 SELECT * FROM actor_titles;
DROP TABLE actor_titles;
ALTER TABLE actor_titles_v4 RENAME TO actor_titles;
CREATE INDEX actor_titles_actor ON actor_titles(actor_id);

CREATE TABLE places_v4 (
    id        TEXT PRIMARY KEY,
    fact_id   INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    country   TEXT REFERENCES countries(code),
    parent_id TEXT REFERENCES places(id)
) STRICT;
INSERT INTO places_v4 SELECT * FROM places;
DROP TABLE places;
ALTER TABLE places_v4 RENAME TO places;

CREATE TABLE events_v4 (
    id            TEXT PRIMARY KEY,
    fact_id       INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    title         TEXT NOT NULL,
    summary       TEXT,
    type          TEXT NOT NULL,
    start_date    TEXT CHECK (start_date IS NULL OR date(start_date) IS start_date),
    end_date      TEXT CHECK (end_date IS NULL OR date(end_date) IS end_date),
    precision     TEXT NOT NULL,
    reported_date TEXT CHECK (reported_date IS NULL OR date(reported_date) IS reported_date),
    place_id      TEXT REFERENCES places(id),
    country       TEXT REFERENCES countries(code),
    status        TEXT NOT NULL,
    date_note     TEXT,
    CHECK (end_date >= start_date),
    CHECK ((precision = 'unknown') = (start_date IS NULL))
) STRICT;
INSERT INTO events_v4 SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_v4 RENAME TO events;
CREATE INDEX events_start ON events(start_date);
CREATE INDEX events_type ON events(type, start_date);

CREATE TABLE event_actors_v4 (
    event_id TEXT NOT NULL REFERENCES events(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    role     TEXT NOT NULL,
    note     TEXT,
    PRIMARY KEY (event_id, actor_id, role)
) STRICT;
INSERT INTO event_actors_v4 SELECT * FROM event_actors;
DROP TABLE event_actors;
ALTER TABLE event_actors_v4 RENAME TO event_actors;
CREATE INDEX event_actors_actor ON event_actors(actor_id);

CREATE TABLE assets_v4 (
    id          TEXT PRIMARY KEY,
    fact_id     INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    operator_id TEXT REFERENCES actors(id),
    place_id    TEXT REFERENCES places(id),
    department  TEXT,
    country     TEXT REFERENCES countries(code),
    description TEXT
) STRICT;
INSERT INTO assets_v4 SELECT * FROM assets;
DROP TABLE assets;
ALTER TABLE assets_v4 RENAME TO assets;

CREATE TABLE deployments_v4 (
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
    unit            TEXT NOT NULL,
    qualifier       TEXT,
    as_of_start     TEXT CHECK (as_of_start IS NULL OR date(as_of_start) IS as_of_start),
    as_of_end       TEXT CHECK (as_of_end IS NULL OR date(as_of_end) IS as_of_end),
    as_of_precision TEXT NOT NULL,
    event_id        TEXT REFERENCES events(id),
    note            TEXT
) STRICT;
INSERT INTO deployments_v4 SELECT * FROM deployments;
DROP TABLE deployments;
ALTER TABLE deployments_v4 RENAME TO deployments;

CREATE TABLE aid_v4 (
    id               TEXT PRIMARY KEY,
    fact_id          INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    amount           ANY CHECK (typeof(amount) IN ('integer', 'real', 'null')),
    amount_max       ANY CHECK (typeof(amount_max) IN ('integer', 'real', 'null')),
    value_text       TEXT,
    currency         TEXT CHECK (currency IS NULL OR (length(currency) = 3 AND currency = upper(currency))),
    usd_amount       ANY CHECK (typeof(usd_amount) IN ('integer', 'real', 'null')),
    period_start     TEXT CHECK (period_start IS NULL OR date(period_start) IS period_start),
    period_end       TEXT CHECK (period_end IS NULL OR date(period_end) IS period_end),
    period_precision TEXT NOT NULL,
    donor_id         TEXT REFERENCES actors(id),
    recipient_id     TEXT REFERENCES actors(id),
    purpose          TEXT,
    stage            TEXT NOT NULL,
    qualifier        TEXT,
    as_of_start      TEXT CHECK (as_of_start IS NULL OR date(as_of_start) IS as_of_start),
    as_of_end        TEXT CHECK (as_of_end IS NULL OR date(as_of_end) IS as_of_end),
    as_of_precision  TEXT NOT NULL,
    event_id         TEXT REFERENCES events(id),
    note             TEXT
) STRICT;
INSERT INTO aid_v4 SELECT * FROM aid;
DROP TABLE aid;
ALTER TABLE aid_v4 RENAME TO aid;

CREATE TABLE figures_v4 (
    id              TEXT PRIMARY KEY,
    fact_id         INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    subject         TEXT NOT NULL,
    value           ANY CHECK (typeof(value) IN ('integer', 'real', 'null')),
    value_max       ANY CHECK (typeof(value_max) IN ('integer', 'real', 'null')),
    value_text      TEXT,
    unit            TEXT NOT NULL CHECK (unit = lower(unit)),
    qualifier       TEXT,
    as_of_start     TEXT CHECK (as_of_start IS NULL OR date(as_of_start) IS as_of_start),
    as_of_end       TEXT CHECK (as_of_end IS NULL OR date(as_of_end) IS as_of_end),
    as_of_precision TEXT NOT NULL,
    place_id        TEXT REFERENCES places(id),
    event_id        TEXT REFERENCES events(id),
    note            TEXT
) STRICT;
INSERT INTO figures_v4 SELECT * FROM figures;
DROP TABLE figures;
ALTER TABLE figures_v4 RENAME TO figures;

CREATE TABLE quotes_v4 (
    id             TEXT PRIMARY KEY,
    fact_id        INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    speaker_id     TEXT NOT NULL REFERENCES actors(id),
    words          TEXT NOT NULL,
    language       TEXT NOT NULL CHECK (length(language) = 2 AND language = lower(language)),
    date_start     TEXT CHECK (date_start IS NULL OR date(date_start) IS date_start),
    date_end       TEXT CHECK (date_end IS NULL OR date(date_end) IS date_end),
    date_precision TEXT NOT NULL,
    venue          TEXT,
    event_id       TEXT REFERENCES events(id),
    note           TEXT
) STRICT;
INSERT INTO quotes_v4 SELECT * FROM quotes;
DROP TABLE quotes;
ALTER TABLE quotes_v4 RENAME TO quotes;
CREATE INDEX quotes_speaker ON quotes(speaker_id);

CREATE TABLE disputes_v4 (
    id           TEXT PRIMARY KEY,
    topic        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    what_differs TEXT NOT NULL,
    note         TEXT
) STRICT;
INSERT INTO disputes_v4 SELECT * FROM disputes;
DROP TABLE disputes;
ALTER TABLE disputes_v4 RENAME TO disputes;

CREATE TABLE data_notes_v4 (
    id        TEXT PRIMARY KEY,
    fact_id   INTEGER NOT NULL UNIQUE REFERENCES facts(fact_id),
    source_id TEXT NOT NULL REFERENCES sources(id),
    kind      TEXT NOT NULL,
    found     TEXT NOT NULL,
    reading   TEXT,
    note      TEXT
) STRICT;
INSERT INTO data_notes_v4 SELECT * FROM data_notes;
DROP TABLE data_notes;
ALTER TABLE data_notes_v4 RENAME TO data_notes;

PRAGMA legacy_alter_table = OFF;

-- sources_fts reads sources by rowid, which the copy above need not keep.
INSERT INTO sources_fts (sources_fts) VALUES ('rebuild');

-- One trigger per table and statement: a value of an enumerated column must be in vocabulary
-- (NULL stays allowed where the column allows it, as the CHECKs did).
CREATE TRIGGER sources_vocabulary_insert BEFORE INSERT ON sources BEGIN
    SELECT RAISE(ABORT, 'sources.published_precision is not a value of vocabulary date_precision') WHERE NEW.published_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.published_precision);
END;
CREATE TRIGGER sources_vocabulary_update BEFORE UPDATE ON sources BEGIN
    SELECT RAISE(ABORT, 'sources.published_precision is not a value of vocabulary date_precision') WHERE NEW.published_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.published_precision);
END;
CREATE TRIGGER actors_vocabulary_insert BEFORE INSERT ON actors BEGIN
    SELECT RAISE(ABORT, 'actors.kind is not a value of vocabulary actor_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'actor_kind' AND value = NEW.kind);
END;
CREATE TRIGGER actors_vocabulary_update BEFORE UPDATE ON actors BEGIN
    SELECT RAISE(ABORT, 'actors.kind is not a value of vocabulary actor_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'actor_kind' AND value = NEW.kind);
END;
CREATE TRIGGER actor_titles_vocabulary_insert BEFORE INSERT ON actor_titles BEGIN
    SELECT RAISE(ABORT, 'actor_titles.as_of_precision is not a value of vocabulary date_precision') WHERE NEW.as_of_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.as_of_precision);
END;
CREATE TRIGGER actor_titles_vocabulary_update BEFORE UPDATE ON actor_titles BEGIN
    SELECT RAISE(ABORT, 'actor_titles.as_of_precision is not a value of vocabulary date_precision') WHERE NEW.as_of_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.as_of_precision);
END;
CREATE TRIGGER places_vocabulary_insert BEFORE INSERT ON places BEGIN
    SELECT RAISE(ABORT, 'places.kind is not a value of vocabulary place_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'place_kind' AND value = NEW.kind);
END;
CREATE TRIGGER places_vocabulary_update BEFORE UPDATE ON places BEGIN
    SELECT RAISE(ABORT, 'places.kind is not a value of vocabulary place_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'place_kind' AND value = NEW.kind);
END;
CREATE TRIGGER events_vocabulary_insert BEFORE INSERT ON events BEGIN
    SELECT RAISE(ABORT, 'events.type is not a value of vocabulary event_type') WHERE NEW.type IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'event_type' AND value = NEW.type);
    SELECT RAISE(ABORT, 'events.precision is not a value of vocabulary date_precision') WHERE NEW.precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.precision);
    SELECT RAISE(ABORT, 'events.status is not a value of vocabulary event_status') WHERE NEW.status IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'event_status' AND value = NEW.status);
END;
CREATE TRIGGER events_vocabulary_update BEFORE UPDATE ON events BEGIN
    SELECT RAISE(ABORT, 'events.type is not a value of vocabulary event_type') WHERE NEW.type IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'event_type' AND value = NEW.type);
    SELECT RAISE(ABORT, 'events.precision is not a value of vocabulary date_precision') WHERE NEW.precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.precision);
    SELECT RAISE(ABORT, 'events.status is not a value of vocabulary event_status') WHERE NEW.status IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'event_status' AND value = NEW.status);
END;
CREATE TRIGGER event_actors_vocabulary_insert BEFORE INSERT ON event_actors BEGIN
    SELECT RAISE(ABORT, 'event_actors.role is not a value of vocabulary actor_role') WHERE NEW.role IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'actor_role' AND value = NEW.role);
END;
CREATE TRIGGER event_actors_vocabulary_update BEFORE UPDATE ON event_actors BEGIN
    SELECT RAISE(ABORT, 'event_actors.role is not a value of vocabulary actor_role') WHERE NEW.role IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'actor_role' AND value = NEW.role);
END;
CREATE TRIGGER assets_vocabulary_insert BEFORE INSERT ON assets BEGIN
    SELECT RAISE(ABORT, 'assets.kind is not a value of vocabulary asset_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'asset_kind' AND value = NEW.kind);
END;
CREATE TRIGGER assets_vocabulary_update BEFORE UPDATE ON assets BEGIN
    SELECT RAISE(ABORT, 'assets.kind is not a value of vocabulary asset_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'asset_kind' AND value = NEW.kind);
END;
CREATE TRIGGER deployments_vocabulary_insert BEFORE INSERT ON deployments BEGIN
    SELECT RAISE(ABORT, 'deployments.unit is not a value of vocabulary deployment_unit') WHERE NEW.unit IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'deployment_unit' AND value = NEW.unit);
    SELECT RAISE(ABORT, 'deployments.qualifier is not a value of vocabulary qualifier') WHERE NEW.qualifier IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'qualifier' AND value = NEW.qualifier);
    SELECT RAISE(ABORT, 'deployments.as_of_precision is not a value of vocabulary date_precision') WHERE NEW.as_of_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.as_of_precision);
END;
CREATE TRIGGER deployments_vocabulary_update BEFORE UPDATE ON deployments BEGIN
    SELECT RAISE(ABORT, 'deployments.unit is not a value of vocabulary deployment_unit') WHERE NEW.unit IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'deployment_unit' AND value = NEW.unit);
    SELECT RAISE(ABORT, 'deployments.qualifier is not a value of vocabulary qualifier') WHERE NEW.qualifier IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'qualifier' AND value = NEW.qualifier);
    SELECT RAISE(ABORT, 'deployments.as_of_precision is not a value of vocabulary date_precision') WHERE NEW.as_of_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.as_of_precision);
END;
CREATE TRIGGER aid_vocabulary_insert BEFORE INSERT ON aid BEGIN
    SELECT RAISE(ABORT, 'aid.period_precision is not a value of vocabulary date_precision') WHERE NEW.period_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.period_precision);
    SELECT RAISE(ABORT, 'aid.stage is not a value of vocabulary aid_stage') WHERE NEW.stage IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'aid_stage' AND value = NEW.stage);
    SELECT RAISE(ABORT, 'aid.qualifier is not a value of vocabulary qualifier') WHERE NEW.qualifier IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'qualifier' AND value = NEW.qualifier);
    SELECT RAISE(ABORT, 'aid.as_of_precision is not a value of vocabulary date_precision') WHERE NEW.as_of_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.as_of_precision);
END;
CREATE TRIGGER aid_vocabulary_update BEFORE UPDATE ON aid BEGIN
    SELECT RAISE(ABORT, 'aid.period_precision is not a value of vocabulary date_precision') WHERE NEW.period_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.period_precision);
    SELECT RAISE(ABORT, 'aid.stage is not a value of vocabulary aid_stage') WHERE NEW.stage IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'aid_stage' AND value = NEW.stage);
    SELECT RAISE(ABORT, 'aid.qualifier is not a value of vocabulary qualifier') WHERE NEW.qualifier IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'qualifier' AND value = NEW.qualifier);
    SELECT RAISE(ABORT, 'aid.as_of_precision is not a value of vocabulary date_precision') WHERE NEW.as_of_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.as_of_precision);
END;
CREATE TRIGGER figures_vocabulary_insert BEFORE INSERT ON figures BEGIN
    SELECT RAISE(ABORT, 'figures.qualifier is not a value of vocabulary qualifier') WHERE NEW.qualifier IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'qualifier' AND value = NEW.qualifier);
    SELECT RAISE(ABORT, 'figures.as_of_precision is not a value of vocabulary date_precision') WHERE NEW.as_of_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.as_of_precision);
END;
CREATE TRIGGER figures_vocabulary_update BEFORE UPDATE ON figures BEGIN
    SELECT RAISE(ABORT, 'figures.qualifier is not a value of vocabulary qualifier') WHERE NEW.qualifier IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'qualifier' AND value = NEW.qualifier);
    SELECT RAISE(ABORT, 'figures.as_of_precision is not a value of vocabulary date_precision') WHERE NEW.as_of_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.as_of_precision);
END;
CREATE TRIGGER quotes_vocabulary_insert BEFORE INSERT ON quotes BEGIN
    SELECT RAISE(ABORT, 'quotes.date_precision is not a value of vocabulary date_precision') WHERE NEW.date_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.date_precision);
END;
CREATE TRIGGER quotes_vocabulary_update BEFORE UPDATE ON quotes BEGIN
    SELECT RAISE(ABORT, 'quotes.date_precision is not a value of vocabulary date_precision') WHERE NEW.date_precision IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'date_precision' AND value = NEW.date_precision);
END;
CREATE TRIGGER disputes_vocabulary_insert BEFORE INSERT ON disputes BEGIN
    SELECT RAISE(ABORT, 'disputes.kind is not a value of vocabulary dispute_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'dispute_kind' AND value = NEW.kind);
END;
CREATE TRIGGER disputes_vocabulary_update BEFORE UPDATE ON disputes BEGIN
    SELECT RAISE(ABORT, 'disputes.kind is not a value of vocabulary dispute_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'dispute_kind' AND value = NEW.kind);
END;
CREATE TRIGGER data_notes_vocabulary_insert BEFORE INSERT ON data_notes BEGIN
    SELECT RAISE(ABORT, 'data_notes.kind is not a value of vocabulary data_note_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'data_note_kind' AND value = NEW.kind);
END;
CREATE TRIGGER data_notes_vocabulary_update BEFORE UPDATE ON data_notes BEGIN
    SELECT RAISE(ABORT, 'data_notes.kind is not a value of vocabulary data_note_kind') WHERE NEW.kind IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'data_note_kind' AND value = NEW.kind);
END;

-- What a reader is shown for a value: its label (every value), and for event types the family
-- the report colours it by, that family's colour and the order of its lane.
ALTER TABLE vocabulary ADD COLUMN label TEXT;
ALTER TABLE vocabulary ADD COLUMN family TEXT;
ALTER TABLE vocabulary ADD COLUMN colour TEXT;
ALTER TABLE vocabulary ADD COLUMN sort_order INTEGER;
UPDATE vocabulary SET label = replace(value, '_', ' ');
WITH shown (value, family, colour, sort_order) AS (VALUES
    ('strike', 'Force', '#0072B2', 0),
    ('military_operation', 'Force', '#0072B2', 1),
    ('deployment', 'Force', '#0072B2', 2),
    ('capture', 'Force', '#0072B2', 3),
    ('killing', 'Force', '#0072B2', 4),
    ('threat', 'Pressure', '#D55E00', 5),
    ('sanction', 'Pressure', '#D55E00', 6),
    ('visa_revocation', 'Pressure', '#D55E00', 7),
    ('tariff', 'Pressure', '#D55E00', 8),
    ('aid_cut', 'Pressure', '#D55E00', 9),
    ('decertification', 'Pressure', '#D55E00', 10),
    ('accusation', 'Words', '#E69F00', 11),
    ('statement', 'Words', '#E69F00', 12),
    ('speech', 'Words', '#E69F00', 13),
    ('interview', 'Words', '#E69F00', 14),
    ('publication', 'Words', '#E69F00', 15),
    ('call', 'Diplomacy', '#009E73', 16),
    ('meeting', 'Diplomacy', '#009E73', 17),
    ('visit', 'Diplomacy', '#009E73', 18),
    ('diplomatic', 'Diplomacy', '#009E73', 19),
    ('agreement', 'Diplomacy', '#009E73', 20),
    ('policy_order', 'Policy & programmes', '#CC79A7', 21),
    ('programme', 'Policy & programmes', '#CC79A7', 22),
    ('legal_action', 'Policy & programmes', '#CC79A7', 23),
    ('election', 'Policy & programmes', '#CC79A7', 24),
    ('protest', 'Protest & other', '#6b6b6b', 25),
    ('other', 'Protest & other', '#6b6b6b', 26)
)
UPDATE vocabulary SET family = shown.family, colour = shown.colour, sort_order = shown.sort_order
FROM shown WHERE vocabulary.domain = 'event_type' AND vocabulary.value = shown.value;

INSERT INTO schema_docs (table_name, column_name, description) VALUES
    ('vocabulary', 'label', 'the value as a reader is shown it'),
    ('vocabulary', 'family', 'event_type: the family the report groups and colours it by'),
    ('vocabulary', 'colour', 'event_type: the colour of its family in the report (#rrggbb)'),
    ('vocabulary', 'sort_order', 'event_type: the place of its lane in the report''s timeline, families in order');
