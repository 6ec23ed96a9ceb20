-- Views and tables that cost what their answer costs. V2's `disputed_facts` paired every
-- excerpt with every excerpt of its source, and its `fact_citations` aggregated every fact
-- before a caller's filter applied, so `timeline`, the report and the canned queries that join
-- them scaled with the whole database (sql/timeline.sql even re-derived `timeline` to avoid
-- them). Same columns, same rows; each is now read through an index from the side its caller
-- filters on. `timeline` keeps V2's text: it looks each event's fact up in both.

-- A view that removes duplicates (as `disputed_facts` must) is computed whole for every row
-- that looks one fact up in it. The database is written once, so `disputed_facts` becomes a
-- table, derived when the database is built or migrated (sql/internal/derive_disputed_facts.sql,
-- run by crisisdb after this migration) and checked against the evidence by `crisisdb check`.
DROP VIEW disputed_facts;
-- One row per fact whose evidence overlaps the evidence of a dispute claim of another fact:
-- the fact is disputed somewhere, and dispute_id says where.
CREATE TABLE disputed_facts (
    fact_id    INTEGER NOT NULL REFERENCES facts(fact_id),
    dispute_id TEXT NOT NULL REFERENCES disputes(id),
    PRIMARY KEY (fact_id, dispute_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX disputed_facts_dispute ON disputed_facts(dispute_id);

-- The derivation finds overlapping excerpts through the excerpts_source index: no excerpt is
-- longer than the longest, which this index answers at once, so an overlapping excerpt starts
-- at most that far before.
CREATE INDEX excerpts_length ON excerpts(char_end - char_start);

DROP VIEW fact_citations;
-- One row per fact with evidence: the ids of its sources and all its excerpts as
-- `[source:line] words`, joined by ` | `, both in source then text order. The canned queries
-- use it to return evidence with every answer; each row is computed only when asked for.
CREATE VIEW fact_citations AS
SELECT f.fact_id,
       (SELECT group_concat(DISTINCT source_id)
          FROM (SELECT fe.source_id FROM fact_evidence fe WHERE fe.fact_id = f.fact_id
                 ORDER BY fe.source_id, fe.char_start)) AS sources,
       (SELECT group_concat(cite, ' | ')
          FROM (SELECT '[' || fe.source_id || ':' || fe.line || '] ' || fe.excerpt AS cite
                  FROM fact_evidence fe WHERE fe.fact_id = f.fact_id
                 ORDER BY fe.source_id, fe.char_start)) AS evidence
FROM facts f
WHERE EXISTS (SELECT 1 FROM evidence ev WHERE ev.fact_id = f.fact_id);

UPDATE schema_docs SET description = 'Derived table (made at build and migrate from evidence, excerpts and dispute_claims; crisisdb check proves it): facts whose evidence overlaps a dispute claim''s evidence.'
WHERE table_name = 'disputed_facts' AND column_name = '';
