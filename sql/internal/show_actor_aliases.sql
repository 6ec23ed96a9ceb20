-- The ways actor :id is written in the texts.
SELECT alias FROM actor_aliases WHERE actor_id = :id ORDER BY alias;
