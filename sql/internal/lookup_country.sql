-- Lookup `country`: an ISO alpha-3 code by the code or the country's name.
SELECT code AS id, name FROM countries
UNION ALL SELECT code, code FROM countries
