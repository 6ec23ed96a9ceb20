-- The disputes that touch fact :fact_id (through its evidence or as one of its sides), each
-- with every side and that side's words.
SELECT d.id, d.topic, d.what_differs,
       (SELECT group_concat(side, ' | ')
          FROM (SELECT dc.claim || ' (' || coalesce(
                       (SELECT group_concat(x.source_id || ':' || x.line, ', ')
                          FROM evidence ev JOIN excerpts x ON x.id = ev.excerpt_id
                         WHERE ev.fact_id = dc.fact_id), 'no excerpt') || ')' AS side
                  FROM dispute_claims dc WHERE dc.dispute_id = d.id ORDER BY dc.claim_id)) AS sides
FROM disputes d
WHERE d.id IN (SELECT dispute_id FROM disputed_facts WHERE fact_id = :fact_id
               UNION SELECT dispute_id FROM dispute_claims WHERE fact_id = :fact_id)
ORDER BY d.id;
