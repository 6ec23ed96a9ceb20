-- Who took part in each event, in what role, for the report's event cards.
SELECT ea.event_id,
       a.id AS actor_id,
       a.name,
       a.kind,
       ea.role,
       ea.note
FROM event_actors ea
JOIN actors a ON a.id = ea.actor_id
ORDER BY ea.event_id,
         CASE ea.role WHEN 'initiator' THEN 0 WHEN 'speaker' THEN 1 WHEN 'target' THEN 2
                      WHEN 'victim' THEN 3 ELSE 4 END,
         a.name;
