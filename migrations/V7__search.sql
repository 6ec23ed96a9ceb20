-- Full-text search that other tools find, and ids that `crisisdb show` reads.
--
-- V1 declared the full-text indexes `content = 'excerpts'` (a quoted string). SQLite accepts
-- it, but sqlite-utils and Datasette without metadata look for `content="excerpts"` in the
-- table's SQL and so miss the index. They are made again in that form, with the same columns
-- and tokenizer (case and accents ignored), and rebuilt from the tables they index.
DROP TABLE sources_fts;
DROP TABLE excerpts_fts;
CREATE VIRTUAL TABLE sources_fts USING fts5(
    title, text, content="sources", tokenize="unicode61 remove_diacritics 2"
);
CREATE VIRTUAL TABLE excerpts_fts USING fts5(
    text, content="excerpts", tokenize="unicode61 remove_diacritics 2"
);
-- The repaired readings of damaged text (`AtenciĂłn` reads `Atención`), so that a search finds
-- the words a reader would type even where the article's bytes are garbled.
CREATE VIRTUAL TABLE data_notes_fts USING fts5(
    reading, content="data_notes", tokenize="unicode61 remove_diacritics 2"
);
INSERT INTO sources_fts (sources_fts) VALUES ('rebuild');
INSERT INTO excerpts_fts (excerpts_fts) VALUES ('rebuild');
INSERT INTO data_notes_fts (data_notes_fts) VALUES ('rebuild');

-- One row per fact: the id a reader can ask `crisisdb show` for. A fact that is a row with an
-- id of its own (event, actor, quote, ...) is that id; an alias or a title is its actor; a
-- dispute claim is its dispute; a source is the source.
CREATE VIEW fact_refs AS
SELECT fact_id, 'event' AS kind, id AS ref FROM events
UNION ALL SELECT fact_id, 'actor', id FROM actors
UNION ALL SELECT fact_id, 'alias', actor_id FROM actor_aliases
UNION ALL SELECT fact_id, 'title', actor_id FROM actor_titles
UNION ALL SELECT fact_id, 'place', id FROM places
UNION ALL SELECT fact_id, 'asset', id FROM assets
UNION ALL SELECT fact_id, 'deployment', id FROM deployments
UNION ALL SELECT fact_id, 'aid', id FROM aid
UNION ALL SELECT fact_id, 'figure', id FROM figures
UNION ALL SELECT fact_id, 'quote', id FROM quotes
UNION ALL SELECT fact_id, 'dispute_claim', dispute_id FROM dispute_claims
UNION ALL SELECT fact_id, 'data_note', id FROM data_notes
UNION ALL SELECT fact_id, 'source', id FROM sources;

INSERT INTO schema_docs (table_name, column_name, description) VALUES
    ('data_notes_fts', '', 'Full-text index (FTS5) over data_notes.reading: the repaired text of damaged passages.'),
    ('data_notes_fts', 'reading', 'indexed repaired reading'),
    ('fact_refs', '', 'View: one row per fact with the id `crisisdb show` reads it by.'),
    ('fact_refs', 'fact_id', 'the fact'),
    ('fact_refs', 'kind', 'its kind (as facts.kind)'),
    ('fact_refs', 'ref', 'the id of its row; for an alias or title the actor, for a dispute claim the dispute');
