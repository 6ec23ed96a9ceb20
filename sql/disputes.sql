-- title: Where the reports disagree
-- description: Every point on which the excerpts disagree, one row per side, with the
--   excerpt and source of each claim. No side is dropped: a filter picks whole disputes. Filter
--   by dispute (id or words of its topic), by words anywhere in the dispute (topic, what
--   differs, a claim, the note), by the fact it touches (an id any answer prints: e-082,
--   q-005, fg-001 ...) and by kind.
-- param: dispute text[] = -- disputes by id or a unique part of the topic (several: a,b); empty for all
-- param: contains text = -- only disputes whose topic, claims or note contain these words; empty for all
-- param: fact text = -- only disputes that touch this fact: e-082, q-005, aid-012 ...; empty for all
-- param: kind text[] = -- between_sources or within_source; empty for both
-- values: kind in between_sources, within_source
-- lookup: dispute = dispute
-- lookup: fact = fact
-- A dispute touches the facts whose evidence overlaps its claims' (disputed_facts) and its
-- claims themselves; the disputes are picked through those keys when a dispute or fact is given.
WITH touched AS (
    SELECT df.dispute_id FROM fact_ref_index r JOIN disputed_facts df ON df.fact_id = r.fact_id
     WHERE r.ref = :fact AND r.kind NOT IN ('alias', 'title', 'dispute_claim')
    UNION
    SELECT dc.dispute_id FROM fact_ref_index r JOIN dispute_claims dc ON dc.fact_id = r.fact_id
     WHERE r.ref = :fact AND r.kind NOT IN ('alias', 'title', 'dispute_claim')
),
picked AS (
    SELECT DISTINCT value AS id FROM json_each(:dispute)
    UNION ALL
    SELECT dispute_id FROM touched WHERE :dispute IS NULL
    UNION ALL
    SELECT id FROM disputes WHERE :dispute IS NULL AND :fact IS NULL
)
SELECT d.id AS dispute,
       d.topic,
       d.kind,
       d.what_differs,
       dc.claim,
       c.sources,
       c.evidence,
       d.note
FROM picked
JOIN disputes d       ON d.id = picked.id
JOIN dispute_claims dc ON dc.dispute_id = d.id
JOIN fact_citations c ON c.fact_id = dc.fact_id
WHERE (:fact IS NULL OR d.id IN (SELECT dispute_id FROM touched))
  AND (:kind IS NULL OR d.kind IN (SELECT value FROM json_each(:kind)))
  AND (:contains IS NULL OR EXISTS (
        SELECT 1 FROM dispute_claims oc
        WHERE oc.dispute_id = d.id
          AND instr(lower(d.topic || ' ' || d.what_differs || ' ' || coalesce(d.note, '') || ' ' || oc.claim),
                    lower(:contains)) > 0))
ORDER BY d.id, dc.claim_id;
