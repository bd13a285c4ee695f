#include "features/specialists/profiles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/phone_number.hpp"
#include "core/field_checks.hpp"
#include "features/common/audit.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/consultations/slots.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/profile_contact.hpp"
#include "features/specialists/profile_store.hpp"
#include "security/tokens.hpp"

namespace hearth::specialists {

namespace {

// Listed profiles kept in memory: the most visited, a few MB.
constexpr std::size_t max_kept_profiles = 2000;

using Code = ProfileRefusal::Code;

ProfileRefusal refusal(Code code, std::string field, std::string message) {
    return ProfileRefusal{code, {FieldError{std::move(field), std::move(message)}}};
}

// Who a profile belongs to, and whether everyone may see it: what the policy asks.
policy::Record record_of(const Profile& p) { return policy::Record{p.user_id, 0, p.listed}; }

void sort_unique(std::vector<std::string>& list) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// Every rule a draft must meet that needs no database; the vocabulary
// slugs are looked up by save. Returns the fields as they will be stored.
ProfileFields checked_fields(ProfileDraft d, FieldChecks& check) {
    // Names, credentials, the headline and the city are one line each: they
    // stand in cards, lists and the verification queue beside others' text.
    check.line("full_name", "Full name", d.full_name, limits::full_name, true);
    check.line("credentials", "Credentials", d.credentials, limits::credentials);
    check.line("licence_number", "Licence number", d.licence_number, limits::licence_number);
    check.line("licence_region", "Licence region", d.licence_region, limits::licence_region);
    check.line("headline", "Headline", d.headline, limits::headline);
    check.text("bio", "About you", d.bio, limits::bio);
    check.text("approach", "Your approach", d.approach, limits::approach);
    check.line("city", "City", d.city, limits::city);
    check.text("country", "Country", d.country, 64);  // the list check below says what is wanted
    check.text("timezone", "Time zone", d.timezone, 64);
    check.text("currency", "Currency", d.currency, 64);
    check.line("website", "Website", d.website, limits::website);
    check.line("phone", "Phone", d.phone, limits::phone);
    check.line("contact_email", "Contact e-mail", d.contact_email, limits::contact_email);
    if (!d.website.empty() && !check.failed("website") && !is_web_address(d.website)) {
        check.fail("website", "Give the full address of your website, starting with https://, for example "
                              "https://www.example.org.");
    }
    if (!d.phone.empty() && !check.failed("phone") && !is_phone_number(d.phone)) {
        check.fail("phone", "Give a phone number using digits, spaces, +, - and brackets, for example "
                            "+44 20 7946 0018.");
    }
    if (!d.contact_email.empty() && !check.failed("contact_email") && !is_public_email(d.contact_email)) {
        check.fail("contact_email", "Give an e-mail address like name@example.org.");
    }
    for (auto [name, list] : {std::pair{"specialties", &d.specialties}, std::pair{"modalities", &d.modalities},
                              std::pair{"languages", &d.languages}}) {
        for (auto& slug : *list) check.text(name, name, slug, 64);
        std::erase(*list, std::string());
        sort_unique(*list);
        if (list->size() > limits::terms_per_kind) {
            check.fail(name, fmt::format("Choose at most {}.", limits::terms_per_kind));
        }
    }

    ProfileFields f;
    f.country = upper(d.country);
    // The same list the directory filters by, so every saved country can be found.
    if (!f.country.empty() && country_name(f.country).empty()) {
        check.fail("country", "Use the two-letter country code, for example DE, GB or US.");
    }
    if (d.in_person && (d.city.empty() || f.country.empty())) {
        check.fail(d.city.empty() ? "city" : "country", "For in-person sessions, please give your city and country.");
    }
    f.timezone = d.timezone.empty() ? "UTC" : d.timezone;
    if (!check.failed("timezone") && !consultations::valid_timezone(f.timezone)) {
        check.fail("timezone", "Choose a time zone such as Europe/Berlin or America/New_York.");
    }
    for (auto [name, fee] : {std::pair{"fee_min", d.fee_min}, std::pair{"fee_max", d.fee_max}}) {
        if (fee && (*fee < 0 || *fee > limits::fee)) {
            check.fail(name, fmt::format("Fees must be between 0 and {}.", limits::fee));
        }
    }
    if (d.fee_min && d.fee_max && *d.fee_min > *d.fee_max) {
        check.fail("fee_max", "The highest fee must not be lower than the lowest fee.");
    }
    f.currency = d.currency.empty() ? "EUR" : d.currency;
    if (std::find(currencies.begin(), currencies.end(), f.currency) == currencies.end()) {
        check.fail("currency", "Choose a currency from the list.");
    }

    f.full_name = std::move(d.full_name);
    f.credentials = std::move(d.credentials);
    f.licence_number = std::move(d.licence_number);
    f.licence_region = std::move(d.licence_region);
    f.headline = std::move(d.headline);
    f.bio = std::move(d.bio);
    f.approach = std::move(d.approach);
    f.specialties = std::move(d.specialties);
    f.modalities = std::move(d.modalities);
    f.languages = std::move(d.languages);
    f.online = d.online;
    f.in_person = d.in_person;
    f.city = std::move(d.city);
    f.fee_min = d.fee_min;
    f.fee_max = d.fee_max;
    f.sliding_scale = d.sliding_scale;
    f.reduced_fees = d.reduced_fees;
    f.offers_free_consultation = d.offers_free_consultation;
    f.website = std::move(d.website);
    f.phone = std::move(d.phone);
    f.contact_email = std::move(d.contact_email);
    return f;
}

// The terms of every slug in `fields`, recording slugs not in the vocabularies.
std::vector<vocabularies::Term> resolve_terms(db::Session& s, const ProfileFields& fields, FieldChecks& check) {
    std::vector<vocabularies::Term> terms;
    std::vector<std::string> unknown;
    for (auto [kind, name, slugs] : {std::tuple{vocabularies::Kind::specialty, "specialties", &fields.specialties},
                                     std::tuple{vocabularies::Kind::modality, "modalities", &fields.modalities},
                                     std::tuple{vocabularies::Kind::language, "languages", &fields.languages}}) {
        unknown.clear();
        auto found = vocabularies::resolve_slugs(s, kind, *slugs, unknown);
        if (!unknown.empty()) check.fail(name, "Not in the list: " + unknown.front() + ".");
        terms.insert(terms.end(), found.begin(), found.end());
    }
    return terms;
}

Profile load_by_slug(db::Session& s, std::string_view slug) {
    auto p = find_profile_by_slug(s, slug);
    if (!p) throw Error::not_found("There is no specialist profile with that address.");
    return std::move(*p);
}

}  // namespace

std::string_view ProfileRefusal::code_name() const {
    switch (code) {
        case Code::invalid: return "invalid";
        case Code::incomplete: return "incomplete";
        case Code::no_profile: return "no_profile";
        case Code::photo_too_large: return "photo_too_large";
        case Code::not_requested: return "not_requested";
    }
    return "invalid";
}

ProfileDraft draft_of(const ProfileFields& f) { return ProfileDraft{f, std::nullopt, std::nullopt}; }

Profiles::Profiles(db::Database& db, std::filesystem::path photo_dir, bool cache, const content_version::Watch& watch,
                   const render::Templates* templates, std::string base_url)
    : db_(db),
      photo_dir_(std::move(photo_dir)),
      cache_enabled_(cache),
      watch_(watch),
      templates_(templates),
      base_url_(std::move(base_url)),
      kept_(max_kept_profiles) {}

void Profiles::require_editor(const Principal& who) const { policy::require(who, policy::Action::edit_profile); }

std::optional<Profile> Profiles::mine(const Principal& who) {
    policy::require(who, policy::Action::edit_profile);
    auto p = db_.read([&](db::Session& s) { return find_profile_of_user(s, who.user_id); });
    if (p) policy::require(who, policy::Action::edit_profile, record_of(*p));
    return p;
}

ProfileOutcome<Profile> Profiles::save(const Actor& actor, ProfileDraft draft) {
    // Who may edit is asked before anything of the draft is looked at.
    policy::require(actor.who, policy::Action::edit_profile);
    FieldChecks check;
    const auto accepting = draft.accepting_new_clients;
    const auto messages_open = draft.messages_open;
    const auto fields = checked_fields(std::move(draft), check);
    return db_.write([&](db::Session& s) -> ProfileOutcome<Profile> {
        const auto terms = resolve_terms(s, fields, check);
        if (!check.ok()) return ProfileRefusal{Code::invalid, std::move(check).take()};
        auto before = find_profile_of_user(s, actor.user_id());
        if (before) policy::require(actor.who, policy::Action::edit_profile, record_of(*before));
        const bool licence_changed = before && before->verified_at &&
                                     (before->fields.licence_number != fields.licence_number ||
                                      before->fields.licence_region != fields.licence_region);
        // upsert_profile raises the content version (listing, free-consultation flag, all public fields).
        const auto id = upsert_profile(s, actor.user_id(), fields, terms, licence_changed);
        const bool accepting_now = accepting.value_or(before ? before->accepting_new_clients : true);
        const bool open_now = messages_open.value_or(before ? before->messages_open : true);
        if (!before || accepting_now != before->accepting_new_clients || open_now != before->messages_open) {
            set_settings(s, id, accepting_now, open_now);
        }
        audit::record(s, actor.user_id(), before ? "profile.update" : "profile.create", "specialist_profile",
                      std::to_string(id), licence_changed ? "licence changed: verification reset" : "",
                      actor.client_address);
        return *find_profile_of_user(s, actor.user_id());
    });
}

ProfileOutcome<Profile> Profiles::save_photo(const Actor& actor, std::string_view bytes) {
    policy::require(actor.who, policy::Action::edit_profile);
    if (bytes.empty()) return refusal(Code::invalid, "photo", "Please choose a photo to upload.");
    if (bytes.size() > max_photo_bytes) {
        return refusal(Code::photo_too_large, "photo", "Please choose a photo smaller than 2 MB.");
    }
    const auto image = check_image(bytes);
    switch (image.verdict) {
        case ImageCheck::Verdict::ok: break;
        case ImageCheck::Verdict::not_an_image:
            return refusal(Code::invalid, "photo", "Please choose a JPEG, PNG or WebP image.");
        case ImageCheck::Verdict::damaged:
            return refusal(Code::invalid, "photo", "This image is damaged or incomplete. Please choose another.");
        case ImageCheck::Verdict::no_pixels:
            return refusal(Code::invalid, "photo", "This image has no pixels. Please choose another.");
        case ImageCheck::Verdict::too_large:
            return refusal(Code::invalid, "photo",
                           fmt::format("Please choose a photo at most {} pixels wide and high.", max_photo_side_pixels));
    }
    auto profile = mine(actor.who);
    if (!profile) return refusal(Code::no_profile, "photo", "Please save your profile before adding a photo.");

    // The file is written before the row points to it, and the old one
    // removed only after the row has moved on.
    std::filesystem::create_directories(photo_dir_);
    const auto name = fmt::format("{}-{}.{}", profile->id, security::random_token(12),
                                  photo_extension(image.content_type));
    const auto path = photo_dir_ / name;
    {
        std::ofstream out(path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
    }
    auto saved = db_.write([&](db::Session& s) {
        set_photo(s, profile->id, name, image.content_type);  // raises the content version
        audit::record(s, actor.user_id(), "profile.photo", "specialist_profile", std::to_string(profile->id), "",
                      actor.client_address);
        return *find_profile_of_user(s, actor.user_id());
    });
    if (profile->photo_file) std::filesystem::remove(photo_dir_ / *profile->photo_file);
    return saved;
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

ProfileOutcome<Profile> Profiles::request_publish(const Actor& actor) {
    policy::require(actor.who, policy::Action::request_listing);
    return db_.write([&](db::Session& s) -> ProfileOutcome<Profile> {
        auto p = find_profile_of_user(s, actor.user_id());
        if (!p) return refusal(Code::no_profile, "profile", "Please fill in your profile first.");
        policy::require(actor.who, policy::Action::request_listing, record_of(*p));
        if (auto missing = missing_for_listing(*p); !missing.empty()) {
            return ProfileRefusal{Code::incomplete, std::move(missing)};
        }
        set_publish_requested(s, p->id);
        audit::record(s, actor.user_id(), "profile.publish_requested", "specialist_profile", std::to_string(p->id),
                      "", actor.client_address);
        return *find_profile_of_user(s, actor.user_id());
    });
}

ProfileOutcome<Profile> Profiles::verify(const Actor& admin, std::string_view slug) {
    policy::require(admin.who, policy::Action::verify_specialist);
    return db_.write([&](db::Session& s) -> ProfileOutcome<Profile> {
        auto p = load_by_slug(s, slug);
        policy::require(admin.who, policy::Action::verify_specialist, record_of(p));
        if (!p.publish_requested_at) {
            return refusal(Code::not_requested, "profile", "This specialist has not asked to be listed yet.");
        }
        set_verified(s, p.id, admin.user_id());
        audit::record(s, admin.user_id(), "specialist.verify", "specialist_profile", p.slug,
                      p.fields.licence_number + " / " + p.fields.licence_region, admin.client_address);
        auto verified = load_by_slug(s, slug);
        if (!p.verified_at && verified.listed && templates_) {
            const auto email = s.query("SELECT email FROM users WHERE id = $1", {p.user_id});
            const auto& f = verified.fields;
            boost::json::object data{{"name", f.full_name},
                                     {"profile_url", base_url_ + "/specialists/" + verified.slug},
                                     {"hours_url", base_url_ + "/account/profile/hours"},
                                     {"practice_url", base_url_ + "/account/profile/practice"},
                                     {"offers", f.offers_free_consultation},
                                     {"needs_hours", f.offers_free_consultation && !verified.next_open_at},
                                     {"bookable", verified.bookable()}};
            if (!email.empty()) {
                mail::enqueue(s, mail::from_template(*templates_, "specialist_listed", data, email.front().text(0)));
            }
        }
        return verified;
    });
}

ProfileOutcome<Profile> Profiles::suspend(const Actor& admin, SuspendRequest request) {
    policy::require(admin.who, policy::Action::verify_specialist);
    FieldChecks check;
    // The specialist is shown why, so there is always a reason.
    check.text("reason", "The reason", request.reason, limits::suspend_reason, true);
    if (!check.ok()) {
        // An unknown slug is still a 404, whatever the reason says.
        (void)for_admin(admin.who, request.slug);
        return ProfileRefusal{Code::invalid, std::move(check).take()};
    }
    return db_.write([&](db::Session& s) -> ProfileOutcome<Profile> {
        auto p = load_by_slug(s, request.slug);
        policy::require(admin.who, policy::Action::verify_specialist, record_of(p));
        set_suspended(s, p.id, request.reason);
        // The reason is written for the specialist: the log says one was given.
        audit::record(s, admin.user_id(), "specialist.suspend", "specialist_profile", p.slug,
                      audit::reason_detail(request.reason), admin.client_address);
        return load_by_slug(s, request.slug);
    });
}

Profile Profiles::reinstate(const Actor& admin, std::string_view slug) {
    policy::require(admin.who, policy::Action::verify_specialist);
    return db_.write([&](db::Session& s) {
        auto p = load_by_slug(s, slug);
        policy::require(admin.who, policy::Action::verify_specialist, record_of(p));
        clear_suspension(s, p.id);
        audit::record(s, admin.user_id(), "specialist.reinstate", "specialist_profile", p.slug, "",
                      admin.client_address);
        return load_by_slug(s, slug);
    });
}

std::vector<Profile> Profiles::pending(const Principal& admin) {
    policy::require(admin, policy::Action::verify_specialist);
    return db_.read([](db::Session& s) { return pending_profiles(s); });
}

Profile Profiles::for_admin(const Principal& admin, std::string_view slug) {
    policy::require(admin, policy::Action::verify_specialist);
    return db_.read([&](db::Session& s) { return load_by_slug(s, slug); });
}

Profiles::List Profiles::in_state(const Principal& admin, ListingState state, const paging::Page& page) {
    policy::require(admin, policy::Action::verify_specialist);
    return db_.read([&](db::Session& s) {
        return List{profiles_in_state(s, state, page.per_page, page.offset()), count_profiles_in_state(s, state)};
    });
}

Profile Profiles::public_profile(std::string_view slug, const Principal& viewer) {
    const std::string key(slug);
    // Only listed profiles are kept, and those are public: any viewer may
    // have them, but only visitors take them at the pushed version.
    if (cache_enabled_ && !viewer.signed_in()) {
        if (const auto known = watch_.pushed()) {
            if (auto kept = kept_.get(key, *known)) return *kept;
        }
    }
    auto found = db_.read([&](db::Session& s) -> std::shared_ptr<const Profile> {
        std::int64_t version = 0;
        if (cache_enabled_) {
            version = content_version::read(s);
            if (auto kept = kept_.get(key, version)) return kept;
        }
        auto p = find_profile_by_slug(s, slug);
        if (!p) return nullptr;
        auto shared = std::make_shared<const Profile>(std::move(*p));
        if (cache_enabled_ && shared->listed) kept_.put(key, version, shared);
        return shared;
    });
    if (!found) throw Error::not_found("We could not find that specialist.");
    policy::require_visible(viewer, policy::Action::view_profile, record_of(*found));
    return *found;
}

Photo Profiles::photo(std::string_view slug, const Principal& viewer) {
    auto p = db_.read([&](db::Session& s) { return find_profile_by_slug(s, slug); });
    if (!p) throw Error::not_found();
    policy::require_visible(viewer, policy::Action::view_profile, record_of(*p));
    if (!p->photo_file) throw Error::not_found();
    std::ifstream in(photo_dir_ / *p->photo_file, std::ios::binary);
    if (!in) throw Error::not_found();
    Photo out;
    out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    out.content_type = p->photo_type.value_or("image/jpeg");
    out.public_to_everyone = p->listed;
    return out;
}

}  // namespace hearth::specialists
