-- The rows of the table disputed_facts, from the evidence: each fact whose evidence overlaps
-- (within one source) the evidence of a dispute claim of another fact, with that dispute. Only
-- the excerpts that state a fact or a claim count (role `states`): one that only dates, places
-- or frames it does not make the dispute its own.
-- Found from the claims' side through the excerpts_source index; no excerpt is longer than the
-- longest, so an overlapping excerpt starts at most that far before (the excerpts_length index
-- answers the longest at once). crisisdb inserts these rows when it builds or migrates a
-- database, and `crisisdb check` compares the table with them.
SELECT DISTINCT ev.fact_id, dc.dispute_id
FROM dispute_claims dc
JOIN evidence cev ON cev.fact_id = dc.fact_id AND cev.role = 'states'
JOIN excerpts cx  ON cx.id = cev.excerpt_id
JOIN excerpts x   ON x.source_id = cx.source_id
                 AND x.char_start < cx.char_end AND cx.char_start < x.char_end
                 AND x.char_start > cx.char_start - (SELECT char_end - char_start FROM excerpts
                                                     ORDER BY char_end - char_start DESC LIMIT 1)
JOIN evidence ev  ON ev.excerpt_id = x.id AND ev.role = 'states'
WHERE ev.fact_id <> dc.fact_id
