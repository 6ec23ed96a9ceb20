-- title: Actor profile
-- description: Everything the dataset says about one actor, found by id, name, alias or title
--   (case, accents and punctuation ignored; a unique part is enough: `pedro sanchez`,
--   `Sanchez`, `Secretary of State`): names, titles, the events it took part in with its
--   roles, and its quotes, each with its date at its precision, how the date was worked out,
--   the disputes that touch it and its evidence. from/to keep the dated rows that overlap them.
-- param: actor text -- an actor id, name, alias or title, e.g. Petro, @petrogustavo, gustavo-petro
-- param: from date = -- earliest date: 2025, 2025-09 or 2025-09-15; empty for no limit
-- param: to date_last = -- latest date: 2025, 2025-09 (through 30 Sep) or 2025-09-15; empty for no limit
-- lookup: actor = actor
WITH rows AS (
    SELECT a.id AS actor_id, 'actor' AS section, 0 AS rank, a.fact_id,
           a.kind || coalesce(' (' || a.country || ')', '') AS role,
           a.name || coalesce(': ' || a.description, '') AS detail
    FROM actors a WHERE a.id = :actor
    UNION ALL
    SELECT al.actor_id, 'alias', 1, al.fact_id, NULL, al.alias
    FROM actor_aliases al WHERE al.actor_id = :actor
    UNION ALL
    SELECT ti.actor_id, 'title', 2, ti.fact_id, NULL, ti.title
    FROM actor_titles ti WHERE ti.actor_id = :actor
    UNION ALL
    -- one row per event, its roles joined: an actor can hold two roles in one event
    SELECT ea.actor_id, 'event', 3, e.fact_id, ea.roles, e.title
    FROM (SELECT actor_id, event_id, group_concat(role, ', ') AS roles
            FROM (SELECT actor_id, event_id, role FROM event_actors
                   WHERE actor_id = :actor ORDER BY event_id, role)
           GROUP BY actor_id, event_id) ea
    JOIN events e ON e.id = ea.event_id
    UNION ALL
    SELECT q.speaker_id, 'quote', 4, q.fact_id, 'speaker', q.words
    FROM quotes q WHERE q.speaker_id = :actor
)
SELECT r.actor_id,
       r.section,
       fc.date_text AS date,
       fc.date_start,
       fc.date_end,
       fc.date_precision AS precision,
       fc.date_note,
       r.role,
       r.detail,
       fc.disputes,
       fc.sources,
       fc.evidence
FROM rows r
JOIN fact_context fc ON fc.fact_id = r.fact_id
WHERE (:from IS NULL AND :to IS NULL) OR r.section IN ('actor', 'alias')
   OR (fc.date_start <= coalesce(:to, '9999-12-31') AND fc.date_end >= coalesce(:from, '0000-01-01'))
ORDER BY r.actor_id, r.rank, fc.date_start IS NULL, fc.date_start, r.detail;
