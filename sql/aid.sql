-- title: Aid and money
-- description: Every amount of money the articles report (assistance, funding, cooperation
--   values, projections, cuts) with currency, USD figure where given, period, donor,
--   recipient, qualifier and the excerpt that states it.
SELECT m.id,
       m.value_text,
       m.amount,
       m.currency,
       m.usd_amount,
       m.qualifier,
       m.stage,
       m.period_start,
       m.period_end,
       d.name AS donor,
       r.name AS recipient,
       m.purpose,
       c.sources,
       c.evidence
FROM aid m
LEFT JOIN actors d ON d.id = m.donor_id
LEFT JOIN actors r ON r.id = m.recipient_id
JOIN fact_citations c ON c.fact_id = m.fact_id
ORDER BY m.period_start IS NULL, m.period_start, m.id;
