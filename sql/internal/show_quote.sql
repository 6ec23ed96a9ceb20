-- One quotation (crisisdb show): the words, who said them, when and where.
SELECT q.id, q.words, q.speaker_id, a.name AS speaker, q.language, q.date_start, q.date_end,
       q.date_precision, q.venue, q.event_id, q.part_of, q.note, q.fact_id
FROM quotes q JOIN actors a ON a.id = q.speaker_id
WHERE q.id = :id;
