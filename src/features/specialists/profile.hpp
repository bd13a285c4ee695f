#pragma once
// A specialist's public profile, as stored and as edited.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/vocabularies/vocabulary.hpp"

namespace hearth::specialists {

struct ProfileFields {
    std::string full_name;
    std::string credentials;
    std::string licence_number;
    std::string licence_region;
    std::string headline;
    std::string bio;        // Markdown
    std::string approach;   // Markdown
    std::vector<std::string> specialties;  // slugs
    std::vector<std::string> modalities;
    std::vector<std::string> languages;
    bool online = false;
    bool in_person = false;
    std::string city;
    std::string country;    // ISO 3166-1 alpha-2
    std::string timezone = "UTC";
    std::optional<std::int64_t> fee_min;  // whole units of `currency`
    std::optional<std::int64_t> fee_max;
    std::string currency = "EUR";
    bool sliding_scale = false;  // fees follow what a client can pay
    bool reduced_fees = false;   // some places at a reduced fee
    bool offers_free_consultation = false;
    // Public contact details the specialist chooses to show ("" when not
    // given), checked by Profiles::save: an http:// or https:// address, a
    // phone number (digits, spaces, + - and parentheses) and an e-mail
    // address for enquiries.
    std::string website;
    std::string phone;
    std::string contact_email;
};

enum class ListingState { draft, awaiting_verification, listed, suspended };

struct Profile {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string slug;
    ProfileFields fields;
    std::vector<vocabularies::Term> specialties;
    std::vector<vocabularies::Term> modalities;
    std::vector<vocabularies::Term> languages;
    std::optional<std::string> photo_file;
    std::optional<std::string> photo_type;
    std::optional<std::int64_t> publish_requested_at;
    std::optional<std::int64_t> verified_at;
    std::optional<std::int64_t> suspended_at;
    std::string suspended_reason;
    std::string bio_html;       // rendered from fields.bio when saved
    std::string approach_html;
    bool listed = false;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    // The start of the first open free-consultation slot in the coming 14
    // days (UTC seconds), as last computed by consultations::refresh_outlook
    // (migration 0013); nullopt when there is none.
    std::optional<std::int64_t> next_open_at;
    // What the specialist says about taking people on (migration 0014):
    // whether they take new clients, and whether people may start a
    // conversation with them (the messages feature refuses new ones when not).
    bool accepting_new_clients = true;
    bool messages_open = true;
    // The measured "usually replies within" (reply_time.hpp), seconds;
    // nullopt until measured.
    std::optional<std::int64_t> usual_reply_seconds;

    ListingState state() const;
    // Shown as offering a free consultation: offers one and has an open
    // slot in the coming 14 days (issue 10: no ghost listings).
    bool bookable() const { return fields.offers_free_consultation && next_open_at.has_value(); }
};

}  // namespace hearth::specialists
