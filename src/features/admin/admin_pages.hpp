#pragma once
// The admin area: for now the audit log of sensitive actions, as a page and
// as JSON. Licence verification and moderation join it as they are built.
#include "db/database.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::admin {

class AdminPages {
public:
    AdminPages(db::Database& db, const render::View& view) : db_(db), view_(view) {}

    http::Response dashboard(http::Request& req);   // GET /admin
    http::Response audit_log_api(http::Request& req);  // GET /api/v1/admin/audit-log

private:
    db::Database& db_;
    const render::View& view_;
};

}  // namespace hearth::admin
