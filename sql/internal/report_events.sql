-- The report's event details that the `timeline` canned query leaves out: the summary, how
-- the date was worked out, the country, and the fact id that evidence and disputes attach to.
SELECT e.id,
       e.fact_id,
       e.summary,
       e.reported_date,
       e.date_note,
       c.name AS country
FROM events e
LEFT JOIN countries c ON c.code = e.country
ORDER BY e.id;
