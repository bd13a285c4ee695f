#include "features/reports/reports.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/field_checks.hpp"
#include "features/common/audit.hpp"
#include "features/common/policy.hpp"

namespace hearth::reports {

namespace {

using policy::Action;

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::ranges::find(list, value) != list.end();
}

ReportRefusal refusal(ReportRefusal::Code code, std::string field, std::string message) {
    return ReportRefusal{code, {FieldError{std::move(field), std::move(message)}}};
}

}  // namespace

std::string_view reason_label(std::string_view reason) {
    if (reason == "harassment") return "Harassment";
    if (reason == "spam") return "Spam";
    if (reason == "self_harm_concern") return "Worry about self-harm";
    if (reason == "other") return "Something else";
    return "";
}

ReportOutcome<Filed> ReportsDesk::file(const Actor& actor, FileReport r) {
    const auto& who = actor.who;
    policy::require(who, Action::report_content);
    FieldChecks check;
    if (!one_of(target_types, r.target_type)) {
        check.fail("target_type", "Say what you are reporting: question, answer, message, article or profile.");
    }
    if (!r.target_id || *r.target_id <= 0) check.fail("target_id", "Say which item you are reporting.");
    if (!one_of(reasons, r.reason)) {
        check.fail("reason", "Choose a reason: harassment, spam, self_harm_concern or other.");
    }
    check.text("note", "Your note", r.note, max_note_chars);
    if (!check.ok()) return ReportRefusal{ReportRefusal::Code::invalid_fields, std::move(check).take()};
    if (r.target_type != "message") {
        return refusal(ReportRefusal::Code::unsupported_target, "target_type",
                       "Only messages can be reported for now.");
    }
    const auto id = *r.target_id;

    // Only a participant who did not write the message may report it; for
    // anyone else it does not exist (404), and nothing is saved.
    const auto earlier = [&]() {
        return db_.read([&](db::Session& s) -> std::optional<Report> {
            const auto parties = messages::message_parties(s, id);
            if (!parties) throw Error::not_found("We could not find that message.");
            const policy::Record record{parties->sender_id, parties->is_participant(who.user_id) ? who.user_id : 0};
            policy::require_visible(who, Action::report_content, record);
            return find_by_reporter(s, who.user_id, "message", id);
        });
    };
    if (auto first = earlier()) return Filed{*first, false};
    limiter_.hit(security::rate_rules::report_per_user, std::to_string(who.user_id));
    try {
        auto saved = db_.write([&](db::Session& s) {
            const auto report_id = insert_report(s, who.user_id, "message", id, r.reason, r.note, now_seconds());
            return *find_report(s, report_id);
        });
        return Filed{std::move(saved), true};
    } catch (const db::ConstraintViolation&) {
        // Reported twice at once: the other request's report stands.
        if (auto first = earlier()) return Filed{*first, false};
        throw;
    }
}

ReportList ReportsDesk::own_reports(const Actor& actor, const paging::Page& page) {
    policy::require(actor.who, Action::report_content);
    return db_.read([&](db::Session& s) { return list_own_reports(s, actor.who.user_id, page); });
}

std::optional<messages::ReportedMessage> ReportsDesk::open_for_admin(db::Session& s, const Actor& actor,
                                                                     std::int64_t message_id) {
    auto message = messages::open_reported_message(s, keys_, message_id);
    if (message) {
        // Who read which message, and when: never what it said.
        audit::record(s, actor.who.user_id, "report.view_message", "message", std::to_string(message_id), "",
                      actor.client_address);
    }
    return message;
}

Queue ReportsDesk::queue(const Actor& actor, const std::string& status, const paging::Page& page) {
    policy::require(actor.who, Action::view_reports);
    if (status != "open" && status != "dismissed" && status != "actioned") {
        throw Error::invalid("status", "Choose open, dismissed or actioned.");
    }
    return db_.write([&](db::Session& s) {
        auto groups = list_groups(s, status, page);
        Queue q;
        q.total = groups.total;
        for (auto& g : groups.groups) {
            QueueItem item{std::move(g), std::nullopt};
            if (item.group.target_type == "message") item.message = open_for_admin(s, actor, item.group.target_id);
            q.items.push_back(std::move(item));
        }
        return q;
    });
}

ReportedMessageView ReportsDesk::reported_message(const Actor& actor, std::int64_t message_id) {
    policy::require(actor.who, Action::view_reports);
    return db_.write([&](db::Session& s) {
        auto message = open_for_admin(s, actor, message_id);
        if (!message) throw Error::not_found("We could not find a reported message with that id.");
        return ReportedMessageView{std::move(*message), list_target_reports(s, "message", message_id)};
    });
}

ReportOutcome<Resolved> ReportsDesk::resolve(const Actor& actor, std::int64_t report_id, const std::string& action,
                                             std::string reason) {
    policy::require(actor.who, Action::view_reports);
    FieldChecks check;
    check.text("reason", "Reason", reason, max_resolution_chars);
    if (!check.ok()) return ReportRefusal{ReportRefusal::Code::invalid_fields, std::move(check).take()};
    auto found = db_.read([&](db::Session& s) { return find_report(s, report_id); });
    if (!found) throw Error::not_found("We could not find that report.");
    if (!one_of(message_actions, action)) {
        if (action == "hide" || action == "restore" || action == "suspend") {
            return refusal(ReportRefusal::Code::unsupported_action, "action",
                           "For a message, choose dismiss or actioned: hiding and suspending are not available yet.");
        }
        return refusal(ReportRefusal::Code::invalid_fields, "action", "Choose dismiss or actioned.");
    }
    const std::string status = action == "dismiss" ? "dismissed" : "actioned";
    return db_.write([&](db::Session& s) -> ReportOutcome<Resolved> {
        // Only open reports change; when none did (resolved before, or by
        // another admin at the same moment) nothing is audited either.
        const auto n = resolve_target(s, found->target_type, found->target_id, status, reason, actor.who.user_id,
                                      now_seconds());
        if (n == 0) {
            return refusal(ReportRefusal::Code::already_resolved, "action",
                           "These reports were already resolved: nothing was changed.");
        }
        audit::record(s, actor.who.user_id, "report.resolve", found->target_type, std::to_string(found->target_id),
                      "action: " + action + ", " + audit::reason_detail(reason), actor.client_address);
        return Resolved{*find_report(s, report_id), n};
    });
}

}  // namespace hearth::reports
