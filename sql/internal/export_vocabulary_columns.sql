-- The triggers that hold an enumerated column to its vocabulary domain (`crisisdb export`
-- reads "TABLE.COLUMN is not a value of vocabulary DOMAIN" from each).
SELECT sql
FROM sqlite_master
WHERE type = 'trigger' AND sql LIKE '%is not a value of vocabulary%'
ORDER BY name;
