#include "features/reports/report_store.hpp"

namespace hearth::reports {

namespace {

constexpr const char* columns =
    "SELECT r.id, r.reporter_id, r.target_type, r.target_id, r.reason, r.note, r.status, r.created_at, "
    "r.resolved_at, u.display_name, r.action FROM reports r LEFT JOIN users u ON u.id = r.reporter_id";

Report from_row(const db::Row& row) {
    Report r;
    r.id = row.integer(0);
    r.reporter_id = row.optional_integer(1).value_or(0);
    r.target_type = row.text(2);
    r.target_id = row.integer(3);
    r.reason = row.text(4);
    r.note = row.text(5);
    r.status = row.text(6);
    r.created_at = row.integer(7);
    r.resolved_at = row.optional_integer(8);
    r.reporter_name = row.is_null(9) ? "" : row.text(9);
    r.action = row.is_null(10) ? "" : row.text(10);
    return r;
}

std::optional<Report> first(const db::Result& r) {
    if (r.empty()) return std::nullopt;
    return from_row(r.front());
}

}  // namespace

std::int64_t insert_report(db::Session& s, std::int64_t reporter_id, const std::string& target_type,
                           std::int64_t target_id, const std::string& reason, const std::string& note,
                           std::int64_t now) {
    return s
        .query("INSERT INTO reports (reporter_id, target_type, target_id, reason, note, status, created_at) "
               "VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id",
               {reporter_id, target_type, target_id, reason, note, now})
        .front()
        .integer(0);
}

std::optional<Report> find_report(db::Session& s, std::int64_t id) {
    return first(s.query(std::string(columns) + " WHERE r.id = $1", {id}));
}

std::optional<Report> find_by_reporter(db::Session& s, std::int64_t reporter_id, const std::string& target_type,
                                       std::int64_t target_id) {
    return first(s.query(std::string(columns) + " WHERE r.reporter_id = $1 AND r.target_type = $2 AND r.target_id = $3",
                         {reporter_id, target_type, target_id}));
}

ReportList list_own_reports(db::Session& s, std::int64_t reporter_id, const paging::Page& page) {
    ReportList out;
    for (const auto& row : s.query(std::string(columns) +
                                       " WHERE r.reporter_id = $1 ORDER BY r.created_at DESC, r.id DESC"
                                       " LIMIT $2 OFFSET $3",
                                   {reporter_id, page.per_page, page.offset()})) {
        out.items.push_back(from_row(row));
    }
    out.total = s.query("SELECT COUNT(*) FROM reports WHERE reporter_id = $1", {reporter_id}).front().integer(0);
    return out;
}

GroupList list_groups(db::Session& s, const std::string& status, const paging::Page& page) {
    GroupList out;
    const auto targets = s.query(
        "SELECT target_type, target_id, MAX(created_at) AS latest, MAX(id) AS newest, "
        "MAX(CASE WHEN reporter_id IS NULL THEN 1 ELSE 0 END) AS flagged FROM reports WHERE status = $1 "
        "GROUP BY target_type, target_id ORDER BY flagged DESC, latest DESC, newest DESC LIMIT $2 OFFSET $3",
        {status, page.per_page, page.offset()});
    for (const auto& t : targets) {
        TargetGroup g{t.text(0), t.integer(1), t.integer(2), {}};
        for (const auto& row : s.query(std::string(columns) +
                                           " WHERE r.target_type = $1 AND r.target_id = $2 AND r.status = $3"
                                           " ORDER BY r.created_at DESC, r.id DESC",
                                       {g.target_type, g.target_id, status})) {
            g.reports.push_back(from_row(row));
        }
        out.groups.push_back(std::move(g));
    }
    out.total = s.query("SELECT COUNT(*) FROM (SELECT DISTINCT target_type, target_id FROM reports "
                        "WHERE status = $1) AS targets",
                        {status})
                    .front()
                    .integer(0);
    return out;
}

std::vector<Report> list_target_reports(db::Session& s, const std::string& target_type, std::int64_t target_id) {
    std::vector<Report> out;
    for (const auto& row : s.query(std::string(columns) +
                                       " WHERE r.target_type = $1 AND r.target_id = $2"
                                       " ORDER BY r.created_at DESC, r.id DESC",
                                   {target_type, target_id})) {
        out.push_back(from_row(row));
    }
    return out;
}

std::int64_t count_open(db::Session& s, const std::string& target_type, std::int64_t target_id) {
    return s
        .query("SELECT COUNT(*) FROM reports WHERE target_type = $1 AND target_id = $2 AND status = 'open'",
               {target_type, target_id})
        .front()
        .integer(0);
}

std::int64_t resolve_target(db::Session& s, const std::string& target_type, std::int64_t target_id,
                            const std::string& status, const std::string& action, const std::string& resolution,
                            std::int64_t admin_id, std::int64_t now) {
    return s
        .query("UPDATE reports SET status = $1, action = $2, resolution = $3, resolved_by = $4, resolved_at = $5 "
               "WHERE target_type = $6 AND target_id = $7 AND status = 'open'",
               {status, action, resolution, admin_id, now, target_type, target_id})
        .affected();
}

std::int64_t mark_restored(db::Session& s, const std::string& target_type, std::int64_t target_id,
                           const std::string& resolution, std::int64_t admin_id, std::int64_t now) {
    return s
        .query("UPDATE reports SET status = 'dismissed', action = 'restore', resolution = $1, resolved_by = $2, "
               "resolved_at = $3 WHERE target_type = $4 AND target_id = $5 "
               "AND (status = 'open' OR (status = 'actioned' AND action = 'hide'))",
               {resolution, admin_id, now, target_type, target_id})
        .affected();
}

}  // namespace hearth::reports
