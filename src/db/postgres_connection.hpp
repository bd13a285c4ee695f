#pragma once
// One libpq connection, kept in pipeline mode. A unit of work sends BEGIN
// together with its first statement (one round trip, not two), and a read
// sends COMMIT without waiting for the answer, which the next unit of work
// on the connection collects. Statements are prepared once per connection,
// so the server parses and plans a hot query once, not on every request.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/database.hpp"

namespace hearth::db::detail {

struct ClearResult {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ClearResult>;

// A write that failed only because of concurrent transactions (a
// serialization failure or a deadlock); the write loop runs it again.
class RetryableError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// Turns a failed result into ConstraintViolation, RetryableError or
// DatabaseError, quoting the start of the statement.
[[noreturn]] void throw_error(PGconn* conn, const PGresult* res, std::string_view sql);

class PostgresConnection {
public:
    // Connects; throws DatabaseError when the server cannot be reached.
    explicit PostgresConnection(const std::string& url);
    ~PostgresConnection();
    PostgresConnection(const PostgresConnection&) = delete;
    PostgresConnection& operator=(const PostgresConnection&) = delete;

    // Called before each unit of work: collects what the last one left
    // unread, and reconnects a connection that was lost while idle.
    void ready_for_use();
    // Connected, and no transaction left open (a COMMIT or ROLLBACK sent
    // without waiting counts as closing it).
    bool reusable() const noexcept;
    // True if the server was lost; ready_for_use() will reconnect.
    bool broken() const noexcept;
    void reconnect();

    // Queues a command without parameters (BEGIN, COMMIT, ROLLBACK).
    void queue_command(const char* sql);
    // Queues a statement with $1..$N parameters, prepared on first use.
    void queue_statement(std::string_view sql, const std::vector<Value>& params);
    // Sends everything queued and waits; returns one result per queued
    // item, in order. If any failed, reads the rest and throws the first
    // error.
    std::vector<ResultPtr> round_trip();
    // Sends everything queued without waiting for the answers.
    void send_without_waiting() noexcept;

    // A script of several statements without parameters (migrations).
    void execute_script(std::string_view sql);

private:
    struct Queued {
        std::string sql;           // for error messages
        std::string prepared_name; // set if this item prepares a statement
    };

    void connect();
    void collect_deferred();
    void forget_failed_prepares(const std::vector<Queued>& items, const std::vector<bool>& failed);

    std::string url_;
    PGconn* conn_ = nullptr;
    std::vector<Queued> queued_;
    int deferred_syncs_ = 0;  // sent without waiting; answers not read yet
    std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
    std::uint64_t next_statement_ = 0;
};

}  // namespace hearth::db::detail
