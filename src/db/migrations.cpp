#include "db/migrations.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "core/clock.hpp"

namespace hearth::db {
namespace {

struct Migration {
    std::string name;  // file name without ".sql", as recorded in schema_migrations
    std::filesystem::path path;
};

// "0001_foundation": at least four digits, an underscore, then a name.
bool is_migration_name(std::string_view name) {
    const auto underscore = name.find('_');
    if (underscore == std::string_view::npos || underscore < 4 || underscore + 1 == name.size()) return false;
    const auto digits = name.substr(0, underscore);
    const auto rest = name.substr(underscore + 1);
    const auto digit = [](unsigned char c) { return std::isdigit(c) != 0; };
    const auto word = [](unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c == '-'; };
    return std::all_of(digits.begin(), digits.end(), digit) && std::all_of(rest.begin(), rest.end(), word);
}

std::vector<Migration> list_migrations(const std::filesystem::path& dir) {
    if (!std::filesystem::is_directory(dir)) throw DatabaseError("migrations directory not found: " + dir.string());
    std::vector<Migration> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
        auto name = entry.path().stem().string();
        // A misnamed file would otherwise be skipped without a word.
        if (!is_migration_name(name)) {
            throw DatabaseError("migration file names look like 0001_name.sql: " + entry.path().string());
        }
        found.push_back({std::move(name), entry.path()});
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    // Two branches that both added 0007_*.sql would be applied in different
    // orders on different installations.
    for (std::size_t i = 1; i < found.size(); ++i) {
        const auto number = [](const std::string& n) { return n.substr(0, n.find('_')); };
        if (number(found[i].name) == number(found[i - 1].name)) {
            throw DatabaseError("two migrations share a number: " + found[i - 1].name + ", " + found[i].name);
        }
    }
    return found;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DatabaseError("cannot read migration " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// On PostgreSQL, nodes starting together take turns: the lock is held until
// the transaction ends. SQLite's BEGIN IMMEDIATE already serialises writers.
void take_migration_lock(Session& s) {
    if (s.engine() == Engine::postgresql) s.query("SELECT pg_advisory_xact_lock(727274)");
}

bool is_applied(Session& s, const std::string& name) {
    return !s.query("SELECT 1 FROM schema_migrations WHERE name = $1", {name}).empty();
}

}  // namespace

std::vector<std::string> migrate(Database& db, const std::filesystem::path& migrations_root) {
    const auto migrations = list_migrations(migrations_root / std::string(engine_name(db.engine())));

    // Read through write() so the list comes from the primary, never from a
    // replica that may lag behind.
    const auto applied = db.write([](Session& s) {
        take_migration_lock(s);
        s.execute_script("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)");
        std::set<std::string> names;
        for (const auto& row : s.query("SELECT name FROM schema_migrations")) names.insert(row.text(0));
        return names;
    });
    for (const auto& name : applied) {
        const bool known = std::any_of(migrations.begin(), migrations.end(), [&](const auto& m) { return m.name == name; });
        if (!known) spdlog::warn("Database has migration {} that this version does not know", name);
    }

    std::vector<std::string> done;
    for (const auto& migration : migrations) {
        if (applied.contains(migration.name)) continue;
        const auto sql = read_file(migration.path);
        bool ran = false;
        try {
            ran = db.write([&](Session& s) {
                take_migration_lock(s);
                if (is_applied(s, migration.name)) return false;  // another node was first
                s.execute_script(sql);
                s.query("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)",
                        {migration.name, now_seconds()});
                return true;
            });
        } catch (const std::runtime_error& e) {
            // Also a ConstraintViolation (e.g. a new unique index over
            // duplicate rows): for a migration that is an outage, not a 409.
            throw DatabaseError("migration " + migration.name + " failed: " + e.what());
        }
        if (ran) {
            spdlog::info("Applied migration {}", migration.name);
            done.push_back(migration.name);
        }
    }
    return done;
}

}  // namespace hearth::db
