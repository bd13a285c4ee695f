// SQLite backend: one writer connection behind a mutex (SQLite allows one
// writer at a time anyway, and BEGIN IMMEDIATE makes that explicit) and a
// pool of read-only connections, which WAL mode lets run alongside it.
#include "db/sqlite_database.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "db/search_sqlite.hpp"
#include "db/sql_text.hpp"

namespace hearth::db::detail {
namespace {

// Prepared statements kept per connection. Features use a fixed set of SQL
// texts; the bound only matters if some code builds SQL dynamically.
constexpr std::size_t kMaxCachedStatements = 256;
// Writes that still find the file locked after busy_timeout (e.g. a CLI
// command holding a long transaction) are retried this many times in all.
constexpr int kMaxBusyAttempts = 4;
constexpr auto kBusyBackoff = std::chrono::milliseconds(100);

// SQLITE_BUSY outlasting busy_timeout; the write loop retries on it.
class BusyError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// "UNIQUE constraint failed: users.email_normalized" -> "users.email_normalized";
// "... failed: index 'name'" -> "name"; "FOREIGN KEY constraint failed" -> "".
std::string constraint_from_message(std::string_view message) {
    constexpr std::string_view marker = "failed: ";
    const auto at = message.find(marker);
    if (at == std::string_view::npos) return {};
    auto name = message.substr(at + marker.size());
    constexpr std::string_view index = "index '";
    if (name.starts_with(index) && name.ends_with('\'')) name = name.substr(index.size(), name.size() - index.size() - 1);
    return std::string(name);
}

[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view sql) {
    std::string message = sqlite3_errmsg(db);
    switch (code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
        case SQLITE_CONSTRAINT_ROWID:
        case SQLITE_CONSTRAINT_FOREIGNKEY: {
            auto constraint = constraint_from_message(message);
            throw ConstraintViolation(std::move(message), std::move(constraint));
        }
        default: break;
    }
    auto what = "sqlite: " + message + sql_excerpt(sql);
    if ((code & 0xff) == SQLITE_BUSY) throw BusyError(what);
    throw DatabaseError(what);
}

Value read_cell(sqlite3_stmt* stmt, int col) {
    switch (sqlite3_column_type(stmt, col)) {
        case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(stmt, col));
        case SQLITE_FLOAT: return sqlite3_column_double(stmt, col);
        case SQLITE_TEXT: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
            return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, col)));
        }
        case SQLITE_BLOB: {
            const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, col));
            const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, col));
            return blob ? std::string(blob, size) : std::string();
        }
        default: return nullptr;
    }
}

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

class Connection {
public:
    Connection(const std::filesystem::path& file, bool read_only) {
        const int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
        if (rc != SQLITE_OK) {
            std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close_v2(db_);
            throw DatabaseError("sqlite: cannot open " + file.string() + ": " + message);
        }
        sqlite3_extended_result_codes(db_, 1);
        try {
            // busy_timeout first: switching to WAL itself needs a lock.
            // secure_delete: a deleted row's bytes are overwritten with
            // zeros in the file, not left in free pages (account erasure,
            // GDPR art. 17), whatever default the library was built with.
            exec("PRAGMA busy_timeout=5000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                 "PRAGMA secure_delete=ON");
            // Read through the OS page cache rather than copying each page
            // into a per-connection cache: full-text queries touch large
            // doclists, which pread()+memcpy made the main cost.
            exec("PRAGMA mmap_size=4294967296");
            register_search_functions(db_);
            const auto mode = query("PRAGMA journal_mode=WAL", {});
            if (mode.empty() || mode.front().text(0) != "wal") {
                spdlog::warn("SQLite database {} is not in WAL mode; reads will wait for writes", file.string());
            }
        } catch (...) {
            close();
            throw;
        }
    }

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    ~Connection() { close(); }

    Result query(std::string_view sql, const std::vector<Value>& params) {
        const auto& statement = prepare(sql);
        sqlite3_stmt* stmt = statement.stmt;
        // Resetting straight after use ends the statement, so it neither
        // pins a snapshot nor keeps the bound strings alive.
        struct Reset {
            sqlite3_stmt* stmt;
            ~Reset() {
                sqlite3_reset(stmt);
                sqlite3_clear_bindings(stmt);
            }
        } reset{stmt};

        bind(stmt, params, sql);
        const int ncols = sqlite3_column_count(stmt);
        std::vector<std::string> columns;
        columns.reserve(static_cast<std::size_t>(ncols));
        for (int i = 0; i < ncols; ++i) columns.emplace_back(sqlite3_column_name(stmt, i));

        std::vector<Row> rows;
        for (;;) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) throw_error(db_, rc, sql);
            std::vector<Value> cells;
            cells.reserve(static_cast<std::size_t>(ncols));
            for (int i = 0; i < ncols; ++i) cells.push_back(read_cell(stmt, i));
            rows.emplace_back(std::move(cells));
        }
        // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE,
        // so it is only meaningful right after one.
        const std::int64_t affected = statement.counts_changes ? sqlite3_changes64(db_) : 0;
        return Result(std::move(columns), std::move(rows), affected);
    }

    void exec(std::string_view sql) {
        const std::string text(sql);
        if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
            throw_error(db_, sqlite3_extended_errcode(db_), sql);
        }
    }

    // After a failure: end whatever transaction is still open. Some errors
    // (I/O, disk full) already rolled it back, hence the autocommit check.
    void rollback() noexcept {
        if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }

private:
    void close() noexcept {
        for (auto& [sql, statement] : cache_) sqlite3_finalize(statement.stmt);
        cache_.clear();
        sqlite3_close_v2(db_);
    }

    struct Statement {
        sqlite3_stmt* stmt;
        bool counts_changes;
    };

    // The cache is keyed by the original $N text, so each text is rewritten
    // and compiled once per connection.
    const Statement& prepare(std::string_view sql) {
        if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
        if (cache_.size() >= kMaxCachedStatements) {
            for (auto& [text, statement] : cache_) sqlite3_finalize(statement.stmt);
            cache_.clear();
        }

        const std::string rewritten = rewrite_placeholders(sql);
        sqlite3_stmt* stmt = nullptr;
        const char* tail = nullptr;
        const int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                          SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
        if (rc != SQLITE_OK) throw_error(db_, rc, sql);
        if (stmt == nullptr) throw DatabaseError("sqlite: empty statement" + sql_excerpt(sql));
        if (!is_blank_sql(std::string_view(tail, rewritten.c_str() + rewritten.size() - tail))) {
            sqlite3_finalize(stmt);
            throw DatabaseError("sqlite: query() runs a single statement; use execute_script() for several" +
                                sql_excerpt(sql));
        }

        const auto keyword = leading_keyword(sql);
        const bool changes = !sqlite3_stmt_readonly(stmt) && (keyword == "INSERT" || keyword == "UPDATE" ||
                                                               keyword == "DELETE" || keyword == "REPLACE" ||
                                                               keyword == "WITH");
        return cache_.emplace(std::string(sql), Statement{stmt, changes}).first->second;
    }

    void bind(sqlite3_stmt* stmt, const std::vector<Value>& params, std::string_view sql) {
        const int expected = sqlite3_bind_parameter_count(stmt);
        if (static_cast<std::size_t>(expected) != params.size()) {
            throw DatabaseError("sqlite: statement takes " + std::to_string(expected) + " parameters, got " +
                                std::to_string(params.size()) + sql_excerpt(sql));
        }
        for (int i = 0; i < expected; ++i) {
            const int rc = std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::nullptr_t>) {
                        return sqlite3_bind_null(stmt, i + 1);
                    } else if constexpr (std::is_same_v<T, std::int64_t>) {
                        return sqlite3_bind_int64(stmt, i + 1, v);
                    } else if constexpr (std::is_same_v<T, double>) {
                        return sqlite3_bind_double(stmt, i + 1, v);
                    } else {
                        return sqlite3_bind_text64(stmt, i + 1, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
                    }
                },
                params[static_cast<std::size_t>(i)]);
            if (rc != SQLITE_OK) throw_error(db_, rc, sql);
        }
    }

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, Statement, StringHash, std::equal_to<>> cache_;
};

class SqliteSession final : public Session {
public:
    explicit SqliteSession(Connection& connection) : connection_(connection) {}
    Engine engine() const noexcept override { return Engine::sqlite; }
    Result query(std::string_view sql, const std::vector<Value>& params) override {
        return connection_.query(sql, params);
    }
    void execute_script(std::string_view sql) override { connection_.exec(sql); }
    void serialize_on(std::string_view, std::int64_t) override {}  // one writer: units already take turns

private:
    Connection& connection_;
};

// Runs fn between `begin` and COMMIT; if anything throws (COMMIT included)
// the transaction is rolled back and the exception passed on.
void run_transaction(Connection& connection, const char* begin, const std::function<void(Session&)>& fn) {
    connection.exec(begin);
    try {
        SqliteSession session(connection);
        fn(session);
        connection.exec("COMMIT");
    } catch (...) {
        connection.rollback();
        throw;
    }
}

class SqliteDatabase final : public Database {
public:
    // The writer is opened first: it creates the file and switches it to
    // WAL, which the read-only connections then rely on.
    explicit SqliteDatabase(std::filesystem::path file) : file_(std::move(file)), writer_(file_, false) {}

    Engine engine() const noexcept override { return Engine::sqlite; }

    // The write-ahead log still holds the pages as they were before an
    // erasure: checkpoint them into the file (which secure_delete zeroed)
    // and truncate the log, taking the writer's turn. A reader still on an
    // older snapshot keeps the checkpoint from finishing ("busy").
    bool release_erased_copies() override {
        std::lock_guard lock(writer_mutex_);
        SqliteSession session(writer_);
        const auto result = session.query("PRAGMA wal_checkpoint(TRUNCATE)", {});
        return !result.empty() && result.front().integer(0) == 0;
    }

protected:
    void run(Mode mode, const std::function<void(Session&)>& fn) override {
        if (mode == Mode::write) {
            write(fn);
        } else {
            read(fn);
        }
    }

private:
    void write(const std::function<void(Session&)>& fn) {
        // A nested write on the same thread would wait for itself forever.
        if (writer_thread_.load() == std::this_thread::get_id()) {
            throw std::logic_error("Database::write called inside another write on the same thread");
        }
        std::lock_guard lock(writer_mutex_);
        writer_thread_.store(std::this_thread::get_id());
        struct Release {
            std::atomic<std::thread::id>& owner;
            ~Release() { owner.store(std::thread::id()); }
        } release{writer_thread_};

        for (int attempt = 1;; ++attempt) {
            try {
                run_transaction(writer_, "BEGIN IMMEDIATE", fn);
                return;
            } catch (const BusyError& e) {
                if (attempt >= kMaxBusyAttempts) throw;
                spdlog::warn("SQLite database is locked by another process (attempt {} of {}): {}", attempt,
                             kMaxBusyAttempts, e.what());
                std::this_thread::sleep_for(kBusyBackoff * (1 << (attempt - 1)));
            }
        }
    }

    void read(const std::function<void(Session&)>& fn) {
        auto connection = take_reader();
        struct GiveBack {
            SqliteDatabase& db;
            std::unique_ptr<Connection>& connection;
            ~GiveBack() {
                std::lock_guard lock(db.readers_mutex_);
                db.idle_readers_.push_back(std::move(connection));
            }
        } give_back{*this, connection};
        // BEGIN makes all of fn's statements read one snapshot.
        run_transaction(*connection, "BEGIN", fn);
    }

    std::unique_ptr<Connection> take_reader() {
        {
            std::lock_guard lock(readers_mutex_);
            if (!idle_readers_.empty()) {
                auto connection = std::move(idle_readers_.back());
                idle_readers_.pop_back();
                return connection;
            }
        }
        // Opened outside the lock; the pool grows to the number of threads
        // that read at the same time.
        return std::make_unique<Connection>(file_, true);
    }

    std::filesystem::path file_;
    std::mutex writer_mutex_;
    Connection writer_;
    std::atomic<std::thread::id> writer_thread_{};
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::filesystem::path& file) {
    return std::make_unique<SqliteDatabase>(file);
}

}  // namespace hearth::db::detail
