// How each engine answers a directory search. Both indexes carry the
// filters as "facets" next to the text (see search_index.cpp), so text and
// filters are intersected inside the index:
//
// SQLite: one FTS5 query, e.g.
//   {name specialties headline body} : ("attachment") AND facets : "t47" AND facets : "fonline"
// ranked with bm25 (column weights 10, 10, 4, 1, and 0 for the facets), run
// twice (with and without the free-consultation facet) so that no profile
// row has to be read, except when the fee matters.
//
// PostgreSQL: with words, one GIN lookup of
//   to_tsquery('english', '''attachment''') && '''#t47'' & ''#online'''::tsquery
// ranked with ts_rank (weights A 1, B 0.4, C 0.1, D 0). Without words the
// GIN facets are no help (a facet such as '#online' matches most profiles,
// and fetching the wide rows is what costs), so the filters are plain
// conditions answered by an index-only scan of specialist_profiles_directory.
#include "features/specialists/directory_search.hpp"

#include <fmt/format.h>

namespace hearth::specialists {

namespace {

// Numbered parameters for SQL assembled from optional parts.
class Params {
public:
    // One overload per type, constructing the Value in place (moving a
    // variant holding a string trips GCC 12's -Wmaybe-uninitialized).
    std::string add(std::int64_t v) {
        values_.emplace_back(std::in_place_type<std::int64_t>, v);
        return placeholder();
    }
    std::string add(std::string v) {
        values_.emplace_back(std::in_place_type<std::string>, std::move(v));
        return placeholder();
    }
    const std::vector<db::Value>& values() const noexcept { return values_; }

private:
    std::string placeholder() const { return fmt::format("${}", values_.size()); }
    std::vector<db::Value> values_;
};

// A string in FTS5 syntax: inside double quotes only '"' is special (doubled).
std::string fts5_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// Facet lexemes of the query for PostgreSQL ('#t12', '#online', ...), as
// tsquery text; "" when there are none. City is added in SQL (lower()).
std::string tsquery_facets(const DirectoryQuery& q) {
    std::vector<std::string> lexemes;
    for (const auto* term : {&q.specialty, &q.modality, &q.language}) {
        if (*term) lexemes.push_back(fmt::format("'#t{}'", (*term)->id));
    }
    if (q.format == SessionFormat::online) lexemes.emplace_back("'#online'");
    if (q.format == SessionFormat::in_person) lexemes.emplace_back("'#in_person'");
    if (q.free_consultation) lexemes.emplace_back("'#free'");
    if (!q.country.empty()) {
        std::string lower = q.country;  // validated: two letters A-Z
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        lexemes.push_back("'#c:" + lower + "'");
    }
    std::string out;
    for (const auto& l : lexemes) out += (out.empty() ? "" : " & ") + l;
    return out;
}

std::vector<Match> read_matches(const db::Result& rows) {
    std::vector<Match> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(Match{r.integer(0), r.real(1), r.flag(2), r.optional_integer(3)});
    return out;
}

std::vector<Match> sqlite_matches(db::Session& s, const DirectoryQuery& q) {
    const auto expression = fts5_match_expression(q);
    const char* relevance = q.has_text() ? "-bm25(specialist_search, 10.0, 10.0, 4.0, 1.0, 0.0)" : "0.0";
    if (q.fee_max || q.sort == DirectorySort::fee) {
        // The fee is only in the profile row: join each match to it.
        Params p;
        std::string sql = fmt::format(
            "SELECT s.rowid, {}, p.offers_free_consultation, p.fee_min "
            "FROM specialist_search s CROSS JOIN specialist_profiles p ON p.id = s.rowid "
            "WHERE specialist_search MATCH {} AND p.listed = 1",
            relevance, p.add(expression));
        if (q.fee_max) sql += " AND p.fee_min <= " + p.add(*q.fee_max);
        return read_matches(s.query(sql, p.values()));
    }
    // Otherwise no profile row is read (with 100,000 matches that is 0.4 s
    // saved): the free-consultation facet splits the matches in two, and
    // the index holds listed profiles only (search_index.cpp).
    const auto sql =
        fmt::format("SELECT rowid, {}, $2, NULL FROM specialist_search WHERE specialist_search MATCH $1", relevance);
    auto out = read_matches(s.query(sql, {"(" + expression + ") AND facets : \"ffree\"", std::int64_t{1}}));
    if (!q.free_consultation) {
        auto rest = read_matches(s.query(sql, {"(" + expression + ") NOT facets : \"ffree\"", std::int64_t{0}}));
        out.insert(out.end(), rest.begin(), rest.end());
    }
    return out;
}

std::vector<Match> postgres_text_matches(db::Session& s, const DirectoryQuery& q) {
    Params p;
    const auto words = p.add(tsquery_words(q));
    std::string tsquery = fmt::format("to_tsquery('english', {})", words);
    if (auto facets = tsquery_facets(q); !facets.empty()) tsquery += fmt::format(" && {}::tsquery", p.add(facets));
    if (!q.city.empty()) tsquery += fmt::format(" && quote_literal('#y:' || lower({}))::tsquery", p.add(q.city));
    std::string sql = fmt::format(
        "SELECT p.id, ts_rank('{{0, 0.1, 0.4, 1}}', p.search_document, to_tsquery('english', {})), "
        "p.offers_free_consultation, p.fee_min FROM specialist_profiles p "
        "WHERE p.search_document @@ ({}) AND p.listed = 1",
        words, tsquery);
    if (q.fee_max) sql += " AND p.fee_min <= " + p.add(*q.fee_max);
    return read_matches(s.query(sql, p.values()));
}

std::vector<Match> postgres_filter_matches(db::Session& s, const DirectoryQuery& q) {
    Params p;
    std::string sql =
        "SELECT p.id, 0.0, p.offers_free_consultation, p.fee_min FROM specialist_profiles p WHERE p.listed = 1";
    for (const auto* term : {&q.specialty, &q.modality, &q.language}) {
        if (*term) {
            sql += " AND EXISTS (SELECT 1 FROM profile_terms pt WHERE pt.profile_id = p.id AND pt.term_id = " +
                   p.add((*term)->id) + ")";
        }
    }
    if (q.format == SessionFormat::online) sql += " AND p.online = 1";
    if (q.format == SessionFormat::in_person) sql += " AND p.in_person = 1";
    if (q.free_consultation) sql += " AND p.offers_free_consultation = 1";
    if (!q.country.empty()) sql += " AND p.country = " + p.add(q.country);
    if (!q.city.empty()) sql += " AND lower(p.city) = lower(" + p.add(q.city) + ")";
    if (q.fee_max) sql += " AND p.fee_min <= " + p.add(*q.fee_max);
    return read_matches(s.query(sql, p.values()));
}

}  // namespace

std::string fts5_match_expression(const DirectoryQuery& q) {
    std::vector<std::string> parts;
    if (q.has_text()) {
        std::string phrases;
        for (const auto& w : q.words) phrases += (phrases.empty() ? "" : " ") + fts5_string(w);
        parts.push_back("{name specialties headline body} : (" + phrases + ")");
    }
    const auto facet = [&](const std::string& token) { parts.push_back("facets : " + fts5_string(token)); };
    for (const auto* term : {&q.specialty, &q.modality, &q.language}) {
        if (*term) facet(fmt::format("t{}", (*term)->id));
    }
    if (q.format == SessionFormat::online) facet("fonline");
    if (q.format == SessionFormat::in_person) facet("finperson");
    if (q.free_consultation) facet("ffree");
    if (!q.country.empty()) facet("c" + q.country);
    // The fences make the phrase match the whole city name, no more.
    if (!q.city.empty()) facet("ybegin " + q.city + " yend");
    if (parts.empty()) facet("flisted");
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : " AND ") + part;
    return out;
}

std::string tsquery_words(const DirectoryQuery& q) {
    // Words hold only letters and digits (search_words), so quoting them
    // makes each one a plain operand that to_tsquery normalises.
    std::string out;
    for (const auto& w : q.words) out += (out.empty() ? "'" : " & '") + w + "'";
    return out;
}

std::vector<Match> find_matches(db::Session& s, const DirectoryQuery& q) {
    if (s.engine() == db::Engine::sqlite) return sqlite_matches(s, q);
    return q.has_text() ? postgres_text_matches(s, q) : postgres_filter_matches(s, q);
}

}  // namespace hearth::specialists
