#pragma once
// Free 30-minute first consultations: availability, open slots, booking
// without double-booking, cancel and reschedule, calendar files, e-mails
// and reminders. Pages and the JSON API both go through this service.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/consultations/consultation_store.hpp"
#include "features/consultations/slots.hpp"
#include "http/request.hpp"

namespace hearth::consultations {

struct BookingSettings {
    std::int64_t max_upcoming_per_member = 3;
    std::string base_url = "http://127.0.0.1:8080";
    std::string signing_key;  // signs the cancel links in e-mails
};

struct BookingRequest {
    std::string specialist_slug;
    std::int64_t start = 0;
    std::string note;
    std::string timezone = "UTC";  // the member's, for e-mails and display
    std::optional<std::string> idempotency_key;
};

struct BookingResult {
    Booking booking;
    bool created = true;  // false: an idempotent retry returned the first booking
};

enum class Party { member, specialist };

class Consultations {
public:
    Consultations(db::Database& db, BookingSettings settings) : db_(db), settings_(std::move(settings)) {}

    // --- availability (specialists) ---
    AvailabilityRules availability(const Principal& who);
    // Validates (422 naming the field) and replaces the weekly hours and time off.
    void set_availability(const Principal& who, const AvailabilityRules& rules, const http::Request& req);

    // --- slots (anyone) ---
    // Open slots of a listed specialist who offers free consultations, in
    // [from, to); 404 for unknown/unlisted, 403 when they don't offer them.
    std::vector<Interval> open_slots_for(const std::string& slug, std::int64_t from, std::int64_t to);

    // --- bookings ---
    BookingResult book(const Principal& who, const BookingRequest& request, const http::Request& req);
    Booking cancel(const Principal& who, std::int64_t id, const std::string& reason, const http::Request& req);
    Booking reschedule(const Principal& who, std::int64_t id, std::int64_t new_start, const http::Request& req);
    std::vector<Booking> mine(const Principal& who);
    Booking get(const Principal& who, std::int64_t id);
    std::string ics(const Principal& who, std::int64_t id);

    // --- signed links in e-mails (single purpose: cancelling one booking) ---
    std::string cancel_link(const Booking& b, Party party) const;
    // The booking a signed link is for, if the signature is right and the
    // booking is still active and unchanged since the link was made.
    std::optional<Booking> booking_for_link(std::int64_t id, const std::string& party, const std::string& signature);
    Booking cancel_by_link(std::int64_t id, const std::string& party, const std::string& signature,
                           const std::string& reason, const http::Request& req);

    // Puts due reminders in the outbox (exactly once across nodes).
    int send_due_reminders();

    // Other open slots to offer when one was taken (up to `count`, from `near` on).
    std::vector<Interval> suggest_slots(const std::string& slug, std::int64_t near, std::size_t count = 6);

private:
    std::string link_signature(std::int64_t id, std::string_view party, std::int64_t sequence) const;
    void notify(db::Session& s, const Booking& b, std::string_view what);
    Booking cancel_locked(const Booking& b, std::int64_t by_user, const std::string& reason, const std::string& ip);

    db::Database& db_;
    BookingSettings settings_;
};

// Parses {"timezone","weekly":[{"weekday","start","end"}],"time_off":[{"start","end"}],
// "min_notice_hours","horizon_days"}; throws Error 422 naming the field.
AvailabilityRules parse_availability(const boost::json::object& body);
// Checks rules made by a page form or the API the same way.
void validate_availability(const AvailabilityRules& rules);
boost::json::object availability_json(const AvailabilityRules& rules);
// A booking as JSON, with local display fields in `tz` when given.
boost::json::object booking_json(const Booking& b, std::int64_t viewer_user_id, const std::string& tz);
boost::json::object slot_json(const Interval& slot, const std::string& tz);

}  // namespace hearth::consultations
