-- One amount of money (crisisdb show): the amount as written and as a number, who gives it to
-- whom, for what period.
SELECT x.id, x.value_text, x.amount, x.amount_max, x.currency, x.usd_amount, x.qualifier,
       x.stage, x.purpose, d.name AS donor, r.name AS recipient, x.period_start, x.period_end,
       x.period_precision, x.as_of_start, x.as_of_end, x.as_of_precision, x.event_id, x.note,
       x.fact_id
FROM aid x LEFT JOIN actors d ON d.id = x.donor_id LEFT JOIN actors r ON r.id = x.recipient_id
WHERE x.id = :id;
