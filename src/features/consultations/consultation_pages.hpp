#pragma once
// The pages of free consultations: choosing a time on a specialist's
// booking page, the list of one's own consultations with cancel, change of
// time and calendar file, the signed cancel link from e-mails, and the
// specialist's weekly hours. Every change goes through Consultations, the
// same service the JSON API uses.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "features/consultations/consultations.hpp"
#include "features/specialists/profiles.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::consultations {

class ConsultationPages {
public:
    ConsultationPages(Consultations& consultations, specialists::Profiles& profiles, const render::View& view,
                      bool secure_cookies)
        : consultations_(consultations), profiles_(profiles), view_(view),
          zone_cookie_(secure_cookies ? "__Host-hearth_tz" : "hearth_tz"), secure_cookies_(secure_cookies) {}

    http::Response book_form(http::Request& req);        // GET /specialists/{slug}/book?tz&page&start
    http::Response book(http::Request& req);             // POST /specialists/{slug}/book
    http::Response list(http::Request& req);             // GET /consultations?tz
    http::Response calendar(http::Request& req);         // GET /consultations/{id}/calendar.ics
    http::Response reschedule_form(http::Request& req);  // GET /consultations/{id}/reschedule?tz&page
    http::Response reschedule(http::Request& req);       // POST /consultations/{id}/reschedule
    // GET: the confirmation page of a signed link from an e-mail (?party&sig).
    http::Response cancel_form(http::Request& req);      // GET /consultations/{id}/cancel
    // POST: with party and sig, a signed link; without, the signed-in participant.
    http::Response cancel(http::Request& req);           // POST /consultations/{id}/cancel

    http::Response availability_form(http::Request& req);  // GET /account/availability
    // POST /account/availability; with wizard=1 (the profile wizard's hours
    // step) a refusal is shown in the wizard and a save goes on to its next step.
    http::Response save_availability(http::Request& req);
    // GET /account/profile/hours: the same form as a step of the profile
    // wizard (specialists::wizard_frame), for specialists who offer free
    // consultations; others go on to the next step.
    http::Response hours_step(http::Request& req);

    // The zone a page shows times in and whether the person chose it.
    struct Zone {
        std::string name = "UTC";
        bool chosen = false;  // from ?tz= or remembered; false lets timezone.js offer the browser's
        std::string error;    // ?tz= named an unknown zone
    };

private:
    // A page's view model, before it is rendered (or shown again after a refusal).
    struct PageData {
        boost::json::object data;
        render::PageMeta meta;
        int status = 200;
    };
    Zone zone_of(const http::Request& req, const std::string& fallback = "UTC") const;
    void remember_zone(http::Response& res, const Zone& zone) const;
    PageData book_page(http::Request& req, const std::string& slug, const Zone& zone,
                       std::optional<std::int64_t> chosen, int page, boost::json::object data);
    http::Response render_list(http::Request& req, boost::json::object data, int status);
    PageData reschedule_page(http::Request& req, const Booking& b, const Zone& zone,
                             std::optional<std::int64_t> chosen, int page, boost::json::object data);
    PageData cancel_link_page(const Booking& b, const std::string& party, const std::string& sig,
                              boost::json::object data);
    http::Response link_expired(http::Request& req);
    struct AvailabilityForm;  // the availability form's fields as text
    // `in_wizard`: inside the profile wizard's hours step.
    http::Response render_availability(http::Request& req, const AvailabilityForm& form,
                                       const std::vector<FieldError>& errors, boost::json::object data, int status,
                                       bool in_wizard = false);
    http::Response page(http::Request& req, int status, std::string_view name, boost::json::object data,
                        std::string title, std::string nav = "account");
    http::Response render(http::Request& req, std::string_view name, PageData p);

    Consultations& consultations_;
    specialists::Profiles& profiles_;
    const render::View& view_;
    std::string zone_cookie_;
    bool secure_cookies_;
};


}  // namespace hearth::consultations
