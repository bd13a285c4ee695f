#pragma once
#include <memory>
#include <string>

#include "db/database.hpp"

namespace hearth::db::detail {

// Opens a pool on a libpq URL; see postgres_database.cpp for the
// environment variables it honours (pool size, read replica).
std::unique_ptr<Database> open_postgres(const std::string& url);

}  // namespace hearth::db::detail
