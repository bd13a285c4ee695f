#include "features/specialists/profile_view.hpp"

#include <boost/json/array.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

#include "core/time_format.hpp"
#include "features/specialists/directory_fees.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/reply_time.hpp"

namespace hearth::specialists {

namespace {

boost::json::array terms_json(const std::vector<vocabularies::Term>& terms) {
    boost::json::array out;
    for (const auto& t : terms) out.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}});
    return out;
}

boost::json::value optional_json(const std::optional<std::int64_t>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// The first character (a whole UTF-8 sequence) of a word.
std::string_view first_character(std::string_view word) {
    const auto lead = static_cast<unsigned char>(word.front());
    const std::size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
    return word.substr(0, std::min(len, word.size()));
}

}  // namespace

std::string initials(std::string_view full_name) {
    static constexpr std::string_view titles[] = {"Dr",  "Dr.", "Prof", "Prof.", "Mx",  "Mx.",
                                                  "Ms",  "Ms.", "Mr",   "Mr.",   "Mrs", "Mrs."};
    std::vector<std::string_view> words;
    for (std::size_t at = 0; at < full_name.size();) {
        const auto end = std::min(full_name.find(' ', at), full_name.size());
        const auto word = full_name.substr(at, end - at);
        const bool title = words.empty() && std::find(std::begin(titles), std::end(titles), word) != std::end(titles);
        if (!word.empty() && !title) words.push_back(word);
        at = end + 1;
    }
    if (words.empty()) return "";
    std::string out(first_character(words.front()));
    if (words.size() > 1) out += first_character(words.back());
    return out;
}

std::string_view state_name(ListingState s) {
    switch (s) {
        case ListingState::draft: return "draft";
        case ListingState::awaiting_verification: return "awaiting_verification";
        case ListingState::listed: return "listed";
        case ListingState::suspended: return "suspended";
    }
    return "draft";
}

boost::json::object public_card_json(const Profile& p) {
    const auto& f = p.fields;
    return {
        {"slug", p.slug},
        {"url", "/specialists/" + p.slug},
        {"full_name", f.full_name},
        {"credentials", f.credentials},
        {"headline", f.headline},
        {"photo_url",
         p.photo_file ? boost::json::value("/specialists/" + p.slug + "/photo") : boost::json::value(nullptr)},
        {"initials", initials(f.full_name)},  // for a card without a photo
        {"specialties", terms_json(p.specialties)},
        {"languages", terms_json(p.languages)},
        {"online", f.online},
        {"in_person", f.in_person},
        {"city", f.city},
        {"country_name", std::string(country_name(f.country))},
        {"fee_text", fee_text(f.fee_min, f.fee_max, f.currency)},
        {"reduced_fee_text", reduced_fee_text(f.sliding_scale, f.reduced_fees)},
        {"sliding_scale", f.sliding_scale},
        {"reduced_fees", f.reduced_fees},
        {"verified", p.verified_at.has_value()},
        {"offers_free_consultation", f.offers_free_consultation},
        // Shown as offering one only with an open slot in the coming 14 days (Profile::bookable).
        {"bookable", p.bookable()},
        {"next_open_slot", p.bookable() ? boost::json::value(rfc3339(*p.next_open_at)) : boost::json::value(nullptr)},
        // A card may say "Not taking new clients" quietly.
        {"accepting_new_clients", p.accepting_new_clients},
    };
}

boost::json::object public_profile_json(const Profile& p) {
    const auto& f = p.fields;
    auto o = public_card_json(p);
    o["id"] = p.id;  // what a report of the profile names (POST /api/v1/reports)
    o["licence_region"] = f.licence_region;
    o["bio"] = f.bio;
    o["bio_html"] = p.bio_html;
    o["approach"] = f.approach;
    o["approach_html"] = p.approach_html;
    o["modalities"] = terms_json(p.modalities);
    o["country"] = f.country;
    o["timezone"] = f.timezone;
    o["fee_min"] = optional_json(f.fee_min);
    o["fee_max"] = optional_json(f.fee_max);
    o["currency"] = f.currency;
    // Public contact details ("" when not given): the specialist chose to show them.
    o["website"] = f.website;
    o["phone"] = f.phone;
    o["contact_email"] = f.contact_email;
    // Whether people may start a conversation, and the measured reply time
    // in whole hours rounded up (reply_time.hpp; null until measured).
    o["messages_open"] = p.messages_open;
    o["usual_reply_hours"] =
        p.usual_reply_seconds ? boost::json::value(reply_hours(*p.usual_reply_seconds)) : boost::json::value(nullptr);
    o["verified_at"] = p.verified_at ? boost::json::value(rfc3339(*p.verified_at)) : boost::json::value(nullptr);
    o["verified_on"] =
        p.verified_at
            ? boost::json::value(fmt::format("{:%d %B %Y}", fmt::gmtime(static_cast<std::time_t>(*p.verified_at))))
            : boost::json::value(nullptr);
    return o;
}

boost::json::object private_profile_json(const Profile& p) {
    auto o = public_profile_json(p);
    o["licence_number"] = p.fields.licence_number;
    o["state"] = state_name(p.state());
    o["listed"] = p.listed;
    o["publish_requested_at"] =
        p.publish_requested_at ? boost::json::value(rfc3339(*p.publish_requested_at)) : boost::json::value(nullptr);
    o["suspended_at"] = p.suspended_at ? boost::json::value(rfc3339(*p.suspended_at)) : boost::json::value(nullptr);
    o["suspended_reason"] = p.suspended_reason;
    o["created_at"] = rfc3339(p.created_at);
    o["updated_at"] = rfc3339(p.updated_at);
    return o;
}

}  // namespace hearth::specialists
