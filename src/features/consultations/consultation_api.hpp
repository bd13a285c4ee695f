#pragma once
// /api/v1 for availability, slots and bookings: JSON in, typed commands to
// Consultations, results and refusals back as JSON. No rules live here.
#include "features/consultations/consultations.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::consultations {

class ConsultationApi {
public:
    explicit ConsultationApi(Consultations& consultations) : consultations_(consultations) {}

    http::Response availability(http::Request& req);      // GET /api/v1/me/availability
    http::Response set_availability(http::Request& req);  // PUT /api/v1/me/availability
    http::Response slots(http::Request& req);             // GET /api/v1/specialists/{slug}/slots
    http::Response book(http::Request& req);              // POST /api/v1/consultations
    http::Response list(http::Request& req);              // GET /api/v1/consultations
    http::Response show(http::Request& req);              // GET /api/v1/consultations/{id}
    http::Response cancel(http::Request& req);            // POST /api/v1/consultations/{id}/cancel
    http::Response reschedule(http::Request& req);        // POST /api/v1/consultations/{id}/reschedule
    http::Response ics(http::Request& req);               // GET /api/v1/consultations/{id}/ics

private:
    const std::string& base_url() const { return consultations_.base_url(); }
    Consultations& consultations_;
};

// The {id} path parameter; 404 when it is not a positive number.
std::int64_t booking_id(const http::Request& req);
// ?tz=Area/City when valid, else "" (422 when given but unknown).
std::string requested_timezone(const http::Request& req);
// A refusal as the API answers it: its status, {"error":{"code","message",
// "field"}} and, with `other_slots` and for slot_taken, "other_slots"
// (local fields in `tz` when given; POST /api/v1/consultations only).
http::Response refusal_json(const BookingRefusal& refusal, const std::string& tz, bool other_slots = false);
// The Content-Type of .ics downloads: RFC 5545 text is UTF-8.
inline constexpr std::string_view calendar_content_type = "text/calendar; charset=utf-8";

}  // namespace hearth::consultations
