#include "db/postgres_connection.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

#include "db/sql_text.hpp"

namespace hearth::db::detail {
namespace {

// Distinct statement texts are few (a hundred or so), but IN lists of
// varying length make new ones; past this many the connection forgets them
// all rather than grow without bound.
constexpr std::size_t kMaxPreparedStatements = 512;

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// Server NOTICEs (e.g. "relation already exists, skipping") would go to
// stderr by default.
void log_notice(void*, const char* message) { spdlog::debug("postgresql: {}", trimmed(message)); }

template <class T>
std::string format_number(T value) {
    char buf[32];  // enough for any int64 and for the shortest round-trip form of a double
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, end);
}

bool failed(const PGresult* res) {
    const auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    return status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY;
}

}  // namespace

void throw_error(PGconn* conn, const PGresult* res, std::string_view sql) {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view sqlstate = state ? state : "";
    if (sqlstate == "23505" || sqlstate == "23503" || sqlstate == "23P01") {  // unique, foreign key, exclusion
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

PostgresConnection::PostgresConnection(const std::string& url) : url_(url) { connect(); }

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

void PostgresConnection::connect() {
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
    // Error texts say what failed, never with which values: the DETAIL of a
    // unique violation, for one, quotes the key (an e-mail address), and
    // these texts reach the log. The SQLSTATE and constraint name stay.
    PQsetErrorVerbosity(conn, PQERRORS_TERSE);
    PQsetErrorContextVisibility(conn, PQSHOW_CONTEXT_NEVER);
    if (PQenterPipelineMode(conn) != 1) {
        const std::string message = trimmed(PQerrorMessage(conn));
        PQfinish(conn);
        throw DatabaseError("postgresql: cannot enter pipeline mode: " + message);
    }
    conn_ = conn;
}

void PostgresConnection::reconnect() {
    PQfinish(conn_);
    conn_ = nullptr;
    queued_.clear();
    prepared_.clear();  // statements live and die with the server session
    deferred_syncs_ = 0;
    connect();
}

bool PostgresConnection::broken() const noexcept { return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK; }

bool PostgresConnection::reusable() const noexcept {
    if (broken() || !queued_.empty()) return false;
    return deferred_syncs_ > 0 || PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

void PostgresConnection::ready_for_use() {
    if (!broken()) collect_deferred();
    if (broken()) reconnect();
}

// Reads the answers to what was sent without waiting. They only matter
// when something went wrong, which is logged: the unit of work that sent
// them has already finished.
void PostgresConnection::collect_deferred() {
    while (deferred_syncs_ > 0) {
        PGresult* raw = PQgetResult(conn_);
        if (raw == nullptr) {
            if (broken()) return;
            continue;  // the end of one statement's results
        }
        ResultPtr res(raw);
        const auto status = PQresultStatus(res.get());
        if (status == PGRES_PIPELINE_SYNC) {
            --deferred_syncs_;
        } else if (status == PGRES_FATAL_ERROR) {
            spdlog::warn("postgresql: {}", trimmed(PQresultErrorMessage(res.get())));
        }
    }
}

void PostgresConnection::queue_command(const char* sql) {
    if (PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        throw_error(conn_, nullptr, sql);
    }
    queued_.push_back({sql, ""});
}

// Parameters go as text with no declared types, so the server infers each
// from its context, as it does for literals.
void PostgresConnection::queue_statement(std::string_view sql, const std::vector<Value>& params) {
    std::string text(sql);
    auto known = prepared_.find(text);
    if (known == prepared_.end()) {
        if (prepared_.size() >= kMaxPreparedStatements) {
            queue_command("DEALLOCATE ALL");
            queued_.back().prepared_name = "-";  // internal: not handed back to the caller
            prepared_.clear();
        }
        auto name = "hearth_" + std::to_string(next_statement_++);  // never reused, so never clashes
        if (PQsendPrepare(conn_, name.c_str(), text.c_str(), 0, nullptr) != 1) throw_error(conn_, nullptr, sql);
        queued_.push_back({text, name});
        known = prepared_.emplace(std::move(text), std::move(name)).first;
    }

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
    if (PQsendQueryPrepared(conn_, known->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                            nullptr, 0) != 1) {
        throw_error(conn_, nullptr, sql);
    }
    queued_.push_back({known->first, ""});
}

std::vector<ResultPtr> PostgresConnection::round_trip() {
    std::vector<Queued> items;
    items.swap(queued_);
    if (PQpipelineSync(conn_) != 1) throw_error(conn_, nullptr, items.empty() ? "" : items.front().sql);

    std::vector<ResultPtr> results;
    std::vector<bool> item_failed(items.size(), false);
    ResultPtr first_error;
    std::string_view first_error_sql;
    bool lost = false;
    for (std::size_t i = 0; i < items.size() && !lost; ++i) {
        ResultPtr kept;
        while (PGresult* raw = PQgetResult(conn_)) {
            if (!kept) kept.reset(raw);
            else PQclear(raw);
        }
        if (!kept) {  // no answer at all: the connection is gone
            lost = true;
            item_failed[i] = true;
            break;
        }
        if (failed(kept.get())) {
            item_failed[i] = true;
            if (!first_error && PQresultStatus(kept.get()) != PGRES_PIPELINE_ABORTED) {
                first_error = std::move(kept);
                first_error_sql = items[i].sql;
            }
            continue;
        }
        if (items[i].prepared_name.empty()) results.push_back(std::move(kept));
    }
    if (!lost) {
        ResultPtr sync(PQgetResult(conn_));
        lost = !sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC;
    }
    if (first_error || lost) {
        forget_failed_prepares(items, item_failed);
        throw_error(conn_, first_error.get(), first_error ? first_error_sql : std::string_view(items.front().sql));
    }
    return results;
}

void PostgresConnection::forget_failed_prepares(const std::vector<Queued>& items, const std::vector<bool>& failed) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!failed[i] || items[i].prepared_name.empty()) continue;
        const auto known = prepared_.find(items[i].sql);
        if (known != prepared_.end() && known->second == items[i].prepared_name) prepared_.erase(known);
    }
}

void PostgresConnection::send_without_waiting() noexcept {
    queued_.clear();
    if (PQpipelineSync(conn_) == 1) ++deferred_syncs_;
}

void PostgresConnection::execute_script(std::string_view sql) {
    // Several statements in one string need the simple protocol, which
    // pipeline mode does not allow.
    if (PQexitPipelineMode(conn_) != 1) throw_error(conn_, nullptr, sql);
    const std::string text(sql);
    ResultPtr res(PQexec(conn_, text.c_str()));
    const bool ok = !failed(res.get());
    if (PQenterPipelineMode(conn_) != 1) throw_error(conn_, nullptr, sql);
    if (!ok) throw_error(conn_, res.get(), sql);
}

}  // namespace hearth::db::detail
