#include "features/consultations/consultation_api.hpp"

#include <boost/json/array.hpp>
#include <charconv>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/policy.hpp"
#include "http/input.hpp"

namespace hearth::consultations {

namespace bh = boost::beast::http;

std::int64_t booking_id(const http::Request& req) {
    auto text = req.path_param("id");
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || p != text.data() + text.size() || id <= 0) {
        throw Error::not_found("We could not find that consultation.");
    }
    return id;
}

std::string requested_timezone(const http::Request& req) {
    auto tz = req.query_param("tz");
    if (tz.empty()) return {};
    if (!valid_timezone(tz)) throw Error::invalid("tz", "Unknown time zone: use an IANA name like Europe/Berlin.");
    return tz;
}

namespace {

std::int64_t time_param(const http::Request& req, std::string_view name, std::int64_t fallback) {
    auto text = req.query_param(name);
    if (text.empty()) return fallback;
    auto t = parse_rfc3339(text);
    if (!t) throw Error::invalid(std::string(name), "Write times like 2026-03-08T14:30:00Z.");
    return *t;
}

http::Response booking_response(int status, const Booking& b, const http::Request& req, const std::string& tz) {
    return http::json(status, boost::json::object{{"consultation", booking_json(b, req.principal.user_id, tz)}});
}

}  // namespace

http::Response ConsultationApi::availability(http::Request& req) {
    return http::json(200, availability_json(consultations_.availability(req.principal)));
}

http::Response ConsultationApi::set_availability(http::Request& req) {
    policy::require(req.principal, policy::Action::edit_profile);
    auto rules = parse_availability(req.json());
    consultations_.set_availability(req.principal, rules, req);
    return http::json(200, availability_json(consultations_.availability(req.principal)));
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
    policy::require(req.principal, policy::Action::book_consultation);
    http::Input input(req);
    BookingRequest r;
    r.specialist_slug = input.required_text("specialist", "Specialist", 200);
    auto start_text = input.required_text("start", "Start", 40);
    r.note = input.optional_text("note", "Note", 2000);
    auto tz = input.text("tz");
    r.timezone = tz.empty() ? "UTC" : tz;
    auto key = input.text("idempotency_key");
    if (!key.empty()) r.idempotency_key = key;
    if (!start_text.empty()) {
        auto start = parse_rfc3339(start_text);
        if (!start) input.fail("start", "Write the start like 2026-03-08T14:30:00Z.");
        else r.start = *start;
    }
    input.check();
    try {
        auto result = consultations_.book(req.principal, r, req);
        return booking_response(result.created ? 201 : 200, result.booking, req, tz);
    } catch (const Error& e) {
        if (e.code() != "slot_taken") throw;
        // Offer other times straight away, so the person is not left stuck.
        boost::json::array others;
        for (const auto& slot : consultations_.suggest_slots(r.specialist_slug, r.start)) {
            others.push_back(slot_json(slot, tz));
        }
        auto body = boost::json::object{
            {"error", boost::json::object{{"code", e.code()}, {"message", e.message()}, {"field", "start"}}},
            {"other_slots", std::move(others)}};
        return http::json(409, body);
    }
}

http::Response ConsultationApi::list(http::Request& req) {
    const auto tz = requested_timezone(req);
    boost::json::array items;
    for (const auto& b : consultations_.mine(req.principal)) items.push_back(booking_json(b, req.principal.user_id, tz));
    const auto total = static_cast<std::int64_t>(items.size());
    return http::json(200, boost::json::object{{"items", std::move(items)}, {"total", total}});
}

http::Response ConsultationApi::show(http::Request& req) {
    return booking_response(200, consultations_.get(req.principal, booking_id(req)), req, requested_timezone(req));
}

http::Response ConsultationApi::cancel(http::Request& req) {
    const auto id = booking_id(req);
    std::string reason;
    if (!req.body().empty()) {
        http::Input input(req);
        reason = input.optional_text("reason", "Reason", 1000);
        input.check();
    }
    return booking_response(200, consultations_.cancel(req.principal, id, reason, req), req, {});
}

http::Response ConsultationApi::reschedule(http::Request& req) {
    const auto id = booking_id(req);
    http::Input input(req);
    auto start_text = input.required_text("start", "Start", 40);
    std::optional<std::int64_t> start;
    if (!start_text.empty()) {
        start = parse_rfc3339(start_text);
        if (!start) input.fail("start", "Write the start like 2026-03-08T14:30:00Z.");
    }
    input.check();
    return booking_response(200, consultations_.reschedule(req.principal, id, *start, req), req, {});
}

http::Response ConsultationApi::ics(http::Request& req) {
    auto r = http::text(200, consultations_.ics(req.principal, booking_id(req)), "text/calendar; charset=utf-8");
    r.set(bh::field::content_disposition, "attachment; filename=\"consultation.ics\"");
    return r;
}

}  // namespace hearth::consultations
