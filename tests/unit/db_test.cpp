// The storage layer against both engines: SQLite always, PostgreSQL when
// HEARTH_TEST_POSTGRES_URL is set (see scripts/start-postgres.sh).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "db/scratch_database.hpp"
#include "db/sql_text.hpp"

namespace db = hearth::db;

namespace {

using Params = std::vector<db::Value>;

// ---- engine-independent pieces ------------------------------------------------

TEST(DbRow, ConvertsBetweenRepresentations) {
    const db::Row row({std::string("42"), std::string("-9223372036854775808"), std::string("2.5"), std::string("t"),
                       std::string("f"), std::int64_t{1}, std::int64_t{0}, nullptr, 2.5, std::int64_t{7}});
    EXPECT_EQ(row.integer(0), 42);
    EXPECT_EQ(row.integer(1), std::numeric_limits<std::int64_t>::min());
    EXPECT_DOUBLE_EQ(row.real(2), 2.5);
    EXPECT_TRUE(row.flag(3));
    EXPECT_FALSE(row.flag(4));
    EXPECT_TRUE(row.flag(5));
    EXPECT_FALSE(row.flag(6));
    EXPECT_TRUE(row.is_null(7));
    EXPECT_EQ(row.integer(7), 0);
    EXPECT_EQ(row.real(7), 0.0);
    EXPECT_EQ(row.text(7), "");
    EXPECT_FALSE(row.flag(7));
    EXPECT_EQ(row.optional_text(7), std::nullopt);
    EXPECT_EQ(row.optional_integer(7), std::nullopt);
    EXPECT_EQ(row.text(8), "2.5");
    EXPECT_EQ(row.integer(8), 2);
    EXPECT_EQ(row.text(9), "7");
    EXPECT_EQ(row.optional_integer(0), 42);
    EXPECT_THROW(db::Row({std::string("abc")}).integer(0), db::DatabaseError);
    EXPECT_THROW(db::Row({1e300}).integer(0), db::DatabaseError);
    EXPECT_TRUE(db::Row({0.5}).flag(0));
    EXPECT_THROW(row.cell(10), std::out_of_range);
}

TEST(DbPlaceholders, RewritesOutsideLiteralsAndComments) {
    using db::detail::rewrite_placeholders;
    EXPECT_EQ(rewrite_placeholders("SELECT $1, $2 WHERE a = $1"), "SELECT ?1, ?2 WHERE a = ?1");
    EXPECT_EQ(rewrite_placeholders("SELECT '$1', \"$2\", `$3`, $10"), "SELECT '$1', \"$2\", `$3`, ?10");
    EXPECT_EQ(rewrite_placeholders("SELECT 'it''s $1' || $1"), "SELECT 'it''s $1' || ?1");
    EXPECT_EQ(rewrite_placeholders("-- don't $1\nSELECT $1 /* ' $2 */"), "-- don't $1\nSELECT ?1 /* ' $2 */");
    EXPECT_EQ(rewrite_placeholders("SELECT $ + $a"), "SELECT $ + $a");
}

TEST(DbOpen, RejectsUnknownSchemes) {
    EXPECT_THROW(db::Database::open("mysql://localhost/hearth"), std::invalid_argument);
    EXPECT_THROW(db::Database::open("data/hearth.db"), std::invalid_argument);
    EXPECT_THROW(db::Database::open("sqlite://"), std::invalid_argument);
    EXPECT_THROW(db::Database::open("sqlite://:memory:"), std::invalid_argument);
}

TEST(DbOpen, SqliteCreatesParentDirectories) {
    const auto root = std::filesystem::temp_directory_path() / db::scratch_name("hearth_open_");
    const auto previous = std::filesystem::current_path();
    {
        auto absolute = db::Database::open("sqlite://" + (root / "a" / "b" / "abs.db").string());
        EXPECT_EQ(absolute->engine(), db::Engine::sqlite);
        EXPECT_TRUE(std::filesystem::exists(root / "a" / "b" / "abs.db"));

        // A relative path is relative to the working directory.
        std::filesystem::current_path(root);
        auto relative = db::Database::open("sqlite://rel/dir/rel.db");
        std::filesystem::current_path(previous);
        EXPECT_TRUE(std::filesystem::exists(root / "rel" / "dir" / "rel.db"));
    }
    std::filesystem::remove_all(root);
}

TEST(DbEngine, Names) {
    EXPECT_EQ(db::engine_name(db::Engine::sqlite), "sqlite");
    EXPECT_EQ(db::engine_name(db::Engine::postgresql), "postgresql");
}

// ---- both engines --------------------------------------------------------------

class DbTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (postgres() && !db::postgres_test_url()) {
            GTEST_SKIP() << "set HEARTH_TEST_POSTGRES_URL (scripts/start-postgres.sh) to test PostgreSQL";
        }
        scratch_.emplace(GetParam());
    }

    bool postgres() const { return GetParam() == db::Engine::postgresql; }
    db::Database& database() { return scratch_->db(); }

    // The one DDL difference the tests need: an auto-assigned key.
    std::string id_column() const {
        return postgres() ? "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "id INTEGER PRIMARY KEY";
    }

    void script(const std::string& sql) {
        database().write([&](db::Session& s) { s.execute_script(sql); });
    }

    std::int64_t count(const std::string& table) {
        return database().read([&](db::Session& s) { return s.query("SELECT COUNT(*) FROM " + table).front().integer(0); });
    }

    std::optional<db::ScratchDatabase> scratch_;
};

TEST_P(DbTest, SessionReportsEngine) {
    EXPECT_EQ(database().engine(), GetParam());
    database().read([&](db::Session& s) { EXPECT_EQ(s.engine(), GetParam()); });
    database().write([&](db::Session& s) { EXPECT_EQ(s.engine(), GetParam()); });
}

TEST_P(DbTest, InsertReturningId) {
    script("CREATE TABLE items (" + id_column() + ", name TEXT NOT NULL)");
    const auto insert = [&](const std::string& name) {
        return database().write([&](db::Session& s) {
            return s.query("INSERT INTO items (name) VALUES ($1) RETURNING id", {name}).front().integer(0);
        });
    };
    const auto first = insert("a");
    const auto second = insert("b");
    EXPECT_GT(first, 0);
    EXPECT_GT(second, first);
    const auto name = database().read(
        [&](db::Session& s) { return s.query("SELECT name FROM items WHERE id = $1", {second}).front().text(0); });
    EXPECT_EQ(name, "b");
}

TEST_P(DbTest, TypedValuesRoundTrip) {
    script("CREATE TABLE typed (k INTEGER PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, t TEXT)");
    const std::string text = "it's \"quoted\" -- not a comment; $1 ünïcödé ✓ 🔥 日本";
    const auto big = std::numeric_limits<std::int64_t>::max();
    const auto small = std::numeric_limits<std::int64_t>::min();
    database().write([&](db::Session& s) {
        const std::string sql = "INSERT INTO typed (k, i, r, t) VALUES ($1, $2, $3, $4)";
        s.query(sql, {std::int64_t{1}, big, 3.25, text});
        s.query(sql, {std::int64_t{2}, small, -1.0e-300, std::string()});
        s.query(sql, {std::int64_t{3}, nullptr, nullptr, nullptr});
    });
    const auto rows = database().read([](db::Session& s) { return s.query("SELECT i, r, t FROM typed ORDER BY k"); });
    ASSERT_EQ(rows.size(), 3u);
    ASSERT_EQ(rows.columns(), (std::vector<std::string>{"i", "r", "t"}));
    EXPECT_EQ(rows[0].integer(0), big);
    EXPECT_DOUBLE_EQ(rows[0].real(1), 3.25);
    EXPECT_EQ(rows[0].text(2), text);
    EXPECT_EQ(rows[1].integer(0), small);
    EXPECT_DOUBLE_EQ(rows[1].real(1), -1.0e-300);
    EXPECT_EQ(rows[1].text(2), "");
    EXPECT_FALSE(rows[1].is_null(2));  // empty text is not NULL
    for (std::size_t col = 0; col < 3; ++col) EXPECT_TRUE(rows[2].is_null(col)) << col;
    EXPECT_EQ(rows[2].optional_integer(0), std::nullopt);
    EXPECT_EQ(rows[2].optional_text(2), std::nullopt);
    // Integer and float columns are native values on both engines.
    EXPECT_TRUE(std::holds_alternative<std::int64_t>(rows[0].cell(0)));
    EXPECT_TRUE(std::holds_alternative<double>(rows[0].cell(1)));
    EXPECT_TRUE(std::holds_alternative<std::string>(rows[0].cell(2)));
}

TEST_P(DbTest, FlagsFromComparisons) {
    script("CREATE TABLE f (v INTEGER NOT NULL)");
    database().write([](db::Session& s) { s.query("INSERT INTO f (v) VALUES (1)"); });
    const auto row = database().read([](db::Session& s) {
        return s.query("SELECT EXISTS (SELECT 1 FROM f WHERE v = 1), EXISTS (SELECT 1 FROM f WHERE v = 2), v FROM f").front();
    });
    EXPECT_TRUE(row.flag(0));
    EXPECT_FALSE(row.flag(1));
    EXPECT_TRUE(row.flag(2));
}

TEST_P(DbTest, PlaceholdersReusedAndLiteralsLeftAlone) {
    script("CREATE TABLE pairs (a TEXT, b TEXT, c TEXT)");
    database().write([](db::Session& s) {
        s.query("INSERT INTO pairs (a, b, c) VALUES ($1, $1, 'it''s $1 and \"$2\"') -- $2 isn't a parameter",
                {std::string("x")});
    });
    const auto row = database().read([](db::Session& s) {
        return s.query("SELECT a, b, c, a || '-' || $1 FROM pairs WHERE a = $1 AND b = $1", {std::string("x")}).front();
    });
    EXPECT_EQ(row.text(0), "x");
    EXPECT_EQ(row.text(1), "x");
    EXPECT_EQ(row.text(2), "it's $1 and \"$2\"");
    EXPECT_EQ(row.text(3), "x-x");
}

TEST_P(DbTest, UniqueViolationRollsBackTheWholeTransaction) {
    script("CREATE TABLE people (" + id_column() + ", email TEXT NOT NULL UNIQUE)");
    database().write([](db::Session& s) { s.query("INSERT INTO people (email) VALUES ($1)", {std::string("a@x")}); });
    try {
        database().write([](db::Session& s) {
            s.query("INSERT INTO people (email) VALUES ($1)", {std::string("b@x")});
            s.query("INSERT INTO people (email) VALUES ($1)", {std::string("a@x")});
        });
        FAIL() << "expected ConstraintViolation";
    } catch (const db::ConstraintViolation& e) {
        // SQLite names the column ("people.email"), PostgreSQL the
        // constraint ("people_email_key").
        EXPECT_NE(e.constraint().find("email"), std::string::npos) << e.constraint();
        // The error's text reaches the log: it names the constraint, never
        // the value (PostgreSQL's DETAIL would say "Key (email)=(a@x)").
        EXPECT_EQ(std::string(e.what()).find("a@x"), std::string::npos) << e.what();
    }
    EXPECT_EQ(count("people"), 1);  // b@x went too
}

TEST_P(DbTest, ForeignKeyViolation) {
    script("CREATE TABLE parents (id BIGINT PRIMARY KEY)");
    script("CREATE TABLE children (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES parents(id))");
    EXPECT_THROW(database().write([](db::Session& s) {
        s.query("INSERT INTO children (id, parent_id) VALUES (1, 99)");
    }),
                 db::ConstraintViolation);
    EXPECT_EQ(count("children"), 0);
}

TEST_P(DbTest, PrimaryKeyViolation) {
    script("CREATE TABLE keyed (id BIGINT PRIMARY KEY)");
    database().write([](db::Session& s) { s.query("INSERT INTO keyed (id) VALUES (1)"); });
    EXPECT_THROW(database().write([](db::Session& s) { s.query("INSERT INTO keyed (id) VALUES (1)"); }),
                 db::ConstraintViolation);
}

TEST_P(DbTest, ExceptionInFnRollsBackAndPassesThrough) {
    script("CREATE TABLE things (v INTEGER)");
    EXPECT_THROW(database().write([](db::Session& s) {
        s.query("INSERT INTO things (v) VALUES (1)");
        throw std::domain_error("boom");
    }),
                 std::domain_error);
    EXPECT_EQ(count("things"), 0);
    // The connection is usable afterwards.
    database().write([](db::Session& s) { s.query("INSERT INTO things (v) VALUES (2)"); });
    EXPECT_EQ(count("things"), 1);
}

TEST_P(DbTest, AffectedCountsChangedRowsOnly) {
    script("CREATE TABLE counted (v INTEGER)");
    database().write([](db::Session& s) {
        EXPECT_EQ(s.query("INSERT INTO counted (v) VALUES (1), (2), (3)").affected(), 3);
        EXPECT_EQ(s.query("UPDATE counted SET v = v * 10 WHERE v >= $1", {std::int64_t{2}}).affected(), 2);
        EXPECT_EQ(s.query("UPDATE counted SET v = 0 WHERE v = 12345").affected(), 0);
        EXPECT_EQ(s.query("DELETE FROM counted WHERE v = 30").affected(), 1);
        EXPECT_EQ(s.query("SELECT v FROM counted").affected(), 0);
        EXPECT_EQ(s.query("INSERT INTO counted (v) VALUES (7) RETURNING v").affected(), 1);
    });
}

TEST_P(DbTest, ConcurrentWritersSerialize) {
    script("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
    database().write([](db::Session& s) { s.query("INSERT INTO counter (id, n) VALUES (1, 0)"); });
    std::atomic<bool> writing{true};
    std::atomic<int> reads{0};
    std::thread reader([&] {
        while (writing) {
            const auto n = database().read(
                [](db::Session& s) { return s.query("SELECT n FROM counter WHERE id = 1").front().integer(0); });
            EXPECT_GE(n, 0);
            EXPECT_LE(n, 800);
            ++reads;
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
        writers.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                database().write([](db::Session& s) { s.query("UPDATE counter SET n = n + 1 WHERE id = 1"); });
            }
        });
    }
    for (auto& w : writers) w.join();
    writing = false;
    reader.join();
    EXPECT_GT(reads.load(), 0);
    const auto n =
        database().read([](db::Session& s) { return s.query("SELECT n FROM counter WHERE id = 1").front().integer(0); });
    EXPECT_EQ(n, 800);
}

TEST_P(DbTest, ReadsRunConcurrently) {
    script("CREATE TABLE t (v INTEGER)");
    // Each read waits inside its unit of work until both are in: only
    // possible if reads do not queue behind each other.
    std::atomic<int> inside{0};
    const auto read = [&] {
        return database().read([&](db::Session& s) {
            s.query("SELECT COUNT(*) FROM t");
            ++inside;
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (inside.load() < 2 && std::chrono::steady_clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            return inside.load() >= 2;
        });
    };
    auto other = std::async(std::launch::async, read);
    EXPECT_TRUE(read());
    EXPECT_TRUE(other.get());
}

TEST_P(DbTest, ReadSeesOneSnapshot) {
    script("CREATE TABLE snap (v INTEGER)");
    database().read([&](db::Session& s) {
        const auto before = s.query("SELECT COUNT(*) FROM snap").front().integer(0);
        std::thread([&] { database().write([](db::Session& w) { w.query("INSERT INTO snap (v) VALUES (1)"); }); }).join();
        EXPECT_EQ(s.query("SELECT COUNT(*) FROM snap").front().integer(0), before);
    });
    EXPECT_EQ(count("snap"), 1);
}

TEST_P(DbTest, ReadsCannotWrite) {
    script("CREATE TABLE ro (v INTEGER)");
    EXPECT_THROW(database().read([](db::Session& s) { s.query("INSERT INTO ro (v) VALUES (1)"); }), db::DatabaseError);
    EXPECT_EQ(count("ro"), 0);
}

TEST_P(DbTest, ErrorsNameTheStatement) {
    try {
        database().read([](db::Session& s) { s.query("SELECT nope FROM nowhere"); });
        FAIL() << "expected DatabaseError";
    } catch (const db::ConstraintViolation&) {
        FAIL() << "not a constraint violation";
    } catch (const db::DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("SELECT nope FROM nowhere"), std::string::npos) << e.what();
    }
    // One parameter too few.
    EXPECT_THROW(database().read([](db::Session& s) { s.query("SELECT CAST($1 AS TEXT), CAST($2 AS TEXT)", {std::string("a")}); }),
                 db::DatabaseError);
    // query() runs exactly one statement.
    EXPECT_THROW(database().read([](db::Session& s) { s.query("SELECT 1; SELECT 2"); }), db::DatabaseError);
    // NOT NULL and CHECK failures are bugs, not conflicts.
    script("CREATE TABLE checked (v INTEGER NOT NULL CHECK (v > 0))");
    EXPECT_THROW(database().write([](db::Session& s) { s.query("INSERT INTO checked (v) VALUES (0)"); }), db::DatabaseError);
    try {
        database().write([](db::Session& s) { s.query("INSERT INTO checked (v) VALUES (NULL)"); });
    } catch (const db::ConstraintViolation&) {
        ADD_FAILURE() << "NOT NULL is not reported as ConstraintViolation";
    } catch (const db::DatabaseError&) {
    }
}

TEST_P(DbTest, ExecuteScriptRunsSeveralStatements) {
    script("CREATE TABLE s1 (v INTEGER); CREATE TABLE s2 (v INTEGER); INSERT INTO s1 (v) VALUES (1); "
           "INSERT INTO s2 (v) VALUES (1), (2);");
    EXPECT_EQ(count("s1"), 1);
    EXPECT_EQ(count("s2"), 2);
    // A failing script leaves nothing behind.
    EXPECT_THROW(script("INSERT INTO s1 (v) VALUES (5); INSERT INTO missing (v) VALUES (1);"), db::DatabaseError);
    EXPECT_EQ(count("s1"), 1);
}

// A failed statement whose exception fn swallows: SQLite undoes just that
// statement, PostgreSQL aborts the whole transaction and write() throws.
// Code meant for both engines must not rely on either; it uses
// ON CONFLICT DO NOTHING or catches outside write().
TEST_P(DbTest, SwallowedErrorInsideWrite) {
    script("CREATE TABLE u (v INTEGER PRIMARY KEY)");
    const auto attempt = [&] {
        database().write([](db::Session& s) {
            s.query("INSERT INTO u (v) VALUES (1)");
            try {
                s.query("INSERT INTO u (v) VALUES (1)");
            } catch (const db::ConstraintViolation&) {
            }
        });
    };
    if (postgres()) {
        EXPECT_THROW(attempt(), db::DatabaseError);
        EXPECT_EQ(count("u"), 0);
    } else {
        attempt();
        EXPECT_EQ(count("u"), 1);
    }
}

TEST_P(DbTest, SerializationFailureRunsFnAgain) {
    if (!postgres()) GTEST_SKIP() << "SQLite writers never overlap";
    script("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
    database().write([](db::Session& s) { s.query("INSERT INTO counter (id, n) VALUES (1, 0)"); });
    int attempts = 0;
    database().write([&](db::Session& s) {
        ++attempts;
        s.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        const auto n = s.query("SELECT n FROM counter WHERE id = 1").front().integer(0);
        if (attempts == 1) {
            // Another transaction changes the row after our snapshot.
            std::thread([&] {
                database().write([](db::Session& w) { w.query("UPDATE counter SET n = n + 1 WHERE id = 1"); });
            }).join();
        }
        s.query("UPDATE counter SET n = $1 WHERE id = 1", {n + 10});  // 40001 on the first attempt
    });
    EXPECT_EQ(attempts, 2);
    EXPECT_EQ(database().read([](db::Session& s) { return s.query("SELECT n FROM counter").front().integer(0); }), 11);
}

TEST_P(DbTest, NestedWriteOnOneThreadIsRefused) {
    if (postgres()) GTEST_SKIP() << "PostgreSQL nests on a second connection";
    EXPECT_THROW(database().write([&](db::Session&) { database().write([](db::Session&) {}); }), std::logic_error);
    database().write([](db::Session& s) { s.query("SELECT 1"); });  // and the writer is free again
}

TEST_P(DbTest, DataSurvivesReopening) {
    script("CREATE TABLE kept (v TEXT)");
    database().write([](db::Session& s) { s.query("INSERT INTO kept (v) VALUES ($1)", {std::string("still here")}); });
    auto again = scratch_->open_another();
    EXPECT_EQ(again->read([](db::Session& s) { return s.query("SELECT v FROM kept").front().text(0); }), "still here");
}

// A failed statement must not leave anything behind on the pooled
// connection: the next unit of work on it starts clean.
TEST_P(DbTest, FailedStatementsLeaveTheConnectionClean) {
    script("CREATE TABLE clean (k TEXT PRIMARY KEY)");
    database().write([](db::Session& s) { s.query("INSERT INTO clean (k) VALUES ('a')"); });
    for (int i = 0; i < 3; ++i) {
        EXPECT_THROW(database().read([](db::Session& s) { s.query("SELECT no_such_column FROM clean"); }),
                     db::DatabaseError);
        EXPECT_THROW(database().write([](db::Session& s) { s.query("INSERT INTO clean (k) VALUES ('a')"); }),
                     db::ConstraintViolation);
        EXPECT_THROW(database().read([](db::Session& s) {
                         s.query("SELECT k FROM clean");
                         s.query("SELECT k FROM no_such_table");
                     }),
                     db::DatabaseError);
        EXPECT_EQ(count("clean"), 1);
    }
    // The same text again, now valid: a statement that failed to prepare
    // is not remembered as prepared.
    script("ALTER TABLE clean ADD COLUMN no_such_column TEXT");
    EXPECT_NO_THROW(database().read([](db::Session& s) { s.query("SELECT no_such_column FROM clean"); }));
}

// Reads end without waiting for COMMIT; a write that follows on the same
// connection must still see, and be seen by, everything committed.
TEST_P(DbTest, ManyShortUnitsSeeEachOthersWrites) {
    script("CREATE TABLE tally (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
    database().write([](db::Session& s) { s.query("INSERT INTO tally (id, n) VALUES (1, 0)"); });
    for (std::int64_t i = 1; i <= 50; ++i) {
        database().write([](db::Session& s) { s.query("UPDATE tally SET n = n + 1 WHERE id = 1"); });
        EXPECT_EQ(database().read([](db::Session& s) { return s.query("SELECT n FROM tally").front().integer(0); }), i);
    }
}

TEST_P(DbTest, ConnectionsKilledWhileIdleAreReplaced) {
    if (!postgres()) GTEST_SKIP() << "SQLite has no server to lose";
    EXPECT_EQ(database().read([](db::Session& s) { return s.query("SELECT 1").front().integer(0); }), 1);
    auto admin = scratch_->open_another();
    admin->write([](db::Session& s) {
        s.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name = 'hearth' AND pid <> pg_backend_pid()");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(database().read([](db::Session& s) { return s.query("SELECT 2").front().integer(0); }), 2);
    database().write([](db::Session& s) { s.query("SELECT 3"); });
}

TEST_P(DbTest, CounterWatchFollowsCommits) {
    const auto current = "SELECT v FROM watched WHERE id = 1";
    script("CREATE TABLE watched (id INTEGER PRIMARY KEY, v BIGINT NOT NULL)");
    database().write([](db::Session& s) { s.query("INSERT INTO watched (id, v) VALUES (1, 7)"); });
    auto watch = database().watch("hearth_test_watch", current);
    if (!postgres()) {
        EXPECT_EQ(watch, nullptr);  // SQLite: callers read the counter themselves
        return;
    }
    script(R"(CREATE FUNCTION watched_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hearth_test_watch', NEW.v::text);
    RETURN NULL;
END $$;
CREATE TRIGGER watched_notify AFTER UPDATE ON watched FOR EACH ROW EXECUTE FUNCTION watched_notify();)");
    const auto wait_for = [&](std::optional<std::int64_t> want) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (watch->latest() != want && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return watch->latest();
    };
    ASSERT_NE(watch, nullptr);
    EXPECT_EQ(wait_for(7), 7);

    // A notification comes well before the periodic recheck (2 s).
    const auto started = std::chrono::steady_clock::now();
    database().write([](db::Session& s) { s.query("UPDATE watched SET v = 8 WHERE id = 1"); });
    EXPECT_EQ(wait_for(8), 8);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));

    // A rolled-back change is never announced.
    EXPECT_THROW(database().write([](db::Session& s) {
                     s.query("UPDATE watched SET v = 9 WHERE id = 1");
                     throw std::runtime_error("changed my mind");
                 }),
                 std::runtime_error);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(watch->latest(), 8);

    // Losing the connection makes the value unknown until the watch is back,
    // and a change made meanwhile is picked up then.
    database().write([](db::Session& s) {
        s.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hearth-watch' "
                "AND datname = current_database()");
        s.query("UPDATE watched SET v = 10 WHERE id = 1");
    });
    EXPECT_EQ(wait_for(10), 10);
}

std::string engine_param_name(const ::testing::TestParamInfo<db::Engine>& info) {
    return std::string(db::engine_name(info.param));
}

INSTANTIATE_TEST_SUITE_P(Engines, DbTest, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         engine_param_name);

}  // namespace
