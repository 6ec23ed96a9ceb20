-- One excerpt (crisisdb show): its words and where they stand in which source.
SELECT x.id, x.text, x.source_id || ':' || x.line AS at, x.char_start, x.char_end, s.outlet,
       s.reliability, x.note, NULL AS fact_id
FROM excerpts x JOIN sources s ON s.id = x.source_id
WHERE x.id = :id;
