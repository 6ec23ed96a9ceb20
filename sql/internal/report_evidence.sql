-- Every (fact, excerpt) pair in reading order: the report looks up each fact's evidence here.
SELECT fe.fact_id,
       fe.source_id,
       fe.line,
       fe.excerpt
FROM fact_evidence fe
ORDER BY fe.fact_id, fe.source_id, fe.char_start;
