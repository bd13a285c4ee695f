#pragma once
// The SQL of free consultations. Queries that read or change a booking
// always filter by a participant, so no one reaches someone else's booking.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/consultations/slots.hpp"

namespace hearth::consultations {

struct Booking {
    std::int64_t id = 0;
    std::int64_t profile_id = 0;
    std::int64_t member_id = 0;
    std::int64_t starts_at = 0;
    std::int64_t ends_at = 0;
    std::string status;  // "booked" | "cancelled"
    std::string note;
    std::string member_timezone;
    std::int64_t sequence = 0;
    std::optional<std::int64_t> cancelled_at;
    std::string cancel_reason;
    std::int64_t created_at = 0;
    // How it takes place, as it was when booked (consultation_mode.hpp).
    MeetingKind mode = MeetingKind::video;
    std::string mode_detail;   // the video link or the address; "" for phone or no link yet
    std::string member_phone;  // phone bookings: the number the specialist calls
    // Joined for display and e-mail.
    std::string specialist_slug;
    std::string specialist_name;
    std::string specialist_email;
    std::string specialist_timezone;
    std::int64_t specialist_user_id = 0;
    std::string member_name;
    std::string member_email;
};

// The rules with their mode (always set for a stored row).
std::optional<AvailabilityRules> load_rules(db::Session& s, std::int64_t profile_id);
// Replaces the rules; `rules.mode` must be set (the service fills it in).
void save_rules(db::Session& s, std::int64_t profile_id, const AvailabilityRules& rules);
// Booked intervals of a specialist overlapping [from, to), leaving out
// booking `except_id` (the one being moved).
std::vector<Interval> busy_intervals(db::Session& s, std::int64_t profile_id, std::int64_t from, std::int64_t to,
                                     std::optional<std::int64_t> except_id = std::nullopt);

// How a new booking takes place, copied from the specialist's choice.
struct BookedMode {
    MeetingKind kind = MeetingKind::video;
    std::string detail;        // the video link or the address
    std::string member_phone;  // phone: the member's number
};
std::int64_t insert_booking(db::Session& s, std::int64_t profile_id, std::int64_t member_id, std::int64_t start,
                            const std::string& note, const std::string& member_timezone,
                            const std::optional<std::string>& idempotency_key, const BookedMode& how = {});
std::optional<Booking> find_by_idempotency_key(db::Session& s, std::int64_t member_id, const std::string& key);
// The booking if `user_id` is its member or its specialist; nullopt otherwise.
std::optional<Booking> find_for_participant(db::Session& s, std::int64_t id, std::int64_t user_id);
std::optional<Booking> find_by_id(db::Session& s, std::int64_t id);
std::vector<Booking> list_for_user(db::Session& s, std::int64_t user_id);
std::int64_t upcoming_count(db::Session& s, std::int64_t member_id, std::int64_t now,
                            std::optional<std::int64_t> profile_id);
void mark_cancelled(db::Session& s, std::int64_t id, std::int64_t by_user, const std::string& reason);
void move_booking(db::Session& s, std::int64_t id, std::int64_t new_start);

// Reminders 24 h and 1 h before; ones already due at booking time are skipped.
void schedule_reminders(db::Session& s, std::int64_t booking_id, std::int64_t start, std::int64_t now);
void drop_reminders(db::Session& s, std::int64_t booking_id);
// Claims every due, unsent reminder of an active booking and marks it sent;
// returns (booking id, kind). Run inside the transaction that enqueues the
// e-mails, so each reminder is sent once even with several nodes.
std::vector<std::pair<std::int64_t, std::string>> claim_due_reminders(db::Session& s, std::int64_t now);

}  // namespace hearth::consultations
