#pragma once
// /api/v1/conversations: JSON in, typed commands to Messages, results and
// refusals back as JSON (docs/openapi.yaml). No rules live here.
#include <boost/json/object.hpp>

#include "features/messages/messages.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::messages {

class MessagesApi {
public:
    explicit MessagesApi(Messages& messages) : messages_(messages) {}

    http::Response list(http::Request& req);           // GET /api/v1/conversations[?archived=1&page&per_page]
    http::Response start(http::Request& req);          // POST /api/v1/conversations
    http::Response show(http::Request& req);           // GET /api/v1/conversations/{id}
    http::Response messages(http::Request& req);       // GET /api/v1/conversations/{id}/messages[?before|after&limit]
    http::Response send(http::Request& req);           // POST /api/v1/conversations/{id}/messages
    http::Response block(http::Request& req);          // POST /api/v1/conversations/{id}/block
    http::Response unblock(http::Request& req);        // DELETE /api/v1/conversations/{id}/block
    http::Response archive(http::Request& req);        // POST /api/v1/conversations/{id}/archive
    http::Response unarchive(http::Request& req);      // DELETE /api/v1/conversations/{id}/archive
    http::Response settings(http::Request& req);       // GET /api/v1/me/message-settings
    http::Response set_settings(http::Request& req);   // PUT /api/v1/me/message-settings

private:
    Messages& messages_;
};

// {"id","other":{"user_id","name","slug"|null},"my_side","unread_count",
// "archived","blocked_by_me","created_at","last_message_at","last_message_id",
// "first_reply_at"|null}: times RFC 3339 UTC.
boost::json::object conversation_json(const ConversationView& c);
// {"id","conversation_id","sender_id","mine","body","created_at"}.
boost::json::object message_json(const MessageView& m);
// A refusal as the API answers it: status_of(code) and {"error":{"code","message","field"}}.
http::Response refusal_json(const MessageRefusal& refusal);

}  // namespace hearth::messages
