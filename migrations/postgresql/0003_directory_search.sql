-- The specialist directory: every directory filter becomes a lexeme of the
-- search document ('#t12' for a term, '#online', '#in_person', '#free',
-- '#c:de', '#y:berlin', and '#listed'), so one GIN lookup intersects the
-- text query with the filters. The lexemes are added verbatim with
-- array_to_tsvector, so no word a person types can produce one.
-- The document is the one src/features/specialists/search_index.cpp builds.
UPDATE specialist_profiles p SET search_document = CASE WHEN p.listed = 1 THEN
    setweight(to_tsvector('english', p.full_name), 'A') ||
    setweight(to_tsvector('english', COALESCE((SELECT string_agg(v.name, ', ' ORDER BY v.id)
        FROM profile_terms pt JOIN vocabulary_terms v ON v.id = pt.term_id
        WHERE pt.profile_id = p.id AND v.kind IN ('specialty', 'modality')), '')), 'A') ||
    setweight(to_tsvector('english', p.headline), 'B') ||
    setweight(to_tsvector('english', p.bio || ' ' || p.approach), 'C') ||
    array_to_tsvector(ARRAY(SELECT '#t' || pt.term_id FROM profile_terms pt WHERE pt.profile_id = p.id) ||
        array_remove(ARRAY['#listed',
            CASE WHEN p.online = 1 THEN '#online' END,
            CASE WHEN p.in_person = 1 THEN '#in_person' END,
            CASE WHEN p.offers_free_consultation = 1 THEN '#free' END,
            CASE WHEN p.country <> '' THEN '#c:' || lower(p.country) END,
            CASE WHEN p.city <> '' THEN '#y:' || lower(p.city) END], NULL))
    ELSE NULL END;
