#pragma once
#include <cstdint>
#include <string>

#include "db/database.hpp"

namespace hearth::app {

// The password every demo account gets: printed by `hearth seed --demo`,
// documented in the README, and never used outside a demo.
inline constexpr const char* demo_password = "hearth demo password";

struct SeedReport {
    int users_created = 0;
    int users_existing = 0;
};

// Demo content for a first look: an admin, specialists and members with
// original sample text. Idempotent: running it again adds nothing twice.
SeedReport seed_demo(db::Database& db);

}  // namespace hearth::app
