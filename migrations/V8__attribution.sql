-- What an excerpt supports, and the rows that say how a fact relates to another or how its date
-- was worked out. Until now every excerpt linked to a fact was read as stating the fact, so a
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
    ('evidence', 'role', 'what the excerpt supports: states (the fact itself), date, place, speaker, context (vocabulary evidence_role)'),
    ('fact_evidence', 'role', 'what the excerpt supports of the fact (vocabulary evidence_role)'),
    ('actor_titles', 'as_of_note', 'how the date was worked out when the evidence does not print it'),
    ('quotes', 'part_of', 'the quote (id) whose words this fragment is part of'),
    ('events', 'reported_start', 'first day of the publication window of its earliest source'),
    ('events', 'reported_end', 'last day of that window: the event was reported by then'),
    ('events', 'reported_precision', 'how exactly the window is known: day, month or range');
