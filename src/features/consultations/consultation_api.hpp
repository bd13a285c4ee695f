#pragma once
// /api/v1 for availability, slots and bookings.
#include "features/consultations/consultations.hpp"
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
    Consultations& consultations_;
};

// The {id} path parameter; 404 when it is not a positive number.
std::int64_t booking_id(const http::Request& req);
// ?tz=Area/City when valid, else "" (422 when given but unknown).
std::string requested_timezone(const http::Request& req);

}  // namespace hearth::consultations
