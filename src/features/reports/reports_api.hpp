#pragma once
// Reports as JSON (/api/v1): filing one, one's own, the admins' queue, its
// actions, and lifting an account's suspension. Shapes in docs/openapi.yaml
// (Report, ReportedItem, ReportQueueItem).
#include <cstdint>

#include <boost/json/object.hpp>

#include "features/reports/reports.hpp"
#include "http/input.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::reports {

// A report as its reporter sees it: {"id","target_type","target_id",
// "reason","note","status","status_label","action","created_at",
// "resolved_at"}, with "action" always null (what the admin did, e.g.
// "suspend", is in admin answers only).
boost::json::object report_json(const Report& r);
// ReportRefusal -> Error 422: "invalid" (all fields), "unsupported_target"
// on target_type, "unsupported_action" on action; 409 "already_resolved",
// "not_suspended".
Error as_error(const ReportRefusal& refusal);
// The report a form or JSON body files: target_type, target_id, reason and
// note (the note as written; the desk checks it). Reads only: the caller
// reads any other fields, then calls in.check().
FileReport file_report_from(http::Input& in);
// Resolves the report named by the path parameter "id" with the request's
// "action" and "reason" (the API's and the admin form's fields alike).
// Refusals come back as values (the API turns them into errors with
// as_error; the admin form says "already resolved" kindly); Error 404 for
// an unknown report, 422 for unreadable fields.
ReportOutcome<Resolved> resolve_from(ReportsDesk& desk, http::Request& req);
// A positive whole number from the path parameter `name`; 404 otherwise.
std::int64_t path_id(const http::Request& req, std::string_view name);

class ReportsApi {
public:
    explicit ReportsApi(ReportsDesk& desk) : desk_(desk) {}

    http::Response report(http::Request& req);   // POST /api/v1/reports -> 201 (200: reported before)
    http::Response own(http::Request& req);      // GET /api/v1/me/reports
    http::Response queue(http::Request& req);    // GET /api/v1/admin/reports?status=open|dismissed|actioned
    http::Response message(http::Request& req);  // GET /api/v1/admin/reports/messages/{id}
    http::Response resolve(http::Request& req);  // POST /api/v1/admin/reports/{id}/resolve {"action","reason"}
    // DELETE /api/v1/admin/users/{id}/suspension -> 200 {"user_id","suspended":false}
    http::Response lift_suspension(http::Request& req);

private:
    ReportsDesk& desk_;
};

}  // namespace hearth::reports
