-- One event (crisisdb show): its row, with its place by name.
SELECT e.id, e.title, e.type, e.status, e.summary, e.start_date, e.end_date, e.precision,
       e.date_note, e.reported_date, e.reported_start, e.reported_end, e.reported_precision,
       p.name AS place, e.country, e.fact_id
FROM events e LEFT JOIN places p ON p.id = e.place_id
WHERE e.id = :id;
