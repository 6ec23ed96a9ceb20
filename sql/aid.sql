-- title: Aid and money
-- description: Every amount of money the articles report (assistance, funding, cooperation
--   values, projections, cuts) with currency, USD figure where given, the period at its
--   precision (`period` reads as the text gives it), the note (how the period was worked out,
--   and what else a reader should know), donor, recipient, qualifier, the disputes that touch
--   it and the excerpt that states it. Filter by stage and by dates (an amount is included
--   when its possible period overlaps the range; one without a period only when no range is
--   given).
-- param: stage text[] = -- stages (several: a,b), e.g. cut,suspended; empty for all
-- param: from date = -- earliest date: 2025, 2025-09 or 2025-09-15; empty for no limit
-- param: to date_last = -- latest date: 2025, 2025-09 (through 30 Sep) or 2025-09-15; empty for no limit
-- values: stage = SELECT value FROM vocabulary WHERE domain = 'aid_stage' ORDER BY value
SELECT m.id,
       m.value_text,
       m.amount,
       m.currency,
       m.usd_amount,
       m.qualifier,
       m.stage,
       fc.date_text AS period,
       m.period_start,
       m.period_end,
       m.period_precision,
       m.note,
       d.name AS donor,
       r.name AS recipient,
       m.purpose,
       fc.disputes,
       fc.sources,
       fc.evidence
FROM aid m
LEFT JOIN actors d ON d.id = m.donor_id
LEFT JOIN actors r ON r.id = m.recipient_id
JOIN fact_context fc ON fc.fact_id = m.fact_id
WHERE (:stage IS NULL OR m.stage IN (SELECT value FROM json_each(:stage)))
  AND ((m.period_start IS NULL AND :from IS NULL AND :to IS NULL)
       OR (m.period_start <= coalesce(:to, '9999-12-31') AND m.period_end >= coalesce(:from, '0000-01-01')))
ORDER BY m.period_start IS NULL, m.period_start, m.id;
