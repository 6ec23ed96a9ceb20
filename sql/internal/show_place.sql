-- One named place (crisisdb show).
SELECT p.id, p.name, p.kind, p.country, up.name AS within, p.fact_id
FROM places p LEFT JOIN places up ON up.id = p.parent_id
WHERE p.id = :id;
