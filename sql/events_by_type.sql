-- title: Events by type
-- description: How many events of each type and status the dataset holds, with their date
--   span and the sources that report them.
-- The sources are gathered apart from the count: joining the evidence first would count each
-- event once per excerpt.
WITH reported AS (
    SELECT type, status, group_concat(source_id) AS sources
    FROM (SELECT DISTINCT e.type, e.status, fe.source_id
            FROM events e JOIN fact_evidence fe ON fe.fact_id = e.fact_id
           ORDER BY e.type, e.status, fe.source_id)
    GROUP BY type, status
)
SELECT e.type,
       e.status,
       count(*) AS events,
       min(e.start_date) AS first,
       max(e.end_date) AS last,
       r.sources
FROM events e
LEFT JOIN reported r ON r.type = e.type AND r.status = e.status
GROUP BY e.type, e.status
ORDER BY e.type, e.status;
