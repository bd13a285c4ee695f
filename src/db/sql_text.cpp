#include "db/sql_text.hpp"

#include <cctype>

namespace hearth::db::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// If a comment starts at sql[i], returns the index just past it; else i.
// An unterminated comment runs to the end of the text.
std::size_t skip_comment(std::string_view sql, std::size_t i) {
    if (sql.substr(i, 2) == "--") {
        const auto end = sql.find('\n', i + 2);
        return end == std::string_view::npos ? sql.size() : end + 1;
    }
    if (sql.substr(i, 2) == "/*") {
        const auto end = sql.find("*/", i + 2);
        return end == std::string_view::npos ? sql.size() : end + 2;
    }
    return i;
}

// Index just past whitespace, semicolons and comments starting at i.
std::size_t skip_blank(std::string_view sql, std::size_t i) {
    while (i < sql.size()) {
        if (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == ';') {
            ++i;
            continue;
        }
        const auto after = skip_comment(sql, i);
        if (after == i) break;
        i = after;
    }
    return i;
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '\'' || c == '"' || c == '`') {
            // A doubled quote inside ('it''s') simply closes and reopens the
            // quoted run, so copying up to the next quote is enough.
            const auto end = sql.find(c, i + 1);
            const auto stop = end == std::string_view::npos ? sql.size() : end + 1;
            out.append(sql.substr(i, stop - i));
            i = stop;
        } else if (const auto after = skip_comment(sql, i); after != i) {
            out.append(sql.substr(i, after - i));
            i = after;
        } else if (c == '$' && i + 1 < sql.size() && is_digit(sql[i + 1])) {
            out.push_back('?');
            ++i;
        } else {
            out.push_back(c);
            ++i;
        }
    }
    return out;
}

std::string leading_keyword(std::string_view sql) {
    std::string word;
    for (auto i = skip_blank(sql, 0); i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i) {
        word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i]))));
    }
    return word;
}

bool is_blank_sql(std::string_view sql) { return skip_blank(sql, 0) == sql.size(); }

std::string sql_excerpt(std::string_view sql) {
    constexpr std::size_t kMax = 300;
    if (sql.size() <= kMax) return " [" + std::string(sql) + "]";
    return " [" + std::string(sql.substr(0, kMax)) + "...]";
}

}  // namespace hearth::db::detail
