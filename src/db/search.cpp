#include "db/search.hpp"

#include "db/search_postgres.hpp"
#include "db/search_query.hpp"
#include "db/search_sqlite.hpp"

namespace hearth::db {

SearchIndex& SearchIndex::of(Session& s) {
    static const auto sqlite = detail::make_sqlite_search_index();
    static const auto postgres = detail::make_postgres_search_index();
    return s.engine() == Engine::sqlite ? *sqlite : *postgres;
}

bool SearchIndex::built_by(Session& s, const SearchCollection& c) { return detail::collection_built_by(s, c); }

void SearchIndex::mark_built(Session& s, const SearchCollection& c) {
    detail::ensure_collection(s, c);
    s.query("UPDATE search_collections SET format = $2 WHERE name = $1", {c.name, c.format});
}

}  // namespace hearth::db
