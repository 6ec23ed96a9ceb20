-- title: Timeline
-- description: Events in date order, with their actors, the sources that report them, any
--   disputes that touch them, and the excerpts that state them. Filter by date range (an event
--   is included when its possible dates overlap the range), type and actor.
-- param: from date = -- earliest date (YYYY-MM-DD); empty for no limit
-- param: to date = -- latest date (YYYY-MM-DD); empty for no limit
-- param: type text = -- an event type (see `crisisdb sql "select * from vocabulary"`); empty for all
-- param: actor text = -- an actor id, name or alias (case-insensitive); empty for all
-- values: type = SELECT value FROM vocabulary WHERE domain = 'event_type' ORDER BY value
-- The columns are those of the `timeline` view plus `fact_citations`, computed here for the
-- selected events only: the view's `disputes` goes through `disputed_facts`, which pairs every
-- excerpt with every excerpt of its source, and `fact_citations` aggregates every fact. Here
-- the excerpts that overlap a dispute claim's are found once, from the claims' side.
-- (sqlite3 and Datasette run it as it is; only the speed differs from the views.)
WITH disputed_excerpts AS MATERIALIZED (
    SELECT x.id AS excerpt_id, dc.dispute_id, dc.fact_id AS claim_fact
    FROM dispute_claims dc
    JOIN evidence cev ON cev.fact_id = dc.fact_id
    JOIN excerpts cx  ON cx.id = cev.excerpt_id
    JOIN excerpts x   ON x.source_id = cx.source_id
                     AND x.char_start < cx.char_end AND cx.char_start < x.char_end
                     -- no excerpt is longer than the longest: bounds the index range scan
                     AND x.char_start > cx.char_start - (SELECT max(char_end - char_start) FROM excerpts)
)
SELECT e.id,
       e.start_date,
       e.end_date,
       e.precision,
       e.type,
       e.status,
       e.title,
       p.name AS place,
       (SELECT group_concat(a.name || ' (' || ea.role || ')', '; ')
          FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
         WHERE ea.event_id = e.id) AS actors,
       (SELECT group_concat(DISTINCT dispute_id)
          FROM (SELECT de.dispute_id
                  FROM evidence ev JOIN disputed_excerpts de ON de.excerpt_id = ev.excerpt_id
                 WHERE ev.fact_id = e.fact_id AND de.claim_fact <> e.fact_id
                 ORDER BY de.dispute_id)) AS disputes,
       (SELECT group_concat(DISTINCT source_id)
          FROM (SELECT fe.source_id FROM fact_evidence fe WHERE fe.fact_id = e.fact_id
                 ORDER BY fe.source_id, fe.char_start)) AS sources,
       (SELECT group_concat(cite, ' | ')
          FROM (SELECT '[' || fe.source_id || ':' || fe.line || '] ' || fe.excerpt AS cite
                  FROM fact_evidence fe WHERE fe.fact_id = e.fact_id
                 ORDER BY fe.source_id, fe.char_start)) AS evidence
FROM events e
LEFT JOIN places p ON p.id = e.place_id
WHERE (coalesce(:from, '') = '' OR e.end_date >= :from)
  AND (coalesce(:to, '') = '' OR e.start_date <= :to)
  AND (coalesce(:type, '') = '' OR e.type = :type)
  AND (coalesce(:actor, '') = '' OR e.id IN (
        SELECT ea.event_id FROM event_actors ea
        JOIN actor_names n ON n.actor_id = ea.actor_id
        WHERE lower(n.name) = lower(:actor) OR n.actor_id = lower(:actor)))
ORDER BY e.start_date IS NULL, e.start_date, e.end_date, e.id;
