-- title: Bases and deployments
-- description: Military assets (bases with their department as written, ships, aircraft,
--   drones, units) and every reported count of personnel or equipment, with where, as of when
--   (at its precision, and how that was worked out), the disputes that touch it and the excerpt
--   that reports it. Filter by country (`COL` or `Colombia`), by place or region (`Caribbean`:
--   what lies there or within it) and by dates (a count is included when its possible dates
--   overlap the range; assets, which carry no date, only when no range is given).
-- param: country text = -- a country: ISO alpha-3 code or name (COL, Colombia, PRI ...); empty for all
-- param: place text = -- a place or region by id or name (Caribbean, Bogotá, Puerto Rico ...), with what lies within it; empty for all
-- param: from date = -- earliest date: 2025, 2025-09 or 2025-09-15; empty for no limit
-- param: to date_last = -- latest date: 2025, 2025-09 (through 30 Sep) or 2025-09-15; empty for no limit
-- lookup: country = country
-- lookup: place = place
WITH RECURSIVE within(id) AS (
    SELECT :place
    UNION
    SELECT p.id FROM places p JOIN within w ON p.parent_id = w.id
),
items AS (
    SELECT 'asset' AS what, id, kind, name, department, place_id, country, operator_id,
           NULL AS value, NULL AS unit, NULL AS qualifier, NULL AS note, fact_id
    FROM assets
    UNION ALL
    SELECT 'deployment', id, unit, subject, NULL, place_id, country, operator_id,
           value_text, unit, qualifier, note, fact_id
    FROM deployments
)
SELECT r.what,
       r.id,
       r.kind,
       r.name,
       r.department,
       coalesce(p.name, r.country) AS place,
       op.name AS operator,
       r.value,
       r.unit,
       r.qualifier,
       fc.date_text AS as_of,
       fc.date_start AS as_of_start,
       fc.date_end AS as_of_end,
       fc.date_precision AS as_of_precision,
       r.note AS date_note,
       fc.disputes,
       fc.sources,
       fc.evidence
FROM items r
LEFT JOIN places p ON p.id = r.place_id
LEFT JOIN actors op ON op.id = r.operator_id
JOIN fact_context fc ON fc.fact_id = r.fact_id
WHERE (:country IS NULL OR r.country = :country)
  AND (:place IS NULL OR r.place_id IN (SELECT id FROM within))
  AND ((fc.date_start IS NULL AND :from IS NULL AND :to IS NULL)
       OR (fc.date_start <= coalesce(:to, '9999-12-31') AND fc.date_end >= coalesce(:from, '0000-01-01')))
ORDER BY r.what, fc.date_start IS NULL, fc.date_start, r.name, r.id;
