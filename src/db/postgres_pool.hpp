#pragma once
// A bounded pool of libpq connections, opened on demand.
#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace hearth::db::detail {

class PostgresPool {
public:
    PostgresPool(std::string url, std::size_t max_size);
    ~PostgresPool();
    PostgresPool(const PostgresPool&) = delete;
    PostgresPool& operator=(const PostgresPool&) = delete;

    // Hands out a connection (resetting it first if it is known to be
    // broken), opening a new one while fewer than max_size exist, and
    // otherwise waiting for one to come back. Throws DatabaseError.
    PGconn* acquire();
    // Takes a connection back; one that is broken or still inside a
    // transaction is closed instead of being reused.
    void release(PGconn* conn) noexcept;

    // Opens one connection now so a wrong URL fails at start-up.
    void warm_up();

private:
    PGconn* connect();
    void discard(PGconn* conn) noexcept;

    std::string url_;
    std::size_t max_size_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<PGconn*> idle_;
    std::size_t open_ = 0;  // idle + handed out + being opened
};

// Gives the connection back when the unit of work ends, however it ends.
class PostgresLease {
public:
    explicit PostgresLease(PostgresPool& pool) : pool_(pool), conn_(pool.acquire()) {}
    ~PostgresLease() { pool_.release(conn_); }
    PostgresLease(const PostgresLease&) = delete;
    PostgresLease& operator=(const PostgresLease&) = delete;
    PGconn* get() const noexcept { return conn_; }

private:
    PostgresPool& pool_;
    PGconn* conn_;
};

}  // namespace hearth::db::detail
