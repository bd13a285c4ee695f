#pragma once
// Reports of what people write: a person reports an item they can see and
// did not write, with a reason from a short list; Hearth itself flags items
// (review_flags.hpp); the admins' queue shows the reported items in place,
// grouped by item, and an admin resolves them: hide or restore the item,
// dismiss the reports, or suspend the author's account.
//
// The kinds of item come from the TargetRegistry the application fills
// (moderation_target.hpp); a kind nobody registered is "unsupported_target".
// Opening a private item for an admin (a message: public_path "") writes an
// audit-log entry for each view.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/outcome.hpp"
#include "db/database.hpp"
#include "features/reports/moderation_target.hpp"
#include "features/reports/report_store.hpp"
#include "features/reports/target_registry.hpp"
#include "security/rate_limit.hpp"

namespace hearth::reports {

// Why a person reports something: the short list of issue 13 (item 4).
// Hearth's own flags use "self_harm_concern" (review_flags.hpp).
inline constexpr std::array<std::string_view, 4> reasons{"harassment", "spam", "self_harm_concern", "other"};
// "Harassment", "Spam", "Worry about self-harm", "Something else"; "" for another value.
std::string_view reason_label(std::string_view reason);
// What reports.target_type may hold (migration 0014).
inline constexpr std::array<std::string_view, 5> target_types{"question", "answer", "message", "article", "profile"};
// What an admin may do with the reports of an item (reports.action,
// migration 0019): hide or restore the item (kinds that can_hide() only),
// dismiss the reports, suspend the author's account, or mark them
// "actioned" (dealt with outside Hearth, e.g. the admin wrote to the author).
inline constexpr std::array<std::string_view, 5> actions{"hide", "restore", "dismiss", "suspend", "actioned"};
// What a reporter sees of their report's status: "Open", "Reviewed: no
// action", "Action taken".
std::string_view status_label(std::string_view status);

inline constexpr std::size_t max_note_chars = 2000;
inline constexpr std::size_t max_resolution_chars = 1000;

struct ReportRefusal {
    enum class Code {
        invalid_fields,      // 422 "invalid": fields
        unsupported_target,  // 422 on target_type: a kind of item that cannot be reported (none registered)
        unsupported_action,  // 422 on action: an action that does not apply to this item
        already_resolved,    // 409 on action: the reports were resolved before (by anyone); nothing changed
        not_suspended,       // 409 on user: lifting a suspension that is not there; nothing changed
    };
    Code code = Code::invalid_fields;
    std::vector<FieldError> fields;  // the first names the field
};

template <class T>
using ReportOutcome = Outcome<T, ReportRefusal>;

struct FileReport {
    std::string target_type;
    std::optional<std::int64_t> target_id;
    std::string reason;
    std::string note;  // optional, up to 2,000 characters
};

struct Filed {
    Report report;
    bool created = true;  // false: this person had reported it already (the first report)
};

// The author of a reported item, as the queue shows them.
struct Author {
    std::int64_t id = 0;
    std::string name;
    bool suspended = false;
};

// One item in the queue: its reports and the item as it is now.
struct QueueItem {
    TargetGroup group;
    std::optional<TargetView> view;  // nullopt: gone since it was reported, or its kind is not registered
    std::optional<Author> author;    // nullopt: no account is kept for it
    bool can_hide = false;
    bool flagged_by_hearth = false;  // one of the reports is Hearth's own flag
};

struct Queue {
    std::vector<QueueItem> items;
    std::int64_t total = 0;
};

// A reported item opened for an admin, with every report of it.
struct ReportedItem {
    TargetView view;
    std::optional<Author> author;
    std::vector<Report> reports;
};

struct Resolved {
    Report report;              // the report asked about, as it is now
    std::int64_t resolved = 0;  // how many reports of the item this changed
};

struct SuspensionLifted {
    std::int64_t user_id = 0;
};

class ReportsDesk {
public:
    // `targets` outlives the desk and is complete before the first request.
    ReportsDesk(db::Database& db, security::RateLimiter& limiter, const TargetRegistry& targets)
        : db_(db), limiter_(limiter), targets_(targets) {}

    // Files a report (401 for a visitor). 404 when the item does not exist,
    // or the person may not see it (ModerationTarget::for_reporter), or wrote
    // it: nothing is saved, and "missing" and "not yours to see" look alike.
    // The same person reporting the same item again gets their first report
    // back. Counted by rate_rules::report_per_user (429) before saving.
    ReportOutcome<Filed> file(const Actor& actor, FileReport r);
    // The person's own reports with their status, newest first.
    ReportList own_reports(const Actor& actor, const paging::Page& page);

    // The queue (admins; 403 otherwise): items with reports of `status`
    // ("open", "dismissed" or "actioned"; another is 422 on "status"), those
    // Hearth flagged first, then the most recently reported. Each private
    // item shown is opened, and each opening is written to the audit log.
    Queue queue(const Actor& actor, const std::string& status, const paging::Page& page);
    // One reported item of `target_type` with its reports (admins); 404 for
    // an item nobody reported, an unknown id or an unregistered kind.
    // Audited like queue().
    ReportedItem reported_item(const Actor& actor, std::string_view target_type, std::int64_t id);
    // Resolves report `report_id` with every other report of its item:
    //  - "dismiss" / "actioned": open reports -> dismissed / actioned;
    //  - "hide" (reason required, shown to the author): the item is hidden
    //    (ModerationTarget::set_hidden), open reports -> actioned;
    //  - "restore": a hidden item is shown again, its open reports and those
    //    that hid it -> dismissed (already_resolved when it is not hidden);
    //  - "suspend" (reason required): the author's account is suspended
    //    (no log-in, sessions ended, registry hooks run), open reports ->
    //    actioned; an admin's account is not suspended (unsupported_action).
    // `reason` (up to 1,000 characters) is kept with the reports and is never
    // in the audit log. 404 for an unknown report; unsupported_action for
    // hide/restore on a kind that cannot be hidden; already_resolved (409,
    // not audited) when there was nothing open to resolve.
    ReportOutcome<Resolved> resolve(const Actor& actor, std::int64_t report_id, const std::string& action,
                                    std::string reason);
    // Lifts the suspension of account `user_id` (admins): it may log in
    // again, and the registry's hooks run (its profile is listed again).
    // 404 for an unknown account; not_suspended (409) when it was not.
    ReportOutcome<SuspensionLifted> lift_suspension(const Actor& actor, std::int64_t user_id);

private:
    // The item as an admin sees it; audits the view of a private item.
    std::optional<TargetView> open_for_admin(db::Session& s, const Actor& actor, const ModerationTarget& target,
                                             std::int64_t id);
    ReportOutcome<Resolved> hide_or_restore(db::Session& s, const Actor& actor, const Report& report,
                                            const ModerationTarget& target, bool hide, const std::string& reason);
    ReportOutcome<Resolved> suspend_author(db::Session& s, const Actor& actor, const Report& report,
                                           const ModerationTarget* target, const std::string& reason);

    db::Database& db_;
    security::RateLimiter& limiter_;
    const TargetRegistry& targets_;
};

}  // namespace hearth::reports
