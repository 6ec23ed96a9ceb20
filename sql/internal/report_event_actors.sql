-- Who took part in each event, in what role, with the actor's country, for the event cards.
SELECT ea.event_id,
       a.id AS actor_id,
       a.name,
       a.kind,
       c.name AS country,
       ea.role,
       ea.note
FROM event_actors ea
JOIN actors a ON a.id = ea.actor_id
LEFT JOIN countries c ON c.code = a.country
ORDER BY ea.event_id,
         CASE ea.role WHEN 'initiator' THEN 0 WHEN 'speaker' THEN 1 WHEN 'target' THEN 2
                      WHEN 'victim' THEN 3 ELSE 4 END,
         a.name;
