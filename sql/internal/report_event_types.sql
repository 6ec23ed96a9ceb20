-- The event types with their words, for the report's lanes and legend. `label` and `family`
-- are NULL until the vocabulary carries them; the report then falls back to its own.
SELECT value, description, NULL AS label, NULL AS family
FROM vocabulary
WHERE domain = 'event_type'
ORDER BY value;
