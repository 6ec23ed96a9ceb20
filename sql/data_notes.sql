-- title: Data notes
-- description: Flaws found in the source texts (typos, misspellings, damaged encoding,
--   garbled text, paywall and newsletter boilerplate, AI-generation notices) with the text as
--   found, the repaired reading, and the excerpt.
-- param: source text = -- a source id (a0..a4); empty for all
-- param: kind text = -- a kind of flaw; empty for all
-- values: kind = SELECT value FROM vocabulary WHERE domain = 'data_note_kind' ORDER BY value
SELECT n.id,
       n.source_id,
       n.kind,
       n.found,
       n.reading,
       n.note,
       c.evidence
FROM data_notes n
JOIN fact_citations c ON c.fact_id = n.fact_id
WHERE (coalesce(:source, '') = '' OR n.source_id = :source)
  AND (coalesce(:kind, '') = '' OR n.kind = :kind)
ORDER BY n.source_id, n.id;
