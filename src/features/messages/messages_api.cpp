#include "features/messages/messages_api.hpp"

#include <boost/json/array.hpp>
#include <charconv>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/page_query.hpp"
#include "http/input.hpp"

namespace hearth::messages {

namespace {

std::optional<std::int64_t> positive_number(std::string_view text) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || p != text.data() + text.size() || n < 0) return std::nullopt;
    return n;
}

// The {id} path parameter; 404 when it is not a positive number.
std::int64_t conversation_id(const http::Request& req) {
    return req.path_id("id", "We could not find that conversation.");
}

// ?name=<message id>; nullopt when absent, 422 naming it when malformed.
std::optional<std::int64_t> id_param(const http::Request& req, std::string_view name) {
    const auto text = req.query_param(name);
    if (text.empty()) return std::nullopt;
    auto n = positive_number(text);
    if (!n) throw Error::invalid(std::string(name), "This must be a message id (a whole number).");
    return n;
}

// A text member of the JSON body exactly as sent: its length and
// characters are the service's rule (core/field_checks), not this handler's.
std::string body_text(const http::Request& req, std::string_view name, http::Input& input) {
    const auto* v = req.json().if_contains(name);
    if (!v || v->is_null()) return {};
    if (!v->is_string()) {
        input.fail(std::string(name), "This must be text.");
        return {};
    }
    return std::string(v->as_string());
}

boost::json::value optional_time(const std::optional<std::int64_t>& t) {
    if (!t) return nullptr;
    return boost::json::value(rfc3339(*t));
}

http::Response sent_response(const SendResult& r) {
    boost::json::object body{{"conversation", conversation_json(r.conversation)},
                             {"message", message_json(r.message)},
                             {"crisis_resources", r.crisis_resources}};
    return http::json(r.created ? 201 : 200, body);
}

http::Response conversation_response(const ConversationView& c) {
    return http::json(200, boost::json::object{{"conversation", conversation_json(c)}});
}

}  // namespace

boost::json::object conversation_json(const ConversationView& c) {
    boost::json::object other{{"user_id", c.other_user_id}, {"name", c.other_name}};
    if (c.other_slug.empty()) {
        other["slug"] = nullptr;
    } else {
        other["slug"] = c.other_slug;
    }
    return boost::json::object{{"id", c.id},
                               {"other", std::move(other)},
                               {"my_side", side_name(c.my_side)},
                               {"unread_count", c.unread_count},
                               {"archived", c.archived},
                               {"blocked_by_me", c.blocked_by_me},
                               {"created_at", rfc3339(c.created_at)},
                               {"last_message_at", rfc3339(c.last_message_at)},
                               {"last_message_id", c.last_message_id},
                               {"first_reply_at", optional_time(c.first_reply_at)}};
}

boost::json::object message_json(const MessageView& m) {
    return boost::json::object{{"id", m.id},
                               {"conversation_id", m.conversation_id},
                               {"sender_id", m.sender_id},
                               {"mine", m.mine},
                               {"body", m.body},
                               {"created_at", rfc3339(m.created_at)}};
}

http::Response refusal_json(const MessageRefusal& refusal) {
    boost::json::object error{{"code", code_name(refusal.code)}, {"message", refusal.message}};
    if (refusal.field.empty()) {
        error["field"] = nullptr;
    } else {
        error["field"] = refusal.field;
    }
    return http::json(status_of(refusal.code), boost::json::object{{"error", std::move(error)}});
}

http::Response MessagesApi::list(http::Request& req) {
    const auto actor = req.actor();
    messages_.check_may_message(actor);
    ConversationQuery query;
    const auto archived = req.query_param("archived");
    if (!archived.empty() && archived != "0" && archived != "1") {
        throw Error::invalid("archived", "Use archived=1 for the archive, archived=0 (or nothing) for the inbox.");
    }
    query.archived = archived == "1";
    query.page = paging::from_query(req);
    auto list = messages_.conversations(actor, query);
    boost::json::array items;
    for (const auto& c : list.items) items.push_back(conversation_json(c));
    auto body = paging::list_json(std::move(items), list.total, list.page);
    body["unread_total"] = list.unread_total;
    return http::json(200, body);
}

http::Response MessagesApi::start(http::Request& req) {
    const auto actor = req.actor();
    messages_.check_may_message(actor);
    http::Input input(req);
    StartConversation command;
    command.specialist_slug = input.required_text("specialist", "Specialist", 200);
    command.body = body_text(req, "body", input);
    command.idempotency_key = body_text(req, "idempotency_key", input);
    input.check();
    auto outcome = messages_.start(actor, command);
    if (!outcome) return refusal_json(outcome.refusal());
    return sent_response(outcome.value());
}

http::Response MessagesApi::show(http::Request& req) {
    return conversation_response(messages_.conversation(req.actor(), conversation_id(req)));
}

http::Response MessagesApi::messages(http::Request& req) {
    const auto actor = req.actor();
    const auto id = conversation_id(req);
    MessageQuery query;
    query.before = id_param(req, "before");
    query.after = id_param(req, "after");
    if (auto limit = req.query_param("limit"); !limit.empty()) {
        auto n = positive_number(limit);
        if (!n || *n < 1 || *n > max_message_limit) {
            throw Error::invalid("limit", "Ask for 1 to " + std::to_string(max_message_limit) + " messages.");
        }
        query.limit = *n;
    }
    auto page = messages_.read(actor, id, query);
    boost::json::array items;
    for (const auto& m : page.items) items.push_back(message_json(m));
    return http::json(200, boost::json::object{{"conversation", conversation_json(page.conversation)},
                                               {"items", std::move(items)},
                                               {"has_earlier", page.has_earlier},
                                               {"unread_total", messages_.unread_total(actor.user_id())}});
}

http::Response MessagesApi::send(http::Request& req) {
    const auto actor = req.actor();
    SendMessage command;
    command.conversation_id = conversation_id(req);
    messages_.check_may_message(actor);
    http::Input input(req);
    command.body = body_text(req, "body", input);
    command.idempotency_key = body_text(req, "idempotency_key", input);
    input.check();
    auto outcome = messages_.send(actor, command);
    if (!outcome) return refusal_json(outcome.refusal());
    return sent_response(outcome.value());
}

http::Response MessagesApi::block(http::Request& req) {
    return conversation_response(messages_.set_blocked(req.actor(), conversation_id(req), true));
}

http::Response MessagesApi::unblock(http::Request& req) {
    return conversation_response(messages_.set_blocked(req.actor(), conversation_id(req), false));
}

http::Response MessagesApi::archive(http::Request& req) {
    return conversation_response(messages_.set_archived(req.actor(), conversation_id(req), true));
}

http::Response MessagesApi::unarchive(http::Request& req) {
    return conversation_response(messages_.set_archived(req.actor(), conversation_id(req), false));
}

http::Response MessagesApi::settings(http::Request& req) {
    return http::json(200, boost::json::object{{"message_emails", messages_.message_emails(req.actor())}});
}

http::Response MessagesApi::set_settings(http::Request& req) {
    const auto actor = req.actor();
    messages_.check_may_message(actor);
    const auto* v = req.json().if_contains("message_emails");
    if (!v || !v->is_bool()) throw Error::invalid("message_emails", "Say true or false.");
    messages_.set_message_emails(actor, v->as_bool());
    return http::json(200, boost::json::object{{"message_emails", messages_.message_emails(actor)}});
}

}  // namespace hearth::messages
