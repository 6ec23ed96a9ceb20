-- title: Evidence for one event
-- description: Every excerpt that states one event, with its source, outlet, line and
--   character offsets, so it can be found in the article, and the event's date at its
--   precision, how it was worked out and the disputes that touch it (`timeline` lists its
--   actors). The event is found by id (`E-001` too) or by a unique part of its title.
-- param: event text -- an event id, e.g. e-001 (see `crisisdb run timeline`), or words of its title
-- lookup: event = event
SELECT e.id AS event,
       e.title,
       fc.date_text AS date,
       e.start_date,
       e.end_date,
       e.precision,
       e.date_note,
       fc.disputes,
       fe.source_id,
       fe.outlet,
       fe.published,
       fe.line,
       fe.char_start,
       fe.char_end,
       fe.excerpt
FROM events e
JOIN fact_context fc ON fc.fact_id = e.fact_id
JOIN fact_evidence fe ON fe.fact_id = e.fact_id
WHERE e.id = :event
ORDER BY fe.source_id, fe.char_start, fe.excerpt_id;
