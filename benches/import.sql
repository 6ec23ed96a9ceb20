-- The sqlite3 shell's way to the database `crisisdb build --seeds DIR` makes, for the
-- benchmark's side-by-side (benches/run): `.import` the same seed files, then fill the same
-- schema (migrations/V*.sql, run before this file) with INSERT ... SELECT. No validation: no
-- reference, vocabulary, date or verbatim check beyond the schema's own CHECKs, and foreign
-- keys stay off as the shell leaves them. It computes what crisisdb computes (fact ids,
-- evidence links, excerpt character offsets and lines, the `occurrence`-th match, dates
-- resolved to days, events' reported dates, the full-text indexes), so both databases hold
-- the same rows. Run from inside the seeds folder (readfile() reads articles/ from there):
--
--   { echo 'BEGIN;'; cat migrations/V*.sql; echo 'COMMIT;'; cat benches/import.sql; } \
--     | (cd SEEDS && sqlite3 DB)

.bail on
.import --csv --schema temp countries.csv stg_countries
.import --csv --schema temp sources.csv stg_sources
.import --csv --schema temp excerpts.csv stg_excerpts
.import --csv --schema temp actors.csv stg_actors
.import --csv --schema temp actor_aliases.csv stg_actor_aliases
.import --csv --schema temp actor_titles.csv stg_actor_titles
.import --csv --schema temp places.csv stg_places
.import --csv --schema temp events.csv stg_events
.import --csv --schema temp event_actors.csv stg_event_actors
.import --csv --schema temp assets.csv stg_assets
.import --csv --schema temp deployments.csv stg_deployments
.import --csv --schema temp aid.csv stg_aid
.import --csv --schema temp figures.csv stg_figures
.import --csv --schema temp quotes.csv stg_quotes
.import --csv --schema temp disputes.csv stg_disputes
.import --csv --schema temp dispute_claims.csv stg_dispute_claims
.import --csv --schema temp data_notes.csv stg_data_notes
.import --csv --schema temp coverage_ignore.csv stg_coverage_ignore

BEGIN;

-- Fact ids are numbered in load order, as crisisdb numbers them: `base` holds the last one.
CREATE TEMP TABLE base (n INTEGER NOT NULL);
INSERT INTO base VALUES (0);

-- `evidence` cells are `;`-separated excerpt ids (lowercase letters, digits, `-`): json_each
-- splits them once they are written as a JSON array.

INSERT INTO countries (code, name) SELECT code, name FROM stg_countries;

INSERT INTO facts (fact_id, kind) SELECT rowid, 'source' FROM stg_sources;
INSERT INTO sources (id, fact_id, file, sha256, outlet, author, title, published_start,
                     published_end, published_precision, published_note, language, reliability, text)
SELECT id, rowid, file, sha256, nullif(outlet, ''), nullif(author, ''), nullif(title, ''),
       CASE WHEN published = '' THEN NULL
            WHEN length(published) = 4 THEN published || '-01-01'
            WHEN length(published) = 7 THEN published || '-01'
            ELSE published END,
       CASE WHEN published = '' THEN NULL
            WHEN published_precision = 'decade' THEN (CAST(published AS INTEGER) + 9) || '-12-31'
            WHEN length(published) = 4 THEN published || '-12-31'
            WHEN length(published) = 7 THEN date(published || '-01', '+1 month', '-1 day')
            ELSE published END,
       published_precision, nullif(published_note, ''), language, reliability,
       CAST(readfile('articles/' || file) AS TEXT)
FROM stg_sources;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

-- Excerpts: the character position of the first match, or of the `occurrence`-th.
CREATE TEMP TABLE excerpt_at (r INTEGER PRIMARY KEY, at INTEGER NOT NULL);
INSERT INTO excerpt_at (r, at)
WITH RECURSIVE occ (r, k, want, at) AS (
    SELECT x.rowid, 1, CAST(x.occurrence AS INTEGER), instr(s.text, x.text)
    FROM stg_excerpts x JOIN sources s ON s.id = x.source
    WHERE x.occurrence <> ''
    UNION ALL
    SELECT o.r, o.k + 1, o.want, o.at + instr(substr(s.text, o.at + 1), x.text)
    FROM occ o JOIN stg_excerpts x ON x.rowid = o.r JOIN sources s ON s.id = x.source
    WHERE o.k < o.want
)
SELECT r, at FROM occ WHERE k = want;
INSERT INTO excerpt_at (r, at)
SELECT x.rowid, instr(s.text, x.text)
FROM stg_excerpts x JOIN sources s ON s.id = x.source
WHERE x.occurrence = '';
INSERT INTO excerpts (id, source_id, char_start, char_end, line, text, note)
SELECT x.id, x.source, a.at - 1, a.at - 1 + length(x.text),
       length(substr(s.text, 1, a.at - 1)) - length(replace(substr(s.text, 1, a.at - 1), char(10), '')) + 1,
       x.text, nullif(x.note, '')
FROM stg_excerpts x JOIN excerpt_at a ON a.r = x.rowid JOIN sources s ON s.id = x.source;

INSERT INTO evidence (fact_id, excerpt_id)
SELECT s.rowid, j.value FROM stg_sources s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j
WHERE s.evidence <> '';

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'actor' FROM stg_actors;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_actors s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO actors (id, fact_id, name, kind, country, description)
SELECT id, (SELECT n FROM base) + rowid, name, kind, nullif(country, ''), nullif(description, '')
FROM stg_actors;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'alias' FROM stg_actor_aliases;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_actor_aliases s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO actor_aliases (fact_id, actor_id, alias)
SELECT (SELECT n FROM base) + rowid, actor, alias FROM stg_actor_aliases;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'title' FROM stg_actor_titles;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_actor_titles s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO actor_titles (fact_id, actor_id, title, as_of_start, as_of_end, as_of_precision)
SELECT (SELECT n FROM base) + rowid, actor, title,
       CASE WHEN as_of = '' THEN NULL WHEN length(as_of) = 4 THEN as_of || '-01-01'
            WHEN length(as_of) = 7 THEN as_of || '-01' ELSE as_of END,
       CASE WHEN as_of = '' THEN NULL
            WHEN as_of_precision = 'decade' THEN (CAST(as_of AS INTEGER) + 9) || '-12-31'
            WHEN length(as_of) = 4 THEN as_of || '-12-31'
            WHEN length(as_of) = 7 THEN date(as_of || '-01', '+1 month', '-1 day') ELSE as_of END,
       as_of_precision
FROM stg_actor_titles;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'place' FROM stg_places;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_places s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO places (id, fact_id, name, kind, country, parent_id)
SELECT id, (SELECT n FROM base) + rowid, name, kind, nullif(country, ''), nullif(parent, '')
FROM stg_places;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'event' FROM stg_events;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_events s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO events (id, fact_id, title, summary, type, start_date, end_date, precision,
                    reported_date, place_id, country, status, date_note)
SELECT id, (SELECT n FROM base) + rowid, title, nullif(summary, ''), type,
       CASE WHEN start = '' THEN NULL WHEN length(start) = 4 THEN start || '-01-01'
            WHEN length(start) = 7 THEN start || '-01' ELSE start END,
       CASE WHEN start = '' THEN NULL
            WHEN precision = 'range' THEN "end"
            WHEN precision = 'decade' THEN (CAST(start AS INTEGER) + 9) || '-12-31'
            ELSE CASE length(coalesce(nullif("end", ''), start))
                 WHEN 4 THEN coalesce(nullif("end", ''), start) || '-12-31'
                 WHEN 7 THEN date(coalesce(nullif("end", ''), start) || '-01', '+1 month', '-1 day')
                 ELSE coalesce(nullif("end", ''), start) END END,
       precision,
       (SELECT min(src.published_start) FROM evidence v
        JOIN excerpts x ON x.id = v.excerpt_id JOIN sources src ON src.id = x.source_id
        WHERE v.fact_id = (SELECT n FROM base) + stg_events.rowid),
       nullif(place, ''), nullif(country, ''), status, nullif(date_note, '')
FROM stg_events;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO event_actors (event_id, actor_id, role, note)
SELECT event, actor, role, nullif(note, '') FROM stg_event_actors;

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'asset' FROM stg_assets;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_assets s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO assets (id, fact_id, name, kind, operator_id, place_id, department, country, description)
SELECT id, (SELECT n FROM base) + rowid, name, kind, nullif(operator, ''), nullif(place, ''),
       nullif(department, ''), nullif(country, ''), nullif(description, '')
FROM stg_assets;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

-- A number cell: an integer, a real with `.`, or NULL when empty.
INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'deployment' FROM stg_deployments;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_deployments s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO deployments (id, fact_id, asset_id, operator_id, subject, place_id, country, value,
                         value_max, value_text, unit, qualifier, as_of_start, as_of_end,
                         as_of_precision, event_id, note)
SELECT id, (SELECT n FROM base) + rowid, nullif(asset, ''), nullif(operator, ''), subject,
       nullif(place, ''), nullif(country, ''),
       CASE WHEN value = '' THEN NULL WHEN instr(value, '.') THEN CAST(value AS REAL) ELSE CAST(value AS INTEGER) END,
       CASE WHEN value_max = '' THEN NULL WHEN instr(value_max, '.') THEN CAST(value_max AS REAL) ELSE CAST(value_max AS INTEGER) END,
       nullif(value_text, ''), unit, nullif(qualifier, ''),
       CASE WHEN as_of = '' THEN NULL WHEN length(as_of) = 4 THEN as_of || '-01-01'
            WHEN length(as_of) = 7 THEN as_of || '-01' ELSE as_of END,
       CASE WHEN as_of = '' THEN NULL
            WHEN as_of_precision = 'decade' THEN (CAST(as_of AS INTEGER) + 9) || '-12-31'
            WHEN length(as_of) = 4 THEN as_of || '-12-31'
            WHEN length(as_of) = 7 THEN date(as_of || '-01', '+1 month', '-1 day') ELSE as_of END,
       as_of_precision, nullif(event, ''), nullif(note, '')
FROM stg_deployments;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'aid' FROM stg_aid;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_aid s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO aid (id, fact_id, amount, amount_max, value_text, currency, usd_amount, period_start,
                 period_end, period_precision, donor_id, recipient_id, purpose, stage, qualifier,
                 as_of_start, as_of_end, as_of_precision, event_id, note)
SELECT id, (SELECT n FROM base) + rowid,
       CASE WHEN amount = '' THEN NULL WHEN instr(amount, '.') THEN CAST(amount AS REAL) ELSE CAST(amount AS INTEGER) END,
       CASE WHEN amount_max = '' THEN NULL WHEN instr(amount_max, '.') THEN CAST(amount_max AS REAL) ELSE CAST(amount_max AS INTEGER) END,
       nullif(value_text, ''), nullif(currency, ''),
       CASE WHEN usd_amount = '' THEN NULL WHEN instr(usd_amount, '.') THEN CAST(usd_amount AS REAL) ELSE CAST(usd_amount AS INTEGER) END,
       CASE WHEN period_start = '' THEN NULL WHEN length(period_start) = 4 THEN period_start || '-01-01'
            WHEN length(period_start) = 7 THEN period_start || '-01' ELSE period_start END,
       CASE WHEN period_start = '' THEN NULL
            WHEN period_precision = 'range' THEN period_end
            WHEN period_precision = 'decade' THEN (CAST(period_start AS INTEGER) + 9) || '-12-31'
            ELSE CASE length(coalesce(nullif(period_end, ''), period_start))
                 WHEN 4 THEN coalesce(nullif(period_end, ''), period_start) || '-12-31'
                 WHEN 7 THEN date(coalesce(nullif(period_end, ''), period_start) || '-01', '+1 month', '-1 day')
                 ELSE coalesce(nullif(period_end, ''), period_start) END END,
       period_precision, nullif(donor, ''), nullif(recipient, ''), nullif(purpose, ''), stage,
       nullif(qualifier, ''),
       CASE WHEN as_of = '' THEN NULL WHEN length(as_of) = 4 THEN as_of || '-01-01'
            WHEN length(as_of) = 7 THEN as_of || '-01' ELSE as_of END,
       CASE WHEN as_of = '' THEN NULL
            WHEN as_of_precision = 'decade' THEN (CAST(as_of AS INTEGER) + 9) || '-12-31'
            WHEN length(as_of) = 4 THEN as_of || '-12-31'
            WHEN length(as_of) = 7 THEN date(as_of || '-01', '+1 month', '-1 day') ELSE as_of END,
       as_of_precision, nullif(event, ''), nullif(note, '')
FROM stg_aid;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'figure' FROM stg_figures;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_figures s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO figures (id, fact_id, subject, value, value_max, value_text, unit, qualifier,
                     as_of_start, as_of_end, as_of_precision, place_id, event_id, note)
SELECT id, (SELECT n FROM base) + rowid, subject,
       CASE WHEN value = '' THEN NULL WHEN instr(value, '.') THEN CAST(value AS REAL) ELSE CAST(value AS INTEGER) END,
       CASE WHEN value_max = '' THEN NULL WHEN instr(value_max, '.') THEN CAST(value_max AS REAL) ELSE CAST(value_max AS INTEGER) END,
       nullif(value_text, ''), unit, nullif(qualifier, ''),
       CASE WHEN as_of = '' THEN NULL WHEN length(as_of) = 4 THEN as_of || '-01-01'
            WHEN length(as_of) = 7 THEN as_of || '-01' ELSE as_of END,
       CASE WHEN as_of = '' THEN NULL
            WHEN as_of_precision = 'decade' THEN (CAST(as_of AS INTEGER) + 9) || '-12-31'
            WHEN length(as_of) = 4 THEN as_of || '-12-31'
            WHEN length(as_of) = 7 THEN date(as_of || '-01', '+1 month', '-1 day') ELSE as_of END,
       as_of_precision, nullif(place, ''), nullif(event, ''), nullif(note, '')
FROM stg_figures;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'quote' FROM stg_quotes;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_quotes s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO quotes (id, fact_id, speaker_id, words, language, date_start, date_end,
                    date_precision, venue, event_id, note)
SELECT id, (SELECT n FROM base) + rowid, speaker, words, language,
       CASE WHEN date = '' THEN NULL WHEN length(date) = 4 THEN date || '-01-01'
            WHEN length(date) = 7 THEN date || '-01' ELSE date END,
       CASE WHEN date = '' THEN NULL
            WHEN date_precision = 'decade' THEN (CAST(date AS INTEGER) + 9) || '-12-31'
            WHEN length(date) = 4 THEN date || '-12-31'
            WHEN length(date) = 7 THEN date(date || '-01', '+1 month', '-1 day') ELSE date END,
       date_precision, nullif(venue, ''), nullif(event, ''), nullif(note, '')
FROM stg_quotes;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO disputes (id, topic, kind, what_differs, note)
SELECT id, topic, kind, what_differs, nullif(note, '') FROM stg_disputes;

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'dispute_claim' FROM stg_dispute_claims;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_dispute_claims s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO dispute_claims (fact_id, dispute_id, claim)
SELECT (SELECT n FROM base) + rowid, dispute, claim FROM stg_dispute_claims;
UPDATE base SET n = (SELECT max(fact_id) FROM facts);

INSERT INTO facts (fact_id, kind) SELECT (SELECT n FROM base) + rowid, 'data_note' FROM stg_data_notes;
INSERT INTO evidence (fact_id, excerpt_id)
SELECT (SELECT n FROM base) + s.rowid, j.value FROM stg_data_notes s, json_each('["' || replace(s.evidence, ';', '","') || '"]') j;
INSERT INTO data_notes (id, fact_id, source_id, kind, found, reading, note)
SELECT id, (SELECT n FROM base) + rowid, source, kind, found, nullif(reading, ''), nullif(note, '')
FROM stg_data_notes;

INSERT INTO coverage_ignore (source_id, token, reason)
SELECT source, token, reason FROM stg_coverage_ignore;

INSERT INTO build_info (key, value) VALUES ('seeds_origin', 'sqlite3 shell import');

-- as sql/internal/rebuild_fts.sql
INSERT INTO sources_fts (sources_fts) VALUES ('rebuild');
INSERT INTO excerpts_fts (excerpts_fts) VALUES ('rebuild');

COMMIT;
