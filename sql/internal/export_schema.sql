-- The CREATE statements of the database in dependency order: tables, indexes, views, then
-- the full-text indexes (`crisisdb export` writes them to schema.sql).
SELECT sql || ';'
FROM sqlite_master
WHERE sql IS NOT NULL
  AND name NOT GLOB 'sqlite_*'
  AND name NOT GLOB '*_fts_*'
ORDER BY CASE WHEN name GLOB '*_fts' THEN 4
              WHEN type = 'table' THEN 0
              WHEN type = 'index' THEN 1
              WHEN type = 'view' THEN 2
              ELSE 3 END,
         rowid;
