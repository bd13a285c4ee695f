#pragma once
// The one store interface. Features write portable SQL with $1..$N
// placeholders and run it through a Session inside Database::read or
// Database::write; the engine (SQLite or PostgreSQL) is chosen by URL.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hearth::db {

enum class Engine { sqlite, postgresql };
std::string_view engine_name(Engine e);

class Database;
// Runs one trivial read and returns the engine's name ("sqlite",
// "postgresql") for a health check; throws DatabaseError when the store
// does not answer.
std::string_view check_health(Database& db);

// A bound parameter or a result cell. Flags are stored as integers 0/1 in
// both engines; times as UTC unix seconds (integers).
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Row {
public:
    explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
    std::size_t size() const noexcept { return cells_.size(); }
    bool is_null(std::size_t col) const;
    std::int64_t integer(std::size_t col) const;  // NULL -> 0
    double real(std::size_t col) const;           // NULL -> 0.0
    std::string text(std::size_t col) const;      // NULL -> ""
    bool flag(std::size_t col) const;             // integer != 0 (accepts PostgreSQL 't'/'f')
    std::optional<std::string> optional_text(std::size_t col) const;
    std::optional<std::int64_t> optional_integer(std::size_t col) const;
    const Value& cell(std::size_t col) const;

private:
    std::vector<Value> cells_;
};

class Result {
public:
    Result() = default;
    Result(std::vector<std::string> columns, std::vector<Row> rows, std::int64_t affected)
        : columns_(std::move(columns)), rows_(std::move(rows)), affected_(affected) {}
    bool empty() const noexcept { return rows_.empty(); }
    std::size_t size() const noexcept { return rows_.size(); }
    const Row& operator[](std::size_t i) const { return rows_.at(i); }
    const Row& front() const { return rows_.at(0); }
    auto begin() const { return rows_.begin(); }
    auto end() const { return rows_.end(); }
    const std::vector<std::string>& columns() const noexcept { return columns_; }
    // Rows changed by INSERT/UPDATE/DELETE.
    std::int64_t affected() const noexcept { return affected_; }

private:
    std::vector<std::string> columns_;
    std::vector<Row> rows_;
    std::int64_t affected_ = 0;
};

// A unique or foreign-key constraint refused a write. Features catch this
// to answer 409 (e.g. an e-mail address already taken). `constraint` names
// the index/constraint where the engine tells it.
class ConstraintViolation : public std::runtime_error {
public:
    ConstraintViolation(std::string what, std::string constraint)
        : std::runtime_error(std::move(what)), constraint_(std::move(constraint)) {}
    const std::string& constraint() const noexcept { return constraint_; }

private:
    std::string constraint_;
};

// Any other database failure (connection lost, bad SQL): a bug or an outage.
class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One connection for one unit of work. Not thread-safe; never kept beyond
// the read/write call that handed it out.
class Session {
public:
    virtual ~Session() = default;
    virtual Engine engine() const noexcept = 0;
    // Runs one statement with $1..$N placeholders and returns its rows.
    virtual Result query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
    // Runs a script of several statements without parameters (migrations).
    virtual void execute_script(std::string_view sql) = 0;
    // Makes write units of work that name the same (scope, key) take turns
    // from here until this transaction ends, so a check-then-insert (a
    // member's bookings, a specialist's calendar) sees every earlier one.
    // PostgreSQL: a transaction-scoped advisory lock on a hash of both (a
    // collision only makes two unrelated units take turns). SQLite: nothing,
    // its single writer already runs write units one at a time.
    virtual void serialize_on(std::string_view scope, std::int64_t key) = 0;
};

// The newest value of a counter that writers raise inside their
// transactions, pushed to this node so that requests need not read it.
// latest() is empty whenever the value is not known for sure (not yet
// connected, or the connection was lost): callers then read the counter
// themselves, as they would without a watch.
class CounterWatch {
public:
    virtual ~CounterWatch() = default;
    virtual std::optional<std::int64_t> latest() const noexcept = 0;
};

class Database {
public:
    virtual ~Database() = default;

    // "sqlite://data/hearth.db" (relative to the working directory),
    // "sqlite:///abs/path.db", or a libpq URL "postgresql://user@host/db".
    static std::unique_ptr<Database> open(const std::string& url);

    virtual Engine engine() const noexcept = 0;

    // Watches a counter: `current_sql` reads its value (one row, one
    // integer), and a trigger announces each new value, as text, on
    // `channel` when the raising transaction commits (PostgreSQL
    // LISTEN/NOTIFY). Null where the engine cannot push changes: on SQLite,
    // one node, reading the counter costs no round trip.
    virtual std::unique_ptr<CounterWatch> watch(const std::string& channel, const std::string& current_sql) {
        (void)channel;
        (void)current_sql;
        return nullptr;
    }

    // After personal data was erased (GDPR art. 17): drops the copies of
    // the old rows that the engine keeps beyond the transaction, as far as
    // it can while serving. SQLite checkpoints and truncates its
    // write-ahead log; a reader on an older snapshot can keep that from
    // finishing. PostgreSQL's old row versions go at the next (auto)vacuum,
    // which cannot run inside a transaction: nothing is done here. False
    // when the engine could not finish and a later call should try again.
    virtual bool release_erased_copies() { return true; }

    // A read-only unit of work; on PostgreSQL it may run on a replica when
    // one is configured. Returns what fn returns.
    template <class Fn>
    auto read(Fn&& fn) -> decltype(fn(std::declval<Session&>())) {
        using R = decltype(fn(std::declval<Session&>()));
        if constexpr (std::is_void_v<R>) {
            run(Mode::read, [&](Session& s) { fn(s); });
        } else {
            std::optional<R> out;
            run(Mode::read, [&](Session& s) { out.emplace(fn(s)); });
            return std::move(*out);
        }
    }

    // One transaction, committed (durably) before this returns; rolled back
    // if fn throws. May run fn more than once when the engine reports a
    // serialization failure, so fn must not have side effects outside the
    // database.
    template <class Fn>
    auto write(Fn&& fn) -> decltype(fn(std::declval<Session&>())) {
        using R = decltype(fn(std::declval<Session&>()));
        if constexpr (std::is_void_v<R>) {
            run(Mode::write, [&](Session& s) { fn(s); });
        } else {
            std::optional<R> out;
            run(Mode::write, [&](Session& s) { out.emplace(fn(s)); });
            return std::move(*out);
        }
    }

protected:
    enum class Mode { read, write };
    virtual void run(Mode mode, const std::function<void(Session&)>& fn) = 0;
};

}  // namespace hearth::db
