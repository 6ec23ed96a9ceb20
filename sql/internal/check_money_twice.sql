-- Two money rows that rest on one excerpt and carry one USD amount: one amount counted twice
-- (`crisisdb check`). One row per pair, named by the later row.
SELECT 'aid ' || b.id,
       'same usd_amount (' || b.usd_amount || ') and excerpt ' || min(eb.excerpt_id) || ' as aid ' || a.id
         || ': one amount is one row (give both currencies in it)'
FROM aid a
JOIN aid b ON b.id > a.id AND b.usd_amount = a.usd_amount
JOIN evidence ea ON ea.fact_id = a.fact_id
JOIN evidence eb ON eb.fact_id = b.fact_id AND eb.excerpt_id = ea.excerpt_id
GROUP BY a.id, b.id
ORDER BY b.id, a.id;
