-- The facts excerpt :id is evidence for.
SELECT r.ref AS id, r.kind
FROM evidence ev JOIN fact_ref_index r ON r.fact_id = ev.fact_id
WHERE ev.excerpt_id = :id
ORDER BY r.kind, r.ref;
