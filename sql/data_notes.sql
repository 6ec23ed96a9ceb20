-- title: Data notes
-- description: Flaws found in the source texts (typos, misspellings, damaged encoding,
--   garbled text, paywall and newsletter boilerplate, AI-generation notices) with the text as
--   found, the repaired reading, the disputes that touch the passage and the excerpt.
-- param: source text[] = -- source ids (a0..a4; several: a,b); empty for all
-- param: kind text[] = -- kinds of flaw (several: a,b); empty for all
-- values: source = SELECT id FROM sources ORDER BY id
-- values: kind = SELECT value FROM vocabulary WHERE domain = 'data_note_kind' ORDER BY value
SELECT n.id,
       n.source_id,
       n.kind,
       n.found,
       n.reading,
       n.note,
       fc.disputes,
       fc.evidence
FROM data_notes n
JOIN fact_context fc ON fc.fact_id = n.fact_id
WHERE (:source IS NULL OR n.source_id IN (SELECT value FROM json_each(:source)))
  AND (:kind IS NULL OR n.kind IN (SELECT value FROM json_each(:kind)))
ORDER BY n.source_id, n.id;
