-- The character spans of each source that some fact cites (`crisisdb check` coverage).
SELECT DISTINCT x.source_id, x.char_start, x.char_end
FROM excerpts x
WHERE EXISTS (SELECT 1 FROM evidence ev WHERE ev.excerpt_id = x.id)
ORDER BY x.source_id, x.char_start;
