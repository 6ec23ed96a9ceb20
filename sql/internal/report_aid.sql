-- Every amount of money, for the report's aid panel: the USD figure where the text gives or
-- implies one, the period it covers (else the date it was reported for), donor and recipient.
SELECT m.*,
       m.amount AS value,
       m.amount_max AS value_max,
       coalesce(m.period_start, m.as_of_start) AS date_start,
       coalesce(m.period_end, m.as_of_end) AS date_end,
       CASE WHEN m.period_start IS NOT NULL THEN m.period_precision
            ELSE m.as_of_precision END AS date_precision,
       CASE WHEN m.period_start IS NOT NULL THEN 'period' ELSE 'as_of' END AS date_kind,
       d.name AS donor,
       r.name AS recipient
FROM aid m
LEFT JOIN actors d ON d.id = m.donor_id
LEFT JOIN actors r ON r.id = m.recipient_id
ORDER BY date_start IS NULL, date_start, m.id;
