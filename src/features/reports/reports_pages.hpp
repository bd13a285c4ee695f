#pragma once
// Reports on pages: the "Report" form beside a message (POST /reports) and
// the admins' queue (/admin/reports).
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
    http::Response resolve(http::Request& req);  // POST /admin/reports/{id}/resolve (action, reason)

private:
    ReportsDesk& desk_;
    const render::View& view_;
};

}  // namespace hearth::reports
