-- The disputes each reported number touches (view disputed_facts), for the figure panels.
SELECT fact_id, group_concat(dispute_id) AS disputes
FROM (SELECT DISTINCT fact_id, dispute_id FROM disputed_facts
      WHERE fact_id IN (SELECT fact_id FROM deployments UNION ALL SELECT fact_id FROM figures
                        UNION ALL SELECT fact_id FROM aid)
      ORDER BY fact_id, dispute_id)
GROUP BY fact_id;
