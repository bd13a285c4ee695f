#include "db/postgres_pool.hpp"

#include "db/database.hpp"

namespace hearth::db::detail {
namespace {

// Waiting longer than this for a free connection means the pool is too
// small or connections are held while waiting for each other (a read
// nested in a read, say); an error says so where a hang would not.
constexpr auto kAcquireTimeout = std::chrono::seconds(30);

}  // namespace

PostgresPool::PostgresPool(std::string url, std::size_t max_size) : url_(std::move(url)), max_size_(max_size) {}

void PostgresPool::warm_up() { release(acquire()); }

std::unique_ptr<PostgresConnection> PostgresPool::acquire() {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, kAcquireTimeout, [&] { return !idle_.empty() || open_ < max_size_; })) {
        throw DatabaseError("postgresql: no connection free after " + std::to_string(kAcquireTimeout.count()) +
                            " s (pool of " + std::to_string(max_size_) + ")");
    }
    if (idle_.empty()) {
        ++open_;
        lock.unlock();
        try {
            return std::make_unique<PostgresConnection>(url_);
        } catch (...) {
            lock.lock();
            --open_;
            available_.notify_one();
            throw;
        }
    }

    auto conn = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    try {
        conn->ready_for_use();
    } catch (...) {
        discard(std::move(conn));
        throw;
    }
    return conn;
}

void PostgresPool::release(std::unique_ptr<PostgresConnection> conn) noexcept {
    if (!conn) return;
    if (!conn->reusable()) {
        discard(std::move(conn));
        return;
    }
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(conn));
    available_.notify_one();
}

void PostgresPool::discard(std::unique_ptr<PostgresConnection> conn) noexcept {
    conn.reset();
    std::lock_guard lock(mutex_);
    --open_;
    available_.notify_one();
}

}  // namespace hearth::db::detail
