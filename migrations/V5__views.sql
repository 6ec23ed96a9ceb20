-- Views that cost what their answer costs. V2's `disputed_facts` paired every excerpt with
-- every excerpt of its source, and its `fact_citations` aggregated every fact before a caller's
-- filter applied, so `timeline` and the canned queries that join them scaled with the whole
-- database (sql/timeline.sql even re-derived `timeline` to avoid them). Same columns and the
-- same rows; each is now driven by the indexes from the side its caller filters on.

-- Excerpts overlap when their spans within one source do. No excerpt is longer than the
-- longest, so an overlapping excerpt starts at most that far before: the bound turns the
-- overlap into a range of the excerpts_source index. The expression index answers the longest
-- at once.
CREATE INDEX excerpts_length ON excerpts(char_end - char_start);

DROP VIEW fact_citations;
-- One row per fact with evidence: the ids of its sources and all its excerpts as
-- `[source:line] words`, joined by ` | `, both in source then text order. The canned queries
-- use it to return evidence with every answer; each row is computed only when asked for.
CREATE VIEW fact_citations AS
SELECT f.fact_id,
       (SELECT group_concat(DISTINCT source_id)
          FROM (SELECT fe.source_id FROM fact_evidence fe WHERE fe.fact_id = f.fact_id
                 ORDER BY fe.source_id, fe.char_start)) AS sources,
       (SELECT group_concat(cite, ' | ')
          FROM (SELECT '[' || fe.source_id || ':' || fe.line || '] ' || fe.excerpt AS cite
                  FROM fact_evidence fe WHERE fe.fact_id = f.fact_id
                 ORDER BY fe.source_id, fe.char_start)) AS evidence
FROM facts f
WHERE EXISTS (SELECT 1 FROM evidence ev WHERE ev.fact_id = f.fact_id);

DROP VIEW disputed_facts;
-- One row per fact whose evidence overlaps the evidence of a dispute claim (of another fact):
-- the fact is disputed somewhere, and dispute_id says where.
CREATE VIEW disputed_facts AS
SELECT DISTINCT ev.fact_id, dc.dispute_id
FROM dispute_claims dc
JOIN evidence cev ON cev.fact_id = dc.fact_id
JOIN excerpts cx  ON cx.id = cev.excerpt_id
JOIN excerpts x   ON x.source_id = cx.source_id
                 AND x.char_start < cx.char_end AND cx.char_start < x.char_end
                 AND x.char_start > cx.char_start - (SELECT char_end - char_start FROM excerpts
                                                     ORDER BY char_end - char_start DESC LIMIT 1)
                 AND cx.char_start > x.char_start - (SELECT char_end - char_start FROM excerpts
                                                     ORDER BY char_end - char_start DESC LIMIT 1)
JOIN evidence ev  ON ev.excerpt_id = x.id
WHERE ev.fact_id <> dc.fact_id;

DROP VIEW timeline;
-- One row per event, in date order, with its actors, sources, disputes and first excerpt.
-- Sources and disputes are listed in order.
CREATE VIEW timeline AS
SELECT e.id,
       e.start_date,
       e.end_date,
       e.precision,
       e.type,
       e.status,
       e.title,
       p.name AS place,
       e.country,
       (SELECT group_concat(a.name || ' (' || ea.role || ')', '; ')
          FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
         WHERE ea.event_id = e.id) AS actors,
       (SELECT sources FROM fact_citations fc WHERE fc.fact_id = e.fact_id) AS sources,
       (SELECT group_concat(DISTINCT dispute_id)
          FROM (SELECT d.dispute_id FROM disputed_facts d WHERE d.fact_id = e.fact_id
                 ORDER BY d.dispute_id)) AS disputes,
       (SELECT fe.excerpt FROM fact_evidence fe
         WHERE fe.fact_id = e.fact_id ORDER BY fe.source_id, fe.char_start LIMIT 1) AS evidence,
       e.reported_date,
       e.date_note
FROM events e
LEFT JOIN places p ON p.id = e.place_id
ORDER BY e.start_date IS NULL, e.start_date, e.end_date, e.id;
