#include "db/postgres_watch.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "db/postgres_connection.hpp"  // ResultPtr

namespace hearth::db::detail {
namespace {

using namespace std::chrono_literals;

// Notifications are the fast path; reading the counter this often as well
// bounds how long a node could trail if one were ever missed, and finds a
// dead connection that TCP has not noticed yet.
constexpr auto kRecheckEvery = 2s;
constexpr auto kRetryAfter = 1s;
constexpr std::int64_t kUnknown = -1;

std::optional<std::int64_t> parse_counter(const char* text) {
    if (text == nullptr) return std::nullopt;
    const std::string_view s(text);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || value < 0) return std::nullopt;
    return value;
}

class PostgresCounterWatch final : public CounterWatch {
public:
    PostgresCounterWatch(std::string url, std::string channel, std::string current_sql)
        : url_(std::move(url)), channel_(std::move(channel)), current_sql_(std::move(current_sql)) {
        thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
    }

    ~PostgresCounterWatch() override {
        thread_.request_stop();
        wake_.notify_all();
    }

    std::optional<std::int64_t> latest() const noexcept override {
        const auto v = value_.load(std::memory_order_acquire);
        if (v == kUnknown) return std::nullopt;
        return v;
    }

private:
    // Values only grow; a notification overtaken by a recheck must not
    // take the counter back.
    void observe(std::int64_t v) {
        auto seen = value_.load(std::memory_order_relaxed);
        while (v > seen && !value_.compare_exchange_weak(seen, v, std::memory_order_release)) {
        }
    }

    void run(std::stop_token stop) {
        while (!stop.stop_requested()) {
            // Keepalives and a send timeout find a silently dropped server in
            // seconds, so latest() does not go on vouching for a stale value.
            const char* const keys[] = {"connect_timeout", "application_name", "keepalives_idle",
                                        "keepalives_interval", "keepalives_count", "tcp_user_timeout", "dbname",
                                        nullptr};
            const char* const values[] = {"10", "hearth-watch", "5", "2", "2", "5000", url_.c_str(), nullptr};
            PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
            try {
                if (PQstatus(conn) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn));
                listen_and_follow(conn, stop);
            } catch (const std::exception& e) {
                if (!stop.stop_requested()) spdlog::warn("postgresql: watching {}: {}", channel_, e.what());
            }
            value_.store(kUnknown, std::memory_order_release);  // anything may have changed meanwhile
            PQfinish(conn);
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, stop, kRetryAfter, [] { return false; });
        }
    }

    // LISTEN comes before the first read, so no change can fall between them.
    void listen_and_follow(PGconn* conn, const std::stop_token& stop) {
        char* quoted = PQescapeIdentifier(conn, channel_.c_str(), channel_.size());
        if (quoted == nullptr) throw std::runtime_error(PQerrorMessage(conn));
        const std::string listen = std::string("LISTEN ") + quoted;
        PQfreemem(quoted);
        exec(conn, listen);
        auto next_check = std::chrono::steady_clock::now();
        while (!stop.stop_requested()) {
            if (std::chrono::steady_clock::now() >= next_check) {
                ResultPtr res = exec(conn, current_sql_);
                const auto v = PQntuples(res.get()) == 1 ? parse_counter(PQgetvalue(res.get(), 0, 0)) : std::nullopt;
                if (!v) throw std::runtime_error("the counter query did not return one number");
                if (value_.load(std::memory_order_relaxed) == kUnknown) value_.store(*v, std::memory_order_release);
                observe(*v);
                next_check = std::chrono::steady_clock::now() + kRecheckEvery;
            }
            pollfd pfd{PQsocket(conn), POLLIN, 0};
            const int ready = ::poll(&pfd, 1, 250);  // short, so that a stop request is seen soon
            if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed");
            if (ready > 0 && PQconsumeInput(conn) != 1) throw std::runtime_error(PQerrorMessage(conn));
            while (PGnotify* n = PQnotifies(conn)) {
                if (auto v = parse_counter(n->extra); v && value_.load(std::memory_order_relaxed) != kUnknown) {
                    observe(*v);
                }
                PQfreemem(n);
            }
        }
    }

    static ResultPtr exec(PGconn* conn, const std::string& sql) {
        ResultPtr res(PQexec(conn, sql.c_str()));
        const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error(PQerrorMessage(conn));
        return res;
    }

    const std::string url_;
    const std::string channel_;
    const std::string current_sql_;
    std::atomic<std::int64_t> value_{kUnknown};
    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::jthread thread_;  // last: stops (and joins) before the members it uses go
};

}  // namespace

std::unique_ptr<CounterWatch> watch_postgres_counter(std::string url, std::string channel, std::string current_sql) {
    return std::make_unique<PostgresCounterWatch>(std::move(url), std::move(channel), std::move(current_sql));
}

}  // namespace hearth::db::detail
