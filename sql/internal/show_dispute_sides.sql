-- The sides of dispute :id: each claim with the excerpts that make it.
SELECT dc.claim,
       (SELECT group_concat(cite, ' | ')
          FROM (SELECT '[' || x.source_id || ':' || x.line || '] ' || x.text AS cite
                  FROM evidence ev JOIN excerpts x ON x.id = ev.excerpt_id
                 WHERE ev.fact_id = dc.fact_id ORDER BY x.source_id, x.char_start)) AS evidence
FROM dispute_claims dc WHERE dc.dispute_id = :id ORDER BY dc.claim_id;
