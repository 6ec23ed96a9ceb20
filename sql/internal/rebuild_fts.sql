-- Fills the external-content full-text indexes from the tables they index (run by `build`).
INSERT INTO sources_fts (sources_fts) VALUES ('rebuild');
INSERT INTO excerpts_fts (excerpts_fts) VALUES ('rebuild');
INSERT INTO data_notes_fts (data_notes_fts) VALUES ('rebuild');
