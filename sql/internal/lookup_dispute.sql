-- Lookup `dispute`: a dispute by id, or by words of its topic.
SELECT id, topic AS name FROM disputes
UNION ALL SELECT id, id FROM disputes
