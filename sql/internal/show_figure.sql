-- One reported number (crisisdb show).
SELECT f.id, f.subject, f.value_text, f.value, f.value_max, f.unit, f.qualifier, f.as_of_start,
       f.as_of_end, f.as_of_precision, p.name AS place, f.event_id, f.note, f.fact_id
FROM figures f LEFT JOIN places p ON p.id = f.place_id
WHERE f.id = :id;
