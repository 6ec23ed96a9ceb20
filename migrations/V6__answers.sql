-- What every canned answer shows beside a fact, defined once: its date at its precision with a
-- readable form and how it was worked out (`fact_dates`), and the disputes that touch it
-- (`fact_disputes`). Both have one row per fact and are read through the facts' unique
-- fact_id indexes, so a query that joins them on fact_id pays only for the rows it returns
-- (they are plain joins, which SQLite folds into the caller; no UNION or GROUP BY to compute
-- whole). Indexes for the filters the canned queries take. Full-text indexes that other tools
-- find, and the id `crisisdb show` reads each fact by (`fact_refs`). What an excerpt supports
-- of its fact (`evidence.role`), and the columns that say how a fact relates to another or how
-- its date was worked out. The documentation of all of them is the one insert at the end.

-- One row per fact: the date it holds for (events, quotes, figures, deployments, aid periods,
-- titles, sources' publication; NULL for the other kinds), its precision, a readable form and the note that says how
-- it was worked out.
--
-- date_text: `2025-09-26` (a day); `Oct 2025` (a month); `2025` (a year); `1960s` (a decade);
-- `24–26 Sep 2025`, `1 Aug – 19 Oct 2025`, `1998–2002` (a range); `~` before any of them when
-- the date is approximate; `unknown` when no date is known.
CREATE VIEW fact_dates AS
SELECT fact_id,
       date_start,
       date_end,
       date_precision,
       CASE
         WHEN date_start IS NULL OR date_precision = 'unknown' THEN 'unknown'
         WHEN date_precision = 'day' AND date_start = date_end THEN date_start
         ELSE CASE WHEN date_precision = 'approximate' THEN '~' ELSE '' END ||
           CASE
             -- one day
             WHEN date_start = date_end THEN d_start || ' ' || m_start || ' ' || y_start
             -- whole years: one year, a decade, or a span of years
             WHEN substr(date_start, 6, 5) = '01-01' AND substr(date_end, 6, 5) = '12-31' THEN
               CASE
                 WHEN y_start = y_end THEN y_start
                 WHEN substr(y_start, 4, 1) = '0' AND substr(y_end, 4, 1) = '9'
                      AND substr(y_start, 1, 3) = substr(y_end, 1, 3) THEN y_start || 's'
                 ELSE y_start || '–' || y_end
               END
             -- whole months: one month or a span of months
             WHEN d_start = 1 AND date_end = date(date_end, 'start of month', '+1 month', '-1 day') THEN
               CASE
                 WHEN substr(date_start, 1, 7) = substr(date_end, 1, 7) THEN m_start || ' ' || y_start
                 WHEN y_start = y_end THEN m_start || '–' || m_end || ' ' || y_end
                 ELSE m_start || ' ' || y_start || ' – ' || m_end || ' ' || y_end
               END
             -- days: within one month, within one year, or across years
             WHEN substr(date_start, 1, 7) = substr(date_end, 1, 7) THEN
               d_start || '–' || d_end || ' ' || m_end || ' ' || y_end
             WHEN y_start = y_end THEN
               d_start || ' ' || m_start || ' – ' || d_end || ' ' || m_end || ' ' || y_end
             ELSE d_start || ' ' || m_start || ' ' || y_start || ' – ' || d_end || ' ' || m_end || ' ' || y_end
           END
       END AS date_text,
       date_note
FROM (SELECT fact_id, date_start, date_end, date_precision, date_note,
             cast(substr(date_start, 9, 2) AS INTEGER) AS d_start,
             cast(substr(date_end, 9, 2) AS INTEGER) AS d_end,
             substr('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * substr(date_start, 6, 2) - 2, 3) AS m_start,
             substr('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * substr(date_end, 6, 2) - 2, 3) AS m_end,
             substr(date_start, 1, 4) AS y_start,
             substr(date_end, 1, 4) AS y_end
        FROM (SELECT f.fact_id,
                     coalesce(e.start_date, q.date_start, fi.as_of_start, dp.as_of_start, m.period_start, t.as_of_start, s.published_start) AS date_start,
                     coalesce(e.end_date, q.date_end, fi.as_of_end, dp.as_of_end, m.period_end, t.as_of_end, s.published_end) AS date_end,
                     coalesce(e.precision, q.date_precision, fi.as_of_precision, dp.as_of_precision, m.period_precision, t.as_of_precision, s.published_precision) AS date_precision,
                     coalesce(e.date_note, q.note, fi.note, dp.note, m.note, s.published_note) AS date_note
                FROM facts f
                LEFT JOIN events e        ON e.fact_id = f.fact_id
                LEFT JOIN quotes q        ON q.fact_id = f.fact_id
                LEFT JOIN figures fi      ON fi.fact_id = f.fact_id
                LEFT JOIN deployments dp  ON dp.fact_id = f.fact_id
                LEFT JOIN aid m           ON m.fact_id = f.fact_id
                LEFT JOIN actor_titles t  ON t.fact_id = f.fact_id
                LEFT JOIN sources s       ON s.fact_id = f.fact_id));

-- One row per fact: the disputes that touch it, as `id (topic)` joined by `; ` in id order
-- (NULL when none). A dispute touches a fact whose evidence overlaps one of its claims'
-- evidence (the derived table disputed_facts) and the fact that is one of its claims.
CREATE VIEW fact_disputes AS
SELECT f.fact_id,
       (SELECT group_concat(d.id || ' (' || d.topic || ')', '; ')
          FROM (SELECT dispute_id FROM disputed_facts df WHERE df.fact_id = f.fact_id
                UNION
                SELECT dispute_id FROM dispute_claims dc WHERE dc.fact_id = f.fact_id
                ORDER BY 1) t
          JOIN disputes d ON d.id = t.dispute_id) AS disputes
FROM facts f;

-- One row per fact: what every canned answer shows beside a fact, in one join: its date
-- (fact_dates), the disputes that touch it (fact_disputes) and its sources and evidence
-- (fact_citations; NULL for a fact without evidence). Each column is computed only for the rows
-- and columns a query reads.
CREATE VIEW fact_context AS
SELECT d.fact_id,
       d.date_text,
       d.date_start,
       d.date_end,
       d.date_precision,
       d.date_note,
       x.disputes,
       c.sources,
       c.evidence
FROM fact_dates d
JOIN fact_disputes x ON x.fact_id = d.fact_id
LEFT JOIN fact_citations c ON c.fact_id = d.fact_id;

-- One row per event with everything an answer shows beside it: its date at its precision and
-- how it was worked out, summary, place, actors with their roles, the disputes that touch it,
-- its sources and evidence. The canned queries `timeline` and `sanctions` pick events through
-- an index and read them here by id.
CREATE VIEW event_facts AS
SELECT e.id,
       fc.date_text AS date,
       e.start_date,
       e.end_date,
       e.precision,
       e.date_note,
       e.type,
       e.status,
       e.title,
       e.summary,
       t.place,
       t.actors,
       fc.disputes,
       fc.sources,
       fc.evidence
FROM events e
JOIN timeline t ON t.id = e.id
JOIN fact_context fc ON fc.fact_id = e.fact_id;

-- The timeline's date window. An event overlaps [from, to] when it starts by `to` and ends on
-- or after `from`; neither bound alone is selective (a week in the middle of the data). Events
-- are classed by the number of digits of their length in days (0-9 days: 1, 10-99: 2, ...), so
-- an event of class k starts at most 10^k days before `from`: per class, a bounded range of
-- this index, and the whole window costs about what its answer holds.
CREATE INDEX events_window ON events(length(CAST(julianday(end_date) - julianday(start_date) AS INTEGER)), start_date);
-- `bases` by place: what stands at a place.
CREATE INDEX assets_place ON assets(place_id);
CREATE INDEX deployments_place ON deployments(place_id);
-- `bases` by country; `sources` counts each source's data notes.
CREATE INDEX data_notes_source ON data_notes(source_id);
CREATE INDEX assets_country ON assets(country);
CREATE INDEX deployments_country ON deployments(country);
-- Lookups (src/query/lookup.rs) find an actor by a name as written through these before
-- they fold every name.
CREATE INDEX actors_name ON actors(name);
CREATE INDEX actor_aliases_exact ON actor_aliases(alias);
CREATE INDEX actor_titles_title ON actor_titles(title);
-- A place's parts (`bases -p place=Caribbean` takes what lies within).
CREATE INDEX places_parent ON places(parent_id);

-- V1 declared the full-text indexes `content = 'excerpts'` (a quoted string). SQLite accepts
-- it, but sqlite-utils and Datasette without metadata look for `content="excerpts"` in the
-- table's SQL and so miss the index. They are made again in that form, with the same columns
-- and tokenizer (case and accents ignored), and rebuilt from the tables they index.
DROP TABLE sources_fts;
DROP TABLE excerpts_fts;
CREATE VIRTUAL TABLE sources_fts USING fts5(
    title, text, content="sources", tokenize="unicode61 remove_diacritics 2"
);
CREATE VIRTUAL TABLE excerpts_fts USING fts5(
    text, content="excerpts", tokenize="unicode61 remove_diacritics 2"
);
-- The repaired readings of damaged text (`AtenciĂłn` reads `Atención`), so that a search finds
-- the words a reader would type even where the article's bytes are garbled.
CREATE VIRTUAL TABLE data_notes_fts USING fts5(
    reading, content="data_notes", tokenize="unicode61 remove_diacritics 2"
);
INSERT INTO sources_fts (sources_fts) VALUES ('rebuild');
INSERT INTO excerpts_fts (excerpts_fts) VALUES ('rebuild');
INSERT INTO data_notes_fts (data_notes_fts) VALUES ('rebuild');

-- One row per fact: the id a reader can ask `crisisdb show` for. A fact that is a row with an
-- id of its own (event, actor, quote, ...) is that id; an alias or a title is its actor; a
-- dispute claim is its dispute; a source is the source.
CREATE VIEW fact_refs AS
SELECT fact_id, 'event' AS kind, id AS ref FROM events
UNION ALL SELECT fact_id, 'actor', id FROM actors
UNION ALL SELECT fact_id, 'alias', actor_id FROM actor_aliases
UNION ALL SELECT fact_id, 'title', actor_id FROM actor_titles
UNION ALL SELECT fact_id, 'place', id FROM places
UNION ALL SELECT fact_id, 'asset', id FROM assets
UNION ALL SELECT fact_id, 'deployment', id FROM deployments
UNION ALL SELECT fact_id, 'aid', id FROM aid
UNION ALL SELECT fact_id, 'figure', id FROM figures
UNION ALL SELECT fact_id, 'quote', id FROM quotes
UNION ALL SELECT fact_id, 'dispute_claim', dispute_id FROM dispute_claims
UNION ALL SELECT fact_id, 'data_note', id FROM data_notes
UNION ALL SELECT fact_id, 'source', id FROM sources;

-- Before this migration every excerpt linked to a fact was read as stating the fact, so a
-- source that only dates a quotation was listed among the sources of its words.
-- evidence.role: what the excerpt supports of its fact. Rows made before are 'states'.
INSERT INTO vocabulary (domain, value, description, label) VALUES
    ('evidence_role', 'states', 'the excerpt states the fact itself: its words, number or claim', 'states'),
    ('evidence_role', 'date', 'the excerpt gives or fixes the fact''s date, not the fact itself', 'date'),
    ('evidence_role', 'place', 'the excerpt gives the fact''s place or venue', 'place'),
    ('evidence_role', 'speaker', 'the excerpt says who spoke or acted', 'speaker'),
    ('evidence_role', 'context', 'the excerpt gives context the fact is read in, without stating it', 'context');

ALTER TABLE evidence ADD COLUMN role TEXT NOT NULL DEFAULT 'states';
CREATE TRIGGER evidence_vocabulary_insert BEFORE INSERT ON evidence BEGIN
    SELECT RAISE(ABORT, 'evidence.role is not a value of vocabulary evidence_role') WHERE NEW.role IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'evidence_role' AND value = NEW.role);
END;
CREATE TRIGGER evidence_vocabulary_update BEFORE UPDATE ON evidence BEGIN
    SELECT RAISE(ABORT, 'evidence.role is not a value of vocabulary evidence_role') WHERE NEW.role IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM vocabulary WHERE domain = 'evidence_role' AND value = NEW.role);
END;

-- A title's date, like an event's, says how it was worked out when the text does not print it.
ALTER TABLE actor_titles ADD COLUMN as_of_note TEXT;

-- A quotation that is a fragment of a longer one names the whole.
ALTER TABLE quotes ADD COLUMN part_of TEXT REFERENCES quotes(id);
CREATE INDEX quotes_part_of ON quotes(part_of);

-- An event's first report is a window (the publication date of its earliest source, at that
-- date's precision), not a day: reported_date keeps a day only when the window is one day.
ALTER TABLE events ADD COLUMN reported_start TEXT
    CHECK (reported_start IS NULL OR date(reported_start) IS reported_start);
ALTER TABLE events ADD COLUMN reported_end TEXT
    CHECK (reported_end IS NULL OR date(reported_end) IS reported_end);
ALTER TABLE events ADD COLUMN reported_precision TEXT;
WITH w AS (
    SELECT e.id,
           (SELECT min(s.published_start) FROM evidence ev JOIN excerpts x ON x.id = ev.excerpt_id
              JOIN sources s ON s.id = x.source_id WHERE ev.fact_id = e.fact_id) AS s,
           (SELECT min(s.published_end) FROM evidence ev JOIN excerpts x ON x.id = ev.excerpt_id
              JOIN sources s ON s.id = x.source_id WHERE ev.fact_id = e.fact_id) AS e
    FROM events e
)
UPDATE events SET reported_start = w.s,
                  reported_end = w.e,
                  reported_precision = CASE
                      WHEN w.s IS NULL THEN NULL
                      WHEN w.s = w.e THEN 'day'
                      WHEN w.s = date(w.s, 'start of month')
                       AND w.e = date(w.s, 'start of month', '+1 month', '-1 day') THEN 'month'
                      ELSE 'range' END,
                  reported_date = CASE WHEN w.s = w.e THEN w.s END
FROM w WHERE w.id = events.id;

-- fact_evidence gains the role; fact_citations lists as sources only the sources whose
-- excerpts state the fact, and marks every other excerpt with its role.
DROP VIEW fact_evidence;
CREATE VIEW fact_evidence AS
SELECT ev.fact_id,
       f.kind,
       x.id         AS excerpt_id,
       x.source_id,
       s.outlet,
       s.published_start AS published,
       x.line,
       x.char_start,
       x.char_end,
       x.text       AS excerpt,
       ev.role
FROM evidence ev
JOIN facts f    ON f.fact_id = ev.fact_id
JOIN excerpts x ON x.id = ev.excerpt_id
JOIN sources s  ON s.id = x.source_id;

DROP VIEW fact_citations;
-- One row per fact with evidence: the ids of the sources that state it, and all its excerpts
-- as `[source:line] words` (`[source:line role] words` for an excerpt that supports only its
-- date, place, speaker or context), joined by ` | `, both in source then text order.
CREATE VIEW fact_citations AS
SELECT f.fact_id,
       (SELECT group_concat(DISTINCT source_id)
          FROM (SELECT fe.source_id FROM fact_evidence fe
                 WHERE fe.fact_id = f.fact_id AND fe.role = 'states'
                 ORDER BY fe.source_id, fe.char_start)) AS sources,
       (SELECT group_concat(cite, ' | ')
          FROM (SELECT '[' || fe.source_id || ':' || fe.line
                       || CASE WHEN fe.role = 'states' THEN '' ELSE ' ' || fe.role END
                       || '] ' || fe.excerpt AS cite
                  FROM fact_evidence fe WHERE fe.fact_id = f.fact_id
                 ORDER BY fe.source_id, fe.char_start)) AS evidence
FROM facts f
WHERE EXISTS (SELECT 1 FROM evidence ev WHERE ev.fact_id = f.fact_id);

UPDATE schema_docs SET description = 'One row per (fact, excerpt): what this excerpt supports of this fact (role).'
WHERE table_name = 'evidence' AND column_name = '';
UPDATE schema_docs SET description = 'the excerpt that supports it'
WHERE table_name = 'evidence' AND column_name = 'excerpt_id';
UPDATE schema_docs SET description = 'ids of the sources whose excerpts state it (role states)'
WHERE table_name = 'fact_citations' AND column_name = 'sources';
UPDATE schema_docs SET description = 'every excerpt as [source:line] words ([source:line role] words when it supports only the date, place, speaker or context), joined by |'
WHERE table_name = 'fact_citations' AND column_name = 'evidence';
UPDATE schema_docs SET description = 'the first day of the publication window of its earliest source, only when that window is one day'
WHERE table_name = 'events' AND column_name = 'reported_date';

INSERT INTO schema_docs (table_name, column_name, description) VALUES
    ('fact_dates', '', 'View: one row per fact with the date it holds for, at its precision, in a readable form, and how it was worked out.'),
    ('fact_dates', 'fact_id', 'the fact'),
    ('fact_dates', 'date_start', 'first possible day (NULL for facts without a date)'),
    ('fact_dates', 'date_end', 'last possible day'),
    ('fact_dates', 'date_precision', 'how precisely the text dates it (vocabulary domain date_precision)'),
    ('fact_dates', 'date_text', 'the date as a reader writes it at its precision: 2025-09-26, Oct 2025, 2025, 1960s, 24–26 Sep 2025, ~ before an approximate date, unknown'),
    ('fact_dates', 'date_note', 'how the date was worked out: events.date_note, sources.published_note, else the row''s note'),
    ('fact_context', '', 'View: one row per fact with what every canned answer shows beside it: date, disputes, sources, evidence.'),
    ('fact_context', 'fact_id', 'the fact'),
    ('fact_context', 'date_text', 'as fact_dates.date_text'),
    ('fact_context', 'date_start', 'as fact_dates.date_start'),
    ('fact_context', 'date_end', 'as fact_dates.date_end'),
    ('fact_context', 'date_precision', 'as fact_dates.date_precision'),
    ('fact_context', 'date_note', 'as fact_dates.date_note'),
    ('fact_context', 'disputes', 'as fact_disputes.disputes'),
    ('fact_context', 'sources', 'as fact_citations.sources (NULL without evidence)'),
    ('fact_context', 'evidence', 'as fact_citations.evidence (NULL without evidence)'),
    ('event_facts', '', 'View: one row per event with its date at its precision, actors, disputes, sources and evidence.'),
    ('event_facts', 'id', 'event id'),
    ('event_facts', 'date', 'the date as a reader writes it at its precision (fact_dates.date_text)'),
    ('event_facts', 'start_date', 'first possible day'),
    ('event_facts', 'end_date', 'last possible day'),
    ('event_facts', 'precision', 'how precisely the text dates it'),
    ('event_facts', 'date_note', 'how the date was worked out'),
    ('event_facts', 'type', 'event type'),
    ('event_facts', 'status', 'event status'),
    ('event_facts', 'title', 'short title'),
    ('event_facts', 'summary', 'summary'),
    ('event_facts', 'place', 'place name'),
    ('event_facts', 'actors', 'name (role) of each actor, joined by ;'),
    ('event_facts', 'disputes', 'id (topic) of each dispute that touches it, joined by ;'),
    ('event_facts', 'sources', 'ids of the sources that state it'),
    ('event_facts', 'evidence', 'every excerpt as [source:line] words, joined by |'),
    ('fact_disputes', '', 'View: one row per fact with the disputes that touch it.'),
    ('fact_disputes', 'fact_id', 'the fact'),
    ('fact_disputes', 'disputes', 'id (topic) of each dispute whose claims'' evidence overlaps the fact''s, or that the fact is a claim of, joined by ; (NULL when none)'),
    ('data_notes_fts', '', 'Full-text index (FTS5) over data_notes.reading: the repaired text of damaged passages.'),
    ('data_notes_fts', 'reading', 'indexed repaired reading'),
    ('fact_refs', '', 'View: one row per fact with the id `crisisdb show` reads it by.'),
    ('fact_refs', 'fact_id', 'the fact'),
    ('fact_refs', 'kind', 'its kind (as facts.kind)'),
    ('fact_refs', 'ref', 'the id of its row; for an alias or title the actor, for a dispute claim the dispute'),
    ('evidence', 'role', 'what the excerpt supports: states (the fact itself), date, place, speaker, context (vocabulary evidence_role)'),
    ('fact_evidence', 'role', 'what the excerpt supports of the fact (vocabulary evidence_role)'),
    ('actor_titles', 'as_of_note', 'how the date was worked out when the evidence does not print it'),
    ('quotes', 'part_of', 'the quote (id) whose words this fragment is part of'),
    ('events', 'reported_start', 'first day of the publication window of its earliest source'),
    ('events', 'reported_end', 'last day of that window: the event was reported by then'),
    ('events', 'reported_precision', 'how exactly the window is known: day, month or range');
