-- One article (crisisdb show): what it is and how far to trust it; its text is read whole by
-- the show module, with show_source_excerpts.sql and show_source_notes.sql.
SELECT s.id, s.title, s.outlet, s.author, s.published_start, s.published_end,
       s.published_precision, s.published_note, s.language, s.reliability, s.file, s.sha256,
       s.fact_id, s.text
FROM sources s WHERE s.id = :id;
