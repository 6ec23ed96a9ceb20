-- title: Where the reports disagree
-- description: Every point on which the excerpts disagree, one row per side, with the
--   excerpt and source of each claim. No side is dropped.
-- param: kind text = -- between_sources or within_source; empty for both
-- values: kind in between_sources, within_source
SELECT d.id AS dispute,
       d.topic,
       d.kind,
       d.what_differs,
       dc.claim,
       c.sources,
       c.evidence,
       d.note
FROM disputes d
JOIN dispute_claims dc ON dc.dispute_id = d.id
JOIN fact_citations c ON c.fact_id = dc.fact_id
WHERE coalesce(:kind, '') = '' OR d.kind = :kind
ORDER BY d.id, dc.claim_id;
