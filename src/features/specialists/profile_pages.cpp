#include "features/specialists/profile_pages.hpp"

#include "features/consultations/local_calendar.hpp"
#include "features/consultations/slots.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <span>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/form_view.hpp"
#include "features/specialists/landing.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/profile_contact.hpp"
#include "features/specialists/profile_api.hpp"
#include "features/specialists/profile_view.hpp"
#include "features/specialists/reply_time.hpp"
#include "features/vocabularies/vocabulary.hpp"
#include "http/input.hpp"

namespace hearth::specialists {

namespace {

struct Step {
    std::string_view slug;  // /account/profile/<slug>, templates/specialists/edit_<slug>
    std::string_view title;
    std::span<const std::string_view> fields;  // the form fields this step owns
};

constexpr std::string_view about_fields[] = {"full_name", "credentials", "licence_number", "licence_region",
                                             "headline"};
constexpr std::string_view work_fields[] = {"bio", "approach", "specialties", "modalities", "languages"};
constexpr std::string_view practice_fields[] = {"online",  "in_person", "city",     "country",
                                                "timezone", "fee_min",  "fee_max", "currency",
                                                "sliding_scale", "reduced_fees",
                                                "offers_free_consultation", "website", "phone",
                                                "contact_email"};
constexpr std::string_view photo_fields[] = {"photo"};

// The hours step's form is the availability form of consultations
// (ConsultationPages::hours_step), which saves through the same service.
constexpr std::size_t about_step = 0, work_step = 1, practice_step = 2, hours_step = 3, photo_step = 4,
                      review_step = 5;
constexpr Step steps[] = {
    {"about", "About you", about_fields},
    {"work", "Your work", work_fields},
    {"practice", "Practice details", practice_fields},
    {"hours", "Hours for free consultations", {}},
    {"photo", "Photo", photo_fields},
    {"review", "Review and ask to be listed", {}},
};
constexpr std::size_t step_count = std::size(steps);

std::string step_url(std::size_t step) { return "/account/profile/" + std::string(steps[step].slug); }

// Whether a profile's wizard has this step: the hours step only for those
// who offer a free consultation.
bool has_step(std::size_t step, const std::optional<Profile>& profile) {
    return step != hours_step || (profile && profile->fields.offers_free_consultation);
}

// The steps this profile's wizard has, in order.
std::vector<std::size_t> steps_of(const std::optional<Profile>& profile) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < step_count; ++i) {
        if (has_step(i, profile)) out.push_back(i);
    }
    return out;
}

// The step after / before `step` in this profile's wizard (`step` itself at either end).
std::size_t next_step(std::size_t step, const std::optional<Profile>& profile) {
    for (auto i = step + 1; i < step_count; ++i) {
        if (has_step(i, profile)) return i;
    }
    return step;
}
std::size_t previous_step(std::size_t step, const std::optional<Profile>& profile) {
    for (auto i = step; i-- > 0;) {
        if (has_step(i, profile)) return i;
    }
    return step;
}

std::size_t step_by_slug(std::string_view slug) {
    for (std::size_t i = 0; i < step_count; ++i) {
        if (steps[i].slug == slug) return i;
    }
    return review_step;
}

// The step whose form has `field` (the review step when none has it).
std::size_t step_of(std::string_view field) {
    for (std::size_t i = 0; i < step_count; ++i) {
        const auto& f = steps[i].fields;
        if (std::find(f.begin(), f.end(), field) != f.end()) return i;
    }
    return review_step;
}

// --- View models ---

// The form's values: what is stored or was typed. `posted`, after a
// refused post, keeps fees exactly as typed (even when not a number).
boost::json::object values_json(const ProfileDraft& d, const http::Request* posted) {
    auto fee = [&](std::string_view name, const std::optional<std::int64_t>& v) -> std::string {
        if (posted && posted->has_form_body() && !posted->form_values(name).empty()) return posted->form_value(name);
        return v ? std::to_string(*v) : std::string();
    };
    return boost::json::object{{"full_name", d.full_name},
                               {"credentials", d.credentials},
                               {"licence_number", d.licence_number},
                               {"licence_region", d.licence_region},
                               {"headline", d.headline},
                               {"bio", d.bio},
                               {"approach", d.approach},
                               {"city", d.city},
                               {"fee_min", fee("fee_min", d.fee_min)},
                               {"fee_max", fee("fee_max", d.fee_max)},
                               {"sliding_scale", d.sliding_scale},
                               {"reduced_fees", d.reduced_fees},
                               {"online", d.online},
                               {"in_person", d.in_person},
                               {"website", d.website},
                               {"phone", d.phone},
                               {"contact_email", d.contact_email},
                               {"free_yes", d.offers_free_consultation},
                               {"free_no", !d.offers_free_consultation},
                               {"accepting_yes", d.accepting_new_clients.value_or(true)},
                               {"accepting_no", !d.accepting_new_clients.value_or(true)},
                               {"messages_yes", d.messages_open.value_or(true)},
                               {"messages_no", !d.messages_open.value_or(true)}};
}

// Checkboxes of one vocabulary. The first box carries the field's own id,
// so the error summary's link (#specialties) lands on the group.
boost::json::array term_options(const std::vector<vocabularies::Term>& terms, std::string_view field,
                                const std::vector<std::string>& chosen) {
    boost::json::array out;
    for (const auto& t : terms) {
        out.push_back(boost::json::object{
            {"id", out.empty() ? std::string(field) : fmt::format("{}-{}", field, t.slug)},
            {"name", field},
            {"value", t.slug},
            {"label", t.name},
            {"checked", std::find(chosen.begin(), chosen.end(), t.slug) != chosen.end()}});
    }
    return out;
}

boost::json::array country_options(const std::string& selected) {
    boost::json::array out;
    // A code saved through the API that is not on the list stays choosable.
    if (!selected.empty() && country_name(selected).empty()) {
        out.push_back(boost::json::object{{"code", selected}, {"name", selected}, {"selected", true}});
    }
    for (const auto& c : countries()) {
        out.push_back(boost::json::object{{"code", c.code}, {"name", c.name}, {"selected", c.code == selected}});
    }
    return out;
}

// "America/Argentina/Buenos_Aires" -> "Buenos Aires (America/Argentina)":
// the place first, since a closed select does not show its group.
boost::json::array currency_options(const std::string& selected) {
    boost::json::array out;
    for (const auto c : currencies) out.push_back(boost::json::object{{"code", c}, {"selected", c == selected}});
    return out;
}

boost::json::object listing_json(const Profile& p) {
    const auto state = p.state();
    boost::json::object o{{"state", state_name(state)},
                          {"is_draft", state == ListingState::draft},
                          {"is_awaiting", state == ListingState::awaiting_verification},
                          {"is_listed", state == ListingState::listed},
                          {"is_suspended", state == ListingState::suspended},
                          {"url", "/specialists/" + p.slug},
                          {"suspended_reason", p.suspended_reason}};
    if (p.verified_at) o["verified_on"] = long_date(*p.verified_at);
    if (p.publish_requested_at) o["requested_on"] = long_date(*p.publish_requested_at);
    return o;
}

// "Step 4 of 6" of this profile's wizard (the hours step counts only for those who have it).
std::int64_t step_number(std::size_t step, const std::optional<Profile>& profile) {
    const auto list = steps_of(profile);
    return static_cast<std::int64_t>(std::find(list.begin(), list.end(), step) - list.begin()) + 1;
}

// The step list (with the current one marked) and the listing state.
boost::json::object wizard_json(std::size_t current, const std::optional<Profile>& profile) {
    boost::json::array nav;
    const auto list = steps_of(profile);
    for (std::size_t n = 0; n < list.size(); ++n) {
        const auto i = list[n];
        nav.push_back(boost::json::object{{"number", static_cast<std::int64_t>(n + 1)},
                                          {"title", steps[i].title},
                                          {"url", step_url(i)},
                                          {"current", i == current},
                                          // Later steps need the profile the first one creates.
                                          {"reachable", i == about_step || profile.has_value()}});
    }
    boost::json::object data{{"steps", std::move(nav)},
                             {"step_number", step_number(current, profile)},
                             {"step_count", static_cast<std::int64_t>(list.size())},
                             {"step_title", steps[current].title}};
    if (const auto next = next_step(current, profile); next != current) data["next_title"] = steps[next].title;
    if (const auto back = previous_step(current, profile); back != current) {
        data["back_url"] = step_url(back);
        // "Back to practice details": the title inside a sentence.
        std::string title(steps[back].title);
        title[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(title[0])));
        data["back_title"] = std::move(title);
    }
    if (profile) data["listing"] = listing_json(*profile);
    return data;
}

// Where a step's form starts: the stored profile, settings included.
ProfileDraft draft_from(const std::optional<Profile>& profile) {
    if (!profile) return ProfileDraft{};
    auto draft = draft_of(profile->fields);
    draft.accepting_new_clients = profile->accepting_new_clients;
    draft.messages_open = profile->messages_open;
    return draft;
}

// What the profile says when the specialist is not taking new clients or
// new messages, and where it points instead: their free consultation when
// it can be booked, otherwise specialists of their first specialty (or the
// whole directory). Null when both are open.
boost::json::value closed_notice_json(const Profile& p) {
    if (p.accepting_new_clients && p.messages_open) return nullptr;
    const auto& name = p.fields.full_name;
    std::string text;
    if (!p.accepting_new_clients && !p.messages_open) {
        text = name + " isn't taking on new clients or new messages at the moment.";
    } else if (!p.messages_open) {
        text = name + " isn't taking new messages at the moment.";
    } else {
        text = name + " isn't taking on new clients at the moment.";
    }
    boost::json::object o{{"text", std::move(text)}, {"book", p.bookable() && p.listed}};
    if (!p.specialties.empty()) {
        const auto& first = p.specialties.front();
        o["similar_url"] = "/specialists?specialty=" + first.slug;
        o["similar_label"] = "Other specialists in " + first.name;
    } else {
        o["similar_url"] = "/specialists";
        o["similar_label"] = "Other specialists in the directory";
    }
    return o;
}

std::string formats_text(const ProfileFields& f) {
    if (f.online && f.in_person) return "Online and in person";
    if (f.online) return "Online";
    if (f.in_person) return "In person";
    return "";
}

}  // namespace

boost::json::object profile_page_json(const Profile& p) {
    auto o = public_profile_json(p);
    const auto& f = p.fields;
    // initials and country_name come with public_profile_json.
    const std::string country = std::string(country_name(f.country).empty() ? f.country : country_name(f.country));
    std::string place = f.city;
    if (!country.empty()) place += (place.empty() ? "" : ", ") + country;
    o["place"] = place;
    o["formats"] = formats_text(f);
    std::string zone = f.timezone;
    std::replace(zone.begin(), zone.end(), '_', ' ');
    o["timezone_label"] = zone;
    if (p.photo_file) o["photo_src"] = fmt::format("/specialists/{}/photo?v={}", p.slug, p.updated_at);
    o["book_url"] = "/specialists/" + p.slug + "/book";
    // Booking opens once the profile is listed; previews show the button without a link.
    o["listed"] = p.listed;
    // Every profile shows at least one way to reach the specialist that
    // works today: the free consultation, their own contact details, or
    // (with neither) the operators, who can put a person in touch.
    auto contact = contact_view(f);
    const bool has_contact = contact["has_contact"].as_bool();
    o["contact"] = std::move(contact);
    o["show_get_in_touch"] = has_contact || !f.offers_free_consultation;
    o["contact_fallback_url"] = "/contact?about=" + p.slug;
    // "Send a message" (the messages feature's page) while new messages are open.
    o["message_url"] = "/messages/new?to=" + p.slug;
    if (p.messages_open && p.usual_reply_seconds) o["usual_reply_words"] = reply_time_words(*p.usual_reply_seconds);
    o["closed_notice"] = closed_notice_json(p);
    return o;
}

render::PageMeta profile_page_meta(const Profile& p, const render::View& view) {
    const auto& f = p.fields;
    const std::string url = view.site().base_url + "/specialists/" + p.slug;
    render::PageMeta meta;
    meta.title = f.credentials.empty() ? f.full_name : f.full_name + ", " + f.credentials;
    meta.description = !f.headline.empty() ? f.headline
                                           : f.full_name + " is a verified mental-health specialist on Hearth.";
    meta.canonical_path = "/specialists/" + p.slug;
    meta.og_type = "profile";
    meta.nav_section = "specialists";
    if (p.photo_file) meta.og_image = fmt::format("/specialists/{}/photo?v={}", p.slug, p.updated_at);

    boost::json::object ld{{"@context", "https://schema.org"},
                           {"@type", "Person"},
                           {"name", f.full_name},
                           {"url", url},
                           {"jobTitle", f.credentials.empty() ? std::string("Mental-health specialist") : f.credentials}};
    if (!f.headline.empty()) ld["description"] = f.headline;
    if (p.photo_file) ld["image"] = view.site().base_url + meta.og_image;
    boost::json::array languages, topics;
    for (const auto& t : p.languages) languages.push_back(boost::json::string(t.name));
    for (const auto* list : {&p.specialties, &p.modalities}) {
        for (const auto& t : *list) topics.push_back(boost::json::string(t.name));
    }
    if (!languages.empty()) ld["knowsLanguage"] = std::move(languages);
    if (!topics.empty()) ld["knowsAbout"] = std::move(topics);
    if (!f.city.empty() || !f.country.empty()) {
        boost::json::object address{{"@type", "PostalAddress"}};
        if (!f.city.empty()) address["addressLocality"] = f.city;
        if (!f.country.empty()) address["addressCountry"] = f.country;
        ld["address"] = std::move(address);
    }
    if (p.verified_at && !f.licence_region.empty()) {
        ld["hasCredential"] = boost::json::object{
            {"@type", "EducationalOccupationalCredential"},
            {"credentialCategory", "licence"},
            {"recognizedBy", boost::json::object{{"@type", "Organization"}, {"name", f.licence_region}}}};
    }
    meta.json_ld = boost::json::serialize(ld);
    return meta;
}

// --- The wizard ---

namespace {

// The next step as the start page says it: a heading, why, and the way there.
boost::json::object next_step_json(NextStep next, const std::optional<Profile>& profile,
                                   const std::vector<FieldError>& missing) {
    const auto json = [](std::string title, std::string text, std::string url, std::string action) {
        return boost::json::object{{"title", std::move(title)}, {"text", std::move(text)},
                                   {"url", std::move(url)},     {"action", std::move(action)}};
    };
    switch (next) {
        case NextStep::start_profile:
            return json("Tell people about yourself", "Start with your name, your credentials and your licence.",
                        step_url(about_step), "Start your profile");
        case NextStep::finish_details:
            return json("Finish your profile details", missing.front().message,
                        step_url(step_of(missing.front().field)) + "#" + missing.front().field, "Continue your profile");
        case NextStep::suspended:
            return json("Your profile is suspended",
                        "It is hidden from the public until an administrator reinstates it.", step_url(review_step),
                        "See your profile");
        case NextStep::set_hours:
            return json("Set your hours for free consultations",
                        "You offer a free first consultation, but there are no open times in the coming two weeks, "
                        "so nobody can book one and your profile does not show the free-consultation mark.",
                        step_url(hours_step), "Set your hours");
        case NextStep::ask_to_be_listed:
            return json("Ask to be listed",
                        profile && profile->photo_file
                            ? "Check your profile, then ask us to verify your licence."
                            : "Check your profile, then ask us to verify your licence. Adding a photo is optional.",
                        step_url(review_step), "Review and ask to be listed");
        case NextStep::await_verification:
            return json("Wait for us to verify your licence",
                        "Nothing else is needed from you. We will e-mail you as soon as you are listed.",
                        step_url(review_step), "See your profile");
        case NextStep::listed:
            return json("Nothing to do: you are listed",
                        profile && profile->bookable()
                            ? "People can find you in the directory and book a free consultation in your hours."
                            : "People can find you in the directory.",
                        "/specialists/" + (profile ? profile->slug : std::string()), "See your public profile");
    }
    return {};
}

// The start page's list of where the profile stands, in the wizard's order.
boost::json::array progress_json(const std::optional<Profile>& p, bool details_complete) {
    boost::json::array out;
    const auto add = [&](std::string title, bool done, std::string state) {
        out.push_back(boost::json::object{{"title", std::move(title)}, {"done", done}, {"state", std::move(state)}});
    };
    add("Profile details", p && details_complete, p && details_complete ? "Complete" : p ? "Not finished" : "Not started");
    if (p && p->fields.offers_free_consultation) {
        std::string state = "No open times in the coming two weeks";
        if (p->next_open_at) state = "Next open time: " + consultations::local_time(*p->next_open_at, p->fields.timezone).human + " (your time)";
        add("Hours for free consultations", p->next_open_at.has_value(), std::move(state));
    }
    add("Photo", p && p->photo_file, p && p->photo_file ? "Added" : "Optional, not added");
    add("Submitted for review", p && p->publish_requested_at,
        p && p->publish_requested_at ? "Asked on " + long_date(*p->publish_requested_at) : "Not yet");
    add("Verified and listed", p && p->listed,
        p && p->listed && p->verified_at ? "Verified on " + long_date(*p->verified_at) : "Not yet");
    return out;
}

}  // namespace

http::Response ProfilePages::start(http::Request& req) {
    const auto profile = profiles_.mine(req.principal);
    const auto missing = profile ? missing_for_listing(*profile) : std::vector<FieldError>{};
    const bool complete = profile && missing.empty();
    const auto next = next_step_of(profile, complete);
    // Landing after signing in with nothing left to do: the account page, as for everyone.
    if (next == NextStep::listed && req.query_param("landing") == "1") return http::redirect("/account", 302);
    boost::json::object data{{"next", next_step_json(next, profile, missing)},
                             {"progress", progress_json(profile, complete)}};
    if (profile) data["listing"] = listing_json(*profile);
    render::PageMeta meta;
    meta.title = "Your profile: next step";
    meta.noindex = true;
    meta.nav_section = "account";
    return http::html(200, view_.page(req, "specialists/edit_start", std::move(data), meta));
}

std::pair<boost::json::object, render::PageMeta> wizard_frame(std::string_view step_slug,
                                                              const std::optional<Profile>& profile, bool refused) {
    const auto step = step_by_slug(step_slug);
    auto data = wizard_json(step, profile);
    if (profile) data["profile"] = profile_page_json(*profile);
    render::PageMeta meta;
    meta.title = fmt::format("{}Step {} of {}: {}", refused ? "Error: " : "", step_number(step, profile),
                             steps_of(profile).size(), steps[step].title);
    meta.noindex = true;
    meta.nav_section = "account";
    return {std::move(data), std::move(meta)};
}

std::string wizard_next_url(std::string_view step_slug, const std::optional<Profile>& profile) {
    return step_url(next_step(step_by_slug(step_slug), profile));
}

http::Response ProfilePages::show_step(http::Request& req, std::size_t step) {
    auto profile = profiles_.mine(req.principal);
    if (!profile && step != about_step) return http::redirect(step_url(about_step), 302);
    auto draft = draft_from(profile);
    // A new profile starts from the name the specialist signed up with.
    if (!profile) draft.full_name = req.principal.display_name;
    auto [data, meta] = step_view(req, step, profile, draft, false);
    return http::html(200, view_.page(req, "specialists/edit_" + std::string(steps[step].slug), std::move(data), meta));
}

http::Response ProfilePages::save_step(http::Request& req, std::size_t step) {
    auto current = profiles_.mine(req.principal);
    if (!current && step != about_step) return http::redirect(step_url(about_step));
    // The stored profile with this step's fields as posted (an unticked box is false).
    auto draft = draft_from(current);
    http::Input input(req);
    read_profile_fields(input, steps[step].fields, draft);
    if (step == practice_step) read_profile_settings(req, input, draft);
    if (!input.ok()) return step_again(req, step, current, draft, input.errors(), 422);
    auto saved = profiles_.save(req.actor(), draft);
    if (!saved) return step_again(req, step, current, draft, saved.refusal().fields, 422);
    return forms::draft_accepted(http::redirect(step_url(next_step(step, saved.value())) + "?saved=1"),
                                 "profile-" + std::string(steps[step].slug));
}

std::pair<boost::json::object, render::PageMeta> ProfilePages::step_view(http::Request& req, std::size_t step,
                                                                         const std::optional<Profile>& profile,
                                                                         const ProfileDraft& draft, bool refused) {
    auto data = wizard_json(step, profile);
    data["values"] = values_json(draft, refused ? &req : nullptr);
    if (step == work_step) {
        db_.read([&](db::Session& s) {
            using vocabularies::Kind;
            data["specialty_options"] =
                term_options(vocabularies::list_terms(s, Kind::specialty), "specialties", draft.specialties);
            data["modality_options"] =
                term_options(vocabularies::list_terms(s, Kind::modality), "modalities", draft.modalities);
            data["language_options"] =
                term_options(vocabularies::list_terms(s, Kind::language), "languages", draft.languages);
        });
    } else if (step == practice_step) {
        data["country_options"] = country_options(draft.country);
        data["timezone_groups"] = consultations::timezone_groups(draft.timezone.empty() ? "UTC" : draft.timezone);
        data["currency_options"] = currency_options(draft.currency.empty() ? "EUR" : draft.currency);
    }
    if (profile) data["profile"] = profile_page_json(*profile);
    if (!refused && req.query_param("saved") == "1") data["notice"] = "Saved. You can come back to any step later.";

    render::PageMeta meta;
    meta.title = fmt::format("{}Step {} of {}: {}", refused ? "Error: " : "", step_number(step, profile),
                             steps_of(profile).size(), steps[step].title);
    meta.noindex = true;
    meta.nav_section = "account";
    return {std::move(data), std::move(meta)};
}

http::Response ProfilePages::step_again(http::Request& req, std::size_t step, const std::optional<Profile>& profile,
                                        const ProfileDraft& draft, const std::vector<FieldError>& errors, int status) {
    auto [data, meta] = step_view(req, step, profile, draft, true);
    return forms::show_again(view_, req, "specialists/edit_" + std::string(steps[step].slug), std::move(data), errors,
                             meta, forms::Again{status});
}

http::Response ProfilePages::about_form(http::Request& req) { return show_step(req, about_step); }
http::Response ProfilePages::save_about(http::Request& req) { return save_step(req, about_step); }
http::Response ProfilePages::work_form(http::Request& req) { return show_step(req, work_step); }
http::Response ProfilePages::save_work(http::Request& req) { return save_step(req, work_step); }
http::Response ProfilePages::practice_form(http::Request& req) { return show_step(req, practice_step); }
http::Response ProfilePages::save_practice(http::Request& req) { return save_step(req, practice_step); }
http::Response ProfilePages::photo_form(http::Request& req) { return show_step(req, photo_step); }

http::Response ProfilePages::upload_photo(http::Request& req) {
    auto current = profiles_.mine(req.principal);
    if (!current) return http::redirect(step_url(about_step));
    const auto* file = req.file("photo");
    auto saved = profiles_.save_photo(req.actor(), file ? std::string_view(file->body) : std::string_view());
    if (!saved) {
        const auto& refusal = saved.refusal();
        const int status = refusal.code == ProfileRefusal::Code::photo_too_large ? 413 : 422;
        return step_again(req, photo_step, current, draft_from(current), refusal.fields, status);
    }
    return http::redirect(step_url(review_step) + "?saved=photo");
}

http::Response ProfilePages::review(http::Request& req) {
    auto profile = profiles_.mine(req.principal);
    if (!profile) return http::redirect(step_url(about_step), 302);
    return render_review(req, *profile, {});
}

http::Response ProfilePages::publish(http::Request& req) {
    auto requested = profiles_.request_publish(req.actor());
    if (requested) return http::redirect(step_url(review_step) + "?requested=1");
    auto profile = profiles_.mine(req.principal);
    if (!profile) return http::redirect(step_url(about_step));
    return render_review(req, *profile, requested.refusal().fields);
}

// The review step; `missing` (after a refused request to be listed) is
// what a listing still lacks, shown as the page's alert with a 422.
http::Response ProfilePages::render_review(http::Request& req, const Profile& profile,
                                           const std::vector<FieldError>& missing_now) {
    const bool refused = !missing_now.empty();
    auto data = wizard_json(review_step, profile);
    auto view = profile_page_json(profile);
    view["licence_number"] = profile.fields.licence_number;
    data["profile"] = std::move(view);
    boost::json::array missing;
    for (const auto& m : missing_for_listing(profile)) {
        missing.push_back(boost::json::object{{"message", m.message},
                                              {"url", step_url(step_of(m.field)) + "#" + m.field},
                                              {"step", steps[step_of(m.field)].title}});
    }
    data["missing"] = std::move(missing);
    data["publish_refused"] = refused;
    if (profile.fields.offers_free_consultation) {
        data["hours"] = boost::json::object{
            {"next_open", profile.next_open_at ? boost::json::value(consultations::local_time(*profile.next_open_at,
                                                                                              profile.fields.timezone)
                                                                        .human)
                                               : boost::json::value(nullptr)}};
    }
    for (std::size_t i = 0; i < review_step; ++i) data["edit_" + std::string(steps[i].slug)] = step_url(i);
    if (req.query_param("saved") == "photo") data["notice"] = "Your photo has been saved.";
    if (req.query_param("requested") == "1") {
        data["notice"] = "Thank you. We will check your licence; your profile is listed as soon as it is verified.";
    }
    render::PageMeta meta;
    meta.title = fmt::format("{}Step {} of {}: {}", refused ? "Error: " : "", step_number(review_step, profile),
                             steps_of(profile).size(), steps[review_step].title);
    meta.noindex = true;
    meta.nav_section = "account";
    return http::html(refused ? 422 : 200, view_.page(req, "specialists/edit_review", std::move(data), meta));
}

// --- Public pages ---

http::Response ProfilePages::public_profile(http::Request& req) {
    auto profile = profiles_.public_profile(req.path_param("slug"), req.principal);
    // Owners and admins also see unlisted profiles (policy view_profile); the page says so.
    boost::json::object data{{"profile", profile_page_json(profile)}, {"not_public", !profile.listed}};
    if (author_articles_ && profile.listed) data["author_articles"] = author_articles_(profile);
    const bool owner = req.principal.signed_in() && req.principal.user_id == profile.user_id;
    // The specialist sees why an admin took their profile down.
    if (owner && profile.suspended_at) data["hidden_reason"] = profile.suspended_reason;
    // Anyone signed in may report a listed profile that is not theirs
    // (templates/reports/report_form).
    if (req.principal.signed_in() && !owner && profile.listed) {
        const auto path = "/specialists/" + profile.slug;
        data["report"] = boost::json::object{{"target_type", "profile"},
                                             {"target_id", profile.id},
                                             {"return_to", path},
                                             {"summary", "Report this profile"},
                                             {"hint", "Tell us if something on this profile worries you. Our team "
                                                      "reads every report; the specialist is not told who made it."}};
        if (req.query_param("done") == "reported") {
            data["reported"] = "Thank you for telling us. Our team will look at this profile.";
        }
    }
    auto res = http::html(200, view_.page(req, "specialists/profile", std::move(data), profile_page_meta(profile, view_)));
    set_profile_caching(res, profile.listed);
    return res;
}

}  // namespace hearth::specialists
