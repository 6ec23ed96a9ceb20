-- title: Sources
-- description: The articles: outlet and author as the text states them, publication date
--   with its precision and how it was inferred, reliability, hash, and how many facts and data
--   notes each has.
SELECT s.id,
       s.file,
       s.outlet,
       s.author,
       s.title,
       s.published_start,
       s.published_end,
       s.published_precision,
       s.published_note,
       s.language,
       s.reliability,
       (SELECT count(DISTINCT fe.fact_id) FROM fact_evidence fe WHERE fe.source_id = s.id) AS facts,
       (SELECT count(*) FROM data_notes n WHERE n.source_id = s.id) AS data_notes,
       s.sha256
FROM sources s
ORDER BY s.id;
