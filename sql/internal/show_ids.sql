-- Every id `crisisdb show` reads, with the kind of row it names (ids are unique per table; an
-- id may name rows of two tables). The resolver looks an id up here, and suggests the closest.
SELECT 'event' AS kind, id FROM events
UNION ALL SELECT 'actor', id FROM actors
UNION ALL SELECT 'quote', id FROM quotes
UNION ALL SELECT 'aid', id FROM aid
UNION ALL SELECT 'figure', id FROM figures
UNION ALL SELECT 'deployment', id FROM deployments
UNION ALL SELECT 'asset', id FROM assets
UNION ALL SELECT 'place', id FROM places
UNION ALL SELECT 'dispute', id FROM disputes
UNION ALL SELECT 'data_note', id FROM data_notes
UNION ALL SELECT 'excerpt', id FROM excerpts
UNION ALL SELECT 'source', id FROM sources;
