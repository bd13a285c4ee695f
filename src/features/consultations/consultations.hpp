#pragma once
// Free 30-minute first consultations: availability, open slots, booking
// without double-booking or overlaps, cancel and reschedule, calendar
// files, e-mails and reminders. Pages and the JSON API both go through this
// service: it takes an Actor and typed commands, validates them, asks the
// policy and answers with a value or a BookingRefusal. It knows no HTTP.
#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "db/database.hpp"
#include "features/common/policy.hpp"
#include "features/consultations/consultation_store.hpp"
#include "features/consultations/slots.hpp"
#include "features/specialists/profile.hpp"

namespace hearth::render {
class Templates;
}
namespace hearth::security {
class RateLimiter;
}

namespace hearth::consultations {

// Outlooks are computed as seen this far ahead, and those due within it
// are computed again, so with a maintenance round every minute the next
// open time the directory shows is always still bookable.
inline constexpr std::int64_t outlook_lookahead_seconds = 120;
inline constexpr std::int64_t max_outlooks_per_run = 500;

struct BookingSettings {
    std::int64_t max_upcoming_per_member = 3;
    std::string base_url = "http://127.0.0.1:8080";
    std::string signing_key;  // signs the cancel links in e-mails
    // The organiser's address in calendar files: Hearth's sending address
    // ("no-reply@hearth.example"), never a participant's account e-mail.
    std::string organizer_address = "no-reply@hearth.localhost";
};

// What a person may type, counted in characters (Unicode code points, what
// they see), not bytes, by core/field_checks.hpp's rules (trimmed, no
// control characters). The pages' maxlength attributes say the same.
inline constexpr std::size_t max_note_chars = 2000;
inline constexpr std::size_t max_reason_chars = 1000;

// POST /api/v1/consultations and the booking page.
struct BookingRequest {
    std::string specialist_slug;
    std::int64_t start = 0;                     // UTC seconds
    std::string note;                           // for the specialist; at most max_note_chars
    std::string timezone = "UTC";               // the member's IANA zone, for e-mails and display
    std::optional<std::string> idempotency_key; // 8-128 characters, per member
    // The number the specialist calls: required when they consult by phone
    // (check_phone), ignored otherwise.
    std::string phone;
};

struct CancelRequest {
    std::int64_t id = 0;
    std::string reason;  // optional; at most max_reason_chars
};

struct RescheduleRequest {
    std::int64_t id = 0;
    std::int64_t new_start = 0;  // UTC seconds
};

struct BookingResult {
    Booking booking;
    bool created = true;  // false: an idempotent retry returned the first booking
};

// An expected "no" to a booking command, shown to the person: handlers map
// the code to a status and JSON code (code_name, status_of) or re-render
// the form, never by matching strings.
struct BookingRefusal {
    enum class Code {
        invalid,            // a field is malformed (note too long, key too short, time passed)
        not_available,      // the start is not one of the specialist's slots
        slot_taken,         // the time overlaps a booked consultation of the specialist
        in_the_past,        // the consultation has already started or taken place
        already_booked,     // one upcoming consultation per member and specialist
        too_many_bookings,  // BookingSettings::max_upcoming_per_member
        already_cancelled,
    };
    Code code = Code::invalid;
    std::string message;                // for the person
    std::string field;                  // the field at fault; "" for the request as a whole
    std::vector<Interval> other_slots;  // slot_taken when booking: open times to offer instead
};

// "slot_taken", ...: the JSON error code.
std::string_view code_name(BookingRefusal::Code code);
// 422 for invalid and not_available, 409 for the others.
int status_of(BookingRefusal::Code code);

template <class T>
using BookingOutcome = Outcome<T, BookingRefusal>;

enum class Party { member, specialist };

class Consultations {
public:
    // `templates` renders templates/emails/consultation_*; `limiter` holds
    // the booking rate rules (security/rate_limit.hpp: book_user,
    // booking_change_user).
    Consultations(db::Database& db, const render::Templates& templates, security::RateLimiter& limiter,
                  BookingSettings settings)
        : db_(db), templates_(templates), limiter_(limiter), settings_(std::move(settings)) {}

    // The kind-level questions alone (policy book_consultation,
    // set_availability): Error 401/403 for someone who may never do this,
    // so the API answers who-may before what-is-wrong-with-the-fields. The
    // commands below ask again, with their records.
    void check_may_book(const Actor& actor) const;
    void check_may_set_availability(const Actor& actor) const;

    // --- availability (specialists, their own profile) ---
    // The specialist's rules (fresh ones in their profile's zone when never
    // saved); nullopt before they have a profile. Errors: 401/403 (policy
    // set_availability).
    std::optional<AvailabilityRules> availability(const Actor& actor);
    // Validates (Error 422 naming the field) and replaces the weekly hours,
    // time off and the way consultations take place; Error 422 `no_profile`
    // before there is a profile. `rules.mode` nullopt keeps the stored way,
    // and is Error 422 on "mode" for a specialist who has never chosen one.
    void set_availability(const Actor& actor, const AvailabilityRules& rules);
    // How a bookable specialist's consultations take place (the kind alone,
    // which anyone may know; video when they have not chosen). Errors as
    // open_slots_for.
    MeetingKind meeting_kind(const std::string& slug);
    // "https://hearth.example": where links in e-mails and JSON start.
    const std::string& base_url() const { return settings_.base_url; }

    // --- slots (anyone) ---
    // Open slots of a listed specialist who offers free consultations, in
    // [from, to) (UTC seconds, at most 62 days); 404 for unknown/unlisted,
    // 403 when they don't offer them.
    std::vector<Interval> open_slots_for(const std::string& slug, std::int64_t from, std::int64_t to);

    // --- bookings ---
    // Errors (hearth::Error): 401/403 policy, 404 unknown specialist, 403
    // consultations_not_offered, 429 booking_per_user. Refusals: invalid,
    // not_available, slot_taken (with other_slots), already_booked,
    // too_many_bookings; invalid on "phone" when the specialist calls and
    // the number is missing or malformed.
    BookingOutcome<BookingResult> book(const Actor& actor, const BookingRequest& request);
    // Either side. Errors: 401, 404 (not theirs), 429. Refusals: invalid
    // (reason), in_the_past, already_cancelled. The audit log records only
    // whether a reason was given.
    BookingOutcome<Booking> cancel(const Actor& actor, const CancelRequest& request);
    // The member. Errors: 401, 404 (not theirs), 403 (the specialist), 429.
    // Refusals: invalid, not_available, slot_taken (the picker shows the
    // other times), in_the_past, already_cancelled.
    BookingOutcome<Booking> reschedule(const Actor& actor, const RescheduleRequest& request);
    std::vector<Booking> mine(const Actor& actor);
    // One booking of the actor's (either side); 401, 404 otherwise.
    Booking get(const Actor& actor, std::int64_t id);
    // A booking the actor may move (the member's own); 401, 404, 403.
    Booking movable(const Actor& actor, std::int64_t id);
    // The booking's .ics file (UTF-8 text).
    std::string ics(const Actor& actor, std::int64_t id);

    // --- signed links in e-mails (single purpose: cancelling one booking) ---
    std::string cancel_link(const Booking& b, Party party) const;
    // The booking a signed link is for, if the signature is right and the
    // booking is still active and unchanged since the link was made.
    std::optional<Booking> booking_for_link(std::int64_t id, const std::string& party, const std::string& signature);
    // The signature is the permission. Error 404 for a dead link; refusals:
    // invalid (reason), already_cancelled.
    BookingOutcome<Booking> cancel_by_link(std::int64_t id, const std::string& party, const std::string& signature,
                                           const std::string& reason, const std::string& client_address);

    // Puts due reminders in the outbox (exactly once across nodes).
    int send_due_reminders();

    // Account deletion (features/privacy/account_deletion.hpp): cancels
    // every booking of account `user_id` (either side) that has not ended
    // by `now` (UTC seconds), inside the caller's unit of work `s`, with
    // the usual e-mails to both sides and `reason` kept as the cancel
    // reason. Returns how many it cancelled.
    int cancel_upcoming_of_account(db::Session& s, std::int64_t user_id, const std::string& reason, std::int64_t now);

    // --- bookable (issue 10: a specialist is never listed as offering
    // what cannot be booked) ---
    // Computes again every outlook (slots.hpp: the first open slot in the
    // coming 14 days) that time may have changed: those whose recheck time
    // falls before now + outlook_lookahead_seconds, at most
    // max_outlooks_per_run of them, in one write that raises the content
    // version once if any next open time changed. Sends the "your hours
    // have run out" e-mail where it is due. Returns how many changed. For
    // the maintenance worker; hours and bookings changed through this
    // service refresh their own outlook at once.
    int refresh_due_outlooks();

private:
    // Recomputes one profile's outlook inside `s` and stores it; the search
    // document is rebuilt when the profile becomes or stops being bookable,
    // and the run-out e-mail is sent (once per run-out: the time it was
    // sent is kept until an open slot within 7 days returns). Returns
    // whether the next open time changed (the caller raises the content
    // version).
    bool refresh_outlook(db::Session& s, std::int64_t profile_id, std::int64_t now);

    std::vector<Interval> suggest_slots(const std::string& slug, std::int64_t near, std::size_t count = 6);
    BookingRefusal slot_taken(const std::string& slug, std::int64_t near);
    std::string link_signature(std::int64_t id, std::string_view party, std::int64_t sequence) const;
    void notify(db::Session& s, const Booking& b, std::string_view what);
    BookingOutcome<Booking> cancel_checked(const Booking& b, std::int64_t by_user, std::string reason,
                                           const std::string& client_address);

    db::Database& db_;
    const render::Templates& templates_;
    security::RateLimiter& limiter_;
    BookingSettings settings_;
};

// A specialist's profile as the policy sees it: its specialist owns it;
// listed ones are public (book_consultation needs that).
policy::Record profile_record(const specialists::Profile& p);
// A booking as the policy sees it: the member owns it, the specialist's
// user is the counterpart. Pages ask policy::may with it for their buttons.
policy::Record booking_record(const Booking& b);

// Parses {"timezone","weekly":[{"weekday","start","end"}],"time_off":[{"start","end"}],
// "min_notice_hours","horizon_days"}; throws Error 422 naming the field.
AvailabilityRules parse_availability(const boost::json::object& body);
// Checks rules made by a page form or the API the same way (Error 422).
void validate_availability(const AvailabilityRules& rules);
boost::json::object availability_json(const AvailabilityRules& rules);
// How a booking takes place as the participant `viewer_user_id` reads it:
// {"kind","headline","video_url","address","phone","next_steps":[text]}.
// Only for the booking's two participants (it holds the link, the address
// and the member's number); `in_email` leaves the number out of the
// specialist's copy (meeting_view).
boost::json::object meeting_json(const Booking& b, std::int64_t viewer_user_id, const std::string& base_url,
                                 bool in_email);
// A booking as JSON for one of its participants, with local display fields
// in `tz` when given and "how" (meeting_json; `base_url` starts its links).
boost::json::object booking_json(const Booking& b, std::int64_t viewer_user_id, const std::string& tz,
                                 const std::string& base_url);
boost::json::object slot_json(const Interval& slot, const std::string& tz);

}  // namespace hearth::consultations
