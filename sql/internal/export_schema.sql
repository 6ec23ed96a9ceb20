-- The CREATE statements of the objects crisisdb documents in schema_docs (and the
-- migrations' history), in dependency
-- order: tables, indexes, views, triggers, then the full-text indexes (`crisisdb export`
-- writes them to schema.sql). Objects someone added to the file are left out.
SELECT m.sql || ';'
FROM sqlite_master m
WHERE m.sql IS NOT NULL
  AND m.name NOT GLOB 'sqlite_*'
  AND (m.tbl_name IN (SELECT table_name FROM schema_docs WHERE column_name = '')
       OR m.tbl_name = 'refinery_schema_history')
ORDER BY CASE WHEN m.sql LIKE 'CREATE VIRTUAL TABLE%' THEN 4
              WHEN m.type = 'table' THEN 0
              WHEN m.type = 'index' THEN 1
              WHEN m.type = 'view' THEN 2
              ELSE 3 END,
         m.rowid;
