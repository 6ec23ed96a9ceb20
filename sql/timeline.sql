-- title: Timeline
-- description: Events in date order, with their actors, the sources that report them, any
--   disputes that touch them, and the excerpts that state them. Filter by date range (an event
--   is included when its possible dates overlap the range), type and actor.
-- param: from date = -- earliest date (YYYY-MM-DD); empty for no limit
-- param: to date = -- latest date (YYYY-MM-DD); empty for no limit
-- param: type text = -- an event type (see `crisisdb sql "select * from vocabulary"`); empty for all
-- param: actor text = -- an actor id, name or alias (case-insensitive); empty for all
-- values: type = SELECT value FROM vocabulary WHERE domain = 'event_type' ORDER BY value
-- The columns are those of the `timeline` view, with the sources and every excerpt of each
-- event from `fact_citations` (in source then text order) in place of the first excerpt.
SELECT t.id,
       t.start_date,
       t.end_date,
       t.precision,
       t.type,
       t.status,
       t.title,
       t.place,
       t.actors,
       t.disputes,
       fc.sources,
       fc.evidence
FROM timeline t
JOIN events e ON e.id = t.id
LEFT JOIN fact_citations fc ON fc.fact_id = e.fact_id
WHERE (coalesce(:from, '') = '' OR t.end_date >= :from)
  AND (coalesce(:to, '') = '' OR t.start_date <= :to)
  AND (coalesce(:type, '') = '' OR t.type = :type)
  AND (coalesce(:actor, '') = '' OR t.id IN (
        SELECT ea.event_id FROM event_actors ea
        JOIN actor_names n ON n.actor_id = ea.actor_id
        WHERE lower(n.name) = lower(:actor) OR n.actor_id = lower(:actor)))
ORDER BY t.start_date IS NULL, t.start_date, t.end_date, t.id;
