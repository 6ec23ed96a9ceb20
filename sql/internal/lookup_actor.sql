-- Lookup `actor`: what names an actor (its id, name, aliases and titles), for `-- lookup:`
-- lines of canned queries (src/query/lookup.rs). One row per (id, name).
SELECT id, name FROM actors
UNION ALL SELECT id, id FROM actors
UNION ALL SELECT actor_id, alias FROM actor_aliases
UNION ALL SELECT actor_id, title FROM actor_titles
