#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace hearth::db {

// Applies numbered migration files (<dir>/<engine>/NNNN_name.sql) that the
// schema_migrations table does not list yet, each in its own transaction,
// in order. Safe to run from several nodes at once. Returns the names applied.
std::vector<std::string> migrate(Database& db, const std::filesystem::path& migrations_root);

}  // namespace hearth::db
