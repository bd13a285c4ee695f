#pragma once
// The SQLite SearchIndex and the FTS5 function it needs on every connection.
#include <memory>

#include "db/search.hpp"

struct sqlite3;

namespace hearth::db::detail {

// Registers search_rank (see search_sqlite.cpp) on a new connection.
// Throws DatabaseError when this SQLite lacks FTS5.
void register_search_functions(sqlite3* db);
std::unique_ptr<SearchIndex> make_sqlite_search_index();

}  // namespace hearth::db::detail
