-- title: Statements and quotes
-- description: Direct quotations in date order, with speaker, venue and the excerpt that
--   contains them. Filter by speaker (id, name or alias, case-insensitive) and by words.
-- param: speaker text = -- an actor id, name or alias; empty for everyone
-- param: contains text = -- only quotes containing these words (case-insensitive); empty for all
SELECT q.id,
       q.date_start AS date,
       q.date_precision AS precision,
       a.name AS speaker,
       q.words,
       q.language,
       q.venue,
       q.event_id,
       c.sources,
       c.evidence
FROM quotes q
JOIN actors a ON a.id = q.speaker_id
JOIN fact_citations c ON c.fact_id = q.fact_id
WHERE (coalesce(:speaker, '') = '' OR q.speaker_id IN (
        SELECT actor_id FROM actor_names
        WHERE lower(name) = lower(:speaker) OR actor_id = lower(:speaker)))
  AND (coalesce(:contains, '') = '' OR instr(lower(q.words), lower(:contains)) > 0)
ORDER BY q.date_start IS NULL, q.date_start, q.id;
