#pragma once
// The pages of private messages: one's conversations (/messages, with the
// archive), a conversation with its reply form (/messages/{id}), the first
// message to a specialist (/messages/new?to=<slug>), the block, archive and
// e-mail settings, and the unread count the navigation shows. Every change
// goes through Messages, the service the JSON API uses; forms follow the
// house pattern (POST, then a redirect; a refusal shows the form again with
// the words kept, forms::show_again).
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "features/messages/messages.hpp"
#include "features/specialists/profiles.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::messages {

class MessagePages {
public:
    MessagePages(Messages& messages, specialists::Profiles& profiles, const render::View& view, bool secure_cookies)
        : messages_(messages), profiles_(profiles), view_(view),
          zone_cookie_(secure_cookies ? "__Host-hearth_tz" : "hearth_tz"),
          sent_cookie_(secure_cookies ? "__Host-hearth_message_sent" : "hearth_message_sent"),
          secure_cookies_(secure_cookies) {}

    http::Response list(http::Request& req);           // GET /messages?archived=1&page=N
    http::Response conversation(http::Request& req);   // GET /messages/{id}?before=<message id>
    http::Response send(http::Request& req);           // POST /messages/{id}: body, idempotency_key
    http::Response new_form(http::Request& req);       // GET /messages/new?to=<slug>
    // POST /messages/new: to, body, idempotency_key. A visitor is sent to
    // log in (and back to the form, the words kept in the browser's draft).
    http::Response start(http::Request& req);
    http::Response archive(http::Request& req);        // POST /messages/{id}/archive
    http::Response unarchive(http::Request& req);      // POST /messages/{id}/unarchive
    http::Response block(http::Request& req);          // POST /messages/{id}/block
    http::Response unblock(http::Request& req);        // POST /messages/{id}/unblock
    // POST /account/message-emails: emails=on|off ("E-mail me when I get a new message").
    http::Response set_message_emails(http::Request& req);

    // The account page's "Messages" section: adds `message_settings`
    // ({emails_on}) to its data; nothing for a visitor.
    void add_account_section(const http::Request& req, boost::json::object& data);
    // What the layout shows signed-in people on every page:
    // {"unread_messages": N, "has_unread_messages": N > 0} (one indexed query, Messages::unread_total).
    boost::json::object nav_extras(const http::Request& req);

private:
    // The zone times are shown in: the one remembered from the booking
    // pages (cookie hearth_tz), else UTC; add_zone puts it into a page's data.
    std::string zone_of(const http::Request& req) const;
    void add_zone(const http::Request& req, const std::string& zone, boost::json::object& data) const;
    // The conversation page's view model, before it is rendered or shown again.
    boost::json::object conversation_data(http::Request& req, std::int64_t id, std::optional<std::int64_t> before,
                                          boost::json::object data);
    boost::json::object new_form_data(http::Request& req, const std::string& slug, boost::json::object data);
    // The redirect after an accepted send, with the flash of it and the
    // form's draft forgotten (forms::draft_accepted).
    http::Response sent(const SendResult& result, const std::string& draft_key) const;
    http::Response set_archived(http::Request& req, bool archived);
    http::Response set_blocked(http::Request& req, bool blocked);

    Messages& messages_;
    specialists::Profiles& profiles_;
    const render::View& view_;
    std::string zone_cookie_;
    // The flash of a send (POST, redirect, GET): "<conversation>.<message>"
    // and ".crisis" when the words call for crisis resources. Never in the
    // URL, so neither the history nor a log tells what a message was about.
    std::string sent_cookie_;
    bool secure_cookies_;
};

}  // namespace hearth::messages
