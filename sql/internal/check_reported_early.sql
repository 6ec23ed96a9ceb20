-- Events carried out that their earliest source was published before they happened: the
-- reported window ends before the event's first day (`crisisdb check`).
SELECT 'event ' || id,
       'reported by ' || reported_end || ' (' || reported_precision || ' window) but carried out from '
         || start_date || ': the date or the publication window is wrong'
FROM events
WHERE status = 'carried_out' AND reported_end < start_date
ORDER BY id;
