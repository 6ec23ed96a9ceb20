-- title: Statements and quotes
-- description: Direct quotations in date order, with the date at its precision (`date` reads
--   as the text gives it: 2025-10-19, ~Oct 2025) and how it was worked out, speaker, venue,
--   the disputes that touch the quote and the excerpt that contains it. Filter by speaker (id,
--   name, alias, title or a unique part; case and accents ignored), by words and by dates (a
--   quote is included when its possible dates overlap the range).
-- param: speaker text = -- an actor id, name, alias or title, e.g. Petro; empty for everyone
-- param: contains text = -- only quotes containing these words (case-insensitive); empty for all
-- param: from date = -- earliest date: 2025, 2025-09 or 2025-09-15; empty for no limit
-- param: to date_last = -- latest date: 2025, 2025-09 (through 30 Sep) or 2025-09-15; empty for no limit
-- lookup: speaker = actor
-- The quotes are picked through the speaker index when a speaker is given.
WITH picked AS (
    SELECT id FROM quotes WHERE speaker_id = :speaker
    UNION ALL
    SELECT id FROM quotes WHERE :speaker IS NULL
)
SELECT q.id,
       fc.date_text AS date,
       q.date_start,
       q.date_end,
       q.date_precision AS precision,
       q.note AS date_note,
       a.name AS speaker,
       q.words,
       q.language,
       q.venue,
       q.event_id,
       fc.disputes,
       fc.sources,
       fc.evidence
FROM picked
JOIN quotes q         ON q.id = picked.id
JOIN actors a         ON a.id = q.speaker_id
JOIN fact_context fc ON fc.fact_id = q.fact_id
WHERE (:contains IS NULL OR instr(lower(q.words), lower(:contains)) > 0)
  AND ((q.date_start IS NULL AND :from IS NULL AND :to IS NULL)
       OR (q.date_start <= coalesce(:to, '9999-12-31') AND q.date_end >= coalesce(:from, '0000-01-01')))
ORDER BY q.date_start IS NULL, q.date_start, q.id;
