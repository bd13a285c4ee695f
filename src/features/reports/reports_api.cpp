#include "features/reports/reports_api.hpp"

#include <boost/json/array.hpp>
#include <charconv>

#include "core/time_format.hpp"
#include "features/common/page_query.hpp"
#include "http/input.hpp"

namespace hearth::reports {

boost::json::object report_json(const Report& r) {
    boost::json::object o{{"id", r.id},
                          {"target_type", r.target_type},
                          {"target_id", r.target_id},
                          {"reason", r.reason},
                          {"note", r.note},
                          {"status", r.status},
                          {"status_label", status_label(r.status)},
                          {"created_at", rfc3339(r.created_at)},
                          // What the admin did is theirs to know: "suspend"
                          // would tell a reporter about another person's
                          // account. The status says enough.
                          {"action", nullptr}};
    if (r.resolved_at) {
        o["resolved_at"] = rfc3339(*r.resolved_at);
    } else {
        o["resolved_at"] = nullptr;
    }
    return o;
}

FileReport file_report_from(http::Input& in) {
    FileReport r;
    r.target_type = in.text("target_type");
    r.target_id = in.integer("target_id");
    r.reason = in.text("reason");
    r.note = in.raw("note");
    return r;
}

ReportOutcome<Resolved> resolve_from(ReportsDesk& desk, http::Request& req) {
    const auto id = path_id(req, "id");
    http::Input in(req);
    const auto action = in.text("action");
    auto reason = in.raw("reason");
    in.check();
    return desk.resolve(req.actor(), id, action, std::move(reason));
}

Error as_error(const ReportRefusal& refusal) {
    using Code = ReportRefusal::Code;
    const auto& first = refusal.fields.front();
    switch (refusal.code) {
        case Code::unsupported_target: return Error(422, "unsupported_target", first.message, first.field);
        case Code::unsupported_action: return Error(422, "unsupported_action", first.message, first.field);
        case Code::already_resolved: return Error::conflict("already_resolved", first.message, first.field);
        case Code::not_suspended: return Error::conflict("not_suspended", first.message, first.field);
        case Code::invalid_fields: break;
    }
    return Error::invalid_fields(refusal.fields);
}

std::int64_t path_id(const http::Request& req, std::string_view name) { return req.path_id(name); }

namespace {

// For an admin: the report with who made it (null for Hearth's own flags).
boost::json::object admin_report_json(const Report& r) {
    auto o = report_json(r);
    if (!r.action.empty()) o["action"] = r.action;
    if (r.flagged_by_hearth()) {
        o["reporter"] = nullptr;
    } else {
        o["reporter"] = boost::json::object{{"id", r.reporter_id}, {"name", r.reporter_name}};
    }
    o["flagged_by_hearth"] = r.flagged_by_hearth();
    return o;
}

boost::json::value author_json(const std::optional<Author>& a) {
    if (!a) return nullptr;
    return boost::json::object{{"id", a->id}, {"name", a->name}, {"suspended", a->suspended}};
}

// The item as it is now; the text is null when it cannot be opened.
boost::json::object item_json(const TargetView& v, const std::optional<Author>& author) {
    return {{"title", v.title},
            {"text", v.readable ? boost::json::value(v.text) : boost::json::value(nullptr)},
            {"readable", v.readable},
            {"author", author_json(author)},
            {"public_path", v.public_path.empty() ? boost::json::value(nullptr) : boost::json::value(v.public_path)},
            {"hidden", v.hidden},
            {"hidden_reason", v.hidden ? boost::json::value(v.hidden_reason) : boost::json::value(nullptr)}};
}

// A reported message in the shape the queue has always given it.
boost::json::object message_json(std::int64_t id, const TargetView& v, const std::optional<Author>& author) {
    return {{"id", id},
            {"sender", boost::json::object{{"id", v.author_id}, {"name", author ? author->name : ""}}},
            {"body", v.readable ? boost::json::value(v.text) : boost::json::value(nullptr)},
            {"readable", v.readable}};
}

}  // namespace

http::Response ReportsApi::report(http::Request& req) {
    http::Input in(req);
    auto r = file_report_from(in);
    in.check();
    auto outcome = desk_.file(req.actor(), std::move(r));
    if (!outcome) throw as_error(outcome.refusal());
    return http::json(outcome->created ? 201 : 200, report_json(outcome->report));
}

http::Response ReportsApi::own(http::Request& req) {
    const auto page = paging::from_query(req);
    const auto list = desk_.own_reports(req.actor(), page);
    boost::json::array items;
    for (const auto& r : list.items) items.push_back(report_json(r));
    return http::json(200, paging::list_json(std::move(items), list.total, page));
}

http::Response ReportsApi::queue(http::Request& req) {
    const auto page = paging::from_query(req);
    std::string status(req.query_param("status"));
    if (status.empty()) status = "open";
    const auto q = desk_.queue(req.actor(), status, page);
    boost::json::array items;
    for (const auto& item : q.items) {
        boost::json::array reports;
        for (const auto& r : item.group.reports) reports.push_back(admin_report_json(r));
        boost::json::object o{{"target_type", item.group.target_type},
                              {"target_id", item.group.target_id},
                              {"latest_report_at", rfc3339(item.group.latest_at)},
                              {"flagged_by_hearth", item.flagged_by_hearth},
                              {"can_hide", item.can_hide},
                              {"reports", std::move(reports)}};
        if (item.view) {
            o["item"] = item_json(*item.view, item.author);
        } else {
            o["item"] = nullptr;
        }
        if (item.view && item.group.target_type == "message") {
            o["message"] = message_json(item.group.target_id, *item.view, item.author);
        } else {
            o["message"] = nullptr;
        }
        items.push_back(std::move(o));
    }
    return http::json(200, paging::list_json(std::move(items), q.total, page));
}

http::Response ReportsApi::message(http::Request& req) {
    const auto id = path_id(req, "id");
    const auto found = desk_.reported_item(req.actor(), "message", id);
    boost::json::array reports;
    for (const auto& r : found.reports) reports.push_back(admin_report_json(r));
    return http::json(200, boost::json::object{{"message", message_json(id, found.view, found.author)},
                                               {"item", item_json(found.view, found.author)},
                                               {"reports", std::move(reports)}});
}

http::Response ReportsApi::resolve(http::Request& req) {
    auto outcome = resolve_from(desk_, req);
    if (!outcome) throw as_error(outcome.refusal());
    const auto& resolved = outcome.value();
    auto body = admin_report_json(resolved.report);
    body["resolved_count"] = resolved.resolved;
    return http::json(200, body);
}

http::Response ReportsApi::lift_suspension(http::Request& req) {
    auto outcome = desk_.lift_suspension(req.actor(), path_id(req, "id"));
    if (!outcome) throw as_error(outcome.refusal());
    return http::json(200, boost::json::object{{"user_id", outcome->user_id}, {"suspended", false}});
}

}  // namespace hearth::reports
