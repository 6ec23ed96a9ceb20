-- The tables and views an export writes, tables first (`crisisdb export`). The full-text
-- indexes are rebuilt from their tables, so they are not exported.
SELECT m.name,
       m.type,
       coalesce((SELECT d.description FROM schema_docs d
                  WHERE d.table_name = m.name AND d.column_name = ''), '') AS description
FROM sqlite_master m
WHERE m.type IN ('table', 'view')
  AND m.name NOT GLOB 'sqlite_*'
  AND m.name NOT GLOB '*_fts'
  AND m.name NOT GLOB '*_fts_*'
ORDER BY m.type, m.name;
