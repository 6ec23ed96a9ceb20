-- Reported counts of US forces in the Caribbean (the sea and Puerto Rico) and in Colombia,
-- for the report's forces panel. Every count is its own row: two sources that give different
-- numbers for the same force stay two rows. Rows without a number (value NULL) are listed
-- beside the chart but not plotted. :from and :to keep rows whose date overlaps the range.
SELECT d.id,
       d.fact_id,
       CASE WHEN d.country = 'COL' THEN 'colombia'
            WHEN d.place_id = 'caribbean-sea' OR d.country = 'PRI' THEN 'caribbean'
       END AS theatre,
       d.subject,
       coalesce(p.name, d.country) AS place,
       op.name AS operator,
       d.value,
       d.value_max,
       d.value_text,
       d.unit,
       d.qualifier,
       d.as_of_start,
       d.as_of_end,
       d.as_of_precision,
       d.event_id,
       d.note,
       (SELECT group_concat(DISTINCT df.dispute_id) FROM disputed_facts df
         WHERE df.fact_id = d.fact_id) AS disputes
FROM deployments d
LEFT JOIN places p ON p.id = d.place_id
LEFT JOIN actors op ON op.id = d.operator_id
WHERE (d.country = 'COL' OR d.place_id = 'caribbean-sea' OR d.country = 'PRI')
  AND (coalesce(:from, '') = '' OR d.as_of_end >= :from)
  AND (coalesce(:to, '') = '' OR d.as_of_start <= :to)
ORDER BY theatre, d.as_of_start IS NULL, d.as_of_start, d.id;
