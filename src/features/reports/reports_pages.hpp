#pragma once
// Reports on pages: the "Report" form beside an item (POST /reports,
// templates/reports/report_form), the admins' queue (/admin/reports) with
// its actions, and "Your reports" on the account page.
#include <boost/json/object.hpp>

#include "features/reports/reports.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::reports {

class ReportsPages {
public:
    ReportsPages(ReportsDesk& desk, const render::View& view) : desk_(desk), view_(view) {}

    // POST /reports (target_type, target_id, reason, note, return_to): filed
    // (or filed before) -> 303 back to return_to (a local path; else
    // /reports/thanks) with done=reported added, which the page shows as "Thank
    // you, we will look at it"; refused -> the error page naming the field (422),
    // 404 for an item the person may not report.
    http::Response report(http::Request& req);
    http::Response thanks(http::Request& req);   // GET /reports/thanks: "Thank you, we will look at it"
    http::Response queue(http::Request& req);    // GET /admin/reports?status=open|dismissed|actioned&page=
    // POST /admin/reports/{id}/resolve (action, reason): 303 back to the queue.
    http::Response resolve(http::Request& req);
    // POST /admin/users/{id}/lift-suspension: 303 back to the queue.
    http::Response lift_suspension(http::Request& req);
    // "Your reports" for the account page (AccountPages::add_section):
    // {"items":[{"what","reason_label","status_label","open","when"}],
    // "has_items"}, the newest 20.
    boost::json::object account_section(const Actor& actor);

private:
    ReportsDesk& desk_;
    const render::View& view_;
};

}  // namespace hearth::reports
