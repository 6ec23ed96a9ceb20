-- title: Events by type
-- description: How many events of each type and status the dataset holds, with their date
--   span and the sources that report them.
SELECT e.type,
       e.status,
       count(*) AS events,
       min(e.start_date) AS first,
       max(e.end_date) AS last,
       group_concat(DISTINCT fe.source_id) AS sources
FROM events e
LEFT JOIN fact_evidence fe ON fe.fact_id = e.fact_id
GROUP BY e.type, e.status
ORDER BY e.type, e.status;
