-- The excerpts that state fact :fact_id, each with where it stands and its source's outlet.
SELECT x.source_id || ':' || x.line AS at, x.text, x.id, s.outlet
FROM evidence ev
JOIN excerpts x ON x.id = ev.excerpt_id
JOIN sources s ON s.id = x.source_id
WHERE ev.fact_id = :fact_id
ORDER BY x.source_id, x.char_start, x.id;
