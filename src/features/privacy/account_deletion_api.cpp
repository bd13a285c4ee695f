#include "features/privacy/account_deletion_api.hpp"

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/privacy/admin_person_pages.hpp"
#include "http/input.hpp"

namespace hearth::privacy {

boost::json::object deletion_json(std::int64_t due_at, std::int64_t requested_at) {
    return {{"due_at", rfc3339(due_at)}, {"requested_at", rfc3339(requested_at)}};
}

Error as_error(const DeletionRefusal& refusal) {
    if (refusal.code == DeletionRefusal::Code::rate_limited) return Error::rate_limited(refusal.retry_after_seconds);
    const std::string code(code_name(refusal.code));
    if (!refusal.field.empty()) return Error::invalid(refusal.field, refusal.message, code);
    return Error(status_of(refusal.code), code, refusal.message);
}

http::Response AccountDeletionApi::status(http::Request& req) {
    auto found = deletion_.status(req.actor());
    if (!found || found->cancelled_at) return http::json(200, boost::json::object{{"deletion", nullptr}});
    return http::json(200, boost::json::object{{"deletion", deletion_json(found->due_at, found->requested_at)}});
}

http::Response AccountDeletionApi::request(http::Request& req) {
    http::Input in(req);
    DeletionRequest command{in.raw("password"), in.text("otp")};
    in.check();
    auto outcome = deletion_.request(req.actor(), command);
    if (!outcome) throw as_error(outcome.refusal());
    return http::json(202, boost::json::object{{"deletion", deletion_json(outcome->due_at, now_seconds())}});
}

http::Response AccountDeletionApi::cancel(http::Request& req) {
    auto outcome = deletion_.cancel(req.actor());
    if (!outcome) throw as_error(outcome.refusal());
    return http::Response(boost::beast::http::status::no_content, 11);
}

http::Response AccountDeletionApi::person(http::Request& req) {
    const auto id = req.path_id("id", "We could not find that person.");
    return http::json(200, person_json(deletion_.person(req.actor(), id)));
}

http::Response AccountDeletionApi::start_for(http::Request& req) {
    const auto id = req.path_id("id", "We could not find that person.");
    http::Input in(req);
    AdminDeletionRequest command{id, in.raw("reason")};
    in.check();
    auto outcome = deletion_.start_for(req.actor(), command);
    if (!outcome) throw as_error(outcome.refusal());
    return http::json(202, boost::json::object{{"deletion", deletion_json(outcome->due_at, now_seconds())}});
}

}  // namespace hearth::privacy
