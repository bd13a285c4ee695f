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
#include "db/sql_text.hpp"

namespace hearth::db::detail {
namespace {

constexpr std::size_t kDefaultPoolSize = 16;
// Attempts in all for a write that hits a serialization failure or deadlock.
constexpr int kMaxWriteAttempts = 5;

// Type OIDs from the server's catalog/pg_type.h (not shipped with libpq).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700, kFloat8Oid = 701;

// A write that failed only because of concurrent transactions; the write
// loop runs fn again.
class RetryableError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

struct ClearResult {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ClearResult>;

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

[[noreturn]] void throw_error(PGconn* conn, const PGresult* res, std::string_view sql) {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view sqlstate = state ? state : "";
    if (sqlstate == "23505" || sqlstate == "23503") {  // unique_violation, foreign_key_violation
        const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
        throw ConstraintViolation(primary ? primary : "constraint violation", constraint ? constraint : "");
    }
    std::string message = trimmed(res ? PQresultErrorMessage(res) : "");
    if (message.empty()) message = trimmed(PQerrorMessage(conn));
    auto what = "postgresql: " + message + sql_excerpt(sql);
    if (sqlstate == "40001" || sqlstate == "40P01") throw RetryableError(what);  // serialization failure, deadlock
    throw DatabaseError(what);
}

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

template <class T>
std::string format_number(T value) {
    char buf[32];  // enough for any int64 and for the shortest round-trip form of a double
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, end);
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

class PostgresSession final : public Session {
public:
    explicit PostgresSession(PGconn* conn) : conn_(conn) {}
    Engine engine() const noexcept override { return Engine::postgresql; }

    // Parameters go as text with no declared types, so the server infers
    // each from its context, as it does for literals.
    Result query(std::string_view sql, const std::vector<Value>& params) override {
        std::vector<std::string> numbers;
        numbers.reserve(params.size());  // c_str() pointers into it must stay valid
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& param : params) {
            if (const auto* s = std::get_if<std::string>(&param)) {
                values.push_back(s->c_str());
            } else if (const auto* i = std::get_if<std::int64_t>(&param)) {
                values.push_back(numbers.emplace_back(format_number(*i)).c_str());
            } else if (const auto* d = std::get_if<double>(&param)) {
                values.push_back(numbers.emplace_back(format_number(*d)).c_str());
            } else {
                values.push_back(nullptr);  // SQL NULL
            }
        }
        const std::string text(sql);
        ResultPtr res(PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                   nullptr, nullptr, 0));
        const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw_error(conn_, res.get(), sql);
        return to_result(res.get());
    }

    void execute_script(std::string_view sql) override { exec(conn_, sql); }

    static void exec(PGconn* conn, std::string_view sql) {
        const std::string text(sql);
        ResultPtr res(PQexec(conn, text.c_str()));
        const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
            throw_error(conn, res.get(), sql);
        }
    }

private:
    PGconn* conn_;
};

// BEGIN is the first thing a pooled connection does, so it is where a
// connection dropped while idle (server restart, failover) shows up; fn has
// not run yet, so reconnecting and trying once more is safe.
void begin(PGconn* conn, const char* sql) {
    try {
        PostgresSession::exec(conn, sql);
    } catch (const DatabaseError&) {
        if (PQstatus(conn) != CONNECTION_BAD) throw;
        PQreset(conn);
        PostgresSession::exec(conn, sql);
    }
}

void commit(PGconn* conn) {
    ResultPtr res(PQexec(conn, "COMMIT"));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) throw_error(conn, res.get(), "COMMIT");
    // COMMIT of a transaction aborted by an earlier error "succeeds" as a
    // ROLLBACK: fn caught a failed statement's exception and carried on.
    if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
        throw DatabaseError(
            "postgresql: transaction rolled back: a statement in it failed and its exception was caught inside "
            "the unit of work");
    }
}

void rollback(PGconn* conn) noexcept {
    if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE) {
        ResultPtr res(PQexec(conn, "ROLLBACK"));
    }
}

void run_transaction(PostgresPool& pool, const char* begin_sql, const std::function<void(Session&)>& fn) {
    PostgresLease lease(pool);
    begin(lease.get(), begin_sql);
    try {
        PostgresSession session(lease.get());
        fn(session);
        commit(lease.get());
    } catch (...) {
        rollback(lease.get());
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
        : primary_(url, pool_size) {
        primary_.warm_up();
        if (replica_url != nullptr && *replica_url != '\0') {
            replica_ = std::make_unique<PostgresPool>(replica_url, pool_size);
            replica_->warm_up();
        }
    }

    Engine engine() const noexcept override { return Engine::postgresql; }

protected:
    void run(Mode mode, const std::function<void(Session&)>& fn) override {
        if (mode == Mode::read) {
            // One snapshot for all of fn's statements, as on SQLite. READ ONLY
            // also refuses writes, which a replica could not take anyway.
            run_transaction(replica_ ? *replica_ : primary_, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", fn);
            return;
        }
        for (int attempt = 1;; ++attempt) {
            try {
                run_transaction(primary_, "BEGIN", fn);
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

    PostgresPool primary_;
    std::unique_ptr<PostgresPool> replica_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url) {
    return std::make_unique<PostgresDatabase>(url, std::getenv("HEARTH_DATABASE_REPLICA_URL"), pool_size_from_env());
}

}  // namespace hearth::db::detail
