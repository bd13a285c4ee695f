#pragma once
#include <memory>
#include <string>

#include "db/database.hpp"

namespace hearth::db::detail {

// A CounterWatch on its own connection, LISTENing on `channel` from a
// background thread; see Database::watch.
std::unique_ptr<CounterWatch> watch_postgres_counter(std::string url, std::string channel, std::string current_sql);

}  // namespace hearth::db::detail
