-- title: Sources
-- description: The articles: outlet and author as the text states them, publication date
--   with its precision (`published` reads as the text gives it) and how it was inferred,
--   reliability, hash, how many facts and data notes each has, and the disputes that touch it.
SELECT s.id,
       s.file,
       s.outlet,
       s.author,
       s.title,
       fc.date_text AS published,
       s.published_start,
       s.published_end,
       s.published_precision,
       s.published_note,
       s.language,
       s.reliability,
       (SELECT count(DISTINCT fe.fact_id) FROM fact_evidence fe WHERE fe.source_id = s.id) AS facts,
       (SELECT count(*) FROM data_notes n WHERE n.source_id = s.id) AS data_notes,
       fc.disputes,
       s.sha256
FROM sources s
JOIN fact_context fc ON fc.fact_id = s.fact_id
ORDER BY s.id;
