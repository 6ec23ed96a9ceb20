-- Reported counts of forces, for the report's forces panel, grouped by region: the nearest
-- country, territory or sea that holds the count's place (its own, else its asset's; walking
-- up `places.parent_id`), else that place's country, else the top of its chain, else the
-- count's country. Every count is its own row: two sources that give different numbers for
-- the same force stay two rows. Rows without a number (value NULL) are listed beside the
-- charts but not plotted. Its date is the count's as of date, read from the view fact_dates.
WITH RECURSIVE up(place_id, id, kind, parent_id, depth) AS (
    SELECT id, id, kind, parent_id, 0 FROM places
    UNION ALL
    SELECT up.place_id, p.id, p.kind, p.parent_id, up.depth + 1
    FROM up JOIN places p ON p.id = up.parent_id
    WHERE up.kind NOT IN ('country', 'territory', 'sea')
),
region AS (
    -- SQLite takes the bare columns `id` and `kind` from the row with max(depth)
    SELECT place_id, id AS region_id, kind IN ('country', 'territory', 'sea') AS whole,
           max(depth)
    FROM up GROUP BY place_id
),
placed AS (
    SELECT d.id,
           coalesce(d.place_id, a.place_id) AS place_id,
           coalesce(d.country, a.country) AS country
    FROM deployments d LEFT JOIN assets a ON a.id = d.asset_id
)
SELECT d.*,
       fd.date_start,
       fd.date_end,
       fd.date_precision,
       coalesce(CASE WHEN r.whole THEN rp.name END, pc.name, rp.name, c.name, w.country)
           AS region,
       coalesce(p.name, c.name, w.country) AS place,
       op.name AS operator
FROM deployments d
JOIN placed w ON w.id = d.id
JOIN fact_dates fd ON fd.fact_id = d.fact_id
LEFT JOIN places p ON p.id = w.place_id
LEFT JOIN countries pc ON pc.code = p.country
LEFT JOIN region r ON r.place_id = w.place_id
LEFT JOIN places rp ON rp.id = r.region_id
LEFT JOIN countries c ON c.code = w.country
LEFT JOIN actors op ON op.id = d.operator_id
ORDER BY d.as_of_start IS NULL, d.as_of_start, d.id;
