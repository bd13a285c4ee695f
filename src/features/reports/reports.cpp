#include "features/reports/reports.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/field_checks.hpp"
#include "features/accounts/account_store.hpp"
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

ReportRefusal nothing_open() {
    return refusal(ReportRefusal::Code::already_resolved, "action",
                   "These reports were already resolved: nothing was changed.");
}

// The author of an item as the queue shows them; nullopt when no account
// is kept (deleted, or the item names none).
std::optional<Author> author_of(db::Session& s, std::int64_t user_id) {
    if (user_id == 0) return std::nullopt;
    auto user = accounts::find_user_by_id(s, user_id);
    if (!user) return std::nullopt;
    return Author{user->id, user->display_name, user->suspended_at.has_value()};
}

}  // namespace

std::string_view reason_label(std::string_view reason) {
    if (reason == "harassment") return "Harassment";
    if (reason == "spam") return "Spam";
    if (reason == "self_harm_concern") return "Worry about self-harm";
    if (reason == "other") return "Something else";
    return "";
}

std::string_view status_label(std::string_view status) {
    if (status == "open") return "Open";
    if (status == "dismissed") return "Reviewed: no action";
    if (status == "actioned") return "Action taken";
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
    const auto* target = targets_.find(r.target_type);
    if (target == nullptr) {
        return refusal(ReportRefusal::Code::unsupported_target, "target_type",
                       "This kind of item cannot be reported yet.");
    }
    const auto id = *r.target_id;

    // Only someone who may see the item and did not write it may report it;
    // for anyone else it does not exist (404), and nothing is saved.
    const auto earlier = [&]() {
        return db_.read([&](db::Session& s) -> std::optional<Report> {
            const auto view = target->for_reporter(s, who, id);
            const policy::Record record{view ? view->author_id : 0, view ? who.user_id : 0};
            policy::require_visible(who, Action::report_content, record);
            return find_by_reporter(s, who.user_id, r.target_type, id);
        });
    };
    if (auto first = earlier()) return Filed{*first, false};
    limiter_.hit(security::rate_rules::report_per_user, std::to_string(who.user_id));
    try {
        auto saved = db_.write([&](db::Session& s) {
            const auto report_id = insert_report(s, who.user_id, r.target_type, id, r.reason, r.note, now_seconds());
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

std::optional<TargetView> ReportsDesk::open_for_admin(db::Session& s, const Actor& actor,
                                                      const ModerationTarget& target, std::int64_t id) {
    auto view = target.for_admin(s, id);
    if (view && view->public_path.empty()) {
        // A private item (a message) is read only because it was reported:
        // who read which item, and when, never what it said.
        audit::record(s, actor.who.user_id, "report.view_" + std::string(target.type()), std::string(target.type()),
                      std::to_string(id), "", actor.client_address);
    }
    return view;
}

Queue ReportsDesk::queue(const Actor& actor, const std::string& status, const paging::Page& page) {
    policy::require(actor.who, Action::view_reports);
    if (status != "open" && status != "dismissed" && status != "actioned") {
        throw Error::invalid("status", "Choose open, dismissed or actioned.");
    }
    // A write: opening a private item writes its audit entry.
    return db_.write([&](db::Session& s) {
        auto groups = list_groups(s, status, page);
        Queue q;
        q.total = groups.total;
        for (auto& g : groups.groups) {
            QueueItem item;
            item.flagged_by_hearth = std::ranges::any_of(g.reports, [](const Report& r) { return r.flagged_by_hearth(); });
            if (const auto* target = targets_.find(g.target_type)) {
                item.can_hide = target->can_hide();
                item.view = open_for_admin(s, actor, *target, g.target_id);
                if (item.view) item.author = author_of(s, item.view->author_id);
            }
            item.group = std::move(g);
            q.items.push_back(std::move(item));
        }
        return q;
    });
}

ReportedItem ReportsDesk::reported_item(const Actor& actor, std::string_view target_type, std::int64_t id) {
    policy::require(actor.who, Action::view_reports);
    const auto* target = targets_.find(target_type);
    if (target == nullptr) throw Error::not_found("We could not find a reported item with that id.");
    return db_.write([&](db::Session& s) {
        auto reports = list_target_reports(s, std::string(target_type), id);
        // Nothing is opened for an item nobody reported.
        if (reports.empty()) throw Error::not_found("We could not find a reported item with that id.");
        auto view = open_for_admin(s, actor, *target, id);
        if (!view) throw Error::not_found("We could not find a reported item with that id.");
        auto author = author_of(s, view->author_id);
        return ReportedItem{std::move(*view), std::move(author), std::move(reports)};
    });
}

ReportOutcome<Resolved> ReportsDesk::resolve(const Actor& actor, std::int64_t report_id, const std::string& action,
                                             std::string reason) {
    policy::require(actor.who, Action::view_reports);
    auto found = db_.read([&](db::Session& s) { return find_report(s, report_id); });
    if (!found) throw Error::not_found("We could not find that report.");
    FieldChecks check;
    if (!one_of(actions, action)) check.fail("action", "Choose hide, restore, dismiss or suspend.");
    const auto* target = targets_.find(found->target_type);
    const bool hiding = action == "hide" || action == "restore";
    if (check.ok() && hiding && (target == nullptr || !target->can_hide())) {
        return refusal(ReportRefusal::Code::unsupported_action, "action",
                       "This kind of item cannot be hidden: choose dismiss, or suspend its author.");
    }
    // Hiding and suspending tell the author why, so there is always a reason.
    check.text("reason", "The reason", reason, max_resolution_chars, action == "hide" || action == "suspend");
    if (!check.ok()) return ReportRefusal{ReportRefusal::Code::invalid_fields, std::move(check).take()};
    if (hiding || action == "suspend") policy::require(actor.who, Action::moderate);

    return db_.write([&](db::Session& s) -> ReportOutcome<Resolved> {
        // Two admins acting on one item take turns, so the second sees what
        // the first did (nothing open, or the item already hidden).
        s.serialize_on("reports." + found->target_type, found->target_id);
        // Only open reports change (restore aside); when none did (resolved
        // before, or by another admin at the same moment) nothing is
        // audited either.
        ReportOutcome<Resolved> done = nothing_open();
        if (hiding) {
            done = hide_or_restore(s, actor, *found, *target, action == "hide", reason);
        } else if (action == "suspend") {
            done = suspend_author(s, actor, *found, target, reason);
        } else {
            const std::string status = action == "dismiss" ? "dismissed" : "actioned";
            const auto n = resolve_target(s, found->target_type, found->target_id, status, action, reason,
                                          actor.who.user_id, now_seconds());
            if (n > 0) done = Resolved{Report{}, n};
        }
        if (!done) return done;
        audit::record(s, actor.who.user_id, "report.resolve", found->target_type, std::to_string(found->target_id),
                      "action: " + action + ", " + audit::reason_detail(reason), actor.client_address);
        done.value().report = *find_report(s, report_id);
        return done;
    });
}

ReportOutcome<Resolved> ReportsDesk::hide_or_restore(db::Session& s, const Actor& actor, const Report& report,
                                                     const ModerationTarget& target, bool hide,
                                                     const std::string& reason) {
    const auto now = now_seconds();
    const auto view = target.for_admin(s, report.target_id);
    if (!view) throw Error::not_found("That item is no longer there.");
    if (hide) {
        if (count_open(s, report.target_type, report.target_id) == 0) return nothing_open();
        target.set_hidden(s, report.target_id, Hide{actor.who.user_id, now, reason});
        return Resolved{Report{}, resolve_target(s, report.target_type, report.target_id, "actioned", "hide", reason,
                                                 actor.who.user_id, now)};
    }
    if (!view->hidden) {
        return refusal(ReportRefusal::Code::already_resolved, "action",
                       "This item is not hidden: nothing was changed.");
    }
    target.set_hidden(s, report.target_id, std::nullopt);
    return Resolved{Report{}, mark_restored(s, report.target_type, report.target_id, reason, actor.who.user_id, now)};
}

ReportOutcome<Resolved> ReportsDesk::suspend_author(db::Session& s, const Actor& actor, const Report& report,
                                                    const ModerationTarget* target, const std::string& reason) {
    if (count_open(s, report.target_type, report.target_id) == 0) return nothing_open();
    const auto view = target != nullptr ? target->for_admin(s, report.target_id) : std::nullopt;
    const auto author = view ? accounts::find_user_by_id(s, view->author_id) : std::nullopt;
    if (!author) {
        return refusal(ReportRefusal::Code::unsupported_action, "action",
                       "No account is kept for whoever wrote this: dismiss the reports instead.");
    }
    if (author->role == Role::admin) {
        return refusal(ReportRefusal::Code::unsupported_action, "action",
                       "An administrator's account cannot be suspended from the reports queue.");
    }
    const auto now = now_seconds();
    if (accounts::suspend_account(s, author->id, actor.who.user_id, reason, now)) {
        targets_.suspension_changed(s, author->id);
        targets_.suspended(s, author->id);
        audit::record(s, actor.who.user_id, "account.suspend", "user", std::to_string(author->id),
                      audit::reason_detail(reason), actor.client_address);
    }
    return Resolved{Report{}, resolve_target(s, report.target_type, report.target_id, "actioned", "suspend", reason,
                                             actor.who.user_id, now)};
}

ReportOutcome<SuspensionLifted> ReportsDesk::lift_suspension(const Actor& actor, std::int64_t user_id) {
    policy::require(actor.who, Action::moderate);
    return db_.write([&](db::Session& s) -> ReportOutcome<SuspensionLifted> {
        if (!accounts::find_user_by_id(s, user_id)) throw Error::not_found("We could not find that account.");
        if (!accounts::lift_suspension(s, user_id)) {
            return refusal(ReportRefusal::Code::not_suspended, "user", "This account is not suspended.");
        }
        targets_.suspension_changed(s, user_id);
        audit::record(s, actor.who.user_id, "account.reinstate", "user", std::to_string(user_id), "",
                      actor.client_address);
        return SuspensionLifted{user_id};
    });
}

}  // namespace hearth::reports
