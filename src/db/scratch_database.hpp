#pragma once
// Test support: a fresh, empty database on either engine, deleted again at
// the end, so tests can run in parallel and against the same server.
// Header-only, so none of it is linked into the server.
//
// PostgreSQL needs a server: HEARTH_TEST_POSTGRES_URL names a database on it
// whose role may CREATE DATABASE (scripts/start-postgres.sh prints one).
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "db/database.hpp"

namespace hearth::db {

inline std::optional<std::string> postgres_test_url() {
    const char* url = std::getenv("HEARTH_TEST_POSTGRES_URL");
    if (url == nullptr || *url == '\0') return std::nullopt;
    return std::string(url);
}

// Unique across processes and runs: pid, a counter and a random part.
inline std::string scratch_name(const std::string& prefix) {
    static std::atomic<int> counter{0};
    std::random_device random;
    return prefix + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(random() % 1000000);
}

class ScratchDatabase {
public:
    // Throws if engine is postgresql and HEARTH_TEST_POSTGRES_URL is unset;
    // check postgres_test_url() first to skip instead.
    explicit ScratchDatabase(Engine engine) : engine_(engine) {
        if (engine == Engine::sqlite) {
            dir_ = std::filesystem::temp_directory_path() / scratch_name("hearth_test_");
            url_ = "sqlite://" + (dir_ / "test.db").string();
        } else {
            server_url_ = postgres_test_url().value();
            name_ = scratch_name("hearth_test_");
            admin("CREATE DATABASE " + name_);
            url_ = with_database(server_url_, name_);
        }
        db_ = Database::open(url_);
    }

    ~ScratchDatabase() {
        db_.reset();  // close every pooled connection first
        if (engine_ == Engine::sqlite) {
            std::error_code ignored;
            std::filesystem::remove_all(dir_, ignored);
        } else {
            try {
                admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
            } catch (...) {
            }
        }
    }

    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    Database& db() { return *db_; }
    const std::string& url() const { return url_; }
    // Another handle on the same database, as a second node would have.
    std::unique_ptr<Database> open_another() const { return Database::open(url_); }

    // postgresql://user@host:port/db?opts with the database replaced.
    static std::string with_database(const std::string& url, const std::string& database) {
        const auto authority = url.find("://") + 3;
        const auto path = url.find_first_of("/?", authority);
        if (path == std::string::npos) return url + "/" + database;
        const auto query = url.find('?', path);
        const auto tail = query == std::string::npos ? std::string() : url.substr(query);
        return url.substr(0, path) + "/" + database + tail;
    }

private:
    // CREATE/DROP DATABASE cannot run inside Database::write's transaction.
    void admin(const std::string& sql) const {
        PGconn* conn = PQconnectdb(server_url_.c_str());
        std::string error;
        if (PQstatus(conn) != CONNECTION_OK) {
            error = PQerrorMessage(conn);
        } else {
            PGresult* res = PQexec(conn, sql.c_str());
            if (PQresultStatus(res) != PGRES_COMMAND_OK) error = PQresultErrorMessage(res);
            PQclear(res);
        }
        PQfinish(conn);
        if (!error.empty()) throw DatabaseError(sql + ": " + error);
    }

    Engine engine_;
    std::filesystem::path dir_;
    std::string server_url_;
    std::string name_;
    std::string url_;
    std::unique_ptr<Database> db_;
};

}  // namespace hearth::db
