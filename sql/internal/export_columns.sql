-- The columns of one table or view with type, key and documented meaning (`crisisdb export`).
SELECT p.name,
       upper(p.type) AS type,
       p.pk,
       p."notnull",
       coalesce(d.description, '') AS description
FROM pragma_table_info(:table) p
LEFT JOIN schema_docs d ON d.table_name = :table AND d.column_name = p.name
ORDER BY p.cid;
