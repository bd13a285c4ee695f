#include "features/admin/admin_pages.hpp"

#include <boost/json/array.hpp>

#include "core/time_format.hpp"
#include "features/common/page_query.hpp"
#include "features/common/policy.hpp"

namespace hearth::admin {

namespace {

struct AuditPage {
    boost::json::array items;
    std::int64_t total = 0;
};

AuditPage load_audit_log(db::Database& db, const paging::Page& page) {
    return db.read([&](db::Session& s) {
        AuditPage out;
        out.total = s.query("SELECT COUNT(*) FROM audit_log").front().integer(0);
        auto rows = s.query(
            // A deleted person's entries name only their pseudonym (migration 0027).
            "SELECT a.id, a.created_at, a.action, a.target_type, a.target_id, a.detail, a.ip, "
            "CASE WHEN a.actor_pseudonym <> '' THEN a.actor_pseudonym ELSE u.email END "
            "FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id "
            "ORDER BY a.id DESC LIMIT $1 OFFSET $2",
            {page.per_page, page.offset()});
        for (const auto& r : rows) {
            out.items.push_back(boost::json::object{{"id", r.integer(0)},
                                                    {"at", rfc3339(r.integer(1))},
                                                    {"action", r.text(2)},
                                                    {"target_type", r.text(3)},
                                                    {"target_id", r.text(4)},
                                                    {"detail", r.text(5)},
                                                    {"ip", r.text(6)},
                                                    {"actor", r.text(7)}});
        }
        return out;
    });
}

}  // namespace

http::Response AdminPages::dashboard(http::Request& req) {
    policy::require(req.principal, policy::Action::view_audit_log);
    auto page = paging::from_query(req);
    auto log = load_audit_log(db_, page);
    boost::json::object data{{"entries", std::move(log.items)}};
    paging::add_links(data, page, log.total, "/admin");
    render::PageMeta meta;
    meta.title = "Administration";
    meta.noindex = true;
    return http::html(200, view_.page(req, "admin/dashboard", std::move(data), meta));
}

http::Response AdminPages::audit_log_api(http::Request& req) {
    policy::require(req.principal, policy::Action::view_audit_log);
    auto page = paging::from_query(req);
    auto log = load_audit_log(db_, page);
    return http::json(200, paging::list_json(std::move(log.items), log.total, page));
}

}  // namespace hearth::admin
