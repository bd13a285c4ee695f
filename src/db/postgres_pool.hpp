#pragma once
// A bounded pool of PostgreSQL connections, opened on demand.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/postgres_connection.hpp"

namespace hearth::db::detail {

class PostgresPool {
public:
    PostgresPool(std::string url, std::size_t max_size);
    PostgresPool(const PostgresPool&) = delete;
    PostgresPool& operator=(const PostgresPool&) = delete;

    // Hands out a connection ready for a unit of work (reconnecting it if
    // it was lost), opening a new one while fewer than max_size exist, and
    // otherwise waiting for one to come back. Throws DatabaseError.
    std::unique_ptr<PostgresConnection> acquire();
    // Takes a connection back; one that is broken or still inside a
    // transaction is closed instead of being reused.
    void release(std::unique_ptr<PostgresConnection> conn) noexcept;

    // Opens one connection now so a wrong URL fails at start-up.
    void warm_up();

private:
    void discard(std::unique_ptr<PostgresConnection> conn) noexcept;

    std::string url_;
    std::size_t max_size_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<PostgresConnection>> idle_;
    std::size_t open_ = 0;  // idle + handed out + being opened
};

// Gives the connection back when the unit of work ends, however it ends.
class PostgresLease {
public:
    explicit PostgresLease(PostgresPool& pool) : pool_(pool), conn_(pool.acquire()) {}
    ~PostgresLease() { pool_.release(std::move(conn_)); }
    PostgresLease(const PostgresLease&) = delete;
    PostgresLease& operator=(const PostgresLease&) = delete;
    PostgresConnection& get() const noexcept { return *conn_; }

private:
    PostgresPool& pool_;
    std::unique_ptr<PostgresConnection> conn_;
};

}  // namespace hearth::db::detail
