-- title: Strikes and casualties
-- description: Military strikes and operations, and every reported count of strikes,
--   operations, deaths and casualties, each with the date it holds for and its excerpt. Counts
--   from different sources stand side by side; they are not added up or averaged.
SELECT * FROM (
    SELECT 'event' AS what,
           e.start_date AS date,
           e.type AS kind,
           e.title AS detail,
           NULL AS value_text,
           c.sources,
           c.evidence
    FROM events e
    JOIN fact_citations c ON c.fact_id = e.fact_id
    WHERE e.type IN ('strike', 'military_operation', 'capture', 'killing')
    UNION ALL
    SELECT 'figure',
           f.as_of_start,
           f.unit,
           f.subject,
           f.value_text,
           c.sources,
           c.evidence
    FROM figures f
    JOIN fact_citations c ON c.fact_id = f.fact_id
    WHERE f.unit IN ('deaths', 'casualties', 'strikes', 'airstrikes', 'operations', 'vessels', 'people killed', 'killed')
       OR f.subject LIKE '%strike%' OR f.subject LIKE '%killed%'
)
ORDER BY date IS NULL, date, what;
