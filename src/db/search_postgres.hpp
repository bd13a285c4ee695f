#pragma once
// The PostgreSQL SearchIndex.
#include <memory>

#include "db/search.hpp"

namespace hearth::db::detail {

std::unique_ptr<SearchIndex> make_postgres_search_index();

}  // namespace hearth::db::detail
