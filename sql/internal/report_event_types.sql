-- The event types with their words, family, colour and lane order, for the report's lanes and
-- legend: the vocabulary is the one list of them.
SELECT value, description, label, family, colour, sort_order
FROM vocabulary
WHERE domain = 'event_type'
ORDER BY value;
