-- title: Strikes and casualties
-- description: Military strikes and operations, and every reported count of strikes,
--   operations, deaths and casualties, each with the date it holds for at its precision
--   (`date` reads as the text gives it) and how it was worked out, the disputes that touch it
--   and its excerpt. Counts from different sources stand side by side; they are not added up
--   or averaged. Filter by dates (a row is included when its possible dates overlap the range).
-- param: from date = -- earliest date: 2025, 2025-09 or 2025-09-15; empty for no limit
-- param: to date_last = -- latest date: 2025, 2025-09 (through 30 Sep) or 2025-09-15; empty for no limit
WITH items AS (
    SELECT 'event' AS what, id, type AS kind, title AS detail, NULL AS value_text, fact_id
    FROM events
    WHERE type IN ('strike', 'military_operation', 'capture', 'killing')
    UNION ALL
    SELECT 'figure', id, unit, subject, value_text, fact_id
    FROM figures
    WHERE unit IN ('deaths', 'casualties', 'strikes', 'airstrikes', 'operations', 'vessels', 'people killed', 'killed')
       OR subject LIKE '%strike%' OR subject LIKE '%killed%'
)
SELECT r.what,
       r.id,
       fc.date_text AS date,
       fc.date_start,
       fc.date_end,
       fc.date_precision AS precision,
       fc.date_note,
       r.kind,
       r.detail,
       r.value_text,
       fc.disputes,
       fc.sources,
       fc.evidence
FROM items r
JOIN fact_context fc ON fc.fact_id = r.fact_id
WHERE (fc.date_start IS NULL AND :from IS NULL AND :to IS NULL)
   OR (fc.date_start <= coalesce(:to, '9999-12-31') AND fc.date_end >= coalesce(:from, '0000-01-01'))
ORDER BY fc.date_start IS NULL, fc.date_start, r.what, r.id;
