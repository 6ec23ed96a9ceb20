-- The report's event details that the `timeline` canned query leaves out: the summary, how
-- the date was worked out, and the fact id that evidence and disputes attach to.
SELECT e.id,
       e.fact_id,
       e.summary,
       e.reported_date,
       e.date_note,
       v.description AS type_description
FROM events e
LEFT JOIN vocabulary v ON v.domain = 'event_type' AND v.value = e.type
ORDER BY e.id;
