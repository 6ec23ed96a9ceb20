-- Every other reported number, for the report. `panel` is 'strikes' for counts of strikes,
-- vessels hit, operations, deaths and casualties (the strikes panel plots them), 'other' for
-- the rest (listed in a table). Counts from different sources stay separate rows.
SELECT f.*,
       f.as_of_start AS date_start,
       f.as_of_end AS date_end,
       f.as_of_precision AS date_precision,
       CASE WHEN f.unit IN ('airstrikes', 'strikes', 'operations', 'vessels', 'deaths',
                            'casualties', 'killed', 'people killed')
            THEN 'strikes' ELSE 'other' END AS panel
FROM figures f
ORDER BY f.as_of_start IS NULL, f.as_of_start, f.id;
