-- The actors of event :id with their roles.
SELECT a.id, a.name, ea.role, ea.note
FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
WHERE ea.event_id = :id
ORDER BY ea.role, a.name;
