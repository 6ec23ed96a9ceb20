-- title: Actor profile
-- description: Everything the dataset says about one actor, found by id or by any name or
--   alias (case-insensitive): names, titles, the events it took part in with its roles, and
--   its quotes. Each row carries its evidence.
-- param: actor text -- an actor id, name or alias, e.g. Petro, @petrogustavo, gustavo-petro
WITH who AS (
    SELECT DISTINCT actor_id FROM actor_names
    WHERE lower(name) = lower(:actor) OR actor_id = lower(:actor)
)
SELECT * FROM (
    SELECT a.id AS actor_id, 'actor' AS section, NULL AS date, a.kind || coalesce(' (' || a.country || ')', '') AS role,
           a.name || coalesce(': ' || a.description, '') AS detail, c.sources, c.evidence
    FROM actors a JOIN who ON who.actor_id = a.id JOIN fact_citations c ON c.fact_id = a.fact_id
    UNION ALL
    SELECT al.actor_id, 'alias', NULL, NULL, al.alias, c.sources, c.evidence
    FROM actor_aliases al JOIN who ON who.actor_id = al.actor_id JOIN fact_citations c ON c.fact_id = al.fact_id
    UNION ALL
    SELECT ti.actor_id, 'title', ti.as_of_start, NULL, ti.title, c.sources, c.evidence
    FROM actor_titles ti JOIN who ON who.actor_id = ti.actor_id JOIN fact_citations c ON c.fact_id = ti.fact_id
    UNION ALL
    -- one row per event, its roles joined: an actor can hold two roles in one event
    SELECT ea.actor_id, 'event', e.start_date, ea.roles, e.title, c.sources, c.evidence
    FROM (SELECT actor_id, event_id, group_concat(role, ', ') AS roles
            FROM (SELECT ea.actor_id, ea.event_id, ea.role
                    FROM event_actors ea JOIN who ON who.actor_id = ea.actor_id
                   ORDER BY ea.actor_id, ea.event_id, ea.role)
           GROUP BY actor_id, event_id) ea
    JOIN events e ON e.id = ea.event_id JOIN fact_citations c ON c.fact_id = e.fact_id
    UNION ALL
    SELECT q.speaker_id, 'quote', q.date_start, 'speaker', q.words, c.sources, c.evidence
    FROM quotes q JOIN who ON who.actor_id = q.speaker_id JOIN fact_citations c ON c.fact_id = q.fact_id
)
ORDER BY actor_id,
         CASE section WHEN 'actor' THEN 0 WHEN 'alias' THEN 1 WHEN 'title' THEN 2 WHEN 'event' THEN 3 ELSE 4 END,
         date IS NULL, date, detail;
