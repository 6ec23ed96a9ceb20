-- The secondary indexes of the schema (name, CREATE statement), in the order they were made:
-- those a build drops while it loads the rows and makes again after (`db::build`). The unique
-- indexes are left: they enforce keys, and the loader looks its rows up through them.
SELECT name, sql
FROM sqlite_master
WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE INDEX%'
ORDER BY rowid;
