#include "features/privacy/account_deletion_pages.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "features/common/form_view.hpp"

namespace hearth::privacy {

namespace {

render::PageMeta meta_of(std::string title) { return render::private_page(std::move(title), "account"); }

boost::json::object form_data(const AccountDeletion& deletion, const http::Request& req) {
    return {{"grace", grace_text(deletion.grace())},
            {"needs_otp", deletion.needs_second_factor(req.principal.user_id)}};
}

}  // namespace

std::string grace_text(std::chrono::seconds grace) {
    const auto s = grace.count();
    const auto plural = [](std::int64_t n, const char* unit) {
        return fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s");
    };
    if (s >= 86400 && s % 86400 == 0) return plural(s / 86400, "day");
    if (s >= 3600 && s % 3600 == 0) return plural(s / 3600, "hour");
    if (s >= 60 && s % 60 == 0) return plural(s / 60, "minute");
    return plural(s, "second");
}

http::Response AccountDeletionPages::form(http::Request& req) {
    // Visitors are sent to log in (401); pending ones are logged out anyway.
    (void)deletion_.status(req.actor());
    return http::html(200, view_.page(req, "privacy/deletion", form_data(deletion_, req), meta_of("Delete your account")));
}

http::Response AccountDeletionPages::request(http::Request& req) {
    DeletionRequest command{req.form_value("password"), req.form_value("otp")};
    auto outcome = deletion_.request(req.actor(), command);
    if (!outcome) {
        const auto& refusal = outcome.refusal();
        auto data = form_data(deletion_, req);
        std::vector<FieldError> errors;
        if (refusal.field.empty()) {
            data["error"] = refusal.message;
        } else {
            errors.push_back(FieldError{refusal.field, refusal.message});
        }
        return forms::show_again(view_, req, "privacy/deletion", std::move(data), errors,
                                 meta_of("Delete your account"),
                                 forms::Again{status_of(refusal.code), refusal.retry_after_seconds});
    }
    // Every session has ended: the browser forgets its cookie too, and the
    // page is shown as to a visitor.
    req.principal = Principal{};
    boost::json::object data{{"due", due_text(outcome->due_at)}};
    auto r = http::html(200, view_.page(req, "privacy/deletion_scheduled", std::move(data),
                                        meta_of("Your account will be deleted")));
    cookies_.clear(r);
    return r;
}

void AccountDeletionPages::add_account_section(const http::Request& req, boost::json::object& data) {
    if (!req.principal.signed_in()) return;
    boost::json::object section{{"grace", grace_text(deletion_.grace())}};
    if (auto found = deletion_.status(req.actor()); found && found->cancelled_at) {
        section["cancelled_by_login"] = true;
        section["due"] = due_text(found->due_at);
    }
    data["deletion_section"] = std::move(section);
}

}  // namespace hearth::privacy
