#include "db/postgres_pool.hpp"

#include <spdlog/spdlog.h>

#include "db/database.hpp"

namespace hearth::db::detail {
namespace {

// Waiting longer than this for a free connection means the pool is too
// small or connections are held while waiting for each other (a read
// nested in a read, say); an error says so where a hang would not.
constexpr auto kAcquireTimeout = std::chrono::seconds(30);

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// Server NOTICEs (e.g. "relation already exists, skipping") would go to
// stderr by default.
void log_notice(void*, const char* message) { spdlog::debug("postgresql: {}", trimmed(message)); }

}  // namespace

PostgresPool::PostgresPool(std::string url, std::size_t max_size) : url_(std::move(url)), max_size_(max_size) {}

PostgresPool::~PostgresPool() {
    for (PGconn* conn : idle_) PQfinish(conn);
}

void PostgresPool::warm_up() { release(acquire()); }

PGconn* PostgresPool::acquire() {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, kAcquireTimeout, [&] { return !idle_.empty() || open_ < max_size_; })) {
        throw DatabaseError("postgresql: no connection free after " + std::to_string(kAcquireTimeout.count()) +
                            " s (pool of " + std::to_string(max_size_) + ")");
    }
    if (idle_.empty()) {
        ++open_;
        lock.unlock();
        try {
            return connect();
        } catch (...) {
            lock.lock();
            --open_;
            available_.notify_one();
            throw;
        }
    }

    PGconn* conn = idle_.back();
    idle_.pop_back();
    lock.unlock();
    if (PQstatus(conn) != CONNECTION_OK) {
        PQreset(conn);
        if (PQstatus(conn) != CONNECTION_OK) {
            const std::string message = trimmed(PQerrorMessage(conn));
            discard(conn);
            throw DatabaseError("postgresql: cannot reconnect: " + message);
        }
    }
    return conn;
}

void PostgresPool::release(PGconn* conn) noexcept {
    if (PQstatus(conn) != CONNECTION_OK || PQtransactionStatus(conn) != PQTRANS_IDLE) {
        discard(conn);
        return;
    }
    std::lock_guard lock(mutex_);
    idle_.push_back(conn);
    available_.notify_one();
}

void PostgresPool::discard(PGconn* conn) noexcept {
    PQfinish(conn);
    std::lock_guard lock(mutex_);
    --open_;
    available_.notify_one();
}

PGconn* PostgresPool::connect() {
    // dbname comes last so that anything set in the URL overrides these
    // defaults (libpq keeps the last value of a repeated keyword).
    const char* const keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* const values[] = {"10", "hearth", url_.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (conn == nullptr) throw DatabaseError("postgresql: out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string message = trimmed(PQerrorMessage(conn));
        PQfinish(conn);
        throw DatabaseError("postgresql: cannot connect: " + message);
    }
    PQsetNoticeProcessor(conn, log_notice, nullptr);
    return conn;
}

}  // namespace hearth::db::detail
