-- The tables and views of the database, each with its documented meaning (`crisisdb schema`).
SELECT m.name AS name,
       m.type AS kind,
       (SELECT count(*) FROM pragma_table_info(m.name)) AS columns,
       d.description
FROM sqlite_master m
LEFT JOIN schema_docs d ON d.table_name = m.name AND d.column_name = ''
WHERE m.type IN ('table', 'view')
  AND m.name NOT LIKE 'sqlite_%'
  AND m.name NOT LIKE '%_fts_%'
  AND m.name <> 'refinery_schema_history'
ORDER BY m.type, m.name;
