-- title: Bases and deployments
-- description: Military assets (bases with their department as written, ships, aircraft,
--   drones, units) and every reported count of personnel or equipment, with where, as of when
--   and the excerpt that reports it.
-- param: country text = -- ISO alpha-3 country (COL, USA, PRI, ...); empty for all
WITH items AS (
    SELECT 'asset' AS what, id, kind, name, department, place_id, country, operator_id,
           NULL AS value, NULL AS unit, NULL AS qualifier, NULL AS as_of, fact_id
    FROM assets
    UNION ALL
    SELECT 'deployment', id, unit, subject, NULL, place_id, country, operator_id,
           value_text, unit, qualifier, as_of_start, fact_id
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
       r.as_of,
       c.sources,
       c.evidence
FROM items r
LEFT JOIN places p ON p.id = r.place_id
LEFT JOIN actors op ON op.id = r.operator_id
JOIN fact_citations c ON c.fact_id = r.fact_id
WHERE coalesce(:country, '') = '' OR r.country = upper(:country)
ORDER BY r.what, r.as_of IS NULL, r.as_of, r.name, r.id;
