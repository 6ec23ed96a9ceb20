-- title: Full-text search
-- description: Searches the excerpts and the full article texts (SQLite FTS5 query syntax:
--   words, "a phrase", prefix*, AND/OR/NOT) and returns a highlighted snippet of each match,
--   best matches first, with the facts an excerpt supports.
-- param: q text -- what to look for, e.g. tariffs or "drug dealer"
-- param: limit integer = 50 -- at most this many matches
SELECT * FROM (
    SELECT 'excerpt' AS found_in,
           x.source_id,
           x.line,
           snippet(excerpts_fts, 0, '[', ']', '…', 16) AS snippet,
           (SELECT group_concat(DISTINCT f.kind) FROM evidence ev JOIN facts f ON f.fact_id = ev.fact_id
             WHERE ev.excerpt_id = x.id) AS supports,
           x.id AS ref,
           bm25(excerpts_fts) AS rank
    FROM excerpts_fts JOIN excerpts x ON x.rowid = excerpts_fts.rowid
    WHERE excerpts_fts MATCH :q
    UNION ALL
    SELECT 'article',
           s.id,
           NULL,
           snippet(sources_fts, 1, '[', ']', '…', 24),
           NULL,
           s.file,
           bm25(sources_fts)
    FROM sources_fts JOIN sources s ON s.rowid = sources_fts.rowid
    WHERE sources_fts MATCH :q
)
ORDER BY rank, found_in, ref
LIMIT coalesce(cast(nullif(:limit, '') AS INTEGER), -1);
