-- Answers that cost what they hold at a million events, in the bundled SQLite and in the
-- sqlite3 shell of Debian stable (3.40) alike. Two lookups every search and `crisisdb show`
-- make are computed once, when the database is built or migrated (the database is written
-- once), instead of per query: each is a table derived from the others, whose rows come from
-- one query in sql/internal/derive_*.sql and which `crisisdb check` compares with it.

-- V6's view `fact_refs` is a UNION ALL over thirteen tables. SQLite reads it through the
-- tables' fact_id indexes only when a query filters it by a constant; a query that joins it
-- (the search's `supports`, `crisisdb show`'s lists) made the sqlite3 shell (3.40) read it
-- whole for each row, and the bundled SQLite too when the join is inside a subquery. The view
-- stays the one definition; `fact_ref_index` holds its rows (derived:
-- sql/internal/derive_fact_ref_index.sql reads the view), read through its key by fact and
-- through fact_ref_index_ref by id, whatever the query.
CREATE TABLE fact_ref_index (
    fact_id INTEGER PRIMARY KEY REFERENCES facts(fact_id),
    kind    TEXT NOT NULL,
    ref     TEXT NOT NULL
) STRICT;
CREATE INDEX fact_ref_index_ref ON fact_ref_index(ref, kind);
INSERT INTO schema_docs (table_name, column_name, description) VALUES
    ('fact_ref_index', '', 'Derived table (made at build and migrate from the view fact_refs; crisisdb check proves it): its rows, read through indexes. Join this rather than the view.'),
    ('fact_ref_index', 'fact_id', 'the fact'),
    ('fact_ref_index', 'kind', 'its kind (as facts.kind)'),
    ('fact_ref_index', 'ref', 'the id of its row; for an alias or title the actor, for a dispute claim the dispute');

-- V2's view `actor_names` joined its two halves with UNION, which removes duplicates: the
-- sqlite3 shell (3.40) then computes it whole before a filter (`where actor_id = ...` read
-- every actor and alias). The halves cannot repeat a row (an alias is unique per actor, and
-- `how` tells the halves apart), so UNION ALL gives the same rows, and ORDER BY the order UNION
-- gave them in; a filter then reads the two tables' indexes.
DROP VIEW actor_names;
-- One row per name an actor goes by: the canonical name and every alias.
CREATE VIEW actor_names AS
SELECT id AS actor_id, name, 'canonical' AS how FROM actors
UNION ALL
SELECT actor_id, alias, 'alias' FROM actor_aliases
ORDER BY actor_id, name, how;

-- The search returns `limit` passages of the excerpts, and excerpts quoting the same span of an
-- article are one passage: it reads `limit` times the most excerpts any span has, which it
-- counted over every excerpt on each search. One row per span that more than one excerpt
-- quotes, by its first excerpt, with how many (derived: sql/internal/derive_shared_spans.sql);
-- the most is the last entry of shared_spans_excerpts.
CREATE TABLE shared_spans (
    excerpt_id TEXT PRIMARY KEY REFERENCES excerpts(id),
    excerpts   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX shared_spans_excerpts ON shared_spans(excerpts);
INSERT INTO schema_docs (table_name, column_name, description) VALUES
    ('shared_spans', '', 'Derived table (made at build and migrate from excerpts; crisisdb check proves it): one row per span of an article that more than one excerpt quotes.'),
    ('shared_spans', 'excerpt_id', 'the first excerpt (by id) that quotes the span'),
    ('shared_spans', 'excerpts', 'how many excerpts quote it (two or more)');

-- disputed_facts: only the excerpts that state a fact or a claim (evidence role `states`) tie
-- the fact to the dispute (sql/internal/derive_disputed_facts.sql); one that only dates,
-- places or frames it does not.
UPDATE schema_docs SET description = 'Derived table (made at build and migrate from evidence, excerpts and dispute_claims; crisisdb check proves it): facts whose stating evidence (role states) overlaps a dispute claim''s stating evidence.'
WHERE table_name = 'disputed_facts' AND column_name = '';
