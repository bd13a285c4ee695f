#include "features/consultations/consultations.hpp"

#include <fmt/format.h>

#include <array>
#include <limits>
#include <boost/json/array.hpp>

#include "core/phone_number.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/field_checks.hpp"
#include "core/time_format.hpp"
#include "features/common/audit.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/common/content_version.hpp"
#include "features/consultations/ics.hpp"
#include "features/consultations/local_calendar.hpp"
#include "features/consultations/outlook_store.hpp"
#include "features/specialists/profile_store.hpp"
#include "render/view.hpp"
#include "security/rate_limit.hpp"
#include "security/tokens.hpp"

namespace hearth::consultations {

namespace {

using Code = BookingRefusal::Code;
using policy::Action;

constexpr std::int64_t max_range_seconds = 62 * 86400;
constexpr std::size_t max_windows = 50;
constexpr std::size_t max_time_off = 100;
constexpr std::int64_t max_notice_hours = 14 * 24;
constexpr std::int64_t min_horizon_days = 1;
constexpr std::int64_t max_horizon_days = 180;
constexpr std::size_t min_key_chars = 8;  // idempotency keys, API.md
constexpr std::size_t max_key_chars = 128;

Error not_found_booking() { return Error::not_found("We could not find that consultation."); }

std::string party_name(Party p) { return p == Party::member ? "member" : "specialist"; }

BookingRefusal refusal(Code code, std::string message, std::string field = {}) {
    return BookingRefusal{code, std::move(message), std::move(field), {}};
}

// The listed profile behind a slug, refusing what cannot be booked.
specialists::Profile bookable_profile(db::Session& s, const std::string& slug) {
    auto p = specialists::find_listed_profile(s, slug);
    if (!p) throw Error::not_found("We could not find that specialist.");
    if (!p->fields.offers_free_consultation) {
        throw Error(403, "consultations_not_offered", "This specialist does not offer free consultations.");
    }
    return *p;
}

BookingRefusal taken_refusal() {
    return refusal(Code::slot_taken, "Someone has just booked that time. Please choose another slot.", "start");
}

// The first problem a command's fields have, as a refusal; nullopt when none.
std::optional<BookingRefusal> refusal_of(const FieldChecks& check) {
    if (check.ok()) return std::nullopt;
    const auto& first = check.errors().front();
    return refusal(Code::invalid, first.message, first.field);
}

// What is wrong with a booking command before any data is read; trims the note.
std::optional<BookingRefusal> booking_problem(BookingRequest& r, std::int64_t now) {
    FieldChecks check;
    if (const auto& key = r.idempotency_key) {
        const auto length = character_count(*key);
        if (length < min_key_chars || length > max_key_chars || has_control_characters(*key)) {
            check.fail("idempotency_key", "The idempotency key must be 8 to 128 characters.");
        }
    }
    if (!valid_timezone(r.timezone)) check.fail("tz", "Unknown time zone.");
    check.text("note", "Note", r.note, max_note_chars);
    if (r.start <= now) check.fail("start", "That time has already passed. Please choose another.");
    return refusal_of(check);
}

// The booked consultations of a specialist that a slot starting at `start`
// could overlap, `except_id` left out.
std::vector<Interval> busy_near(db::Session& s, std::int64_t profile_id, std::int64_t start,
                                std::optional<std::int64_t> except_id = std::nullopt) {
    return busy_intervals(s, profile_id, start - slot_seconds, start + 2 * slot_seconds, except_id);
}

// How a booking made now takes place: the specialist's choice, with the
// member's phone number when the specialist calls them (checked, trimmed).
BookingOutcome<BookedMode> booked_mode(const ConsultationMode& mode, std::string phone) {
    switch (mode.kind) {
        case MeetingKind::video: return BookedMode{mode.kind, mode.video_url, ""};
        case MeetingKind::in_person: return BookedMode{mode.kind, mode.address, ""};
        case MeetingKind::phone: break;
    }
    FieldChecks check;
    check_phone(check, phone);
    if (auto problem = refusal_of(check)) return std::move(*problem);
    return BookedMode{mode.kind, "", std::move(phone)};
}

}  // namespace

policy::Record profile_record(const specialists::Profile& p) { return policy::Record{p.user_id, 0, p.listed}; }

policy::Record booking_record(const Booking& b) { return policy::Record{b.member_id, b.specialist_user_id, false}; }

std::string_view code_name(BookingRefusal::Code code) {
    switch (code) {
        case Code::invalid: return "invalid";
        case Code::not_available: return "not_available";
        case Code::slot_taken: return "slot_taken";
        case Code::in_the_past: return "in_the_past";
        case Code::already_booked: return "already_booked";
        case Code::too_many_bookings: return "too_many_bookings";
        case Code::already_cancelled: return "already_cancelled";
    }
    return "invalid";
}

int status_of(BookingRefusal::Code code) {
    return code == Code::invalid || code == Code::not_available ? 422 : 409;
}

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
    // "mode": null (as GET answers before a choice) is the same as leaving it out.
    if (const auto* v = body.if_contains("mode"); v && !v->is_null()) {
        const auto kind = v->is_string() ? kind_of(std::string_view(v->as_string())) : std::nullopt;
        if (!kind) {
            errors.push_back({"mode", "Choose how your consultations take place: video, phone or in_person."});
        } else {
            ConsultationMode mode{*kind, text(body.if_contains("video_url")), text(body.if_contains("address"))};
            for (const char* name : {"video_url", "address"}) {
                const auto* field = body.if_contains(name);
                if (field && !field->is_string() && !field->is_null()) errors.push_back({name, "This must be text."});
            }
            FieldChecks check;
            check_mode(check, mode);
            for (const auto& e : check.errors()) errors.push_back(e);
            rules.mode = std::move(mode);
        }
    } else if (!text(body.if_contains("video_url")).empty() || !text(body.if_contains("address")).empty()) {
        errors.push_back({"mode", "Say which way your consultations take place (video, phone or in_person) with a "
                                  "link or an address."});
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
    if (rules.mode) {
        auto mode = *rules.mode;
        FieldChecks check;
        check_mode(check, mode);
        for (const auto& e : check.errors()) errors.push_back(e);
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
    boost::json::object o{{"timezone", rules.timezone},
                          {"weekly", std::move(weekly)},
                          {"time_off", std::move(off)},
                          {"min_notice_hours", rules.min_notice_seconds / 3600},
                          {"horizon_days", rules.horizon_seconds / 86400},
                          {"mode", nullptr},
                          {"video_url", ""},
                          {"address", ""}};
    if (const auto& mode = rules.mode) {
        o["mode"] = kind_name(mode->kind);
        o["video_url"] = mode->video_url;
        o["address"] = mode->address;
    }
    return o;
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

MeetingFacts meeting_facts(const Booking& b, const std::string& base_url) {
    return MeetingFacts{b.mode,          b.mode_detail,  b.member_phone,
                        b.specialist_name, b.member_name, b.member_email,
                        base_url + "/consultations"};
}

boost::json::object meeting_json(const Booking& b, std::int64_t viewer_user_id, const std::string& base_url,
                                 bool in_email) {
    const auto side = viewer_user_id == b.member_id ? Side::member : Side::specialist;
    const auto v = meeting_view(meeting_facts(b, base_url), side, in_email);
    boost::json::array steps;
    for (const auto& step : v.next_steps) steps.push_back(boost::json::string(step));
    return {{"kind", v.kind},
            {"headline", v.headline},
            {"video_url", v.video_url},
            {"address", v.address},
            {"phone", v.phone},
            {"phone_uri", v.phone.empty() ? std::string() : tel_uri(v.phone)},
            {"next_steps", std::move(steps)}};
}

boost::json::object booking_json(const Booking& b, std::int64_t viewer_user_id, const std::string& tz,
                                 const std::string& base_url) {
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
                          {"ics_url", fmt::format("/api/v1/consultations/{}/ics", b.id)},
                          {"how", meeting_json(b, viewer_user_id, base_url, false)}};
    const std::string zone = !tz.empty() ? tz : (as_member ? b.member_timezone : b.specialist_timezone);
    if (valid_timezone(zone)) o["local"] = slot_json(Interval{b.starts_at, b.ends_at}, zone).at("local");
    return o;
}

void Consultations::check_may_book(const Actor& actor) const { policy::require(actor.who, Action::book_consultation); }

void Consultations::check_may_set_availability(const Actor& actor) const {
    policy::require(actor.who, Action::set_availability);
}

std::optional<AvailabilityRules> Consultations::availability(const Actor& actor) {
    policy::require(actor.who, Action::set_availability);
    return db_.read([&](db::Session& s) -> std::optional<AvailabilityRules> {
        auto p = specialists::find_profile_of_user(s, actor.user_id());
        if (!p) return std::nullopt;
        policy::require(actor.who, Action::set_availability, profile_record(*p));
        auto rules = load_rules(s, p->id);
        if (rules) return rules;
        AvailabilityRules fresh;
        fresh.timezone = p->fields.timezone;
        return fresh;
    });
}

void Consultations::set_availability(const Actor& actor, const AvailabilityRules& rules) {
    policy::require(actor.who, Action::set_availability);
    validate_availability(rules);
    db_.write([&](db::Session& s) {
        auto p = specialists::find_profile_of_user(s, actor.user_id());
        if (!p) throw Error::invalid("profile", "Please create your profile first.", "no_profile");
        policy::require(actor.who, Action::set_availability, profile_record(*p));
        AvailabilityRules saved = rules;
        if (saved.mode) {
            FieldChecks trimmed;
            check_mode(trimmed, *saved.mode);  // already valid: this only trims
        } else {
            // A command that leaves the way out keeps the stored one. One
            // from a client that predates the choice (API.md has no "mode")
            // gets video without a link, which every page reads as "the
            // specialist e-mails you a link before the time"; the page form
            // itself always asks.
            auto stored = load_rules(s, p->id);
            saved.mode = stored && stored->mode ? stored->mode : ConsultationMode{MeetingKind::video, "", ""};
        }
        save_rules(s, p->id, saved);
        if (refresh_outlook(s, p->id, now_seconds())) content_version::raise(s);
        // The kind only: the link and the address are the specialist's to share.
        audit::record(s, actor.user_id(), "availability.update", "specialist_profile", std::to_string(p->id),
                      fmt::format("mode: {}", kind_name(saved.mode->kind)), actor.client_address);
    });
}

MeetingKind Consultations::meeting_kind(const std::string& slug) {
    return db_.read([&](db::Session& s) {
        auto p = bookable_profile(s, slug);
        auto rules = load_rules(s, p.id);
        return rules && rules->mode ? rules->mode->kind : MeetingKind::video;
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

BookingRefusal Consultations::slot_taken(const std::string& slug, std::int64_t near) {
    auto r = taken_refusal();
    // Other times straight away, so the person is not left stuck.
    r.other_slots = suggest_slots(slug, near);
    return r;
}

BookingOutcome<BookingResult> Consultations::book(const Actor& actor, const BookingRequest& request) {
    const auto& who = actor.who;
    policy::require(who, Action::book_consultation);
    const auto now = now_seconds();
    BookingRequest r = request;
    if (auto problem = booking_problem(r, now)) return std::move(*problem);
    if (r.idempotency_key) {
        auto earlier =
            db_.read([&](db::Session& s) { return find_by_idempotency_key(s, who.user_id, *r.idempotency_key); });
        if (earlier) return BookingResult{*earlier, false};
    }
    limiter_.hit(security::rate_rules::booking_per_user, std::to_string(who.user_id));
    try {
        auto outcome = db_.write([&](db::Session& s) -> BookingOutcome<BookingResult> {
            auto p = bookable_profile(s, r.specialist_slug);
            policy::require(who, Action::book_consultation, profile_record(p));
            // One member's bookings are checked and made one at a time, and
            // so are one specialist's (always in this order: no deadlock).
            s.serialize_on("consultations.member", who.user_id);
            if (r.idempotency_key) {
                // A double submit whose first request was still running when
                // this one began: it has now been made, so return it.
                if (auto earlier = find_by_idempotency_key(s, who.user_id, *r.idempotency_key)) {
                    return BookingResult{*earlier, false};
                }
            }
            s.serialize_on("consultations.specialist", p.id);
            auto rules = load_rules(s, p.id);
            const auto state = rules ? slot_state(*rules, r.start, now, busy_near(s, p.id, r.start))
                                     : SlotState::not_offered;
            if (state == SlotState::not_offered) {
                return refusal(Code::not_available, "That time is not one of this specialist's open slots.", "start");
            }
            const auto how = booked_mode(rules->mode.value_or(ConsultationMode{}), r.phone);
            if (!how) return how.refusal();
            if (upcoming_count(s, who.user_id, now, p.id) > 0) {
                return refusal(Code::already_booked,
                               "You already have an upcoming free consultation with this specialist.");
            }
            if (upcoming_count(s, who.user_id, now, std::nullopt) >= settings_.max_upcoming_per_member) {
                return refusal(Code::too_many_bookings,
                               fmt::format("You can hold up to {} upcoming free consultations at a time.",
                                           settings_.max_upcoming_per_member));
            }
            if (state == SlotState::taken) return refusal(Code::slot_taken, "");
            auto id = insert_booking(s, p.id, who.user_id, r.start, r.note, r.timezone, r.idempotency_key, how.value());
            schedule_reminders(s, id, r.start, now);
            auto b = *find_by_id(s, id);
            // Facts only: the note stays with the booking (journey 8).
            audit::record(s, who.user_id, "consultation.book", "consultation", std::to_string(id),
                          fmt::format("specialist: {}; mode: {}; {}", b.specialist_slug, kind_name(b.mode),
                                      audit::reason_detail(b.note, "note_given")),
                          actor.client_address);
            notify(s, b, "booked");
            if (refresh_outlook(s, p.id, now)) content_version::raise(s);
            return BookingResult{b, true};
        });
        if (!outcome && outcome.refusal().code == Code::slot_taken) return slot_taken(r.specialist_slug, r.start);
        return outcome;
    } catch (const db::ConstraintViolation& e) {
        // Caught outside the transaction: a violation may have aborted it.
        if (r.idempotency_key && std::string(e.constraint()).find("idempotency") != std::string::npos) {
            auto earlier =
                db_.read([&](db::Session& s) { return find_by_idempotency_key(s, who.user_id, *r.idempotency_key); });
            if (earlier) return BookingResult{*earlier, false};
        }
        // consultations_one_per_slot, or the overlap constraint of migration 0008.
        return slot_taken(r.specialist_slug, r.start);
    }
}

BookingOutcome<Booking> Consultations::cancel_checked(const Booking& b, std::int64_t by_user, std::string reason,
                                                      const std::string& client_address) {
    FieldChecks check;
    check.text("reason", "Reason", reason, max_reason_chars);
    if (auto problem = refusal_of(check)) return std::move(*problem);
    return db_.write([&](db::Session& s) -> BookingOutcome<Booking> {
        auto current = find_by_id(s, b.id);
        if (!current || current->status != "booked") {
            return refusal(Code::already_cancelled, "This consultation was already cancelled.");
        }
        mark_cancelled(s, b.id, by_user, reason);
        drop_reminders(s, b.id);
        auto updated = *find_by_id(s, b.id);
        // Whether a reason was given, never its words: the form tells people
        // only the other participant reads it.
        audit::record(s, by_user, "consultation.cancel", "consultation", std::to_string(b.id),
                      audit::reason_detail(reason), client_address);
        notify(s, updated, "cancelled");
        if (refresh_outlook(s, b.profile_id, now_seconds())) content_version::raise(s);
        return updated;
    });
}

BookingOutcome<Booking> Consultations::cancel(const Actor& actor, const CancelRequest& request) {
    const auto b = get(actor, request.id);
    policy::require_visible(actor.who, Action::cancel_booking, booking_record(b));
    limiter_.hit(security::rate_rules::booking_change_per_user, std::to_string(actor.user_id()));
    if (b.status != "booked") return refusal(Code::already_cancelled, "This consultation was already cancelled.");
    if (b.ends_at <= now_seconds()) return refusal(Code::in_the_past, "This consultation has already taken place.");
    return cancel_checked(b, actor.user_id(), request.reason, actor.client_address);
}

int Consultations::cancel_upcoming_of_account(db::Session& s, std::int64_t user_id, const std::string& reason,
                                              std::int64_t now) {
    const auto rows = s.query(
        "SELECT c.id FROM consultations c JOIN specialist_profiles p ON p.id = c.profile_id "
        "WHERE c.status = 'booked' AND c.ends_at > $2 AND (c.member_id = $1 OR p.user_id = $1) ORDER BY c.id",
        {user_id, now});
    for (const auto& r : rows) {
        const auto id = r.integer(0);
        mark_cancelled(s, id, user_id, reason);
        drop_reminders(s, id);
        auto updated = *find_by_id(s, id);
        audit::record(s, user_id, "consultation.cancel", "consultation", std::to_string(id),
                      audit::reason_detail(reason), "");
        notify(s, updated, "cancelled");
        if (refresh_outlook(s, updated.profile_id, now)) content_version::raise(s);
    }
    return static_cast<int>(rows.size());
}

Booking Consultations::movable(const Actor& actor, std::int64_t id) {
    auto b = get(actor, id);
    policy::require(actor.who, Action::reschedule_booking, booking_record(b));
    return b;
}

BookingOutcome<Booking> Consultations::reschedule(const Actor& actor, const RescheduleRequest& request) {
    const auto b = movable(actor, request.id);
    limiter_.hit(security::rate_rules::booking_change_per_user, std::to_string(actor.user_id()));
    const auto now = now_seconds();
    const auto new_start = request.new_start;
    if (b.status != "booked") return refusal(Code::already_cancelled, "This consultation was cancelled.");
    if (b.starts_at <= now) return refusal(Code::in_the_past, "This consultation has already started or taken place.");
    if (new_start <= now) {
        return refusal(Code::invalid, "That time has already passed. Please choose another.", "start");
    }
    if (new_start == b.starts_at) return b;
    try {
        auto outcome = db_.write([&](db::Session& s) -> BookingOutcome<Booking> {
            s.serialize_on("consultations.specialist", b.profile_id);
            auto current = find_by_id(s, b.id);
            if (!current || current->status != "booked") {
                return refusal(Code::already_cancelled, "This consultation was cancelled.");
            }
            auto rules = load_rules(s, b.profile_id);
            // The booking being moved does not stand in its own way.
            const auto state = rules ? slot_state(*rules, new_start, now, busy_near(s, b.profile_id, new_start, b.id))
                                     : SlotState::not_offered;
            if (state == SlotState::not_offered) {
                return refusal(Code::not_available, "That time is not one of this specialist's open slots.", "start");
            }
            if (state == SlotState::taken) return refusal(Code::slot_taken, "");
            move_booking(s, b.id, new_start);
            schedule_reminders(s, b.id, new_start, now);
            auto updated = *find_by_id(s, b.id);
            audit::record(s, actor.user_id(), "consultation.reschedule", "consultation", std::to_string(b.id),
                          rfc3339(b.starts_at) + " -> " + rfc3339(new_start), actor.client_address);
            notify(s, updated, "rescheduled");
            if (refresh_outlook(s, b.profile_id, now)) content_version::raise(s);
            return updated;
        });
        if (!outcome && outcome.refusal().code == Code::slot_taken) return taken_refusal();
        return outcome;
    } catch (const db::ConstraintViolation&) {
        return taken_refusal();
    }
}

std::vector<Booking> Consultations::mine(const Actor& actor) {
    policy::require(actor.who, Action::view_booking);
    return db_.read([&](db::Session& s) { return list_for_user(s, actor.user_id()); });
}

Booking Consultations::get(const Actor& actor, std::int64_t id) {
    policy::require(actor.who, Action::view_booking);
    // The query filters by participant; the policy is asked as well.
    auto b = db_.read([&](db::Session& s) { return find_for_participant(s, id, actor.user_id()); });
    if (!b) throw not_found_booking();
    policy::require_visible(actor.who, Action::view_booking, booking_record(*b));
    return *b;
}

static CalendarEvent event_for(const Booking& b, const BookingSettings& settings) {
    const auto& base_url = settings.base_url;
    CalendarEvent e;
    e.uid = fmt::format("consultation-{}@hearth", b.id);
    e.sequence = b.sequence;
    e.start = b.starts_at;
    e.end = b.ends_at;
    e.stamp = now_seconds();
    e.summary = "Free consultation: " + b.member_name + " and " + b.specialist_name;
    // One file for both participants: the link or the address, never the phone number.
    const auto facts = meeting_facts(b, base_url);
    e.description = calendar_description(facts);
    e.location = calendar_location(facts);
    // The specialist organises it, by name; the address is Hearth's own, so
    // a calendar file never hands the member the specialist's account e-mail
    // (a reply to the invitation reaches Hearth, not the specialist).
    e.organizer_name = b.specialist_name;
    e.organizer_email = settings.organizer_address;
    e.attendee_name = b.member_name;
    e.attendee_email = b.member_email;
    // The link to join where there is one, else the booking in Hearth.
    e.url = b.mode == MeetingKind::video && !b.mode_detail.empty() ? b.mode_detail : base_url + "/consultations";
    e.cancelled = b.status == "cancelled";
    return e;
}

std::string Consultations::ics(const Actor& actor, std::int64_t id) {
    return make_ics(event_for(get(actor, id), settings_));
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

BookingOutcome<Booking> Consultations::cancel_by_link(std::int64_t id, const std::string& party,
                                                      const std::string& signature, const std::string& reason,
                                                      const std::string& client_address) {
    auto b = booking_for_link(id, party, signature);
    if (!b) throw Error::not_found("This link has expired, or the consultation was already changed or cancelled.");
    const auto by = party == "member" ? b->member_id : b->specialist_user_id;
    limiter_.hit(security::rate_rules::booking_change_per_user, std::to_string(by));
    return cancel_checked(*b, by, reason, client_address);
}

namespace {

// One side of a booking as an e-mail speaks to them: the values of the
// templates/emails/consultation_* templates.
struct Recipient {
    Party party;
    std::string email;
    boost::json::object data;
};

std::array<Recipient, 2> recipients(const Booking& b, const std::string& base_url) {
    auto make = [&](Party party) {
        const bool member = party == Party::member;
        const auto& stored = member ? b.member_timezone : b.specialist_timezone;
        const std::string zone = valid_timezone(stored) ? stored : "UTC";
        // The note and a cancel reason stay in Hearth: e-mail says one was
        // written and links to it (journey 8 of issue 10).
        const bool note = !member && !b.note.empty();
        const auto viewer = member ? b.member_id : b.specialist_user_id;
        return Recipient{party, member ? b.member_email : b.specialist_email,
                         boost::json::object{{"name", member ? b.member_name : b.specialist_name},
                                             {"other", member ? b.specialist_name : b.member_name},
                                             {"when", local_time(b.starts_at, zone).human},
                                             {"zone", zone_label(zone) + " time"},
                                             {"has_note", note},
                                             {"member_name", b.member_name},
                                             {"has_reason", !b.cancel_reason.empty()},
                                             {"how", meeting_json(b, viewer, base_url, true)},
                                             {"consultations_url", base_url + "/consultations"}}};
    };
    return {make(Party::member), make(Party::specialist)};
}

// RFC 5545 text is UTF-8 (3.1.4); METHOD tells mail clients what to do with it (RFC 6047 2.4).
mail::Attachment calendar_attachment(const Booking& b, const BookingSettings& settings) {
    return mail::Attachment{"consultation.ics",
                            b.status == "cancelled" ? "text/calendar; charset=utf-8; method=CANCEL"
                                                    : "text/calendar; charset=utf-8; method=REQUEST",
                            make_ics(event_for(b, settings))};
}

}  // namespace

void Consultations::notify(db::Session& s, const Booking& b, std::string_view what) {
    const auto attachment = calendar_attachment(b, settings_);
    const auto name = "consultation_" + std::string(what);  // booked, rescheduled, cancelled
    for (auto& to : recipients(b, settings_.base_url)) {
        to.data["cancel_link"] = cancel_link(b, to.party);
        auto email = mail::from_template(templates_, name, to.data, to.email);
        email.attachment = attachment;
        mail::enqueue(s, email);
    }
}

int Consultations::send_due_reminders() {
    return db_.write([&](db::Session& s) {
        auto due = claim_due_reminders(s, now_seconds());
        for (const auto& [id, kind] : due) {
            auto b = find_by_id(s, id);
            if (!b) continue;
            const auto attachment = calendar_attachment(*b, settings_);
            for (auto& to : recipients(*b, settings_.base_url)) {
                to.data["cancel_link"] = cancel_link(*b, to.party);
                to.data["tomorrow"] = kind == "24h";
                auto email = mail::from_template(templates_, "consultation_reminder", to.data, to.email);
                email.attachment = attachment;
                mail::enqueue(s, email);
            }
        }
        return static_cast<int>(due.size());
    });
}

bool Consultations::refresh_outlook(db::Session& s, std::int64_t profile_id, std::int64_t now) {
    const auto row = load_outlook(s, profile_id);
    if (!row) return false;
    const auto rules = load_rules(s, profile_id);
    // Seen from a little ahead: the time shown stays open until the next
    // maintenance round has moved on to the one after it.
    const auto ahead = now + outlook_lookahead_seconds;
    Outlook o;
    o.recheck_at = std::numeric_limits<std::int64_t>::max();  // no hours: nothing changes with time
    if (rules && valid_timezone(rules->timezone)) {
        o = outlook_of(s, profile_id, *rules, ahead);
    } else if (rules) {
        o.recheck_at = now + empty_recheck_seconds;  // a zone the system no longer knows: no slots for now
    }
    save_outlook(s, profile_id, o.next_open, o.recheck_at);
    const bool changed = o.next_open != row->next_open_at;
    if (row->offers && o.next_open.has_value() != row->next_open_at.has_value()) {
        specialists::index_profiles(s, profile_id, profile_id);  // its "free:1" facet follows
    }
    if (!o.ran_out && row->notice_at) {
        set_run_out_notice(s, profile_id, std::nullopt);  // open again: a later run-out is told again
    } else if (o.ran_out && !row->notice_at && row->offers && row->listed && rules && !rules->weekly.empty()) {
        boost::json::object data{{"name", row->full_name},
                                 {"has_later", o.next_open.has_value()},
                                 {"later", o.next_open ? local_time(*o.next_open, rules->timezone).human : ""},
                                 {"zone", zone_label(rules->timezone) + " time"},
                                 {"hours_url", settings_.base_url + "/account/profile/hours"}};
        mail::enqueue(s, mail::from_template(templates_, "specialist_hours_ran_out", data, row->email));
        set_run_out_notice(s, profile_id, now);
    }
    return changed;
}

int Consultations::refresh_due_outlooks() {
    return db_.write([&](db::Session& s) {
        const auto now = now_seconds();
        int changed = 0;
        for (auto id : outlooks_due(s, now + outlook_lookahead_seconds, max_outlooks_per_run)) {
            if (refresh_outlook(s, id, now)) ++changed;
        }
        if (changed > 0) content_version::raise(s);
        return changed;
    });
}

}  // namespace hearth::consultations
