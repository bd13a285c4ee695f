#include "features/consultations/consultations.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/json/array.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/audit.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/consultations/ics.hpp"
#include "features/specialists/profile_store.hpp"
#include "security/tokens.hpp"

namespace hearth::consultations {

namespace {

constexpr std::int64_t max_range_seconds = 62 * 86400;
constexpr std::size_t max_windows = 50;
constexpr std::size_t max_time_off = 100;
constexpr std::int64_t max_notice_hours = 14 * 24;
constexpr std::int64_t min_horizon_days = 1;
constexpr std::int64_t max_horizon_days = 180;

Error not_found_booking() { return Error::not_found("We could not find that consultation."); }

std::string party_name(Party p) { return p == Party::member ? "member" : "specialist"; }

// The listed profile behind a slug, refusing what cannot be booked.
specialists::Profile bookable_profile(db::Session& s, const std::string& slug) {
    auto p = specialists::find_listed_profile(s, slug);
    if (!p) throw Error::not_found("We could not find that specialist.");
    if (!p->fields.offers_free_consultation) {
        throw Error(403, "consultations_not_offered", "This specialist does not offer free consultations.");
    }
    return *p;
}

}  // namespace

AvailabilityRules parse_availability(const boost::json::object& body) {
    AvailabilityRules rules;
    std::vector<FieldError> errors;
    auto text = [&](const boost::json::value* v) -> std::string {
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    if (const auto* tz = body.if_contains("timezone")) rules.timezone = text(tz);
    if (const auto* weekly = body.if_contains("weekly")) {
        if (!weekly->is_array()) {
            errors.push_back({"weekly", "Weekly hours must be a list."});
        } else {
            for (const auto& item : weekly->as_array()) {
                const auto* o = item.if_object();
                if (!o || !o->contains("weekday") || !(*o).at("weekday").is_int64()) {
                    errors.push_back({"weekly", "Each entry needs a weekday from 1 (Monday) to 7 (Sunday)."});
                    break;
                }
                // Checked before narrowing to int: 4294967297 must not become Monday.
                const auto weekday = o->at("weekday").as_int64();
                if (weekday < 1 || weekday > 7) {
                    errors.push_back({"weekly", "Weekdays go from 1 (Monday) to 7 (Sunday)."});
                    break;
                }
                WeeklyWindow w;
                w.weekday = static_cast<int>(weekday);
                w.start_minute = parse_clock(text(o->if_contains("start")));
                w.end_minute = parse_clock(text(o->if_contains("end")));
                rules.weekly.push_back(w);
            }
        }
    }
    if (const auto* off = body.if_contains("time_off")) {
        if (!off->is_array()) {
            errors.push_back({"time_off", "Time off must be a list."});
        } else {
            for (const auto& item : off->as_array()) {
                const auto* o = item.if_object();
                auto start = o ? parse_rfc3339(text(o->if_contains("start"))) : std::nullopt;
                auto end = o ? parse_rfc3339(text(o->if_contains("end"))) : std::nullopt;
                if (!start || !end) {
                    errors.push_back({"time_off", "Each time off needs a start and an end like 2026-03-08T09:00:00Z."});
                    break;
                }
                rules.time_off.push_back(Interval{*start, *end});
            }
        }
    }
    // Ranges are checked before converting to seconds, which would overflow for huge numbers.
    if (const auto* v = body.if_contains("min_notice_hours")) {
        if (!v->is_int64()) {
            errors.push_back({"min_notice_hours", "Minimum notice must be a whole number of hours."});
        } else if (v->as_int64() < 0 || v->as_int64() > max_notice_hours) {
            errors.push_back({"min_notice_hours", "Minimum notice must be between 0 and 336 hours."});
        } else {
            rules.min_notice_seconds = v->as_int64() * 3600;
        }
    }
    if (const auto* v = body.if_contains("horizon_days")) {
        if (!v->is_int64()) {
            errors.push_back({"horizon_days", "The booking horizon must be a whole number of days."});
        } else if (v->as_int64() < min_horizon_days || v->as_int64() > max_horizon_days) {
            errors.push_back({"horizon_days", "The booking horizon must be between 1 and 180 days."});
        } else {
            rules.horizon_seconds = v->as_int64() * 86400;
        }
    }
    if (!errors.empty()) throw Error::invalid_fields(std::move(errors));
    validate_availability(rules);
    return rules;
}

void validate_availability(const AvailabilityRules& rules) {
    std::vector<FieldError> errors;
    if (!valid_timezone(rules.timezone)) {
        errors.push_back({"timezone", "Choose a time zone such as Europe/Berlin or America/New_York."});
    }
    if (rules.weekly.size() > max_windows) errors.push_back({"weekly", "That is too many separate blocks of hours."});
    for (const auto& w : rules.weekly) {
        if (w.weekday < 1 || w.weekday > 7) {
            errors.push_back({"weekly", "Weekdays go from 1 (Monday) to 7 (Sunday)."});
            break;
        }
        if (w.start_minute < 0 || w.end_minute < 0) {
            errors.push_back({"weekly", "Write times as HH:MM, for example 09:00 or 17:30."});
            break;
        }
        if (w.end_minute - w.start_minute < static_cast<int>(slot_seconds / 60)) {
            errors.push_back({"weekly", "Each block must end at least 30 minutes after it starts."});
            break;
        }
    }
    if (rules.time_off.size() > max_time_off) errors.push_back({"time_off", "That is too many periods of time off."});
    for (const auto& t : rules.time_off) {
        if (t.end <= t.start) {
            errors.push_back({"time_off", "Time off must end after it starts."});
            break;
        }
    }
    if (rules.min_notice_seconds < 0 || rules.min_notice_seconds > max_notice_hours * 3600) {
        errors.push_back({"min_notice_hours", "Minimum notice must be between 0 and 336 hours."});
    }
    if (rules.horizon_seconds < min_horizon_days * 86400 || rules.horizon_seconds > max_horizon_days * 86400) {
        errors.push_back({"horizon_days", "The booking horizon must be between 1 and 180 days."});
    }
    if (!errors.empty()) throw Error::invalid_fields(std::move(errors));
}

boost::json::object availability_json(const AvailabilityRules& rules) {
    boost::json::array weekly;
    for (const auto& w : rules.weekly) {
        weekly.push_back(boost::json::object{
            {"weekday", w.weekday}, {"start", format_clock(w.start_minute)}, {"end", format_clock(w.end_minute)}});
    }
    boost::json::array off;
    for (const auto& t : rules.time_off) {
        off.push_back(boost::json::object{{"start", rfc3339(t.start)}, {"end", rfc3339(t.end)}});
    }
    return {{"timezone", rules.timezone},
            {"weekly", std::move(weekly)},
            {"time_off", std::move(off)},
            {"min_notice_hours", rules.min_notice_seconds / 3600},
            {"horizon_days", rules.horizon_seconds / 86400}};
}

boost::json::object slot_json(const Interval& slot, const std::string& tz) {
    boost::json::object o{{"start", rfc3339(slot.start)}, {"end", rfc3339(slot.end)}};
    if (!tz.empty()) {
        auto local = local_time(slot.start, tz);
        o["local"] = boost::json::object{{"date", local.date},     {"time", local.time},     {"weekday", local.weekday},
                                         {"offset", local.offset}, {"human", local.human}, {"timezone", tz}};
    }
    return o;
}

boost::json::object booking_json(const Booking& b, std::int64_t viewer_user_id, const std::string& tz) {
    const bool as_member = viewer_user_id == b.member_id;
    boost::json::object o{{"id", b.id},
                          {"status", b.status},
                          {"start", rfc3339(b.starts_at)},
                          {"end", rfc3339(b.ends_at)},
                          {"role", as_member ? "member" : "specialist"},
                          {"specialist", boost::json::object{{"slug", b.specialist_slug}, {"name", b.specialist_name}}},
                          {"member", boost::json::object{{"name", b.member_name}}},
                          {"note", b.note},
                          {"created_at", rfc3339(b.created_at)},
                          {"cancelled_at", b.cancelled_at ? boost::json::value(rfc3339(*b.cancelled_at)) : nullptr},
                          {"cancel_reason", b.cancel_reason},
                          {"ics_url", fmt::format("/api/v1/consultations/{}/ics", b.id)}};
    const std::string zone = !tz.empty() ? tz : (as_member ? b.member_timezone : b.specialist_timezone);
    if (valid_timezone(zone)) o["local"] = slot_json(Interval{b.starts_at, b.ends_at}, zone).at("local");
    return o;
}

AvailabilityRules Consultations::availability(const Principal& who) {
    policy::require(who, policy::Action::edit_profile);
    return db_.read([&](db::Session& s) {
        auto p = specialists::find_profile_of_user(s, who.user_id);
        if (!p) throw Error::invalid("profile", "Please create your profile first.", "no_profile");
        auto rules = load_rules(s, p->id);
        if (rules) return *rules;
        AvailabilityRules fresh;
        fresh.timezone = p->fields.timezone;
        return fresh;
    });
}

void Consultations::set_availability(const Principal& who, const AvailabilityRules& rules,
                                     const http::Request& req) {
    policy::require(who, policy::Action::edit_profile);
    validate_availability(rules);
    db_.write([&](db::Session& s) {
        auto p = specialists::find_profile_of_user(s, who.user_id);
        if (!p) throw Error::invalid("profile", "Please create your profile first.", "no_profile");
        save_rules(s, p->id, rules);
        audit::record(s, who.user_id, "availability.update", "specialist_profile", std::to_string(p->id), "",
                      req.remote_address());
    });
}

std::vector<Interval> Consultations::open_slots_for(const std::string& slug, std::int64_t from, std::int64_t to) {
    if (to <= from || to - from > max_range_seconds) {
        throw Error::invalid("to", "Ask for at most 62 days of slots, with 'to' after 'from'.");
    }
    return db_.read([&](db::Session& s) {
        auto p = bookable_profile(s, slug);
        auto rules = load_rules(s, p.id);
        if (!rules) return std::vector<Interval>{};
        auto busy = busy_intervals(s, p.id, from - slot_seconds, to + slot_seconds);
        return open_slots(*rules, from, to, now_seconds(), busy);
    });
}

std::vector<Interval> Consultations::suggest_slots(const std::string& slug, std::int64_t near, std::size_t count) {
    try {
        auto from = std::max(near - 86400, now_seconds());
        auto slots = open_slots_for(slug, from, from + 14 * 86400);
        if (slots.size() > count) slots.resize(count);
        return slots;
    } catch (const Error&) {
        return {};
    }
}

BookingResult Consultations::book(const Principal& who, const BookingRequest& r, const http::Request& req) {
    policy::require(who, policy::Action::book_consultation);
    if (r.idempotency_key && (r.idempotency_key->size() < 8 || r.idempotency_key->size() > 128)) {
        throw Error::invalid("idempotency_key", "The idempotency key must be 8 to 128 characters.");
    }
    if (!valid_timezone(r.timezone)) throw Error::invalid("tz", "Unknown time zone.");
    if (r.idempotency_key) {
        auto earlier = db_.read([&](db::Session& s) { return find_by_idempotency_key(s, who.user_id, *r.idempotency_key); });
        if (earlier) return BookingResult{*earlier, false};
    }
    const auto now = now_seconds();
    if (r.start <= now) throw Error::invalid("start", "That time has already passed. Please choose another.");
    try {
        return db_.write([&](db::Session& s) {
            auto p = bookable_profile(s, r.specialist_slug);
            // One member's bookings are checked and made one at a time.
            s.serialize_on("consultations.member", who.user_id);
            if (r.idempotency_key) {
                // A double submit whose first request was still running when
                // this one began: it has now been made, so return it.
                if (auto earlier = find_by_idempotency_key(s, who.user_id, *r.idempotency_key)) {
                    return BookingResult{*earlier, false};
                }
            }
            auto rules = load_rules(s, p.id);
            if (!rules || !is_open_slot(*rules, r.start, now, {})) {
                throw Error::invalid("start", "That time is not one of this specialist's open slots.", "not_available");
            }
            if (upcoming_count(s, who.user_id, now, p.id) > 0) {
                throw Error::conflict("already_booked",
                                      "You already have an upcoming free consultation with this specialist.");
            }
            if (upcoming_count(s, who.user_id, now, std::nullopt) >= settings_.max_upcoming_per_member) {
                throw Error::conflict("too_many_bookings",
                                      fmt::format("You can hold up to {} upcoming free consultations at a time.",
                                                  settings_.max_upcoming_per_member));
            }
            auto id = insert_booking(s, p.id, who.user_id, r.start, r.note, r.timezone, r.idempotency_key);
            schedule_reminders(s, id, r.start, now);
            auto b = *find_by_id(s, id);
            audit::record(s, who.user_id, "consultation.book", "consultation", std::to_string(id), b.specialist_slug,
                          req.remote_address());
            notify(s, b, "booked");
            return BookingResult{b, true};
        });
    } catch (const db::ConstraintViolation& e) {
        // Caught outside the transaction: PostgreSQL aborts it on a violation.
        if (r.idempotency_key && std::string(e.constraint()).find("idempotency") != std::string::npos) {
            auto earlier = db_.read([&](db::Session& s) { return find_by_idempotency_key(s, who.user_id, *r.idempotency_key); });
            if (earlier) return BookingResult{*earlier, false};
        }
        throw Error::conflict("slot_taken", "Someone has just booked that time. Please choose another slot.", "start");
    }
}

Booking Consultations::cancel_locked(const Booking& b, std::int64_t by_user, const std::string& reason,
                                     const std::string& ip) {
    return db_.write([&](db::Session& s) {
        auto current = find_by_id(s, b.id);
        if (!current || current->status != "booked") {
            throw Error::conflict("already_cancelled", "This consultation was already cancelled.");
        }
        mark_cancelled(s, b.id, by_user, reason);
        drop_reminders(s, b.id);
        auto updated = *find_by_id(s, b.id);
        audit::record(s, by_user, "consultation.cancel", "consultation", std::to_string(b.id), reason, ip);
        notify(s, updated, "cancelled");
        return updated;
    });
}

Booking Consultations::cancel(const Principal& who, std::int64_t id, const std::string& reason,
                              const http::Request& req) {
    if (!who.signed_in()) throw Error::unauthorized();
    if (reason.size() > 1000) throw Error::invalid("reason", "Please keep the reason under 1,000 characters.");
    auto b = db_.read([&](db::Session& s) { return find_for_participant(s, id, who.user_id); });
    if (!b) throw not_found_booking();
    if (b->ends_at <= now_seconds()) throw Error::conflict("in_the_past", "This consultation has already taken place.");
    return cancel_locked(*b, who.user_id, reason, req.remote_address());
}

Booking Consultations::reschedule(const Principal& who, std::int64_t id, std::int64_t new_start,
                                  const http::Request& req) {
    policy::require(who, policy::Action::book_consultation);
    const auto now = now_seconds();
    auto b = db_.read([&](db::Session& s) { return find_for_participant(s, id, who.user_id); });
    if (!b || b->member_id != who.user_id) throw not_found_booking();
    if (b->status != "booked") throw Error::conflict("already_cancelled", "This consultation was cancelled.");
    if (b->starts_at <= now) throw Error::conflict("in_the_past", "This consultation has already started or taken place.");
    if (new_start <= now) throw Error::invalid("start", "That time has already passed. Please choose another.");
    if (new_start == b->starts_at) return *b;
    try {
        return db_.write([&](db::Session& s) {
            auto rules = load_rules(s, b->profile_id);
            if (!rules || !is_open_slot(*rules, new_start, now, {})) {
                throw Error::invalid("start", "That time is not one of this specialist's open slots.", "not_available");
            }
            move_booking(s, b->id, new_start);
            schedule_reminders(s, b->id, new_start, now);
            auto updated = *find_by_id(s, b->id);
            audit::record(s, who.user_id, "consultation.reschedule", "consultation", std::to_string(b->id),
                          rfc3339(b->starts_at) + " -> " + rfc3339(new_start), req.remote_address());
            notify(s, updated, "rescheduled");
            return updated;
        });
    } catch (const db::ConstraintViolation&) {
        throw Error::conflict("slot_taken", "Someone has just booked that time. Please choose another slot.", "start");
    }
}

std::vector<Booking> Consultations::mine(const Principal& who) {
    if (!who.signed_in()) throw Error::unauthorized();
    return db_.read([&](db::Session& s) { return list_for_user(s, who.user_id); });
}

Booking Consultations::get(const Principal& who, std::int64_t id) {
    if (!who.signed_in()) throw Error::unauthorized();
    auto b = db_.read([&](db::Session& s) { return find_for_participant(s, id, who.user_id); });
    if (!b) throw not_found_booking();
    return *b;
}

static CalendarEvent event_for(const Booking& b, const std::string& base_url) {
    CalendarEvent e;
    e.uid = fmt::format("consultation-{}@hearth", b.id);
    e.sequence = b.sequence;
    e.start = b.starts_at;
    e.end = b.ends_at;
    e.stamp = now_seconds();
    e.summary = "Free consultation: " + b.member_name + " and " + b.specialist_name;
    e.description = "A free 30-minute first conversation booked on Hearth. Details and changes: " + base_url +
                    "/consultations";
    e.location = "Online or as agreed with the specialist";
    e.organizer_name = b.specialist_name;
    e.organizer_email = b.specialist_email;
    e.attendee_name = b.member_name;
    e.attendee_email = b.member_email;
    e.url = base_url + "/consultations";
    e.cancelled = b.status == "cancelled";
    return e;
}

std::string Consultations::ics(const Principal& who, std::int64_t id) {
    return make_ics(event_for(get(who, id), settings_.base_url));
}

std::string Consultations::link_signature(std::int64_t id, std::string_view party, std::int64_t sequence) const {
    return security::hmac_sign(settings_.signing_key, fmt::format("cancel:{}:{}:{}", id, party, sequence));
}

std::string Consultations::cancel_link(const Booking& b, Party party) const {
    const auto who = party_name(party);
    return fmt::format("{}/consultations/{}/cancel?party={}&sig={}", settings_.base_url, b.id, who,
                       link_signature(b.id, who, b.sequence));
}

std::optional<Booking> Consultations::booking_for_link(std::int64_t id, const std::string& party,
                                                       const std::string& signature) {
    if (party != "member" && party != "specialist") return std::nullopt;
    auto b = db_.read([&](db::Session& s) { return find_by_id(s, id); });
    // A link dies when the booking is cancelled or moved (its sequence grows).
    if (!b || b->status != "booked" || b->ends_at <= now_seconds()) return std::nullopt;
    if (!security::hmac_verify(settings_.signing_key, fmt::format("cancel:{}:{}:{}", id, party, b->sequence),
                               signature)) {
        return std::nullopt;
    }
    return b;
}

Booking Consultations::cancel_by_link(std::int64_t id, const std::string& party, const std::string& signature,
                                      const std::string& reason, const http::Request& req) {
    auto b = booking_for_link(id, party, signature);
    if (!b) throw Error::not_found("This link has expired, or the consultation was already changed or cancelled.");
    const auto by = party == "member" ? b->member_id : b->specialist_user_id;
    return cancel_locked(*b, by, reason, req.remote_address());
}

namespace {

// One side of a booking as an e-mail speaks to them: their address and
// name, the other person, and the start in their own time zone.
struct Recipient {
    Party party;
    std::string email;
    std::string name;
    std::string other;
    std::string zone;
    LocalTime when;
};

std::array<Recipient, 2> recipients(const Booking& b) {
    auto make = [&](Party party) {
        const bool member = party == Party::member;
        const auto& stored = member ? b.member_timezone : b.specialist_timezone;
        const std::string zone = valid_timezone(stored) ? stored : "UTC";
        return Recipient{party,
                         member ? b.member_email : b.specialist_email,
                         member ? b.member_name : b.specialist_name,
                         member ? b.specialist_name : b.member_name,
                         zone,
                         local_time(b.starts_at, zone)};
    };
    return {make(Party::member), make(Party::specialist)};
}

mail::Attachment calendar_attachment(const Booking& b, const std::string& base_url) {
    return mail::Attachment{"consultation.ics",
                            b.status == "cancelled" ? "text/calendar; method=CANCEL" : "text/calendar; method=REQUEST",
                            make_ics(event_for(b, base_url))};
}

}  // namespace

void Consultations::notify(db::Session& s, const Booking& b, std::string_view what) {
    const auto attachment = calendar_attachment(b, settings_.base_url);
    for (const auto& to : recipients(b)) {
        std::string subject = what == "booked"        ? "Your free consultation is booked"
                              : what == "rescheduled" ? "Your free consultation has moved"
                                                      : "Your free consultation was cancelled";
        std::string body = fmt::format("Hello {},\n\n", to.name);
        if (what == "cancelled") {
            body += fmt::format("The free 30-minute consultation with {} on {} ({}) has been cancelled.\n", to.other,
                                to.when.human, to.zone);
            if (!b.cancel_reason.empty()) body += "Reason given: " + b.cancel_reason + "\n";
        } else {
            body += fmt::format("Your free 30-minute consultation with {} is {} {} ({}).\n", to.other,
                                what == "booked" ? "on" : "now on", to.when.human, to.zone);
            if (to.party == Party::specialist && !b.note.empty()) {
                body += "\nA note from " + b.member_name + ":\n" + b.note + "\n";
            }
            body += fmt::format("\nThe attached calendar file adds it to your calendar.\n"
                                "If you need to cancel: {}\n",
                                cancel_link(b, to.party));
        }
        body += fmt::format("\nSee all your consultations: {}/consultations\n\nHearth\n", settings_.base_url);
        mail::enqueue(s, mail::Email{to.email, subject, body, attachment, 0});
    }
}

int Consultations::send_due_reminders() {
    return db_.write([&](db::Session& s) {
        auto due = claim_due_reminders(s, now_seconds());
        for (const auto& [id, kind] : due) {
            auto b = find_by_id(s, id);
            if (!b) continue;
            const auto attachment = calendar_attachment(*b, settings_.base_url);
            for (const auto& to : recipients(*b)) {
                mail::enqueue(
                    s, mail::Email{to.email,
                                   kind == "24h" ? "Reminder: your free consultation is tomorrow"
                                                 : "Reminder: your free consultation starts in an hour",
                                   fmt::format("Hello {},\n\nA reminder: your free 30-minute consultation with {} "
                                               "is on {} ({}).\n\nIf you can no longer make it, please cancel so "
                                               "someone else can have the time: {}\n\nHearth\n",
                                               to.name, to.other, to.when.human, to.zone, cancel_link(*b, to.party)),
                                   attachment, 0});
            }
        }
        return static_cast<int>(due.size());
    });
}

}  // namespace hearth::consultations
