-- Reporters that are not an outlet or a journalist (`crisisdb check`): the vocabulary defines
-- `reporter` as "the outlet or journalist that reported it", so the actor is a news outlet
-- (kind `media`), the author of a source, or a person a title of the texts calls a journalist,
-- correspondent, reporter, columnist or editor. Anyone else who spoke of an event is its
-- `speaker` or is `mentioned`.
SELECT 'event_actor ' || ea.event_id || ' ' || ea.actor_id || ' reporter',
       a.name || ' (' || a.kind || ') is not an outlet or a journalist the texts name: '
         || 'make the role speaker or mentioned, or give the title that makes it a reporter'
FROM event_actors ea
JOIN actors a ON a.id = ea.actor_id
WHERE ea.role = 'reporter'
  AND a.kind <> 'media'
  AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.author = a.name)
  AND NOT EXISTS (SELECT 1 FROM actor_titles t WHERE t.actor_id = a.id
                   AND (lower(t.title) LIKE '%journalist%' OR lower(t.title) LIKE '%correspondent%'
                        OR lower(t.title) LIKE '%reporter%' OR lower(t.title) LIKE '%columnist%'
                        OR lower(t.title) LIKE '%editor%'))
ORDER BY ea.event_id, ea.actor_id;
