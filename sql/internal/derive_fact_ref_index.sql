-- The rows of the table fact_ref_index: the view fact_refs (each fact with the id a reader can
-- ask `crisisdb show` for), held as a table so that a join reads it through indexes. crisisdb
-- inserts these rows when it builds or migrates a database, and `crisisdb check` compares the
-- table with them.
SELECT fact_id, kind, ref FROM fact_refs
