-- title: Sanctions, visas, tariffs and aid cuts
-- description: Every coercive measure threatened, announced, carried out or reversed between
--   the two countries: sanctions, visa revocations, tariffs, aid cuts and decertification.
SELECT e.id,
       e.start_date,
       e.precision,
       e.type,
       e.status,
       e.title,
       (SELECT group_concat(a.name || ' (' || ea.role || ')', '; ')
          FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
         WHERE ea.event_id = e.id) AS actors,
       c.sources,
       c.evidence
FROM events e
JOIN fact_citations c ON c.fact_id = e.fact_id
WHERE e.type IN ('sanction', 'visa_revocation', 'tariff', 'aid_cut', 'decertification')
ORDER BY e.start_date IS NULL, e.start_date, e.id;
