#include "features/accounts/account_changes_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json/array.hpp>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/accounts/account_refusals.hpp"
#include "features/common/form_view.hpp"

namespace hearth::accounts {

namespace {

constexpr const char* confirm_title = "Confirm your new e-mail address";
constexpr const char* undo_title = "Undo the change of e-mail address";

render::PageMeta meta_of(std::string title) { return render::private_page(std::move(title), "account"); }

// "30 Nov 2026, 14:05 UTC": the page does not know the person's time zone.
std::string utc_time(std::int64_t seconds) {
    return fmt::format("{:%d %b %Y, %H:%M} UTC", fmt::gmtime(static_cast<std::time_t>(seconds)));
}

boost::json::object session_item(const SessionView& v) {
    return {{"id", v.id},
            {"device", v.device},
            {"api", v.kind == "api"},
            {"created", utc_time(v.created_at)},
            {"created_at", rfc3339(v.created_at)},
            {"last_seen", utc_time(v.last_seen_at)},
            {"last_seen_at", rfc3339(v.last_seen_at)},
            {"current", v.current}};
}

// The notice shown on /account after a change made on these pages.
std::string notice_of(std::string_view changed) {
    if (changed == "password") {
        return "Your password has been changed. Every other device has been logged out, and we have e-mailed you a "
               "note about it.";
    }
    if (changed == "email") return "Your e-mail address has been changed. Every other device has been logged out.";
    if (changed == "session") return "That device has been logged out.";
    return "";
}

forms::Again again_for(const AccountRefusal& refusal) {
    return forms::Again{status_of(refusal), refusal.retry_after_seconds};
}

std::vector<FieldError> errors_of(const AccountRefusal& refusal, std::string field) {
    if (!refusal.fields.empty()) return refusal.fields;
    return {FieldError{std::move(field), refusal.message}};
}

}  // namespace

http::Response AccountChangesPages::page(http::Request& req, int status, std::string_view name,
                                         boost::json::object data, std::string title) {
    return http::html(status, view_.page(req, name, std::move(data), meta_of(std::move(title))));
}

void AccountChangesPages::add_account_section(const http::Request& req, boost::json::object& data) {
    boost::json::array items;
    for (const auto& v : changes_.sessions(req.actor())) items.push_back(session_item(v));
    boost::json::object panel{{"sessions", std::move(items)}};
    if (auto notice = notice_of(req.query_param("changed")); !notice.empty()) panel["notice"] = std::move(notice);
    data["sign_in_panel"] = std::move(panel);
}

http::Response AccountChangesPages::end_session(http::Request& req) {
    auto outcome = changes_.end_session(req.actor(), req.path_param("id"));
    if (!outcome) throw as_error(outcome.refusal());
    if (outcome->was_current) {
        auto r = http::redirect("/login?logged_out=1");
        cookies_.clear(r);
        return r;
    }
    return http::redirect("/account?changed=session#sessions");
}

// --- password ---

http::Response AccountChangesPages::password_form(http::Request& req) {
    changes_.require_may_change(req.actor());
    return page(req, 200, "accounts/password_change", {}, "Change your password");
}

http::Response AccountChangesPages::change_password(http::Request& req) {
    PasswordChange command{req.form_value("current_password"), req.form_value("new_password")};
    auto outcome = changes_.change_password(req.actor(), command);
    if (!outcome) {
        // Passwords are never shown again.
        return forms::show_again(view_, req, "accounts/password_change", {},
                                 errors_of(outcome.refusal(), "current_password"), meta_of("Change your password"),
                                 again_for(outcome.refusal()));
    }
    return http::redirect("/account?changed=password#sign-in");
}

// --- e-mail address ---

http::Response AccountChangesPages::email_form(http::Request& req) {
    changes_.require_may_change(req.actor());
    return page(req, 200, "accounts/email_change", {{"current_email", req.principal.email}},
                "Change your e-mail address");
}

http::Response AccountChangesPages::request_email(http::Request& req) {
    const auto new_email = req.form_value("new_email");
    boost::json::object data{{"current_email", req.principal.email},
                             {"values", boost::json::object{{"new_email", new_email}}}};
    auto outcome = changes_.request_email_change(req.actor(), EmailChangeRequest{new_email, req.form_value("password")});
    if (!outcome) {
        return forms::show_again(view_, req, "accounts/email_change", std::move(data),
                                 errors_of(outcome.refusal(), "new_email"), meta_of("Change your e-mail address"),
                                 again_for(outcome.refusal()));
    }
    data["sent"] = true;
    return page(req, 200, "accounts/email_change", std::move(data), "Change your e-mail address");
}

http::Response AccountChangesPages::link_refused(http::Request& req, const AccountRefusal& refusal,
                                                 std::string title) {
    boost::json::object data;
    switch (refusal.code) {
        case AccountRefusalCode::other_account:
            data["other_account"] = true;
            break;
        case AccountRefusalCode::address_taken:
            data["taken"] = true;
            break;
        default:
            data["invalid_token"] = true;
            return page(req, 410, "accounts/email_change_link", std::move(data), std::move(title));
    }
    return page(req, status_of(refusal), "accounts/email_change_link", std::move(data), std::move(title));
}

http::Response AccountChangesPages::confirm_form(http::Request& req) {
    const auto token = req.query_param("token");
    const auto link = changes_.confirm_link(token);
    if (!link) return link_refused(req, AccountRefusal{AccountRefusalCode::dead_token, "", {}, 0}, confirm_title);
    if (req.principal.signed_in() && req.principal.user_id != link->user_id) {
        return link_refused(req, AccountRefusal{AccountRefusalCode::other_account, "", {}, 0}, confirm_title);
    }
    boost::json::object data{{"confirm", true}, {"token", token}, {"new_email", link->new_email}};
    return page(req, 200, "accounts/email_change_link", std::move(data), confirm_title);
}

http::Response AccountChangesPages::confirm(http::Request& req) {
    auto outcome = changes_.confirm_email_change(req.actor(), req.form_value("token"));
    if (!outcome) return link_refused(req, outcome.refusal(), confirm_title);
    if (req.principal.signed_in()) return http::redirect("/account?changed=email#sign-in");
    return page(req, 200, "accounts/email_change_link", {{"confirmed", true}}, confirm_title);
}

http::Response AccountChangesPages::undo_form(http::Request& req) {
    const auto token = req.query_param("token");
    const auto link = changes_.undo_link(token);
    if (!link) return link_refused(req, AccountRefusal{AccountRefusalCode::dead_token, "", {}, 0}, undo_title);
    if (req.principal.signed_in() && req.principal.user_id != link->user_id) {
        return link_refused(req, AccountRefusal{AccountRefusalCode::other_account, "", {}, 0}, undo_title);
    }
    boost::json::object data{{"undo", true}, {"token", token}, {"old_email", link->old_email}};
    return page(req, 200, "accounts/email_change_link", std::move(data), undo_title);
}

http::Response AccountChangesPages::undo(http::Request& req) {
    auto outcome = changes_.undo_email_change(req.actor(), req.form_value("token"));
    if (!outcome) return link_refused(req, outcome.refusal(), undo_title);
    if (outcome->current_session_ended) req.principal = Principal{};  // the page is a logged-out one now
    auto r = page(req, 200, "accounts/email_change_link", {{"undone", true}}, undo_title);
    if (outcome->current_session_ended) cookies_.clear(r);
    return r;
}

}  // namespace hearth::accounts
