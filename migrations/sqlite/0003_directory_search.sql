-- The specialist directory: the search table gains a `facets` column that
-- carries every directory filter as a token (term ids, formats, free
-- consultation, country, city), so one FTS5 lookup intersects the text
-- query with the filters and counts stay cheap on 100,000 profiles.
-- The document is the one src/features/specialists/search_index.cpp builds.
DROP TABLE specialist_search;
CREATE VIRTUAL TABLE specialist_search USING fts5(
    name, specialties, headline, body, facets,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO specialist_search (rowid, name, specialties, headline, body, facets)
SELECT p.id, p.full_name,
       COALESCE((SELECT group_concat(v.name, ', ') FROM profile_terms pt JOIN vocabulary_terms v ON v.id = pt.term_id
                 WHERE pt.profile_id = p.id AND v.kind IN ('specialty', 'modality')), ''),
       p.headline, p.bio || char(10) || p.approach,
       'flisted' || COALESCE((SELECT group_concat(' t' || pt.term_id, '') FROM profile_terms pt
                              WHERE pt.profile_id = p.id), '')
       || CASE WHEN p.online = 1 THEN ' fonline' ELSE '' END
       || CASE WHEN p.in_person = 1 THEN ' finperson' ELSE '' END
       || CASE WHEN p.offers_free_consultation = 1 THEN ' ffree' ELSE '' END
       || CASE WHEN p.country <> '' THEN ' c' || p.country ELSE '' END
       || CASE WHEN p.city <> '' THEN ' ybegin ' || p.city || ' yend' ELSE '' END
FROM specialist_profiles p WHERE p.listed = 1;
