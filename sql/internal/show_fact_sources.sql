-- The sources of fact :fact_id's evidence: outlet and how far to trust each.
SELECT s.id, s.outlet, s.reliability
FROM sources s
WHERE s.id IN (SELECT x.source_id FROM evidence ev JOIN excerpts x ON x.id = ev.excerpt_id
                WHERE ev.fact_id = :fact_id)
ORDER BY s.id;
