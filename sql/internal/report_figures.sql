-- Every other reported number, for the report. `panel` is 'strikes' for counts of strikes,
-- vessels hit, operations, deaths and casualties (the strikes panel plots them), 'other' for
-- the rest (listed in a table). Counts from different sources stay separate rows.
SELECT f.id,
       f.fact_id,
       CASE WHEN f.unit IN ('airstrikes', 'strikes', 'operations', 'vessels', 'deaths',
                            'casualties', 'killed', 'people killed')
            THEN 'strikes' ELSE 'other' END AS panel,
       f.subject,
       f.value,
       f.value_max,
       f.value_text,
       f.unit,
       f.qualifier,
       f.as_of_start,
       f.as_of_end,
       f.as_of_precision,
       f.event_id,
       f.note,
       (SELECT group_concat(DISTINCT df.dispute_id) FROM disputed_facts df
         WHERE df.fact_id = f.fact_id) AS disputes
FROM figures f
WHERE (coalesce(:from, '') = '' OR f.as_of_end >= :from)
  AND (coalesce(:to, '') = '' OR f.as_of_start <= :to)
ORDER BY f.as_of_start IS NULL, f.as_of_start, f.id;
