#pragma once
// The SQL of reports (table reports, migrations 0014 and 0019): one report
// per (reporter, target), Hearth's own flags with no reporter; the admins'
// queue groups them by target.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/common/paging.hpp"

namespace hearth::reports {

// One report. Times are UTC seconds.
struct Report {
    std::int64_t id = 0;
    std::int64_t reporter_id = 0;  // 0: flagged by Hearth itself (reports.reporter_id NULL)
    std::string target_type;  // "question", "answer", "message", "article" or "profile"
    std::int64_t target_id = 0;
    std::string reason;       // one of reasons (reports.hpp)
    std::string note;         // the reporter's optional words
    std::string status;       // "open", "dismissed" or "actioned"
    std::string action;       // what the admin did (reports::actions); "" while open
    std::int64_t created_at = 0;
    std::optional<std::int64_t> resolved_at;
    std::string reporter_name;  // users.display_name, for the queue; "" for Hearth's flags

    bool flagged_by_hearth() const noexcept { return reporter_id == 0; }
};

struct ReportList {
    std::vector<Report> items;
    std::int64_t total = 0;
};

// Reports of one target, for the queue.
struct TargetGroup {
    std::string target_type;
    std::int64_t target_id = 0;
    std::int64_t latest_at = 0;  // the newest report's created_at
    std::vector<Report> reports;  // newest first
};

struct GroupList {
    std::vector<TargetGroup> groups;
    std::int64_t total = 0;  // groups with that status
};

// Inserts an open report; returns its id. Throws db::ConstraintViolation
// (reports_once) when this reporter already reported the target.
std::int64_t insert_report(db::Session& s, std::int64_t reporter_id, const std::string& target_type,
                           std::int64_t target_id, const std::string& reason, const std::string& note,
                           std::int64_t now);
std::optional<Report> find_report(db::Session& s, std::int64_t id);
std::optional<Report> find_by_reporter(db::Session& s, std::int64_t reporter_id, const std::string& target_type,
                                       std::int64_t target_id);
// A reporter's own reports, newest first.
ReportList list_own_reports(db::Session& s, std::int64_t reporter_id, const paging::Page& page);
// The queue: targets with at least one report of `status`, those with a
// flag by Hearth first, then the most recently reported, each with its
// reports of that status.
GroupList list_groups(db::Session& s, const std::string& status, const paging::Page& page);
// Every report of one target, newest first.
std::vector<Report> list_target_reports(db::Session& s, const std::string& target_type, std::int64_t target_id);
// How many reports of the target are open.
std::int64_t count_open(db::Session& s, const std::string& target_type, std::int64_t target_id);
// Sets every open report of the target to `status`, recording `action`;
// returns how many.
std::int64_t resolve_target(db::Session& s, const std::string& target_type, std::int64_t target_id,
                            const std::string& status, const std::string& action, const std::string& resolution,
                            std::int64_t admin_id, std::int64_t now);
// After a restore: the target's open reports and those that hid it become
// dismissed with action "restore"; returns how many.
std::int64_t mark_restored(db::Session& s, const std::string& target_type, std::int64_t target_id,
                           const std::string& resolution, std::int64_t admin_id, std::int64_t now);

}  // namespace hearth::reports
