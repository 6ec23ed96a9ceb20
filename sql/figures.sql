-- title: Figures
-- description: Every other number the articles report (deportations, detainees,
--   percentages, seizures, counts) with unit, qualifier, the date it holds for at its
--   precision (`as_of` reads as the text gives it) and how it was worked out, the disputes
--   that touch it and its excerpt. Filter by words of the subject and by dates (a figure is
--   included when its possible dates overlap the range).
-- param: contains text = -- only figures whose subject contains these words; empty for all
-- param: from date = -- earliest date: 2025, 2025-09 or 2025-09-15; empty for no limit
-- param: to date_last = -- latest date: 2025, 2025-09 (through 30 Sep) or 2025-09-15; empty for no limit
SELECT f.id,
       f.subject,
       f.value_text,
       f.value,
       f.value_max,
       f.unit,
       f.qualifier,
       fc.date_text AS as_of,
       f.as_of_start,
       f.as_of_end,
       f.as_of_precision,
       f.note AS date_note,
       fc.disputes,
       fc.sources,
       fc.evidence
FROM figures f
JOIN fact_context fc ON fc.fact_id = f.fact_id
WHERE (:contains IS NULL OR instr(lower(f.subject), lower(:contains)) > 0)
  AND ((f.as_of_start IS NULL AND :from IS NULL AND :to IS NULL)
       OR (f.as_of_start <= coalesce(:to, '9999-12-31') AND f.as_of_end >= coalesce(:from, '0000-01-01')))
ORDER BY f.as_of_start IS NULL, f.as_of_start, f.id;
