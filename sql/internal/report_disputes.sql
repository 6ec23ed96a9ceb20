-- Every point on which the excerpts disagree, one row per side (claim), with the claim's fact
-- id for its evidence and the events the dispute touches (view disputed_facts).
SELECT d.id,
       d.topic,
       d.kind,
       d.what_differs,
       d.note,
       dc.claim_id,
       dc.fact_id AS claim_fact_id,
       dc.claim,
       (SELECT group_concat(e.id, ',') FROM (
            SELECT DISTINCT ev.id FROM disputed_facts df
            JOIN events ev ON ev.fact_id = df.fact_id
            WHERE df.dispute_id = d.id ORDER BY ev.id) e) AS events
FROM disputes d
JOIN dispute_claims dc ON dc.dispute_id = d.id
ORDER BY d.id, dc.claim_id;
