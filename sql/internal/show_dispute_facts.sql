-- The facts dispute :id touches: the ids `crisisdb show` reads them by.
SELECT DISTINCT r.ref AS id, r.kind
FROM disputed_facts df JOIN fact_ref_index r ON r.fact_id = df.fact_id
WHERE df.dispute_id = :id
ORDER BY r.kind, r.ref;
