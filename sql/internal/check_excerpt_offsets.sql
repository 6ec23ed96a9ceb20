-- Excerpts whose text is not the source text at their offsets (`crisisdb check`): must be none.
SELECT x.id, x.source_id, x.char_start, x.char_end
FROM excerpts x
JOIN sources s ON s.id = x.source_id
WHERE substr(s.text, x.char_start + 1, x.char_end - x.char_start) IS NOT x.text
ORDER BY x.id;
