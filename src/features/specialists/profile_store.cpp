#include "features/specialists/profile_store.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "core/clock.hpp"
#include "features/common/content_version.hpp"
#include "render/markdown.hpp"

namespace hearth::specialists {

namespace {

constexpr const char* profile_columns =
    "p.id, p.user_id, p.slug, p.full_name, p.credentials, p.licence_number, p.licence_region, p.headline, p.bio, "
    "p.approach, p.online, p.in_person, p.city, p.country, p.timezone, p.fee_min, p.fee_max, p.currency, "
    "p.offers_free_consultation, p.photo_file, p.photo_type, p.publish_requested_at, p.verified_at, "
    "p.suspended_at, p.suspended_reason, p.listed, p.created_at, p.updated_at, p.bio_html, p.approach_html, "
    "p.website, p.phone, p.contact_email, p.sliding_scale, p.reduced_fees, p.next_open_at, "
    "p.accepting_new_clients, p.messages_open, p.usual_reply_seconds";

Profile profile_from_row(const db::Row& r) {
    Profile p;
    p.id = r.integer(0);
    p.user_id = r.integer(1);
    p.slug = r.text(2);
    auto& f = p.fields;
    f.full_name = r.text(3);
    f.credentials = r.text(4);
    f.licence_number = r.text(5);
    f.licence_region = r.text(6);
    f.headline = r.text(7);
    f.bio = r.text(8);
    f.approach = r.text(9);
    f.online = r.flag(10);
    f.in_person = r.flag(11);
    f.city = r.text(12);
    f.country = r.text(13);
    f.timezone = r.text(14);
    f.fee_min = r.optional_integer(15);
    f.fee_max = r.optional_integer(16);
    f.currency = r.text(17);
    f.sliding_scale = r.flag(33);
    f.reduced_fees = r.flag(34);
    f.offers_free_consultation = r.flag(18);
    p.photo_file = r.optional_text(19);
    p.photo_type = r.optional_text(20);
    p.publish_requested_at = r.optional_integer(21);
    p.verified_at = r.optional_integer(22);
    p.suspended_at = r.optional_integer(23);
    p.suspended_reason = r.text(24);
    p.listed = r.flag(25);
    p.created_at = r.integer(26);
    p.updated_at = r.integer(27);
    p.bio_html = r.text(28);
    p.approach_html = r.text(29);
    f.website = r.text(30);
    f.phone = r.text(31);
    f.contact_email = r.text(32);
    p.next_open_at = r.optional_integer(35);
    p.accepting_new_clients = r.flag(36);
    p.messages_open = r.flag(37);
    p.usual_reply_seconds = r.optional_integer(38);
    return p;
}

// Adds the term in columns first..first+3 (id, kind, slug, name) of a row.
void add_term(Profile& p, const db::Row& r, std::size_t first) {
    auto kind = vocabularies::parse_kind(r.text(first + 1)).value_or(vocabularies::Kind::specialty);
    vocabularies::Term t{r.integer(first), kind, r.text(first + 2), r.text(first + 3)};
    switch (kind) {
        case vocabularies::Kind::specialty:
            p.specialties.push_back(t);
            p.fields.specialties.push_back(t.slug);
            break;
        case vocabularies::Kind::modality:
            p.modalities.push_back(t);
            p.fields.modalities.push_back(t.slug);
            break;
        case vocabularies::Kind::language:
            p.languages.push_back(t);
            p.fields.languages.push_back(t.slug);
            break;
        case vocabularies::Kind::topic:
            break;
    }
}

void load_terms(db::Session& s, Profile& p) {
    auto rows = s.query(
        "SELECT v.id, v.kind, v.slug, v.name FROM profile_terms pt JOIN vocabulary_terms v ON v.id = pt.term_id "
        "WHERE pt.profile_id = $1 ORDER BY v.kind, v.position, v.name",
        {p.id});
    for (const auto& r : rows) add_term(p, r, 0);
}

std::optional<Profile> find_one(db::Session& s, const std::string& where, const db::Value& key) {
    auto r = s.query(std::string("SELECT ") + profile_columns + " FROM specialist_profiles p WHERE " + where, {key});
    if (r.empty()) return std::nullopt;
    auto p = profile_from_row(r.front());
    load_terms(s, p);
    return p;
}

std::string unique_slug(db::Session& s, std::string_view name) {
    auto base = slugify(name);
    if (base.empty()) base = "specialist";
    for (int n = 1;; ++n) {
        auto candidate = n == 1 ? base : fmt::format("{}-{}", base, n);
        if (s.query("SELECT 1 FROM specialist_profiles WHERE slug = $1", {candidate}).empty()) return candidate;
    }
}

db::Value optional_value(const std::optional<std::int64_t>& v) { return v ? db::Value(*v) : db::Value(nullptr); }

}  // namespace

ListingState Profile::state() const {
    if (suspended_at) return ListingState::suspended;
    if (listed) return ListingState::listed;
    if (publish_requested_at) return ListingState::awaiting_verification;
    return ListingState::draft;
}

std::string slugify(std::string_view name) {
    // Common Latin letters with diacritics, folded to ASCII (UTF-8 pairs).
    static const std::pair<std::string_view, char> folds[] = {
        {"á", 'a'}, {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"ã", 'a'}, {"å", 'a'}, {"ą", 'a'}, {"ç", 'c'}, {"ć", 'c'},
        {"č", 'c'}, {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"ę", 'e'}, {"ě", 'e'}, {"í", 'i'}, {"ì", 'i'},
        {"î", 'i'}, {"ï", 'i'}, {"ł", 'l'}, {"ñ", 'n'}, {"ń", 'n'}, {"ň", 'n'}, {"ó", 'o'}, {"ò", 'o'}, {"ô", 'o'},
        {"ö", 'o'}, {"õ", 'o'}, {"ø", 'o'}, {"ř", 'r'}, {"ś", 's'}, {"š", 's'}, {"ß", 's'}, {"ú", 'u'}, {"ù", 'u'},
        {"û", 'u'}, {"ü", 'u'}, {"ů", 'u'}, {"ý", 'y'}, {"ÿ", 'y'}, {"ź", 'z'}, {"ż", 'z'}, {"ž", 'z'}, {"Á", 'a'},
        {"É", 'e'}, {"Í", 'i'}, {"Ó", 'o'}, {"Ö", 'o'}, {"Ú", 'u'}, {"Ü", 'u'}, {"Ł", 'l'}, {"Ś", 's'}, {"Ž", 'z'}};
    std::string out;
    bool dash = false;
    for (std::size_t i = 0; i < name.size();) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        char ascii = 0;
        std::size_t len = 1;
        if (c < 0x80) {
            ascii = static_cast<char>(std::isalnum(c) ? std::tolower(c) : 0);
        } else {
            len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
            for (const auto& [from, to] : folds) {
                if (name.substr(i, from.size()) == from) {
                    ascii = to;
                    len = from.size();
                    break;
                }
            }
        }
        i += len;
        if (ascii) {
            if (dash && !out.empty()) out.push_back('-');
            out.push_back(ascii);
            dash = false;
        } else {
            dash = true;
        }
        if (out.size() >= 60) break;
    }
    return out;
}

std::optional<Profile> find_profile_of_user(db::Session& s, std::int64_t user_id) {
    return find_one(s, "p.user_id = $1", user_id);
}

std::optional<Profile> find_listed_profile(db::Session& s, std::string_view slug) {
    return find_one(s, "p.slug = $1 AND p.listed = 1", std::string(slug));
}

// profile_columns with the long texts read as '' (same columns, same order).
const std::string& columns_without_texts() {
    static const std::string columns = [] {
        std::string out;
        std::string_view all = profile_columns;
        for (std::size_t at = 0; at <= all.size();) {
            const auto end = std::min(all.find(", ", at), all.size());
            const auto column = all.substr(at, end - at);
            const bool long_text = column == "p.bio" || column == "p.approach" || column == "p.bio_html" ||
                                   column == "p.approach_html";
            out += (out.empty() ? "" : ", ") + std::string(long_text ? "''" : column);
            at = end + 2;
        }
        return out;
    }();
    return columns;
}

std::vector<Profile> find_listed_profiles(db::Session& s, const std::vector<std::int64_t>& ids, ProfileDetail detail) {
    if (ids.empty()) return {};
    // The id list is padded (repeating the last id) to a multiple of 8, so a
    // few SQL texts serve every page size and stay in the statement cache.
    std::vector<db::Value> params(ids.begin(), ids.end());
    while (params.size() % 8 != 0) params.emplace_back(std::in_place_type<std::int64_t>, ids.back());
    std::string in;
    for (std::size_t i = 1; i <= params.size(); ++i) in += fmt::format("{}${}", i > 1 ? ", " : "", i);

    // By primary key only, `listed` checked here: a `listed = 1` condition
    // could lead a planner without statistics to scan the listed index.
    std::vector<Profile> found;
    const bool card = detail == ProfileDetail::card;
    const std::string columns = card ? columns_without_texts() : profile_columns;
    for (const auto& r :
         s.query("SELECT " + columns + " FROM specialist_profiles p WHERE p.id IN (" + in + ")", params)) {
        auto p = profile_from_row(r);
        if (p.listed) found.push_back(std::move(p));
    }
    std::unordered_map<std::int64_t, Profile*> by_id;
    for (auto& p : found) by_id[p.id] = &p;
    for (const auto& r : s.query("SELECT pt.profile_id, v.id, v.kind, v.slug, v.name FROM profile_terms pt "
                                 "JOIN vocabulary_terms v ON v.id = pt.term_id WHERE pt.profile_id IN (" + in +
                                     ") ORDER BY pt.profile_id, v.kind, v.position, v.name",
                                 params)) {
        if (card && r.text(2) == "modality") continue;
        if (auto it = by_id.find(r.integer(0)); it != by_id.end()) add_term(*it->second, r, 1);
    }

    std::vector<Profile> out;
    out.reserve(found.size());
    for (auto id : ids) {
        if (auto it = by_id.find(id); it != by_id.end()) out.push_back(*it->second);
    }
    return out;
}

std::optional<Profile> find_profile_by_slug(db::Session& s, std::string_view slug) {
    return find_one(s, "p.slug = $1", std::string(slug));
}

std::int64_t upsert_profile(db::Session& s, std::int64_t user_id, const ProfileFields& f,
                            const std::vector<vocabularies::Term>& terms, bool reset_verification) {
    const auto now = now_seconds();
    auto existing = s.query("SELECT id FROM specialist_profiles WHERE user_id = $1", {user_id});
    std::vector<db::Value> values{f.full_name,
                                  f.credentials,
                                  f.licence_number,
                                  f.licence_region,
                                  f.headline,
                                  f.bio,
                                  f.approach,
                                  std::int64_t{f.online},
                                  std::int64_t{f.in_person},
                                  f.city,
                                  f.country,
                                  f.timezone,
                                  optional_value(f.fee_min),
                                  optional_value(f.fee_max),
                                  f.currency,
                                  std::int64_t{f.offers_free_consultation},
                                  now,
                                  render::markdown_to_html(f.bio),
                                  render::markdown_to_html(f.approach)};
    std::int64_t id = 0;
    if (existing.empty()) {
        values.emplace_back(std::in_place_type<std::int64_t>, user_id);
        values.emplace_back(std::in_place_type<std::string>, unique_slug(s, f.full_name));
        id = s.query(
                  "INSERT INTO specialist_profiles (full_name, credentials, licence_number, licence_region, headline, "
                  "bio, approach, online, in_person, city, country, timezone, fee_min, fee_max, currency, "
                  "offers_free_consultation, created_at, updated_at, bio_html, approach_html, user_id, slug) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18, $19, "
                  "$20, $21) "
                  "RETURNING id",
                  values)
                 .front()
                 .integer(0);
    } else {
        id = existing.front().integer(0);
        values.emplace_back(std::in_place_type<std::int64_t>, id);
        values.emplace_back(std::in_place_type<std::int64_t>, reset_verification);
        s.query(
            "UPDATE specialist_profiles SET full_name = $1, credentials = $2, licence_number = $3, "
            "licence_region = $4, headline = $5, bio = $6, approach = $7, online = $8, in_person = $9, city = $10, "
            "country = $11, timezone = $12, fee_min = $13, fee_max = $14, currency = $15, "
            "offers_free_consultation = $16, updated_at = $17, bio_html = $18, approach_html = $19, "
            "verified_at = CASE WHEN $21 = 1 THEN NULL ELSE verified_at END, "
            "verified_by = CASE WHEN $21 = 1 THEN NULL ELSE verified_by END "
            "WHERE id = $20",
            values);
        s.query("DELETE FROM profile_terms WHERE profile_id = $1", {id});
    }
    s.query("UPDATE specialist_profiles SET website = $1, phone = $2, contact_email = $3, sliding_scale = $4, "
            "reduced_fees = $5 WHERE id = $6",
            {f.website, f.phone, f.contact_email, std::int64_t{f.sliding_scale}, std::int64_t{f.reduced_fees}, id});
    for (const auto& t : terms) {
        s.query("INSERT INTO profile_terms (profile_id, term_id) VALUES ($1, $2)", {id, t.id});
    }
    refresh_listing(s, id);
    return id;
}

void set_settings(db::Session& s, std::int64_t profile_id, bool accepting_new_clients, bool messages_open) {
    s.query("UPDATE specialist_profiles SET accepting_new_clients = $1, messages_open = $2 WHERE id = $3",
            {std::int64_t{accepting_new_clients}, std::int64_t{messages_open}, profile_id});
    content_version::raise(s);  // shown on the public page and in its JSON
}

void set_photo(db::Session& s, std::int64_t profile_id, std::string_view file, std::string_view content_type) {
    s.query("UPDATE specialist_profiles SET photo_file = $1, photo_type = $2, updated_at = $3 WHERE id = $4",
            {std::string(file), std::string(content_type), now_seconds(), profile_id});
    content_version::raise(s);  // the photo shows on cards and the public page
}

void set_publish_requested(db::Session& s, std::int64_t profile_id) {
    s.query(
        "UPDATE specialist_profiles SET publish_requested_at = COALESCE(publish_requested_at, $1) WHERE id = $2",
        {now_seconds(), profile_id});
    refresh_listing(s, profile_id);
}

void set_verified(db::Session& s, std::int64_t profile_id, std::int64_t admin_id) {
    s.query("UPDATE specialist_profiles SET verified_at = $1, verified_by = $2 WHERE id = $3",
            {now_seconds(), admin_id, profile_id});
    refresh_listing(s, profile_id);
}

void set_suspended(db::Session& s, std::int64_t profile_id, std::string_view reason) {
    s.query("UPDATE specialist_profiles SET suspended_at = $1, suspended_reason = $2 WHERE id = $3",
            {now_seconds(), std::string(reason), profile_id});
    refresh_listing(s, profile_id);
}

void clear_suspension(db::Session& s, std::int64_t profile_id) {
    s.query("UPDATE specialist_profiles SET suspended_at = NULL, suspended_reason = NULL WHERE id = $1",
            {profile_id});
    refresh_listing(s, profile_id);
}

std::vector<Profile> pending_profiles(db::Session& s) {
    std::vector<Profile> out;
    auto rows = s.query(std::string("SELECT ") + profile_columns +
                        " FROM specialist_profiles p WHERE p.publish_requested_at IS NOT NULL "
                        "AND p.verified_at IS NULL AND p.suspended_at IS NULL ORDER BY p.publish_requested_at");
    for (const auto& r : rows) {
        out.push_back(profile_from_row(r));
        load_terms(s, out.back());
    }
    return out;
}

namespace {

// The SQL condition of each listing state (the same rules as Profile::state).
const char* state_condition(ListingState state) {
    switch (state) {
        case ListingState::draft: return "p.publish_requested_at IS NULL AND p.suspended_at IS NULL";
        case ListingState::awaiting_verification:
            return "p.publish_requested_at IS NOT NULL AND p.verified_at IS NULL AND p.suspended_at IS NULL";
        case ListingState::listed: return "p.listed = 1";
        case ListingState::suspended: return "p.suspended_at IS NOT NULL";
    }
    return "1 = 0";
}

// One page of the profiles matching `where`, in `order`. The page is chosen
// on ids alone (the sort never carries whole rows, and skipped rows are never
// read, even tens of thousands deep); then only its rows are loaded.
std::vector<Profile> load_page(db::Session& s, const std::string& where, const std::string& order,
                               std::int64_t limit, std::int64_t offset) {
    std::vector<Profile> out;
    const auto sql = std::string("SELECT ") + profile_columns +
                     " FROM specialist_profiles p WHERE p.id IN (SELECT p.id FROM specialist_profiles p WHERE " +
                     where + " ORDER BY " + order + " LIMIT $1 OFFSET $2) ORDER BY " + order;
    for (const auto& r : s.query(sql, {limit, offset})) {
        out.push_back(profile_from_row(r));
        load_terms(s, out.back());
    }
    return out;
}

// Bookable ones only (Profile::bookable): an open slot in the coming 14 days.
constexpr const char* free_consultation_condition =
    "p.listed = 1 AND p.offers_free_consultation = 1 AND p.next_open_at IS NOT NULL";

}  // namespace

std::vector<Profile> profiles_in_state(db::Session& s, ListingState state, std::int64_t limit, std::int64_t offset) {
    const char* order = state == ListingState::awaiting_verification ? "p.publish_requested_at, p.id"
                                                                     : "p.updated_at DESC, p.id DESC";
    return load_page(s, state_condition(state), order, limit, offset);
}

std::int64_t count_profiles_in_state(db::Session& s, ListingState state) {
    return s.query(std::string("SELECT COUNT(*) FROM specialist_profiles p WHERE ") + state_condition(state))
        .front()
        .integer(0);
}

std::int64_t count_free_consultation_profiles(db::Session& s) {
    return s.query(std::string("SELECT COUNT(*) FROM specialist_profiles p WHERE ") + free_consultation_condition)
        .front()
        .integer(0);
}

std::vector<Profile> free_consultation_profiles(db::Session& s, std::int64_t limit, std::int64_t offset) {
    return load_page(s, free_consultation_condition, "p.id", limit, offset);  // index specialist_profiles_free
}

}  // namespace hearth::specialists
