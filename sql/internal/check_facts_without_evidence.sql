-- Facts that no excerpt supports (`crisisdb check`): must be none.
SELECT f.kind, f.fact_id
FROM facts f
WHERE NOT EXISTS (SELECT 1 FROM evidence ev WHERE ev.fact_id = f.fact_id)
ORDER BY f.fact_id;
