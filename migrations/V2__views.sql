-- Views for the joins users make most: a fact with its evidence, the timeline, names.

-- One row per (fact, excerpt): any fact's evidence with its source, ready to read.
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
       x.text       AS excerpt
FROM evidence ev
JOIN facts f    ON f.fact_id = ev.fact_id
JOIN excerpts x ON x.id = ev.excerpt_id
JOIN sources s  ON s.id = x.source_id;

-- One row per fact: the ids of its sources and all its excerpts as `[source:line] words`,
-- joined by ` | `. The canned queries use it to return evidence with every answer.
CREATE VIEW fact_citations AS
SELECT fact_id,
       group_concat(DISTINCT source_id) AS sources,
       group_concat(cite, ' | ') AS evidence
FROM (SELECT fact_id, source_id, '[' || source_id || ':' || line || '] ' || excerpt AS cite
        FROM fact_evidence ORDER BY fact_id, source_id, char_start)
GROUP BY fact_id;

-- One row per fact whose evidence overlaps the evidence of a dispute claim: the fact is
-- disputed somewhere, and dispute_id says where.
CREATE VIEW disputed_facts AS
SELECT DISTINCT ev.fact_id, dc.dispute_id
FROM evidence ev
JOIN excerpts x  ON x.id = ev.excerpt_id
JOIN excerpts cx ON cx.source_id = x.source_id
                AND cx.char_start < x.char_end AND x.char_start < cx.char_end
JOIN evidence cev ON cev.excerpt_id = cx.id
JOIN dispute_claims dc ON dc.fact_id = cev.fact_id
WHERE ev.fact_id <> cev.fact_id;

-- One row per event, in date order, with its actors, sources and first excerpt.
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
       (SELECT group_concat(DISTINCT fe.source_id)
          FROM fact_evidence fe WHERE fe.fact_id = e.fact_id) AS sources,
       (SELECT group_concat(DISTINCT d.dispute_id)
          FROM disputed_facts d WHERE d.fact_id = e.fact_id) AS disputes,
       (SELECT fe.excerpt FROM fact_evidence fe
         WHERE fe.fact_id = e.fact_id ORDER BY fe.source_id, fe.char_start LIMIT 1) AS evidence,
       e.reported_date,
       e.date_note
FROM events e
LEFT JOIN places p ON p.id = e.place_id
ORDER BY e.start_date IS NULL, e.start_date, e.end_date, e.id;

-- One row per name an actor goes by: the canonical name and every alias.
CREATE VIEW actor_names AS
SELECT id AS actor_id, name, 'canonical' AS how FROM actors
UNION
SELECT actor_id, alias, 'alias' FROM actor_aliases;
