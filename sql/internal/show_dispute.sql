-- One dispute (crisisdb show): what differs; its sides are show_dispute_sides.sql.
SELECT d.id, d.topic, d.kind, d.what_differs, d.note, NULL AS fact_id
FROM disputes d WHERE d.id = :id;
