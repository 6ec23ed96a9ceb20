-- title: Evidence for one event
-- description: Every excerpt that states one event, with its source, outlet, line and
--   character offsets, so it can be found in the article (`timeline` lists its actors).
-- param: event text -- an event id, e.g. e-001 (see `crisisdb run timeline`)
SELECT e.id AS event,
       e.title,
       fe.source_id,
       fe.outlet,
       fe.published,
       fe.line,
       fe.char_start,
       fe.char_end,
       fe.excerpt
FROM events e
JOIN fact_evidence fe ON fe.fact_id = e.fact_id
WHERE e.id = :event
ORDER BY fe.source_id, fe.char_start, fe.excerpt_id;
