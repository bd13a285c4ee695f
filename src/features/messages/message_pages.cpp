#include "features/messages/message_pages.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <charconv>
#include <variant>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/form_view.hpp"
#include "features/common/page_query.hpp"
#include "features/consultations/local_calendar.hpp"
#include "features/consultations/slots.hpp"
#include "features/specialists/profile_pages.hpp"
#include "http/form.hpp"
#include "security/tokens.hpp"

namespace hearth::messages {

namespace {

// The flash of a send lives this long: long enough for the redirect that
// follows, short enough not to greet someone who comes back later.
constexpr long sent_cookie_seconds = 120;

// The {id} of /messages/{id}/...: anything but a positive number is a page
// that does not exist.
std::int64_t conversation_id_of(const http::Request& req) {
    return req.path_id("id", "We could not find that conversation.");
}

render::PageMeta meta_for(std::string title) {
    render::PageMeta meta;
    meta.title = std::move(title);
    meta.noindex = true;
    meta.nav_section = "messages";
    return meta;
}

// "3 unread messages" / "1 unread message": what a screen reader says.
std::string unread_label(std::int64_t n) {
    return fmt::format("{} unread message{}", n, n == 1 ? "" : "s");
}

boost::json::object message_json(const MessageView& m, const std::string& other_name, const std::string& zone,
                                  const std::string& report_return_to) {
    const auto local = consultations::local_time(m.created_at, zone);
    return boost::json::object{{"id", m.id},
                               {"mine", m.mine},
                               {"sender_name", other_name},
                               {"body", m.body},
                               {"when", local.brief},
                               {"datetime", rfc3339(m.created_at)},
                               {"report_return_to", report_return_to}};
}

// A send that was not made, as the form shows it again: beside a field
// (invalid), or above the form (blocked, closed, not a member, too many
// sends), with the status and, for 429, Retry-After.
struct Refused {
    std::vector<FieldError> errors;
    std::string message;
    forms::Again again;
    // The form's key was used before for other words (a page kept from
    // before a send, edited and sent again): the form comes back with a new
    // one, so sending these words is one press away.
    bool new_key = false;
};

// The service's answer, or the refusal to show; a rate rule's 429 (an
// Error, since it ends any request alike) is shown in the form too, so the
// words stay on the page as well as in the browser's draft.
template <class Send>
std::variant<SendResult, Refused> attempt(Send send) {
    try {
        auto outcome = send();
        if (outcome) return std::move(outcome).value();
        const auto& r = outcome.refusal();
        // The body is the form's one field a person can fix; anything else
        // (a malformed hidden key) is said above the form.
        if (r.code == MessageRefusal::Code::invalid && (r.field.empty() || r.field == "body")) {
            return Refused{{FieldError{"body", r.message}}, "", {status_of(r.code)}};
        }
        const bool new_key = r.code == MessageRefusal::Code::idempotency_key_reused ||
                             (r.code == MessageRefusal::Code::invalid && r.field == "idempotency_key");
        return Refused{{}, r.message, {status_of(r.code)}, new_key};
    } catch (const Error& e) {
        if (e.status() != 429) throw;
        return Refused{{},
                       "You have sent a lot of messages in a short time. Please wait a little, then send this "
                       "one again: what you wrote is still here.",
                       {429, e.retry_after()}};
    }
}

}  // namespace

std::string MessagePages::zone_of(const http::Request& req) const {
    if (auto remembered = req.cookie(zone_cookie_); remembered && consultations::valid_timezone(*remembered)) {
        return *remembered;
    }
    return "UTC";
}

void MessagePages::add_zone(const http::Request& req, const std::string& zone, boost::json::object& data) const {
    data["zone"] = zone;
    data["zone_label"] = consultations::zone_label(zone);
    data["zone_is_utc"] = zone == "UTC";
    // Not chosen (no remembered zone): messages.js may show the times in
    // the browser's own zone instead, and says so.
    const auto remembered = req.cookie(zone_cookie_);
    data["zone_chosen"] = remembered && consultations::valid_timezone(*remembered) ? "1" : "0";
}

// --- the list ---

http::Response MessagePages::list(http::Request& req) {
    const auto actor = req.actor();
    messages_.check_may_message(actor);
    ConversationQuery query;
    query.archived = req.query_param("archived") == "1";
    query.page = paging::from_query(req);
    const auto found = messages_.conversations(actor, query);
    const auto zone = zone_of(req);

    boost::json::array items;
    for (const auto& c : found.items) {
        const auto local = consultations::local_time(c.last_message_at, zone);
        boost::json::object o{{"id", c.id},
                              {"with_name", c.other_name},
                              {"when", local.brief},
                              {"datetime", rfc3339(c.last_message_at)},
                              {"archived", c.archived},
                              {"blocked", c.blocked_by_me}};
        if (c.unread_count > 0) {
            o["unread"] = c.unread_count;
            o["unread_label"] = unread_label(c.unread_count);
        }
        items.push_back(std::move(o));
    }
    boost::json::object data{{"archived", query.archived}, {"conversations", std::move(items)}};
    add_zone(req, zone, data);
    data["has_conversations"] = !data["conversations"].as_array().empty();
    boost::json::object links;
    paging::add_links(links, found.page, found.total, query.archived ? "/messages?archived=1" : "/messages");
    data["page"] = links["page"];
    data["pages"] = links["pages"];
    if (links.contains("prev_url")) data["newer_url"] = links["prev_url"];
    if (links.contains("next_url")) data["older_url"] = links["next_url"];
    data["has_paging"] = links["pages"].as_int64() > 1;
    const auto notice = req.query_param("done");
    if (notice == "archived") data["notice"] = "The conversation is in your archive. A new message brings it back.";
    if (notice == "unarchived") data["notice"] = "The conversation is back in your list.";
    return http::html(200, view_.page(req, "messages/list", std::move(data),
                                      meta_for(query.archived ? "Archived conversations" : "Messages")));
}

// --- one conversation ---

boost::json::object MessagePages::conversation_data(http::Request& req, std::int64_t id,
                                                    std::optional<std::int64_t> before, boost::json::object data) {
    MessageQuery query;
    query.before = before;
    const auto found = messages_.read(req.actor(), id, query);
    const auto& c = found.conversation;
    const auto zone = zone_of(req);
    const std::string back = fmt::format("/messages/{}", id);

    boost::json::array items;
    for (const auto& m : found.items) items.push_back(message_json(m, c.other_name, zone, back));
    data["id"] = c.id;
    data["with_name"] = c.other_name;
    if (!c.other_slug.empty()) data["with_url"] = "/specialists/" + c.other_slug;
    data["has_messages"] = !items.empty();
    data["messages"] = std::move(items);
    add_zone(req, zone, data);
    // The newest page follows new messages live; a page back in time does not.
    data["live"] = before ? "0" : "1";
    data["last_message_id"] = found.items.empty() ? std::int64_t{0} : found.items.back().id;
    if (found.has_earlier && !found.items.empty()) {
        data["earlier_url"] = fmt::format("/messages/{}?before={}", id, found.items.front().id);
    }
    if (before) data["later_url"] = back;
    data["blocked"] = c.blocked_by_me;
    data["blocked_by_me"] = c.blocked_by_me;
    data["can_block"] = !c.blocked_by_me;
    data["can_unblock"] = c.blocked_by_me;
    if (!data.contains("idempotency_key")) data["idempotency_key"] = security::random_token(18);
    return data;
}

http::Response MessagePages::conversation(http::Request& req) {
    const auto id = conversation_id_of(req);
    messages_.check_may_message(req.actor());
    std::optional<std::int64_t> before;
    if (const auto text = req.query_param("before"); !text.empty()) {
        before = http::positive_id(text);
        if (!before) throw Error::not_found("We could not find those messages.");
    }
    boost::json::object data;
    // The flash of a send just made here (see sent_cookie_).
    bool clear_flash = false;
    if (auto flash = req.cookie(sent_cookie_)) {
        clear_flash = true;
        const auto prefix = std::to_string(id) + ".";
        if (flash->starts_with(prefix)) {
            data["sent"] = true;
            data["crisis_resources"] = flash->ends_with(".crisis");
        }
    }
    const auto done = req.query_param("done");
    if (done == "blocked") data["notice"] = "You have blocked them. They have not been told.";
    if (done == "unblocked") data["notice"] = "You have unblocked them. You can write to each other again.";
    // POST /reports comes back here with done=reported.
    if (done == "reported") data["notice"] = "Thank you for telling us. Our team will look at the message you reported.";
    data = conversation_data(req, id, before, std::move(data));
    const std::string title = "Conversation";  // never the other name: titles reach history and tabs
    auto res = http::html(200, view_.page(req, "messages/conversation", std::move(data), meta_for(title)));
    if (clear_flash) http::set_cookie(res, sent_cookie_, "", {true, secure_cookies_, "Lax", 0});
    return res;
}

http::Response MessagePages::send(http::Request& req) {
    const auto id = conversation_id_of(req);
    const auto actor = req.actor();
    messages_.check_may_message(actor);
    SendMessage command{id, req.form_value("body"), req.form_value("idempotency_key")};
    auto result = attempt([&] { return messages_.send(actor, command); });
    if (auto* done = std::get_if<SendResult>(&result)) return sent(*done, fmt::format("message:{}", id));
    auto& refused = std::get<Refused>(result);
    boost::json::object data{{"values", boost::json::object{{"body", command.body}}}};
    if (!refused.new_key) data["idempotency_key"] = command.idempotency_key;
    if (!refused.message.empty()) data["refused"] = refused.message;
    data = conversation_data(req, id, std::nullopt, std::move(data));
    const std::string title = "Conversation";  // never the other name: titles reach history and tabs
    return forms::show_again(view_, req, "messages/conversation", std::move(data), refused.errors, meta_for(title),
                             refused.again);
}

http::Response MessagePages::sent(const SendResult& result, const std::string& draft_key) const {
    const auto id = result.conversation.id;
    auto res = http::redirect(fmt::format("/messages/{}#message-{}", id, result.message.id));
    const auto flash = fmt::format("{}.{}{}", id, result.message.id, result.crisis_resources ? ".crisis" : "");
    http::set_cookie(res, sent_cookie_, flash, {true, secure_cookies_, "Lax", sent_cookie_seconds});
    return forms::draft_accepted(std::move(res), draft_key);
}

// --- the first message ---

boost::json::object MessagePages::new_form_data(http::Request& req, const std::string& slug,
                                                boost::json::object data) {
    if (slug.empty()) throw Error::not_found("We could not find that specialist.");
    const auto profile = profiles_.public_profile(slug, req.principal);  // 404 unless listed
    data["profile"] = specialists::profile_page_json(profile);
    if (req.principal.signed_in()) {
        const auto target = messages_.start_target(req.actor(), slug);
        if (target.existing_conversation_id) {
            data["existing_url"] = fmt::format("/messages/{}", *target.existing_conversation_id);
        }
        data["closed"] = !target.messages_open && !target.existing_conversation_id;
    } else {
        // A visitor may write before logging in (the gate comes on sending);
        // the profile says whether new conversations are open.
        const auto* open = data["profile"].as_object().if_contains("messages_open");
        data["closed"] = open && open->is_bool() && !open->as_bool();
    }
    std::string similar = "/specialists";
    if (!profile.fields.specialties.empty()) similar += "?specialty=" + http::url_encode(profile.fields.specialties.front());
    data["similar_url"] = similar;
    if (req.principal.signed_in() && !data.contains("refused")) {
        try {
            messages_.check_may_start(req.actor());
        } catch (const Error& e) {
            if (e.status() != 403) throw;
            data["refused"] = "Only members can start a conversation with a specialist.";
            data["closed_form"] = true;
        }
    }
    data["show_form"] = !data["closed"].as_bool() && !data.contains("closed_form");
    if (!data.contains("idempotency_key")) data["idempotency_key"] = security::random_token(18);
    return data;
}

http::Response MessagePages::new_form(http::Request& req) {
    const auto slug = req.query_param("to");
    boost::json::object data;
    if (req.query_param("gated") == "1" && !req.principal.signed_in()) data["gated"] = true;
    data = new_form_data(req, slug, std::move(data));
    const std::string title = "New message";  // never the name: titles reach history and tabs
    // A closed specialist's page is still a page to read (where to go instead): 200.
    return http::html(200, view_.page(req, "messages/new", std::move(data), meta_for(title)));
}

http::Response MessagePages::start(http::Request& req) {
    const auto slug = req.form_value("to");
    const auto back = "/messages/new?to=" + http::url_encode(slug);
    if (!req.principal.signed_in()) {
        // Log in or sign up first, then back to the same form: the words
        // stay in the browser's draft of it (static/js/offline.js), never in
        // a URL or on the server before the person has an account.
        return http::redirect("/login?gated=1&return_to=" + http::url_encode(back));
    }
    const auto actor = req.actor();
    StartConversation command{slug, req.form_value("body"), req.form_value("idempotency_key")};
    auto result = attempt([&] { return messages_.start(actor, command); });
    if (auto* done = std::get_if<SendResult>(&result)) return sent(*done, "message-new:" + slug);
    auto& refused = std::get<Refused>(result);
    boost::json::object data{{"values", boost::json::object{{"body", command.body}}}};
    if (!refused.new_key) data["idempotency_key"] = command.idempotency_key;
    if (!refused.message.empty()) data["refused"] = refused.message;
    data = new_form_data(req, slug, std::move(data));
    const std::string title = "New message";  // never the name: titles reach history and tabs
    return forms::show_again(view_, req, "messages/new", std::move(data), refused.errors, meta_for(title),
                             refused.again);
}

// --- archive, block ---

http::Response MessagePages::set_archived(http::Request& req, bool archived) {
    const auto id = conversation_id_of(req);
    messages_.set_archived(req.actor(), id, archived);
    return http::redirect(archived ? "/messages?done=archived" : "/messages?archived=1&done=unarchived");
}

http::Response MessagePages::archive(http::Request& req) { return set_archived(req, true); }
http::Response MessagePages::unarchive(http::Request& req) { return set_archived(req, false); }

http::Response MessagePages::set_blocked(http::Request& req, bool blocked) {
    const auto id = conversation_id_of(req);
    messages_.set_blocked(req.actor(), id, blocked);
    return http::redirect(fmt::format("/messages/{}?done={}", id, blocked ? "blocked" : "unblocked"));
}

http::Response MessagePages::block(http::Request& req) { return set_blocked(req, true); }
http::Response MessagePages::unblock(http::Request& req) { return set_blocked(req, false); }

// --- settings and the navigation ---

http::Response MessagePages::set_message_emails(http::Request& req) {
    const auto value = req.form_value("emails");
    if (value != "on" && value != "off") throw Error::invalid("emails", "Please choose on or off.");
    messages_.set_message_emails(req.actor(), value == "on");
    return http::redirect(value == "on" ? "/account?done=message-emails-on#messages-settings"
                                        : "/account?done=message-emails-off#messages-settings");
}

void MessagePages::add_account_section(const http::Request& req, boost::json::object& data) {
    if (!req.principal.signed_in()) return;
    boost::json::object settings{{"emails_on", messages_.message_emails(req.actor())}};
    const auto done = req.query_param("done");
    if (done == "message-emails-on") settings["notice"] = "We will e-mail you when you get a new message.";
    if (done == "message-emails-off") settings["notice"] = "We will not e-mail you about new messages.";
    data["message_settings"] = std::move(settings);
}

boost::json::object MessagePages::nav_extras(const http::Request& req) {
    if (!req.principal.signed_in()) return {};
    const auto n = messages_.unread_total(req.principal.user_id);
    return boost::json::object{{"unread_messages", n}, {"has_unread_messages", n > 0}};
}

}  // namespace hearth::messages
