// migrate() against both engines: SQLite always, PostgreSQL when
// HEARTH_TEST_POSTGRES_URL is set (see scripts/start-postgres.sh).
#include "db/migrations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "db/scratch_database.hpp"

namespace db = hearth::db;

namespace {

using Names = std::vector<std::string>;

class MigrationsTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (GetParam() == db::Engine::postgresql && !db::postgres_test_url()) {
            GTEST_SKIP() << "set HEARTH_TEST_POSTGRES_URL (scripts/start-postgres.sh) to test PostgreSQL";
        }
        scratch_.emplace(GetParam());
        root_ = std::filesystem::temp_directory_path() / db::scratch_name("hearth_migrations_");
        std::filesystem::create_directories(dir());
    }

    void TearDown() override {
        std::error_code ignored;
        if (!root_.empty()) std::filesystem::remove_all(root_, ignored);
    }

    db::Database& database() { return scratch_->db(); }
    std::filesystem::path dir() const { return root_ / std::string(db::engine_name(GetParam())); }

    void add(const std::string& file, const std::string& sql) { std::ofstream(dir() / file) << sql; }

    Names recorded() {
        return database().read([](db::Session& s) {
            Names names;
            for (const auto& row : s.query("SELECT name, applied_at FROM schema_migrations ORDER BY name")) {
                EXPECT_GT(row.integer(1), 0);
                names.push_back(row.text(0));
            }
            return names;
        });
    }

    bool table_exists(const std::string& table) {
        try {
            database().read([&](db::Session& s) { s.query("SELECT COUNT(*) FROM " + table); });
            return true;
        } catch (const db::DatabaseError&) {
            return false;
        }
    }

    std::optional<db::ScratchDatabase> scratch_;
    std::filesystem::path root_;
};

TEST_P(MigrationsTest, AppliesPendingFilesInOrderOnce) {
    // Written out of order: the file name decides.
    add("0002_add_title.sql", "ALTER TABLE notes ADD COLUMN title TEXT NOT NULL DEFAULT '';\n"
                              "INSERT INTO notes (id, body, title) VALUES (2, 'second', 't');\n");
    add("0001_notes.sql", "-- the first table\nCREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL);\n"
                          "INSERT INTO notes (id, body) VALUES (1, 'first');\n");
    add("README.md", "not a migration");

    EXPECT_EQ(db::migrate(database(), root_), (Names{"0001_notes", "0002_add_title"}));
    EXPECT_EQ(recorded(), (Names{"0001_notes", "0002_add_title"}));
    EXPECT_TRUE(db::migrate(database(), root_).empty());

    add("0003_more.sql", "INSERT INTO notes (id, body) VALUES (3, 'third');");
    EXPECT_EQ(db::migrate(database(), root_), (Names{"0003_more"}));
    EXPECT_TRUE(db::migrate(database(), root_).empty());
    EXPECT_EQ(database().read([](db::Session& s) { return s.query("SELECT COUNT(*) FROM notes").front().integer(0); }), 3);
}

TEST_P(MigrationsTest, BrokenMigrationLeavesNothingBehind) {
    add("0001_ok.sql", "CREATE TABLE ok (id BIGINT PRIMARY KEY);");
    add("0002_broken.sql", "CREATE TABLE half (id BIGINT PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);\n");
    add("0003_later.sql", "CREATE TABLE later (id BIGINT PRIMARY KEY);");

    try {
        db::migrate(database(), root_);
        FAIL() << "expected DatabaseError";
    } catch (const db::DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("0002_broken"), std::string::npos) << e.what();
    }
    EXPECT_EQ(recorded(), (Names{"0001_ok"}));
    EXPECT_TRUE(table_exists("ok"));
    EXPECT_FALSE(table_exists("half"));
    EXPECT_FALSE(table_exists("later"));  // nothing after a failure

    add("0002_broken.sql", "CREATE TABLE half (id BIGINT PRIMARY KEY);");
    EXPECT_EQ(db::migrate(database(), root_), (Names{"0002_broken", "0003_later"}));
    EXPECT_TRUE(table_exists("half"));
}

TEST_P(MigrationsTest, RefusesBadDirectories) {
    add("1_short.sql", "SELECT 1;");
    EXPECT_THROW(db::migrate(database(), root_), db::DatabaseError);
    std::filesystem::remove(dir() / "1_short.sql");

    add("0001_a.sql", "CREATE TABLE a (id BIGINT);");
    add("0001_b.sql", "CREATE TABLE b (id BIGINT);");
    EXPECT_THROW(db::migrate(database(), root_), db::DatabaseError);

    EXPECT_THROW(db::migrate(database(), root_ / "missing"), db::DatabaseError);
}

// Several nodes starting at once: each migration is applied exactly once.
TEST_P(MigrationsTest, ConcurrentNodesApplyEachOnce) {
    Names expected;
    for (int i = 1; i <= 5; ++i) {
        const auto name = "000" + std::to_string(i) + "_step";
        add(name + ".sql", "CREATE TABLE step" + std::to_string(i) + " (id BIGINT PRIMARY KEY);");
        expected.push_back(name);
    }
    std::mutex mutex;
    Names applied;
    std::vector<std::thread> nodes;
    for (int n = 0; n < 4; ++n) {
        nodes.emplace_back([&] {
            auto node = scratch_->open_another();
            const auto mine = db::migrate(*node, root_);
            std::lock_guard lock(mutex);
            applied.insert(applied.end(), mine.begin(), mine.end());
        });
    }
    for (auto& node : nodes) node.join();
    std::sort(applied.begin(), applied.end());
    EXPECT_EQ(applied, expected);
    EXPECT_EQ(recorded(), expected);
}

// The project's own migrations apply on both engines, and the schema does
// what features rely on.
TEST_P(MigrationsTest, ProjectMigrationsApply) {
    const std::filesystem::path project = HEARTH_SOURCE_DIR "/migrations";
    const auto applied = db::migrate(database(), project);
    ASSERT_FALSE(applied.empty());
    EXPECT_EQ(applied.front(), "0001_foundation");
    EXPECT_TRUE(db::migrate(database(), project).empty());

    const auto add_user = [&](const std::string& email) {
        return database().write([&](db::Session& s) {
            return s.query("INSERT INTO users (email, email_normalized, password_hash, display_name, role, created_at, "
                           "updated_at) VALUES ($1, $2, 'h', 'Name', 'member', $3, $3) RETURNING id",
                           {email, email, std::int64_t{1700000000}})
                .front()
                .integer(0);
        });
    };
    EXPECT_GT(add_user("a@example.org"), 0);
    try {
        add_user("a@example.org");
        FAIL() << "expected ConstraintViolation";
    } catch (const db::ConstraintViolation& e) {
        EXPECT_NE(e.constraint().find("email_normalized"), std::string::npos) << e.constraint();
    }
    // Sessions reference users: a dangling user id is refused on both engines.
    EXPECT_THROW(database().write([](db::Session& s) {
        s.query("INSERT INTO sessions (token_hash, user_id, csrf_token, kind, created_at, last_seen_at, "
                "idle_expires_at, absolute_expires_at) VALUES ('t', 424242, 'c', 'cookie', 1, 1, 2, 3)");
    }),
                 db::ConstraintViolation);
}

std::string engine_param_name(const ::testing::TestParamInfo<db::Engine>& info) {
    return std::string(db::engine_name(info.param));
}

INSTANTIATE_TEST_SUITE_P(Engines, MigrationsTest, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         engine_param_name);

}  // namespace
