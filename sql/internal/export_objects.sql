-- The tables and views an export writes, tables first (`crisisdb export`): only those
-- crisisdb documents in schema_docs, and the migrations' history, so a table someone added to
-- the file is never written out. The full-text indexes are rebuilt from their tables, so they
-- are not exported.
SELECT m.name,
       m.type,
       coalesce(d.description, 'The migrations applied to this database (refinery).'),
       coalesce(m.sql, '') AS sql
FROM sqlite_master m
LEFT JOIN schema_docs d ON d.table_name = m.name AND d.column_name = ''
WHERE m.type IN ('table', 'view')
  AND (d.table_name IS NOT NULL OR m.name = 'refinery_schema_history')
  AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
ORDER BY m.type, m.name;
