-- Every note (and every other text of our own: titles, summaries, descriptions, claims) with
-- the sources it is about: those of its row's evidence (`crisisdb check`: a
-- phrase a note puts in quotation marks must be printed by one of them, or by a source it names),
-- and the row's own excerpts (a phrase the note says a text "says" must be in them).
WITH fact_notes (kind, id, field, note, fact_id) AS (
    SELECT 'event', id, 'date_note', date_note, fact_id FROM events
    UNION ALL SELECT 'quote', id, 'note', note, fact_id FROM quotes
    UNION ALL SELECT 'title', 'title #' || title_id, 'as_of_note', as_of_note, fact_id FROM actor_titles
    UNION ALL SELECT 'deployment', id, 'note', note, fact_id FROM deployments
    UNION ALL SELECT 'aid', id, 'note', note, fact_id FROM aid
    UNION ALL SELECT 'figure', id, 'note', note, fact_id FROM figures
    UNION ALL SELECT 'data_note', id, 'note', note, fact_id FROM data_notes
    -- the other words of our own a reader takes for the texts': titles, summaries, descriptions
    UNION ALL SELECT 'event', id, 'title', title, fact_id FROM events
    UNION ALL SELECT 'event', id, 'summary', summary, fact_id FROM events
    UNION ALL SELECT 'actor', id, 'description', description, fact_id FROM actors
    UNION ALL SELECT 'asset', id, 'description', description, fact_id FROM assets
    UNION ALL SELECT 'deployment', id, 'subject', subject, fact_id FROM deployments
    UNION ALL SELECT 'figure', id, 'subject', subject, fact_id FROM figures
    UNION ALL SELECT 'aid', id, 'purpose', purpose, fact_id FROM aid
    UNION ALL SELECT 'dispute_claim', dispute_id || ' claim ' || claim_id, 'claim', claim, fact_id FROM dispute_claims
),
notes (kind, id, field, note, sources, own) AS (
    SELECT kind, id, field, note,
           (SELECT group_concat(DISTINCT x.source_id) FROM evidence ev JOIN excerpts x ON x.id = ev.excerpt_id
             WHERE ev.fact_id = fn.fact_id),
           (SELECT group_concat(x.text, ' | ') FROM evidence ev JOIN excerpts x ON x.id = ev.excerpt_id
             WHERE ev.fact_id = fn.fact_id)
    FROM fact_notes fn
    UNION ALL
    SELECT 'event_actor', ea.event_id || ' ' || ea.actor_id || ' ' || ea.role, 'note', ea.note,
           (SELECT group_concat(DISTINCT x.source_id) FROM events e JOIN evidence ev ON ev.fact_id = e.fact_id
              JOIN excerpts x ON x.id = ev.excerpt_id WHERE e.id = ea.event_id), NULL
    FROM event_actors ea
    UNION ALL
    SELECT 'dispute', d.id, f.field, f.note,
           (SELECT group_concat(DISTINCT x.source_id) FROM dispute_claims c JOIN evidence ev ON ev.fact_id = c.fact_id
              JOIN excerpts x ON x.id = ev.excerpt_id WHERE c.dispute_id = d.id), NULL
    FROM disputes d
    JOIN (SELECT id, 'what_differs' AS field, what_differs AS note FROM disputes
          UNION ALL SELECT id, 'note', note FROM disputes) f ON f.id = d.id
    UNION ALL
    SELECT 'excerpt', id, 'note', note, source_id, NULL FROM excerpts
    UNION ALL
    SELECT 'source', id, 'published_note', published_note, id, NULL FROM sources
    UNION ALL
    SELECT 'source', id, 'reliability', reliability, id, NULL FROM sources
)
-- ?1 to ?4: the opening quotation marks (`findings::QUOTATION_MARKS`); a note without one
-- quotes nothing, and its row's sources and excerpts are not read
SELECT kind, id, field, note, coalesce(sources, ''), own FROM notes
WHERE note IS NOT NULL AND note <> ''
  AND (instr(note, ?1) OR instr(note, ?2) OR instr(note, ?3) OR instr(note, ?4))
ORDER BY kind, id, field;
