#pragma once
// A test that runs once per engine on a fresh database with every migration
// applied: SQLite always, PostgreSQL when HEARTH_TEST_POSTGRES_URL names a
// server (scripts/start-postgres.sh), skipped otherwise. A suite derives
// from it, instantiates it over both engines, and, when it prepares more in
// its own SetUp, calls MigratedDatabaseTest::SetUp() first and returns when
// IsSkipped().
#include <gtest/gtest.h>

#include <optional>

#include "db/migrations.hpp"
#include "db/scratch_database.hpp"

namespace hearth::testing_support {

class MigratedDatabaseTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (GetParam() == db::Engine::postgresql && !db::postgres_test_url()) {
            GTEST_SKIP() << "set HEARTH_TEST_POSTGRES_URL (scripts/start-postgres.sh) to test PostgreSQL";
        }
        scratch_.emplace(GetParam());
        db::migrate(scratch_->db(), HEARTH_SOURCE_DIR "/migrations");
    }

    db::Database& database() { return scratch_->db(); }

    std::optional<db::ScratchDatabase> scratch_;
};

}  // namespace hearth::testing_support
