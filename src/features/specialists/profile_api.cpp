#include "features/specialists/profile_api.hpp"

#include <boost/json/array.hpp>

#include "features/specialists/profile_view.hpp"
#include "features/vocabularies/vocabulary.hpp"

namespace hearth::specialists {

namespace bh = boost::beast::http;

namespace {

constexpr std::string_view field_names[] = {
    "full_name", "credentials", "licence_number", "licence_region", "headline", "bio",      "approach",
    "specialties", "modalities", "languages",     "online",         "in_person", "city",    "country",
    "timezone",  "fee_min",     "fee_max",        "currency",       "sliding_scale", "reduced_fees",
    "offers_free_consultation", "website", "phone", "contact_email"};

// Photo URLs do not change with the photo: a day, then revalidate.
constexpr int photo_max_age_seconds = 86400;

http::Response profile_json(const Profile& p) {
    return http::json(200, boost::json::object{{"profile", private_profile_json(p)}});
}

// The profile, or the refusal as an error (the router answers it as JSON).
const Profile& value_or_throw(const ProfileOutcome<Profile>& outcome) {
    if (!outcome) throw refusal_error(outcome.refusal());
    return outcome.value();
}

}  // namespace


std::span<const std::string_view> profile_field_names() { return field_names; }

void read_profile_fields(http::Input& in, std::span<const std::string_view> names, ProfileDraft& d) {
    for (const auto name : names) {
        if (name == "full_name") d.full_name = in.text(name);
        else if (name == "credentials") d.credentials = in.text(name);
        else if (name == "licence_number") d.licence_number = in.text(name);
        else if (name == "licence_region") d.licence_region = in.text(name);
        else if (name == "headline") d.headline = in.text(name);
        else if (name == "bio") d.bio = in.text(name);
        else if (name == "approach") d.approach = in.text(name);
        else if (name == "specialties") d.specialties = in.list(name);
        else if (name == "modalities") d.modalities = in.list(name);
        else if (name == "languages") d.languages = in.list(name);
        else if (name == "online") d.online = in.flag(name);
        else if (name == "in_person") d.in_person = in.flag(name);
        else if (name == "city") d.city = in.text(name);
        else if (name == "country") d.country = in.text(name);
        else if (name == "timezone") d.timezone = in.text(name);
        else if (name == "fee_min") d.fee_min = in.integer(name);
        else if (name == "fee_max") d.fee_max = in.integer(name);
        else if (name == "currency") d.currency = in.text(name);
        else if (name == "sliding_scale") d.sliding_scale = in.flag(name);
        else if (name == "reduced_fees") d.reduced_fees = in.flag(name);
        else if (name == "offers_free_consultation") d.offers_free_consultation = in.flag(name);
        else if (name == "website") d.website = in.text(name);
        else if (name == "phone") d.phone = in.text(name);
        else if (name == "contact_email") d.contact_email = in.text(name);
    }
}

namespace {

// One yes/no setting: nullopt when absent (the stored value stays).
std::optional<bool> read_setting(const http::Request& req, http::Input& in, std::string_view name) {
    if (!in.has(name)) return std::nullopt;
    if (req.is_api()) {
        const auto& value = req.json().at(name);
        if (value.is_bool()) return value.as_bool();
        in.fail(std::string(name), "This must be true or false.");
        return std::nullopt;
    }
    // The form's radio buttons send "1" or "0".
    const auto value = in.text(name);
    if (value == "1" || value == "0") return value == "1";
    in.fail(std::string(name), "Choose yes or no.");
    return std::nullopt;
}

}  // namespace

void read_profile_settings(const http::Request& req, http::Input& in, ProfileDraft& d) {
    d.accepting_new_clients = read_setting(req, in, "accepting_new_clients");
    d.messages_open = read_setting(req, in, "messages_open");
}

Error refusal_error(const ProfileRefusal& r) {
    using Code = ProfileRefusal::Code;
    switch (r.code) {
        case Code::invalid:
        case Code::incomplete: return Error::invalid_fields(r.fields);
        case Code::no_profile: return Error::invalid(r.field(), r.message(), "no_profile");
        case Code::photo_too_large: return Error(413, "too_large", r.message(), r.field());
        case Code::not_requested: return Error::conflict("not_requested", r.message());
    }
    return Error::invalid_fields(r.fields);
}

void set_profile_caching(http::Response& res, bool public_to_everyone, int public_max_age) {
    if (public_to_everyone) {
        if (public_max_age > 0) res.set(bh::field::cache_control, "public, max-age=" + std::to_string(public_max_age));
        return;
    }
    res.set(bh::field::cache_control, "private, no-store");
    res.set(bh::field::vary, "Cookie, Authorization");
}

http::Response ProfileApi::my_profile(http::Request& req) {
    auto p = profiles_.mine(req.principal);
    if (!p) throw Error::not_found("You have not created a profile yet.");
    return profile_json(*p);
}

http::Response ProfileApi::save_profile(http::Request& req) {
    profiles_.require_editor(req.principal);  // members and visitors are refused before their body is read
    http::Input input(req);
    ProfileDraft draft;
    read_profile_fields(input, profile_field_names(), draft);
    read_profile_settings(req, input, draft);
    input.check();
    return profile_json(value_or_throw(profiles_.save(req.actor(), std::move(draft))));
}

http::Response ProfileApi::upload_photo(http::Request& req) {
    return profile_json(value_or_throw(profiles_.save_photo(req.actor(), req.body())));
}

http::Response ProfileApi::publish(http::Request& req) {
    return profile_json(value_or_throw(profiles_.request_publish(req.actor())));
}

http::Response ProfileApi::public_profile(http::Request& req) {
    auto p = profiles_.public_profile(req.path_param("slug"), req.principal);
    auto res = http::json(200, boost::json::object{{"profile", public_profile_json(p)}});
    set_profile_caching(res, p.listed);
    return res;
}

http::Response ProfileApi::photo(http::Request& req) {
    auto photo = profiles_.photo(req.path_param("slug"), req.principal);
    auto res = http::text(200, std::move(photo.bytes), photo.content_type);
    set_profile_caching(res, photo.public_to_everyone, photo_max_age_seconds);
    return res;
}

http::Response ProfileApi::pending(http::Request& req) {
    boost::json::array items;
    for (const auto& p : profiles_.pending(req.principal)) items.push_back(private_profile_json(p));
    const auto total = static_cast<std::int64_t>(items.size());
    return http::json(200, boost::json::object{{"items", std::move(items)}, {"total", total}});
}

http::Response ProfileApi::verify(http::Request& req) {
    return profile_json(value_or_throw(profiles_.verify(req.actor(), req.path_param("slug"))));
}

http::Response ProfileApi::suspend(http::Request& req) {
    SuspendRequest request{req.path_param("slug"), {}};
    (void)profiles_.for_admin(req.principal, request.slug);  // admins only (and 404), before the body is read
    if (!req.body().empty()) {
        http::Input input(req);
        request.reason = input.text("reason");
        input.check();
    }
    return profile_json(value_or_throw(profiles_.suspend(req.actor(), std::move(request))));
}

http::Response ProfileApi::reinstate(http::Request& req) {
    return profile_json(profiles_.reinstate(req.actor(), req.path_param("slug")));
}

http::Response ProfileApi::vocabularies(http::Request&) {
    using vocabularies::Kind;
    boost::json::object out;
    db_.read([&](db::Session& s) {
        for (auto [kind, key] : {std::pair{Kind::specialty, "specialties"}, std::pair{Kind::modality, "modalities"},
                                 std::pair{Kind::language, "languages"}, std::pair{Kind::topic, "topics"}}) {
            boost::json::array items;
            for (const auto& t : vocabularies::list_terms(s, kind)) {
                items.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}});
            }
            out[key] = std::move(items);
        }
    });
    return http::json(200, out);
}

}  // namespace hearth::specialists
