#include "features/consultations/consultation_api.hpp"

#include <boost/json/array.hpp>
#include <charconv>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "http/input.hpp"

namespace hearth::consultations {

namespace bh = boost::beast::http;

std::int64_t booking_id(const http::Request& req) {
    return req.path_id("id", "We could not find that consultation.");
}

std::string requested_timezone(const http::Request& req) {
    auto tz = req.query_param("tz");
    if (tz.empty()) return {};
    if (!valid_timezone(tz)) throw Error::invalid("tz", "Unknown time zone: use an IANA name like Europe/Berlin.");
    return tz;
}

http::Response refusal_json(const BookingRefusal& refusal, const std::string& tz, bool other_slots) {
    boost::json::object error{{"code", code_name(refusal.code)}, {"message", refusal.message}};
    if (refusal.field.empty()) {
        error["field"] = nullptr;
    } else {
        error["field"] = refusal.field;
    }
    boost::json::object body{{"error", std::move(error)}};
    if (other_slots && refusal.code == BookingRefusal::Code::slot_taken) {
        boost::json::array others;
        for (const auto& slot : refusal.other_slots) others.push_back(slot_json(slot, tz));
        body["other_slots"] = std::move(others);
    }
    return http::json(status_of(refusal.code), body);
}

namespace {

std::int64_t time_param(const http::Request& req, std::string_view name, std::int64_t fallback) {
    auto text = req.query_param(name);
    if (text.empty()) return fallback;
    auto t = parse_rfc3339(text);
    if (!t) throw Error::invalid(std::string(name), "Write times like 2026-03-08T14:30:00Z.");
    return *t;
}

// A text member of the JSON body exactly as sent: what it may hold (length,
// control characters) is the service's rule, not this handler's.
std::string body_text(const http::Request& req, std::string_view name, http::Input& input) {
    const auto* v = req.json().if_contains(name);
    if (!v || v->is_null()) return {};
    if (!v->is_string()) {
        input.fail(std::string(name), "This must be text.");
        return {};
    }
    return std::string(v->as_string());
}

// An RFC 3339 "start"; records a field error when missing or malformed.
std::int64_t start_field(http::Input& input) {
    const auto text = input.required_text("start", "Start", 40);
    if (text.empty()) return 0;
    const auto start = parse_rfc3339(text);
    if (!start) input.fail("start", "Write the start like 2026-03-08T14:30:00Z.");
    return start.value_or(0);
}

http::Response booking_response(int status, const Booking& b, const http::Request& req, const std::string& tz,
                                const std::string& base_url) {
    return http::json(status,
                      boost::json::object{{"consultation", booking_json(b, req.principal.user_id, tz, base_url)}});
}

}  // namespace

namespace {

AvailabilityRules existing(std::optional<AvailabilityRules> rules) {
    if (!rules) throw Error::invalid("profile", "Please create your profile first.", "no_profile");
    return std::move(*rules);
}

}  // namespace

http::Response ConsultationApi::availability(http::Request& req) {
    return http::json(200, availability_json(existing(consultations_.availability(req.actor()))));
}

http::Response ConsultationApi::set_availability(http::Request& req) {
    const auto actor = req.actor();
    consultations_.check_may_set_availability(actor);
    consultations_.set_availability(actor, parse_availability(req.json()));
    return http::json(200, availability_json(existing(consultations_.availability(actor))));
}

http::Response ConsultationApi::slots(http::Request& req) {
    const auto now = now_seconds();
    const auto from = time_param(req, "from", now);
    const auto to = time_param(req, "to", from + 30 * 86400);
    const auto tz = requested_timezone(req);
    boost::json::array items;
    for (const auto& slot : consultations_.open_slots_for(req.path_param("slug"), from, to)) {
        items.push_back(slot_json(slot, tz));
    }
    return http::json(200, boost::json::object{{"items", std::move(items)}});
}

http::Response ConsultationApi::book(http::Request& req) {
    const auto actor = req.actor();
    consultations_.check_may_book(actor);
    http::Input input(req);
    BookingRequest r;
    r.specialist_slug = input.required_text("specialist", "Specialist", 200);
    r.start = start_field(input);
    r.note = body_text(req, "note", input);
    r.phone = body_text(req, "phone", input);
    const auto tz = input.text("tz");
    r.timezone = tz.empty() ? "UTC" : tz;
    if (auto key = input.text("idempotency_key"); !key.empty()) r.idempotency_key = key;
    input.check();
    auto outcome = consultations_.book(actor, r);
    if (!outcome) return refusal_json(outcome.refusal(), tz, true);
    return booking_response(outcome->created ? 201 : 200, outcome->booking, req, tz, base_url());
}

http::Response ConsultationApi::list(http::Request& req) {
    const auto tz = requested_timezone(req);
    boost::json::array items;
    for (const auto& b : consultations_.mine(req.actor())) items.push_back(booking_json(b, req.principal.user_id, tz, base_url()));
    const auto total = static_cast<std::int64_t>(items.size());
    return http::json(200, boost::json::object{{"items", std::move(items)}, {"total", total}});
}

http::Response ConsultationApi::show(http::Request& req) {
    return booking_response(200, consultations_.get(req.actor(), booking_id(req)), req, requested_timezone(req),
                            base_url());
}

http::Response ConsultationApi::cancel(http::Request& req) {
    CancelRequest command{booking_id(req), {}};
    if (!req.body().empty()) {
        http::Input input(req);
        command.reason = body_text(req, "reason", input);
        input.check();
    }
    auto outcome = consultations_.cancel(req.actor(), command);
    if (!outcome) return refusal_json(outcome.refusal(), {});
    return booking_response(200, outcome.value(), req, {}, base_url());
}

http::Response ConsultationApi::reschedule(http::Request& req) {
    const auto id = booking_id(req);
    http::Input input(req);
    const auto start = start_field(input);
    input.check();
    auto outcome = consultations_.reschedule(req.actor(), RescheduleRequest{id, start});
    if (!outcome) return refusal_json(outcome.refusal(), {});
    return booking_response(200, outcome.value(), req, {}, base_url());
}

http::Response ConsultationApi::ics(http::Request& req) {
    auto r = http::text(200, consultations_.ics(req.actor(), booking_id(req)), calendar_content_type);
    r.set(bh::field::content_disposition, "attachment; filename=\"consultation.ics\"");
    return r;
}

}  // namespace hearth::consultations
