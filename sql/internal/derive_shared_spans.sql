-- The rows of the table shared_spans: each span of an article that more than one excerpt
-- quotes (they have the same words, so a search finds them together), by its first excerpt,
-- with how many excerpts quote it. crisisdb inserts these rows when it builds or migrates a
-- database, and `crisisdb check` compares the table with them.
SELECT min(id) AS excerpt_id, count(*) AS excerpts
FROM excerpts
GROUP BY source_id, char_start, char_end
HAVING count(*) > 1
