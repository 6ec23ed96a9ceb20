-- Lookup `event`: an event by id, or by words of its title.
SELECT id, title AS name FROM events
UNION ALL SELECT id, id FROM events
