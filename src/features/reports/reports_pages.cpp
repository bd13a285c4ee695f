#include "features/reports/reports_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <ctime>

#include "features/common/page_query.hpp"
#include "features/reports/reports_api.hpp"
#include "http/input.hpp"
#include "http/redirect.hpp"

namespace hearth::reports {

namespace {

// Where a report without a usable return_to ends.
constexpr std::string_view thanks_path = "/reports/thanks";

struct Tab {
    std::string_view status;
    std::string_view label;
};
constexpr Tab tabs[] = {{"open", "Open"}, {"dismissed", "Dismissed"}, {"actioned", "Actioned"}};

std::string when(std::int64_t t) {
    return fmt::format("{:%d %B %Y, %H:%M} UTC", fmt::gmtime(static_cast<std::time_t>(t)));
}

// The target with "done=reported" added to its query: the page it names
// shows "Thank you, we will look at it" (the site's ?done= notices).
std::string with_reported_flag(const std::string& target) {
    const auto hash = target.find('#');
    const std::string path = target.substr(0, hash);
    const std::string fragment = hash == std::string::npos ? "" : target.substr(hash);
    return path + (path.find('?') == std::string::npos ? "?" : "&") + "done=reported" + fragment;
}


std::string count_label(std::size_t n) { return n == 1 ? std::string("1 report") : fmt::format("{} reports", n); }

// One item of the queue as the page shows it: the item in place, its
// reports, and the forms that apply to it.
boost::json::object queue_item_json(const QueueItem& item, bool open_tab) {
    boost::json::array reports;
    for (const auto& r : item.group.reports) {
        reports.push_back(boost::json::object{{"id", r.id},
                                              {"reason_label", reason_label(r.reason)},
                                              {"note", r.note},
                                              {"by_hearth", r.flagged_by_hearth()},
                                              {"reporter_name", r.reporter_name},
                                              {"when", when(r.created_at)}});
    }
    const auto& g = item.group;
    const auto key = g.target_type + "-" + std::to_string(g.target_id);
    const auto resolve_url = "/admin/reports/" + std::to_string(g.reports.front().id) + "/resolve";
    boost::json::object o{{"key", key},
                          {"title", item.view ? item.view->title
                                              : fmt::format("{} {} (no longer there)", g.target_type, g.target_id)},
                          {"count_label", count_label(g.reports.size())},
                          {"flagged_by_hearth", item.flagged_by_hearth},
                          {"reports", std::move(reports)},
                          {"resolve_url", resolve_url}};
    if (item.view) {
        const auto& v = *item.view;
        boost::json::object content{{"text", v.text},
                                    {"unreadable", !v.readable},
                                    {"public_path", v.public_path},
                                    {"hidden", v.hidden},
                                    {"hidden_reason", v.hidden_reason}};
        if (item.author) {
            content["author_name"] = item.author->name;
            content["author_suspended"] = item.author->suspended;
            if (item.author->suspended) {
                content["lift_url"] = "/admin/users/" + std::to_string(item.author->id) + "/lift-suspension";
            }
        }
        o["content"] = std::move(content);
        o["can_restore"] = item.can_hide && v.hidden;
    }
    if (open_tab) {
        boost::json::object form{{"can_hide", item.can_hide && item.view && !item.view->hidden},
                                 {"can_suspend", item.author && !item.author->suspended}};
        o["resolve"] = std::move(form);
    }
    return o;
}

}  // namespace

http::Response ReportsPages::report(http::Request& req) {
    http::Input in(req);
    auto r = file_report_from(in);
    const auto back = http::safe_local_target(in.raw("return_to"), thanks_path);
    in.check();
    auto outcome = desk_.file(req.actor(), std::move(r));
    if (!outcome) throw as_error(outcome.refusal());
    return http::redirect(back == thanks_path ? back : with_reported_flag(back), 303);
}

http::Response ReportsPages::thanks(http::Request& req) {
    render::PageMeta meta;
    meta.title = "Thank you";
    meta.noindex = true;
    return http::html(200, view_.page(req, "reports/thanks", {}, meta));
}

http::Response ReportsPages::queue(http::Request& req) {
    std::string status(req.query_param("status"));
    if (status.empty()) status = "open";
    const auto page = paging::from_query(req);
    const auto q = desk_.queue(req.actor(), status, page);
    boost::json::array tab_views;
    std::string_view current_label;
    for (const auto& t : tabs) {
        if (t.status == status) current_label = t.label;
        tab_views.push_back(boost::json::object{{"label", t.label},
                                                {"url", "/admin/reports?status=" + std::string(t.status)},
                                                {"current", t.status == status}});
    }
    boost::json::array items;
    for (const auto& item : q.items) items.push_back(queue_item_json(item, status == "open"));
    boost::json::object data{{"tabs", std::move(tab_views)},
                             {"tab_label", current_label},
                             {"total", q.total},
                             {"items", std::move(items)},
                             {"has_items", !q.items.empty()}};
    if (req.query_param("done") == "1") data["notice"] = "The reports of that item are resolved.";
    if (req.query_param("done") == "lifted") data["notice"] = "The suspension is lifted: the account can log in again.";
    if (req.query_param("done") == "not_suspended") data["notice"] = "That account was not suspended.";
    if (req.query_param("done") == "already") data["notice"] = "Those reports were already resolved.";
    paging::add_links(data, page, q.total, "/admin/reports?status=" + status);
    render::PageMeta meta;
    meta.title = "Reports";
    meta.noindex = true;
    return http::html(200, view_.page(req, "reports/queue", std::move(data), meta));
}

http::Response ReportsPages::resolve(http::Request& req) {
    auto outcome = resolve_from(desk_, req);
    if (!outcome && outcome.refusal().code == ReportRefusal::Code::already_resolved) {
        // A second click, or another admin first: nothing to do but say so.
        return http::redirect("/admin/reports?done=already", 303);
    }
    if (!outcome) throw as_error(outcome.refusal());
    return http::redirect("/admin/reports?done=1", 303);
}

http::Response ReportsPages::lift_suspension(http::Request& req) {
    auto outcome = desk_.lift_suspension(req.actor(), req.path_id("id"));
    return http::redirect(outcome ? "/admin/reports?done=lifted" : "/admin/reports?done=not_suspended", 303);
}

boost::json::object ReportsPages::account_section(const Actor& actor) {
    const auto list = desk_.own_reports(actor, paging::Page{1, 20});
    boost::json::array items;
    for (const auto& r : list.items) {
        items.push_back(boost::json::object{{"what", fmt::format("{} {}", r.target_type, r.target_id)},
                                            {"reason_label", reason_label(r.reason)},
                                            {"status_label", status_label(r.status)},
                                            {"open", r.status == "open"},
                                            {"when", when(r.created_at)}});
    }
    return boost::json::object{{"items", std::move(items)}, {"has_items", !list.items.empty()}};
}

}  // namespace hearth::reports
