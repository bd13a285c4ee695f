#include "features/specialists/profiles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>

#include "core/error.hpp"
#include "features/common/audit.hpp"
#include "features/common/policy.hpp"
#include "features/consultations/slots.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/profile_store.hpp"
#include "security/tokens.hpp"

namespace hearth::specialists {

namespace {

constexpr std::size_t max_bio_chars = 6000;
constexpr std::size_t max_approach_chars = 4000;
constexpr std::int64_t max_fee = 100000;
constexpr std::size_t max_terms = 10;
// Public profiles kept in memory: the most visited, a few MB.
constexpr std::size_t max_kept_profiles = 2000;

// The same list the directory filters by, so every saved country can be found.
bool valid_country(std::string_view code) { return !country_name(code).empty(); }

std::string_view extension_for(std::string_view type) {
    if (type == "image/jpeg") return "jpg";
    if (type == "image/png") return "png";
    return "webp";
}

}  // namespace

std::string_view sniff_image_type(std::string_view b) {
    if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
        static_cast<unsigned char>(b[2]) == 0xFF) {
        return "image/jpeg";
    }
    if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
    if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "image/webp";
    return "";
}

ProfileFields read_profile_fields(http::Input& in) {
    ProfileFields f;
    f.full_name = in.required_text("full_name", "Full name", 120);
    f.credentials = in.optional_text("credentials", "Credentials", 200);
    f.licence_number = in.optional_text("licence_number", "Licence number", 60);
    f.licence_region = in.optional_text("licence_region", "Licence region", 120);
    f.headline = in.optional_text("headline", "Headline", 160);
    f.bio = in.optional_text("bio", "About you", max_bio_chars);
    f.approach = in.optional_text("approach", "Your approach", max_approach_chars);
    f.specialties = in.list("specialties");
    f.modalities = in.list("modalities");
    f.languages = in.list("languages");
    for (auto [name, list] : {std::pair{"specialties", &f.specialties}, std::pair{"modalities", &f.modalities},
                              std::pair{"languages", &f.languages}}) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
        if (list->size() > max_terms) in.fail(name, fmt::format("Choose at most {}.", max_terms));
    }
    f.online = in.flag("online");
    f.in_person = in.flag("in_person");
    f.city = in.optional_text("city", "City", 100);
    f.country = in.text("country");
    std::transform(f.country.begin(), f.country.end(), f.country.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!f.country.empty() && !valid_country(f.country)) {
        in.fail("country", "Use the two-letter country code, for example DE, GB or US.");
    }
    if (f.in_person && (f.city.empty() || f.country.empty())) {
        in.fail(f.city.empty() ? "city" : "country", "For in-person sessions, please give your city and country.");
    }
    f.timezone = in.text("timezone");
    if (f.timezone.empty()) f.timezone = "UTC";
    if (!consultations::valid_timezone(f.timezone)) {
        in.fail("timezone", "Choose a time zone such as Europe/Berlin or America/New_York.");
    }
    f.fee_min = in.integer("fee_min");
    f.fee_max = in.integer("fee_max");
    for (auto [name, v] : {std::pair{"fee_min", f.fee_min}, std::pair{"fee_max", f.fee_max}}) {
        if (v && (*v < 0 || *v > max_fee)) in.fail(name, fmt::format("Fees must be between 0 and {}.", max_fee));
    }
    if (f.fee_min && f.fee_max && *f.fee_min > *f.fee_max) {
        in.fail("fee_max", "The highest fee must not be lower than the lowest fee.");
    }
    f.currency = in.text("currency");
    if (f.currency.empty()) f.currency = "EUR";
    if (std::find(currencies.begin(), currencies.end(), f.currency) == currencies.end()) {
        in.fail("currency", "Choose a currency from the list.");
    }
    f.offers_free_consultation = in.flag("offers_free_consultation");
    return f;
}

std::optional<Profile> Profiles::mine(const Principal& who) {
    policy::require(who, policy::Action::edit_profile);
    return db_.read([&](db::Session& s) { return find_profile_of_user(s, who.user_id); });
}

Profile Profiles::save(const Principal& who, http::Input& input, const http::Request& req) {
    policy::require(who, policy::Action::edit_profile);
    auto fields = read_profile_fields(input);
    return db_.write([&](db::Session& s) {
        std::vector<std::string> unknown;
        std::vector<vocabularies::Term> terms;
        for (auto [kind, name, slugs] :
             {std::tuple{vocabularies::Kind::specialty, "specialties", &fields.specialties},
              std::tuple{vocabularies::Kind::modality, "modalities", &fields.modalities},
              std::tuple{vocabularies::Kind::language, "languages", &fields.languages}}) {
            unknown.clear();
            auto found = vocabularies::resolve_slugs(s, kind, *slugs, unknown);
            if (!unknown.empty()) input.fail(name, "Not in the list: " + unknown.front() + ".");
            terms.insert(terms.end(), found.begin(), found.end());
        }
        input.check();
        auto before = find_profile_of_user(s, who.user_id);
        const bool licence_changed = before && before->verified_at &&
                                     (before->fields.licence_number != fields.licence_number ||
                                      before->fields.licence_region != fields.licence_region);
        auto id = upsert_profile(s, who.user_id, fields, terms, licence_changed);
        audit::record(s, who.user_id, before ? "profile.update" : "profile.create", "specialist_profile",
                      std::to_string(id), licence_changed ? "licence changed: verification reset" : "",
                      req.remote_address());
        return *find_profile_of_user(s, who.user_id);
    });
}

void Profiles::save_photo(const Principal& who, std::string_view bytes, const http::Request& req) {
    policy::require(who, policy::Action::edit_profile);
    if (bytes.size() > max_photo_bytes) throw Error::too_large("Please choose a photo smaller than 2 MB.");
    auto type = sniff_image_type(bytes);
    if (type.empty()) throw Error::invalid("photo", "Please choose a JPEG, PNG or WebP image.");
    auto profile = mine(who);
    if (!profile) throw Error::invalid("photo", "Please save your profile before adding a photo.", "no_profile");
    std::filesystem::create_directories(photo_dir_);
    const auto name = fmt::format("{}-{}.{}", profile->id, security::random_token(12), extension_for(type));
    const auto path = photo_dir_ / name;
    {
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
    }
    db_.write([&](db::Session& s) {
        set_photo(s, profile->id, name, type);
        audit::record(s, who.user_id, "profile.photo", "specialist_profile", std::to_string(profile->id), "",
                      req.remote_address());
    });
    if (profile->photo_file) std::filesystem::remove(photo_dir_ / *profile->photo_file);
}

std::vector<FieldError> missing_for_listing(const Profile& p) {
    std::vector<FieldError> missing;
    if (p.fields.licence_number.empty()) missing.push_back({"licence_number", "Add your licence number so we can verify it."});
    if (p.fields.licence_region.empty()) missing.push_back({"licence_region", "Add the region or body that issued your licence."});
    if (p.fields.headline.empty()) missing.push_back({"headline", "Add a short headline."});
    if (p.fields.bio.empty()) missing.push_back({"bio", "Tell people a little about yourself."});
    if (p.specialties.empty()) missing.push_back({"specialties", "Choose at least one specialty."});
    if (p.languages.empty()) missing.push_back({"languages", "Choose at least one language."});
    if (!p.fields.online && !p.fields.in_person) missing.push_back({"online", "Say whether you work online, in person, or both."});
    return missing;
}

Profile Profiles::request_publish(const Principal& who, const http::Request& req) {
    policy::require(who, policy::Action::edit_profile);
    return db_.write([&](db::Session& s) {
        auto p = find_profile_of_user(s, who.user_id);
        if (!p) throw Error::invalid("profile", "Please fill in your profile first.", "no_profile");
        if (auto missing = missing_for_listing(*p); !missing.empty()) throw Error::invalid_fields(std::move(missing));
        set_publish_requested(s, p->id);
        audit::record(s, who.user_id, "profile.publish_requested", "specialist_profile", std::to_string(p->id), "",
                      req.remote_address());
        return *find_profile_of_user(s, who.user_id);
    });
}

Profile Profiles::load_admin_target(db::Session& s, std::string_view slug) {
    auto p = find_profile_by_slug(s, slug);
    if (!p) throw Error::not_found("There is no specialist profile with that address.");
    return *p;
}

Profile Profiles::verify(const Principal& admin, std::string_view slug, const http::Request& req) {
    policy::require(admin, policy::Action::verify_specialist);
    return db_.write([&](db::Session& s) {
        auto p = load_admin_target(s, slug);
        if (!p.publish_requested_at) {
            throw Error::conflict("not_requested", "This specialist has not asked to be listed yet.");
        }
        set_verified(s, p.id, admin.user_id);
        audit::record(s, admin.user_id, "specialist.verify", "specialist_profile", p.slug,
                      p.fields.licence_number + " / " + p.fields.licence_region, req.remote_address());
        return load_admin_target(s, slug);
    });
}

Profile Profiles::suspend(const Principal& admin, std::string_view slug, std::string_view reason,
                          const http::Request& req) {
    policy::require(admin, policy::Action::verify_specialist);
    return db_.write([&](db::Session& s) {
        auto p = load_admin_target(s, slug);
        set_suspended(s, p.id, reason);
        audit::record(s, admin.user_id, "specialist.suspend", "specialist_profile", p.slug, std::string(reason),
                      req.remote_address());
        return load_admin_target(s, slug);
    });
}

Profile Profiles::reinstate(const Principal& admin, std::string_view slug, const http::Request& req) {
    policy::require(admin, policy::Action::verify_specialist);
    return db_.write([&](db::Session& s) {
        auto p = load_admin_target(s, slug);
        clear_suspension(s, p.id);
        audit::record(s, admin.user_id, "specialist.reinstate", "specialist_profile", p.slug, "",
                      req.remote_address());
        return load_admin_target(s, slug);
    });
}

std::vector<Profile> Profiles::pending(const Principal& admin) {
    policy::require(admin, policy::Action::verify_specialist);
    return db_.read([](db::Session& s) { return pending_profiles(s); });
}

Profile Profiles::for_admin(const Principal& admin, std::string_view slug) {
    policy::require(admin, policy::Action::verify_specialist);
    return db_.read([&](db::Session& s) { return load_admin_target(s, slug); });
}

Profiles::List Profiles::in_state(const Principal& admin, ListingState state, const paging::Page& page) {
    policy::require(admin, policy::Action::verify_specialist);
    return db_.read([&](db::Session& s) {
        return List{profiles_in_state(s, state, page.per_page, page.offset()), count_profiles_in_state(s, state)};
    });
}

Profile Profiles::public_profile(std::string_view slug, const Principal& viewer) {
    if (cache_enabled_ && !viewer.signed_in()) {
        if (const auto pushed = watch_.pushed()) {
            if (auto kept = kept_profile(slug, *pushed)) return *kept;
        }
    }
    auto found = db_.read([&](db::Session& s) -> std::shared_ptr<const Profile> {
        std::int64_t version = 0;
        if (cache_enabled_) {
            version = content_version::read(s);
            if (auto kept = kept_profile(slug, version)) return kept;
        }
        auto p = find_listed_profile(s, slug);
        if (!p) return nullptr;
        auto shared = std::make_shared<const Profile>(std::move(*p));
        if (cache_enabled_) keep_profile(version, shared);
        return shared;
    });
    if (!found) throw Error::not_found("We could not find that specialist.");
    return *found;
}

std::shared_ptr<const Profile> Profiles::kept_profile(std::string_view slug, std::int64_t version) {
    std::lock_guard lock(mutex_);
    const auto it = kept_.find(std::string(slug));
    if (it == kept_.end() || it->second.version != version) return nullptr;
    return it->second.profile;
}

void Profiles::keep_profile(std::int64_t version, std::shared_ptr<const Profile> profile) {
    std::lock_guard lock(mutex_);
    if (kept_.size() >= max_kept_profiles) {
        // Forget what an older version read; when all is current, start over.
        std::erase_if(kept_, [&](const auto& entry) { return entry.second.version < version; });
        if (kept_.size() >= max_kept_profiles) kept_.clear();
    }
    auto& entry = kept_[profile->slug];
    if (entry.profile && entry.version > version) return;  // a slower request read an older version
    entry = KeptProfile{version, std::move(profile)};
}

std::optional<Photo> Profiles::photo(std::string_view slug, const Principal& who) {
    auto p = db_.read([&](db::Session& s) { return find_profile_by_slug(s, slug); });
    if (!p || !p->photo_file) return std::nullopt;
    const bool owner = who.signed_in() && who.user_id == p->user_id;
    const bool admin = policy::may(who, policy::Action::verify_specialist);
    if (!p->listed && !owner && !admin) return std::nullopt;
    std::ifstream in(photo_dir_ / *p->photo_file, std::ios::binary);
    if (!in) return std::nullopt;
    Photo out;
    out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    out.content_type = p->photo_type.value_or("image/jpeg");
    return out;
}

}  // namespace hearth::specialists
