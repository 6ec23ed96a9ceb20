-- title: Full-text search
-- description: Searches the excerpts, the full article texts and the repaired readings of
--   damaged text (SQLite FTS5 query syntax: words, "a phrase", prefix*, AND/OR/NOT; case and
--   accents are ignored) and returns one hit per passage, best first: where it is
--   (source_id:line), a highlighted snippet, the ids of the facts it supports (each one
--   `crisisdb show` reads) and the excerpts, article or data note it was found in.
--   `crisisdb search` takes plain text and turns it into this syntax.
-- param: q text -- what to look for, e.g. tariffs or "drug dealer"
-- param: limit integer = 50 -- at most this many matches
WITH
-- Each index returns only its best matches by bm25 (FTS5's default rank), ties in rowid order:
-- `limit` of them, and of the excerpts enough rows to make `limit` passages (excerpts quoting
-- the same span have the same words, so the same score: at most as many rows per passage as one
-- span has excerpts, which the derived table shared_spans (V7) answers at once).
-- Every match is scored once and only the best are kept (`*_best`, SQLite's top-N sort); the
-- snippets are made for those alone, each found again through its rowid (`*_snippets`).
-- FTS5's `ORDER BY rank` scored every match twice and sorted them all.
excerpt_best AS MATERIALIZED (
    SELECT rowid AS hit_rowid, bm25(excerpts_fts) AS score
    FROM excerpts_fts WHERE excerpts_fts MATCH :q
    ORDER BY score, rowid
    LIMIT coalesce(cast(nullif(:limit, '') AS INTEGER)
                   * coalesce((SELECT max(excerpts) FROM shared_spans), 1), -1)
),
excerpt_hits AS MATERIALIZED (
    SELECT b.hit_rowid, b.score, snippet(excerpts_fts, 0, '[', ']', '…', 16) AS snippet
    FROM excerpt_best b CROSS JOIN excerpts_fts ON excerpts_fts.rowid = b.hit_rowid
    WHERE excerpts_fts MATCH :q
),
article_best AS MATERIALIZED (
    SELECT rowid AS hit_rowid, bm25(sources_fts) AS score
    FROM sources_fts WHERE sources_fts MATCH :q
    ORDER BY score, rowid LIMIT coalesce(cast(nullif(:limit, '') AS INTEGER), -1)
),
article_snippets AS MATERIALIZED (
    SELECT b.hit_rowid, b.score,
           snippet(sources_fts, -1, '[', ']', '…', 24) AS snippet,
           snippet(sources_fts, -1, char(1), '', '', 24) AS marked
    FROM article_best b CROSS JOIN sources_fts ON sources_fts.rowid = b.hit_rowid
    WHERE sources_fts MATCH :q
),
article_hits AS (
    -- where in the text: the snippet, its first match marked with char(1), found in the text
    SELECT h.score, s.id, h.snippet, s.text,
           instr(s.text, replace(h.marked, char(1), '')) AS at, instr(h.marked, char(1)) - 1 AS offset
    FROM article_snippets h
    JOIN sources s ON s.rowid = h.hit_rowid
),
note_best AS MATERIALIZED (
    SELECT rowid AS hit_rowid, bm25(data_notes_fts) AS score
    FROM data_notes_fts WHERE data_notes_fts MATCH :q
    ORDER BY score, rowid LIMIT coalesce(cast(nullif(:limit, '') AS INTEGER), -1)
),
note_snippets AS MATERIALIZED (
    SELECT b.hit_rowid, b.score, snippet(data_notes_fts, 0, '[', ']', '…', 16) AS snippet
    FROM note_best b CROSS JOIN data_notes_fts ON data_notes_fts.rowid = b.hit_rowid
    WHERE data_notes_fts MATCH :q
),
note_hits AS (
    SELECT h.score, n.id, n.source_id, h.snippet, instr(s.text, n.found) AS pos, s.text
    FROM note_snippets h
    JOIN data_notes n ON n.rowid = h.hit_rowid
    JOIN sources s ON s.id = n.source_id
),
hits AS (
    -- excerpts quoting the same span of an article are one hit
    SELECT min(h.score) AS score, 'excerpt' AS found_in, x.source_id, x.line,
           min(h.snippet) AS snippet,
           (SELECT group_concat(ref) FROM (
                SELECT DISTINCT r.ref
                  FROM excerpts same
                  JOIN evidence ev ON ev.excerpt_id = same.id
                  JOIN fact_ref_index r ON r.fact_id = ev.fact_id
                 WHERE same.source_id = x.source_id AND same.char_start = x.char_start
                   AND same.char_end = x.char_end
                 ORDER BY r.ref)) AS supports,
           (SELECT group_concat(id) FROM (
                SELECT same.id FROM excerpts same
                 WHERE same.source_id = x.source_id AND same.char_start = x.char_start
                   AND same.char_end = x.char_end
                 ORDER BY same.id)) AS ref
    FROM excerpt_hits h JOIN excerpts x ON x.rowid = h.hit_rowid
    GROUP BY x.source_id, x.char_start, x.char_end
    UNION ALL
    SELECT score, 'article', id,
           -- the line of the first match (none when the match is in the headline)
           CASE WHEN at > 0 THEN at + offset - length(replace(substr(text, 1, at + offset), char(10), '')) + 1 END,
           snippet, NULL, id
    FROM article_hits
    UNION ALL
    SELECT score, 'data_note', source_id,
           CASE WHEN pos > 0 THEN pos - length(replace(substr(text, 1, pos), char(10), '')) + 1 END,
           snippet, id, id
    FROM note_hits
)
SELECT row_number() OVER (ORDER BY score, found_in, source_id, line, ref) AS rank,
       found_in, source_id, line, snippet, supports, ref
FROM hits
ORDER BY rank
LIMIT coalesce(cast(nullif(:limit, '') AS INTEGER), -1);
