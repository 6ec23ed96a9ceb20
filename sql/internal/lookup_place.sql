-- Lookup `place`: a place (country, region, sea, city, base ...) by id or name.
SELECT id, name FROM places
UNION ALL SELECT id, id FROM places
