-- One base, ship, aircraft, unit or force (crisisdb show).
SELECT a.id, a.name, a.kind, o.name AS operator, p.name AS place, a.department, a.country,
       a.description, a.fact_id
FROM assets a LEFT JOIN actors o ON o.id = a.operator_id LEFT JOIN places p ON p.id = a.place_id
WHERE a.id = :id;
