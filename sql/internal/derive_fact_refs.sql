-- The rows of the table fact_refs: each fact with the id a reader can ask `crisisdb show` for.
-- A fact that is a row with an id of its own (event, actor, quote, ...) is that id; an alias or
-- a title is its actor; a dispute claim is its dispute; a source is the source. crisisdb inserts
-- these rows when it builds or migrates a database, and `crisisdb check` compares the table with
-- them.
SELECT fact_id, 'event' AS kind, id AS ref FROM events
UNION ALL SELECT fact_id, 'actor', id FROM actors
UNION ALL SELECT fact_id, 'alias', actor_id FROM actor_aliases
UNION ALL SELECT fact_id, 'title', actor_id FROM actor_titles
UNION ALL SELECT fact_id, 'place', id FROM places
UNION ALL SELECT fact_id, 'asset', id FROM assets
UNION ALL SELECT fact_id, 'deployment', id FROM deployments
UNION ALL SELECT fact_id, 'aid', id FROM aid
UNION ALL SELECT fact_id, 'figure', id FROM figures
UNION ALL SELECT fact_id, 'quote', id FROM quotes
UNION ALL SELECT fact_id, 'dispute_claim', dispute_id FROM dispute_claims
UNION ALL SELECT fact_id, 'data_note', id FROM data_notes
UNION ALL SELECT fact_id, 'source', id FROM sources
