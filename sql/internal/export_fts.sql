-- The full-text indexes crisisdb documents, with their CREATE statements (`crisisdb export`
-- reads the content table and columns from them).
SELECT m.name, m.sql
FROM sqlite_master m
JOIN schema_docs d ON d.table_name = m.name AND d.column_name = ''
WHERE m.type = 'table'
  AND m.sql LIKE 'CREATE VIRTUAL TABLE%USING fts%'
ORDER BY m.name;
