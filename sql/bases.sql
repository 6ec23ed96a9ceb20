-- title: Bases and deployments
-- description: Military assets (bases with their department as written, ships, aircraft,
--   drones, units) and every reported count of personnel or equipment, with where, as of when
--   and the excerpt that reports it.
-- param: country text = -- ISO alpha-3 country (COL, USA, PRI, ...); empty for all
SELECT * FROM (
    SELECT 'asset' AS what,
           s.kind,
           s.name,
           s.department,
           coalesce(p.name, s.country) AS place,
           op.name AS operator,
           NULL AS value,
           NULL AS unit,
           NULL AS qualifier,
           NULL AS as_of,
           c.sources,
           c.evidence
    FROM assets s
    LEFT JOIN places p ON p.id = s.place_id
    LEFT JOIN actors op ON op.id = s.operator_id
    JOIN fact_citations c ON c.fact_id = s.fact_id
    WHERE coalesce(:country, '') = '' OR s.country = upper(:country)
    UNION ALL
    SELECT 'deployment',
           d.unit,
           d.subject,
           NULL,
           coalesce(p.name, d.country),
           op.name,
           d.value_text,
           d.unit,
           d.qualifier,
           d.as_of_start,
           c.sources,
           c.evidence
    FROM deployments d
    LEFT JOIN places p ON p.id = d.place_id
    LEFT JOIN actors op ON op.id = d.operator_id
    JOIN fact_citations c ON c.fact_id = d.fact_id
    WHERE coalesce(:country, '') = '' OR d.country = upper(:country)
)
ORDER BY what, as_of IS NULL, as_of, name;
