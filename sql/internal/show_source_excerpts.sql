-- The cited spans of source :id (character offsets) with the facts each supports.
SELECT x.char_start, x.char_end, x.line,
       (SELECT group_concat(r.ref, ',') FROM evidence ev JOIN fact_ref_index r ON r.fact_id = ev.fact_id
         WHERE ev.excerpt_id = x.id) AS supports
FROM excerpts x WHERE x.source_id = :id
ORDER BY x.char_start;
