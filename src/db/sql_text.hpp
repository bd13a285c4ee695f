#pragma once
// Small lexical helpers over SQL text shared by the engines. They know just
// enough SQL to skip string literals, quoted identifiers and comments.
#include <string>
#include <string_view>

namespace hearth::db::detail {

// Rewrites the portable $1..$N placeholders to SQLite's ?1..?N, leaving
// '...' literals, "..."/`...` identifiers and comments untouched. Numbered
// (not bare ?) so that the same $1 may appear more than once.
std::string rewrite_placeholders(std::string_view sql);

// The first keyword of a statement, upper-cased ("INSERT", "WITH", ...),
// after leading whitespace and comments; empty if there is none.
std::string leading_keyword(std::string_view sql);

// True if sql holds nothing but whitespace, semicolons and comments.
bool is_blank_sql(std::string_view sql);

// The statement as quoted in error messages: " [sql]", cut short so that a
// failing migration script does not fill the log.
std::string sql_excerpt(std::string_view sql);

}  // namespace hearth::db::detail
