#pragma once
// The curated lists (specialties, modalities, topics, languages) that
// profiles, articles and questions refer to by stable slug.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace hearth::vocabularies {

enum class Kind { specialty, modality, topic, language };
std::string_view kind_name(Kind k);
std::optional<Kind> parse_kind(std::string_view s);

struct Term {
    std::int64_t id = 0;
    Kind kind = Kind::specialty;
    std::string slug;
    std::string name;
};

std::vector<Term> list_terms(db::Session& s, Kind kind);
// Terms of `kind` for these slugs, in the vocabulary's order. Slugs not in
// the vocabulary are returned in `unknown`.
std::vector<Term> resolve_slugs(db::Session& s, Kind kind, const std::vector<std::string>& slugs,
                                std::vector<std::string>& unknown);
std::optional<Term> find_term(db::Session& s, Kind kind, std::string_view slug);
// Admins: add a term or rename one (the slug stays: it is what links point to).
std::int64_t add_term(db::Session& s, Kind kind, std::string_view slug, std::string_view name);
bool rename_term(db::Session& s, Kind kind, std::string_view slug, std::string_view name);

}  // namespace hearth::vocabularies
