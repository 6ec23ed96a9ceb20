-- One reported count of personnel or equipment (crisisdb show).
SELECT d.id, d.subject, d.value_text, d.value, d.value_max, d.unit, d.qualifier,
       d.asset_id, o.name AS operator, p.name AS place, d.country, d.as_of_start, d.as_of_end,
       d.as_of_precision, d.event_id, d.note, d.fact_id
FROM deployments d LEFT JOIN actors o ON o.id = d.operator_id LEFT JOIN places p ON p.id = d.place_id
WHERE d.id = :id;
