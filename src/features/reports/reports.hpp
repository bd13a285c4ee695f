#pragma once
// Reports of what people write: a person reports an item they can see and
// did not write, with a reason from a short list; the admins' queue shows
// the reported items in place, grouped by item, and an admin resolves them.
// For now only messages can be reported (the other kinds of item do not
// exist yet: "unsupported_target"). Opening a reported message for an admin
// writes an audit-log entry for each view; a message nobody reported cannot
// be opened at all (messages/message_moderation.hpp).
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
#include "features/messages/message_moderation.hpp"
#include "features/reports/report_store.hpp"
#include "security/message_keys.hpp"
#include "security/rate_limit.hpp"

namespace hearth::reports {

// Why a person reports something: the short list of issue 13 (item 4).
inline constexpr std::array<std::string_view, 4> reasons{"harassment", "spam", "self_harm_concern", "other"};
// "Harassment", "Spam", "Worry about self-harm", "Something else"; "" for another value.
std::string_view reason_label(std::string_view reason);
// What reports.target_type may hold (migration 0014).
inline constexpr std::array<std::string_view, 5> target_types{"question", "answer", "message", "article", "profile"};
// What an admin may do with a report of a message: dismiss it, or mark it
// actioned (dealt with, e.g. the admin wrote to the sender). Hiding content
// and suspending an account come with the features that have them.
inline constexpr std::array<std::string_view, 2> message_actions{"dismiss", "actioned"};

inline constexpr std::size_t max_note_chars = 2000;
inline constexpr std::size_t max_resolution_chars = 1000;

struct ReportRefusal {
    enum class Code {
        invalid_fields,      // 422 "invalid": fields
        unsupported_target,  // 422 on target_type: a kind of item that cannot be reported yet
        unsupported_action,  // 422 on action: an action that does not apply to this item yet
        already_resolved,    // 409 on action: the report was resolved before (by anyone); nothing changed
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

// One item in the queue: its reports and, for a message, its text.
struct QueueItem {
    TargetGroup group;
    std::optional<messages::ReportedMessage> message;
};

struct Queue {
    std::vector<QueueItem> items;
    std::int64_t total = 0;
};

// A reported message opened for an admin, with every report of it.
struct ReportedMessageView {
    messages::ReportedMessage message;
    std::vector<Report> reports;
};

struct Resolved {
    Report report;              // the report asked about, as it is now
    std::int64_t resolved = 0;  // how many open reports of the item this closed
};

class ReportsDesk {
public:
    ReportsDesk(db::Database& db, security::RateLimiter& limiter, security::MessageKeyring& keys)
        : db_(db), limiter_(limiter), keys_(keys) {}

    // Files a report (401 for a visitor). 404 when the item does not exist,
    // or the person may not see it, or wrote it: nothing is saved. The same
    // person reporting the same item again gets their first report back.
    // Counted by rate_rules::report_per_user (429) before saving.
    ReportOutcome<Filed> file(const Actor& actor, FileReport r);
    // The person's own reports with their status, newest first.
    ReportList own_reports(const Actor& actor, const paging::Page& page);

    // The queue (admins; 403 otherwise): items with reports of `status`
    // ("open", "dismissed" or "actioned"; another is 422 on "status"), the
    // most recently reported first. Each message shown is opened, and each
    // opening is written to the audit log.
    Queue queue(const Actor& actor, const std::string& status, const paging::Page& page);
    // One reported message with its reports (admins); 404 for a message
    // nobody reported, and for an unknown id. Audited like queue().
    ReportedMessageView reported_message(const Actor& actor, std::int64_t message_id);
    // Resolves report `report_id` and every other open report of its item:
    // action "dismiss" -> dismissed, "actioned" -> actioned; `reason` (up to
    // 1,000 characters, optional) is kept with the reports and is never in
    // the audit log. 404 for an unknown report; already_resolved (409, not
    // audited) when none of them was open any more.
    ReportOutcome<Resolved> resolve(const Actor& actor, std::int64_t report_id, const std::string& action,
                                    std::string reason);

private:
    std::optional<messages::ReportedMessage> open_for_admin(db::Session& s, const Actor& actor,
                                                            std::int64_t message_id);

    db::Database& db_;
    security::RateLimiter& limiter_;
    security::MessageKeyring& keys_;
};

}  // namespace hearth::reports
