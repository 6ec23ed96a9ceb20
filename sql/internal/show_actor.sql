-- One actor (crisisdb show): its row.
SELECT a.id, a.name, a.kind, a.country, a.description, a.fact_id
FROM actors a WHERE a.id = :id;
