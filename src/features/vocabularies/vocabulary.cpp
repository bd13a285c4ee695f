#include "features/vocabularies/vocabulary.hpp"

#include <algorithm>

#include "features/common/content_version.hpp"

namespace hearth::vocabularies {

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::specialty: return "specialty";
        case Kind::modality: return "modality";
        case Kind::topic: return "topic";
        case Kind::language: return "language";
    }
    return "specialty";
}

std::optional<Kind> parse_kind(std::string_view s) {
    for (Kind k : {Kind::specialty, Kind::modality, Kind::topic, Kind::language}) {
        if (kind_name(k) == s) return k;
    }
    return std::nullopt;
}

std::vector<Term> list_terms(db::Session& s, Kind kind) {
    std::vector<Term> out;
    for (const auto& r : s.query("SELECT id, slug, name FROM vocabulary_terms WHERE kind = $1 ORDER BY position, name",
                                 {std::string(kind_name(kind))})) {
        out.push_back(Term{r.integer(0), kind, r.text(1), r.text(2)});
    }
    return out;
}

std::vector<Term> resolve_slugs(db::Session& s, Kind kind, const std::vector<std::string>& slugs,
                                std::vector<std::string>& unknown) {
    auto all = list_terms(s, kind);
    std::vector<Term> out;
    for (const auto& term : all) {
        if (std::find(slugs.begin(), slugs.end(), term.slug) != slugs.end()) out.push_back(term);
    }
    for (const auto& slug : slugs) {
        bool known = std::any_of(all.begin(), all.end(), [&](const Term& t) { return t.slug == slug; });
        if (!known && std::find(unknown.begin(), unknown.end(), slug) == unknown.end()) unknown.push_back(slug);
    }
    return out;
}

std::optional<Term> find_term(db::Session& s, Kind kind, std::string_view slug) {
    auto r = s.query("SELECT id, slug, name FROM vocabulary_terms WHERE kind = $1 AND slug = $2",
                     {std::string(kind_name(kind)), std::string(slug)});
    if (r.empty()) return std::nullopt;
    return Term{r.front().integer(0), kind, r.front().text(1), r.front().text(2)};
}

std::int64_t add_term(db::Session& s, Kind kind, std::string_view slug, std::string_view name) {
    auto r = s.query(
        "INSERT INTO vocabulary_terms (kind, slug, name, position) "
        "VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM vocabulary_terms WHERE kind = $1)) "
        "RETURNING id",
        {std::string(kind_name(kind)), std::string(slug), std::string(name)});
    content_version::raise(s);
    return r.front().integer(0);
}

bool rename_term(db::Session& s, Kind kind, std::string_view slug, std::string_view name) {
    auto r = s.query("UPDATE vocabulary_terms SET name = $1 WHERE kind = $2 AND slug = $3",
                     {std::string(name), std::string(kind_name(kind)), std::string(slug)});
    content_version::raise(s);
    return r.affected() > 0;
}

}  // namespace hearth::vocabularies
