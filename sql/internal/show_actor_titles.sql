-- The titles the texts give actor :id, each as of a date.
SELECT title, as_of_start, as_of_end, as_of_precision, as_of_note
FROM actor_titles WHERE actor_id = :id ORDER BY as_of_start, title;
