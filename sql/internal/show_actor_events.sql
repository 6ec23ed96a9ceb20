-- The events actor :id takes part in, in date order, with its role.
SELECT e.id, e.title, ea.role, e.start_date, e.end_date, e.precision
FROM event_actors ea JOIN events e ON e.id = ea.event_id
WHERE ea.actor_id = :id
ORDER BY e.start_date IS NULL, e.start_date, e.id, ea.role;
