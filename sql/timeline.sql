-- title: Timeline
-- description: Events in date order, each with its date at its precision (`date` reads as
--   the text gives it: 2025-09-26, Oct 2025, ~23 Oct 2025) and how it was worked out, its
--   summary, actors with their roles, the disputes that touch it, the sources and every excerpt
--   that states it. Filter by date range (an event is included when its possible dates overlap
--   the range; an undated event only when no range is given), type, status, actor and role.
-- param: from date = -- earliest date: 2025, 2025-09 (from 1 Sep) or 2025-09-15; empty for no limit
-- param: to date_last = -- latest date: 2025, 2025-09 (through 30 Sep) or 2025-09-15; empty for no limit
-- param: type text[] = -- event types (several: a,b); empty for all
-- param: status text[] = -- statuses (several: a,b); empty for all
-- param: actor text = -- an actor: id, name, alias, title or a unique part, e.g. Trump; empty for all
-- param: role text[] = -- the actor's roles in the event (several: a,b), e.g. initiator; with no actor, any actor's
-- values: type = SELECT value FROM vocabulary WHERE domain = 'event_type' ORDER BY value
-- values: status = SELECT value FROM vocabulary WHERE domain = 'event_status' ORDER BY value
-- values: role = SELECT value FROM vocabulary WHERE domain = 'actor_role' ORDER BY value
-- lookup: actor = actor
-- The events are picked through one index: the actor's events, else the types' events, else
-- the date window (see spans), else the undated ones (each arm runs only when the ones before it do
-- not apply); the other filters then apply to what was picked.
-- The window reads the events_window_ends index (V8) once per class of event length: an event
-- whose length in days has `digits` digits starts less than `days` days before `from`; the
-- index holds each event's end and id, so the events outside the window cost no row read.
WITH spans(digits, days) AS (
    VALUES (1, 10), (2, 100), (3, 1000), (4, 10000), (5, 100000), (6, 1000000), (7, 10000000)
),
picked AS (
    SELECT DISTINCT ea.event_id AS id FROM event_actors ea WHERE ea.actor_id = :actor
    UNION ALL
    SELECT e.id FROM events e
    WHERE :actor IS NULL AND e.type IN (SELECT value FROM json_each(:type))
    UNION ALL
    SELECT e.id FROM spans
    JOIN events e ON length(CAST(julianday(e.end_date) - julianday(e.start_date) AS INTEGER)) = spans.digits
    WHERE :actor IS NULL AND :type IS NULL
      AND e.start_date >= coalesce(date(coalesce(:from, '0000-01-01'), '-' || spans.days || ' days'), '0000-01-01')
      AND e.start_date <= coalesce(:to, '9999-12-31') AND e.end_date >= coalesce(:from, '0000-01-01')
    UNION ALL
    SELECT e.id FROM events e
    WHERE :actor IS NULL AND :type IS NULL AND :from IS NULL AND :to IS NULL AND e.start_date IS NULL
)
SELECT e.*
FROM picked
JOIN event_facts e ON e.id = picked.id
WHERE ((e.start_date IS NULL AND :from IS NULL AND :to IS NULL)
       OR (e.start_date <= coalesce(:to, '9999-12-31') AND e.end_date >= coalesce(:from, '0000-01-01')))
  AND (:type IS NULL OR e.type IN (SELECT value FROM json_each(:type)))
  AND (:status IS NULL OR e.status IN (SELECT value FROM json_each(:status)))
  AND (:role IS NULL OR EXISTS (
        SELECT 1 FROM event_actors ea
        WHERE ea.event_id = e.id AND ea.role IN (SELECT value FROM json_each(:role))
          AND (:actor IS NULL OR ea.actor_id = :actor)))
ORDER BY e.start_date IS NULL, e.start_date, e.end_date, e.id;
