-- The rows of the table shared_spans: each span of an article that more than one excerpt
-- quotes, with how many do (they have the same words, so a search finds them together).
-- crisisdb inserts these rows when it builds or migrates a database, and `crisisdb check`
-- compares the table with them.
SELECT source_id, char_start, char_end, count(*) AS excerpts
FROM excerpts
GROUP BY source_id, char_start, char_end
HAVING count(*) > 1
