-- Lookup `fact`: any fact with an id of its own (e-082, q-005, fg-001, aid-012, a2 ...).
SELECT DISTINCT ref AS id, ref AS name FROM fact_ref_index
WHERE kind NOT IN ('alias', 'title', 'dispute_claim');
