-- title: Strikes and casualties
-- description: Military strikes and operations, and every reported count of strikes,
--   operations, deaths and casualties, each with the date it holds for and its excerpt. Counts
--   from different sources stand side by side; they are not added up or averaged.
WITH items AS (
    SELECT 'event' AS what, id, start_date AS date, type AS kind, title AS detail,
           NULL AS value_text, fact_id
    FROM events
    WHERE type IN ('strike', 'military_operation', 'capture', 'killing')
    UNION ALL
    SELECT 'figure', id, as_of_start, unit, subject, value_text, fact_id
    FROM figures
    WHERE unit IN ('deaths', 'casualties', 'strikes', 'airstrikes', 'operations', 'vessels', 'people killed', 'killed')
       OR subject LIKE '%strike%' OR subject LIKE '%killed%'
)
SELECT r.what,
       r.id,
       r.date,
       r.kind,
       r.detail,
       r.value_text,
       c.sources,
       c.evidence
FROM items r
JOIN fact_citations c ON c.fact_id = r.fact_id
ORDER BY r.date IS NULL, r.date, r.what, r.id;
