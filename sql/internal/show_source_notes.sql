-- The flaws of source :id: what stands in the text and its repaired reading (NULL: none).
SELECT id, kind, found, reading FROM data_notes WHERE source_id = :id ORDER BY id;
