#pragma once
#include <filesystem>
#include <memory>

#include "db/database.hpp"

namespace hearth::db::detail {

// Opens (creating if needed) the SQLite database file at an absolute path.
std::unique_ptr<Database> open_sqlite(const std::filesystem::path& file);

}  // namespace hearth::db::detail
