-- One flaw of a source text (crisisdb show): what stands in the text and how it reads.
SELECT n.id, n.source_id, n.kind, n.found, n.reading, n.note, n.fact_id
FROM data_notes n WHERE n.id = :id;
