// PostgreSQL backend over libpq: a pool of connections for writes and one
// for reads, which is the same pool unless a read replica is configured.
//
// Environment:
//   HEARTH_DB_POOL_SIZE          connections per pool (default 16).
//   HEARTH_DATABASE_REPLICA_URL  if set, Database::read runs on a pool on
//                                this URL (a streaming replica). Reads may
//                                then lag behind writes a little: code that
//                                must see its own write reads inside write().
#include "db/postgres_database.hpp"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "db/postgres_pool.hpp"
#include "db/postgres_watch.hpp"

namespace hearth::db::detail {
namespace {

constexpr std::size_t kDefaultPoolSize = 16;
// Attempts in all for a write that hits a serialization failure or deadlock.
constexpr int kMaxWriteAttempts = 5;

// Type OIDs from the server's catalog/pg_type.h (not shipped with libpq).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700, kFloat8Oid = 701;

// Integer, float and boolean columns become native Values, as they are on
// SQLite (booleans as 0/1, e.g. from EXISTS); everything else stays text.
Value read_cell(const PGresult* res, int row, int col, Oid type) {
    if (PQgetisnull(res, row, col)) return nullptr;
    const char* text = PQgetvalue(res, row, col);
    const char* end = text + PQgetlength(res, row, col);
    switch (type) {
        case kInt2Oid:
        case kInt4Oid:
        case kInt8Oid: {
            std::int64_t i = 0;
            if (auto [p, ec] = std::from_chars(text, end, i); ec == std::errc{} && p == end) return i;
            break;
        }
        case kFloat4Oid:
        case kFloat8Oid: {
            double d = 0;
            if (auto [p, ec] = std::from_chars(text, end, d); ec == std::errc{} && p == end) return d;
            break;
        }
        case kBoolOid: return std::int64_t{*text == 't'};
        default: break;
    }
    return std::string(text, end);
}

Result to_result(PGresult* res) {
    const int ncols = PQnfields(res);
    const int nrows = PQntuples(res);
    std::vector<std::string> columns;
    std::vector<Oid> types;
    for (int c = 0; c < ncols; ++c) {
        columns.emplace_back(PQfname(res, c));
        types.push_back(PQftype(res, c));
    }
    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
        std::vector<Value> cells;
        cells.reserve(static_cast<std::size_t>(ncols));
        for (int c = 0; c < ncols; ++c) cells.push_back(read_cell(res, r, c, types[static_cast<std::size_t>(c)]));
        rows.emplace_back(std::move(cells));
    }
    // PQcmdTuples also counts SELECTed rows; affected() means changed rows
    // only, as on SQLite.
    const std::string_view status = PQcmdStatus(res);
    std::int64_t affected = 0;
    if (status.starts_with("INSERT") || status.starts_with("UPDATE") || status.starts_with("DELETE") ||
        status.starts_with("MERGE")) {
        const std::string_view count = PQcmdTuples(res);
        std::from_chars(count.data(), count.data() + count.size(), affected);
    }
    return Result(std::move(columns), std::move(rows), affected);
}

// A unit of work on one connection. The transaction begins with the first
// statement, in the same round trip, so a unit that never touches the
// database costs nothing and a one-statement read costs one round trip.
class PostgresSession final : public Session {
public:
    PostgresSession(PostgresConnection& conn, const char* begin_sql) : conn_(conn), begin_sql_(begin_sql) {}
    Engine engine() const noexcept override { return Engine::postgresql; }

    Result query(std::string_view sql, const std::vector<Value>& params) override {
        const bool first = !begun_;
        if (first) conn_.queue_command(begin_sql_);
        begun_ = true;
        conn_.queue_statement(sql, params);
        try {
            return to_result(conn_.round_trip().back().get());
        } catch (const DatabaseError&) {
            // The first round trip is where a connection dropped while idle
            // (server restart, failover) shows up. Nothing of this unit of
            // work can have been committed, so reconnecting and sending it
            // once more is safe.
            if (!first || !conn_.broken()) throw;
            conn_.reconnect();
            conn_.queue_command(begin_sql_);
            conn_.queue_statement(sql, params);
            return to_result(conn_.round_trip().back().get());
        }
    }

    void execute_script(std::string_view sql) override {
        if (!begun_) {
            conn_.queue_command(begin_sql_);
            conn_.round_trip();
            begun_ = true;
        }
        conn_.execute_script(sql);
    }

    void serialize_on(std::string_view scope, std::int64_t key) override {
        query("SELECT pg_advisory_xact_lock(hashtextextended($1, $2))", {std::string(scope), key});
    }

    // Reads end without waiting: COMMIT of a read-only transaction cannot
    // fail in a way the caller could act on, and the server ends the
    // snapshot as soon as it reads it. Writes wait, for durability.
    void commit(bool wait) {
        if (!begun_) return;
        conn_.queue_command("COMMIT");
        if (!wait) {
            conn_.send_without_waiting();
            return;
        }
        const auto results = conn_.round_trip();
        // COMMIT of a transaction aborted by an earlier error "succeeds" as
        // a ROLLBACK: fn caught a failed statement's exception and carried on.
        if (std::string_view(PQcmdStatus(results.back().get())) == "ROLLBACK") {
            throw DatabaseError(
                "postgresql: transaction rolled back: a statement in it failed and its exception was caught "
                "inside the unit of work");
        }
    }

    void rollback() noexcept {
        if (!begun_ || conn_.broken()) return;
        try {
            conn_.queue_command("ROLLBACK");
            conn_.send_without_waiting();
        } catch (const DatabaseError&) {
            // The connection is gone; the server has rolled back already.
        }
    }

private:
    PostgresConnection& conn_;
    const char* begin_sql_;
    bool begun_ = false;
};

void run_transaction(PostgresPool& pool, const char* begin_sql, bool wait_for_commit,
                     const std::function<void(Session&)>& fn) {
    PostgresLease lease(pool);
    PostgresSession session(lease.get(), begin_sql);
    try {
        fn(session);
        session.commit(wait_for_commit);
    } catch (...) {
        session.rollback();
        throw;
    }
}

std::size_t pool_size_from_env() {
    const char* env = std::getenv("HEARTH_DB_POOL_SIZE");
    if (env == nullptr || *env == '\0') return kDefaultPoolSize;
    std::size_t size = 0;
    const std::string_view text(env);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
    if (ec != std::errc{} || end != text.data() + text.size() || size == 0) {
        throw std::invalid_argument("HEARTH_DB_POOL_SIZE must be a positive integer, got '" + std::string(text) + "'");
    }
    return size;
}

class PostgresDatabase final : public Database {
public:
    PostgresDatabase(const std::string& url, const char* replica_url, std::size_t pool_size)
        : url_(url), primary_(url, pool_size) {
        primary_.warm_up();
        if (replica_url != nullptr && *replica_url != '\0') {
            replica_ = std::make_unique<PostgresPool>(replica_url, pool_size);
            replica_->warm_up();
        }
    }

    Engine engine() const noexcept override { return Engine::postgresql; }

    // On the primary: notifications are not sent on a replica.
    std::unique_ptr<CounterWatch> watch(const std::string& channel, const std::string& current_sql) override {
        return watch_postgres_counter(url_, channel, current_sql);
    }

protected:
    void run(Mode mode, const std::function<void(Session&)>& fn) override {
        if (mode == Mode::read) {
            // One snapshot for all of fn's statements, as on SQLite. READ ONLY
            // also refuses writes, which a replica could not take anyway.
            run_transaction(replica_ ? *replica_ : primary_, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                            /*wait_for_commit=*/false, fn);
            return;
        }
        for (int attempt = 1;; ++attempt) {
            try {
                run_transaction(primary_, "BEGIN", /*wait_for_commit=*/true, fn);
                return;
            } catch (const RetryableError& e) {
                if (attempt >= kMaxWriteAttempts) throw;
                spdlog::debug("retrying write (attempt {} of {}): {}", attempt, kMaxWriteAttempts, e.what());
                backoff(attempt);
            }
        }
    }

private:
    // Randomised so that the transactions that collided do not collide again.
    static void backoff(int attempt) {
        thread_local std::minstd_rand random{std::random_device{}()};
        std::uniform_int_distribution<int> jitter(0, 10 * attempt);
        std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt + jitter(random)));
    }

    std::string url_;
    PostgresPool primary_;
    std::unique_ptr<PostgresPool> replica_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url) {
    return std::make_unique<PostgresDatabase>(url, std::getenv("HEARTH_DATABASE_REPLICA_URL"), pool_size_from_env());
}

}  // namespace hearth::db::detail
