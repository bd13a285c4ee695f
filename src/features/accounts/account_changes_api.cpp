#include "features/accounts/account_changes_api.hpp"

#include <boost/json/array.hpp>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/accounts/account_refusals.hpp"
#include "http/input.hpp"

namespace hearth::accounts {

namespace {

template <class T>
T accepted_or_throw(AccountOutcome<T> outcome) {
    if (!outcome) throw as_error(outcome.refusal());
    return std::move(outcome).value();
}

boost::json::object session_json(const SessionView& v) {
    return {{"id", v.id},
            {"device", v.device},
            {"kind", v.kind},
            {"created_at", rfc3339(v.created_at)},
            {"last_seen_at", rfc3339(v.last_seen_at)},
            {"current", v.current}};
}

}  // namespace

http::Response AccountChangesApi::sessions(http::Request& req) {
    boost::json::array items;
    for (const auto& v : changes_.sessions(req.actor())) items.push_back(session_json(v));
    return http::json(200, boost::json::object{{"items", std::move(items)}});
}

http::Response AccountChangesApi::end_session(http::Request& req) {
    const auto ended = accepted_or_throw(changes_.end_session(req.actor(), req.path_param("id")));
    http::Response r{boost::beast::http::status::no_content, 11};
    if (ended.was_current) cookies_.clear(r);
    return r;
}

http::Response AccountChangesApi::change_password(http::Request& req) {
    http::Input input(req);
    PasswordChange command{input.raw("current_password"), input.raw("new_password")};
    input.check();
    accepted_or_throw(changes_.change_password(req.actor(), command));
    return http::json(200, boost::json::object{{"changed", true}});
}

http::Response AccountChangesApi::request_email_change(http::Request& req) {
    http::Input input(req);
    EmailChangeRequest command{input.raw("new_email"), input.raw("password")};
    input.check();
    accepted_or_throw(changes_.request_email_change(req.actor(), command));
    return http::json(202, boost::json::object{
                               {"status", "accepted"},
                               {"message", "We have sent a link to the new address. Your address changes once "
                                           "you open it and confirm."}});
}

http::Response AccountChangesApi::confirm_email_change(http::Request& req) {
    http::Input input(req);
    auto token = input.text("token");
    input.check();
    accepted_or_throw(changes_.confirm_email_change(req.actor(), token));
    return http::json(200, boost::json::object{{"changed", true}});
}

http::Response AccountChangesApi::undo_email_change(http::Request& req) {
    http::Input input(req);
    auto token = input.text("token");
    input.check();
    const auto undone = accepted_or_throw(changes_.undo_email_change(req.actor(), token));
    auto r = http::json(200, boost::json::object{{"restored", true}});
    if (undone.current_session_ended) cookies_.clear(r);
    return r;
}

}  // namespace hearth::accounts
