-- The columns of one table or view with type, constraints and meaning (`crisisdb schema TABLE`).
SELECT p.name AS column,
       p.type,
       CASE WHEN p."notnull" THEN 'yes' ELSE '' END AS required,
       CASE WHEN p.pk THEN 'yes' ELSE '' END AS primary_key,
       d.description
FROM pragma_table_info(:table) p
LEFT JOIN schema_docs d ON d.table_name = :table AND d.column_name = p.name
ORDER BY p.cid;
