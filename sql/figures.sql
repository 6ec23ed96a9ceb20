-- title: Figures
-- description: Every other number the articles report (deportations, detainees,
--   percentages, seizures, counts) with unit, qualifier, the date it holds for and its excerpt.
-- param: contains text = -- only figures whose subject contains these words; empty for all
SELECT f.id,
       f.subject,
       f.value_text,
       f.value,
       f.value_max,
       f.unit,
       f.qualifier,
       f.as_of_start,
       f.as_of_precision,
       c.sources,
       c.evidence
FROM figures f
JOIN fact_citations c ON c.fact_id = f.fact_id
WHERE coalesce(:contains, '') = '' OR instr(lower(f.subject), lower(:contains)) > 0
ORDER BY f.as_of_start IS NULL, f.as_of_start, f.id;
