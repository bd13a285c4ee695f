#pragma once
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace hearth::secrets {

// A random secret shared by every node through the database, made on first
// use (e.g. the key that signs links in e-mails). HEARTH_SECRET_KEY, when
// set, is used instead, so operators can keep it out of the database.
std::string shared_secret(db::Database& db, std::string_view name);

}  // namespace hearth::secrets
