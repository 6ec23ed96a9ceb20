-- Every dated fact with its date, precision, the note that may say how the date was worked out,
-- and the text of its own excerpts (`crisisdb check`: a date its excerpts do not print needs a note).
-- A fact whose note has a letter or digit is left out (that note is the rule's answer), and the
-- rows come in no order: the rule sorts its few findings, so SQLite neither joins the excerpts
-- of facts with a note nor sorts every fact with its excerpts' text (the query alone at 1M events,
-- `crisisdb sql -f`: 4.3 s -> 2.9 s).
WITH dated (kind, id, fact_id, start, finish, precision, note) AS (
    SELECT 'event', id, fact_id, start_date, end_date, precision, date_note FROM events
    UNION ALL SELECT 'quote', id, fact_id, date_start, date_end, date_precision, note FROM quotes
    UNION ALL SELECT 'title', 'title #' || title_id || ' (' || actor_id || ', ' || title || ')', fact_id,
                     as_of_start, as_of_end, as_of_precision, as_of_note FROM actor_titles
    UNION ALL SELECT 'deployment', id, fact_id, as_of_start, as_of_end, as_of_precision, note FROM deployments
    UNION ALL SELECT 'aid', id, fact_id, as_of_start, as_of_end, as_of_precision, note FROM aid
    UNION ALL SELECT 'aid', id, fact_id, period_start, period_end, period_precision, note FROM aid
    UNION ALL SELECT 'figure', id, fact_id, as_of_start, as_of_end, as_of_precision, note FROM figures
)
SELECT d.kind, d.id, d.start, d.finish, d.precision, coalesce(d.note, ''),
       (SELECT group_concat(x.text, ' | ') FROM evidence ev JOIN excerpts x ON x.id = ev.excerpt_id
         WHERE ev.fact_id = d.fact_id)
FROM dated d
WHERE d.precision IN ('day', 'month', 'range', 'year', 'approximate') AND d.start IS NOT NULL
  AND (d.note IS NULL OR d.note NOT GLOB '*[A-Za-z0-9]*');
