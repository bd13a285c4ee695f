#include "db/database.hpp"

#include <charconv>
#include <filesystem>
#include <system_error>
#include <type_traits>

#include "db/postgres_database.hpp"
#include "db/sqlite_database.hpp"

namespace hearth::db {

std::string_view engine_name(Engine e) {
    switch (e) {
        case Engine::sqlite: return "sqlite";
        case Engine::postgresql: return "postgresql";
    }
    return "unknown";
}

std::string_view check_health(Database& db) {
    db.read([](Session& s) { s.query("SELECT 1"); });
    return engine_name(db.engine());
}

// ---- Row -------------------------------------------------------------------
// PostgreSQL cells of types without a native Value (numeric, text, ...)
// arrive as text, and SQLite is dynamically typed, so the accessors convert
// between representations instead of insisting on one alternative.

namespace {

template <class T>
std::optional<T> parse_number(std::string_view s) {
    T value{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return value;
}

[[noreturn]] void not_a(std::string_view what, std::size_t col, const std::string& s) {
    throw DatabaseError("column " + std::to_string(col) + " is not " + std::string(what) + ": '" + s + "'");
}

// Truncates toward zero; a double outside the int64 range has no answer
// (and casting it would be undefined behaviour).
std::int64_t truncate(double d, std::size_t col) {
    if (!(d >= -0x1p63 && d < 0x1p63)) not_a("an integer", col, std::to_string(d));
    return static_cast<std::int64_t>(d);
}

}  // namespace

const Value& Row::cell(std::size_t col) const { return cells_.at(col); }

bool Row::is_null(std::size_t col) const { return std::holds_alternative<std::nullptr_t>(cell(col)); }

std::int64_t Row::integer(std::size_t col) const {
    return std::visit(
        [&](const auto& v) -> std::int64_t {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
                return 0;
            } else if constexpr (std::is_same_v<T, std::string>) {
                if (auto i = parse_number<std::int64_t>(v)) return *i;
                if (auto d = parse_number<double>(v)) return truncate(*d, col);
                not_a("an integer", col, v);
            } else if constexpr (std::is_same_v<T, double>) {
                return truncate(v, col);
            } else {
                return v;
            }
        },
        cell(col));
}

double Row::real(std::size_t col) const {
    return std::visit(
        [&](const auto& v) -> double {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
                return 0.0;
            } else if constexpr (std::is_same_v<T, std::string>) {
                if (auto d = parse_number<double>(v)) return *d;
                not_a("a number", col, v);
            } else {
                return static_cast<double>(v);
            }
        },
        cell(col));
}

std::string Row::text(std::size_t col) const {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
                return {};
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else {
                char buf[32];
                const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
                return std::string(buf, end);
            }
        },
        cell(col));
}

bool Row::flag(std::size_t col) const {
    const auto& value = cell(col);
    if (const auto* s = std::get_if<std::string>(&value)) {
        if (*s == "t" || *s == "true") return true;
        if (*s == "f" || *s == "false" || s->empty()) return false;
    }
    if (const auto* d = std::get_if<double>(&value)) return *d != 0.0;
    return integer(col) != 0;
}

std::optional<std::string> Row::optional_text(std::size_t col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
}

std::optional<std::int64_t> Row::optional_integer(std::size_t col) const {
    if (is_null(col)) return std::nullopt;
    return integer(col);
}

// ---- open ------------------------------------------------------------------

std::unique_ptr<Database> Database::open(const std::string& url) {
    const auto colon = url.find("://");
    const auto scheme = colon == std::string::npos ? std::string() : url.substr(0, colon);

    if (scheme == "sqlite") {
        const auto rest = url.substr(colon + 3);
        if (rest.empty() || rest == ":memory:") {
            // Readers use their own connections, which could not see a
            // private in-memory database, so a file is required.
            throw std::invalid_argument("sqlite:// URL needs a file path, e.g. sqlite://data/hearth.db");
        }
        // "sqlite:///abs.db" leaves "/abs.db"; anything else is relative to
        // the working directory.
        const auto path = std::filesystem::absolute(std::filesystem::path(rest));
        if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
        return detail::open_sqlite(path);
    }
    if (scheme == "postgresql" || scheme == "postgres") return detail::open_postgres(url);

    // Only the scheme is echoed: the rest of a URL may carry a password.
    throw std::invalid_argument("unsupported database URL scheme '" + scheme +
                                "': expected sqlite://, postgresql:// or postgres://");
}

}  // namespace hearth::db
