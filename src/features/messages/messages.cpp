#include "features/messages/messages.hpp"

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/field_checks.hpp"
#include "core/utf8.hpp"
#include "features/common/audit.hpp"
#include "features/common/crisis_phrases.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/common/user_events.hpp"
#include "features/messages/message_store.hpp"
#include "render/view.hpp"
#include "security/message_keys.hpp"
#include "security/rate_limit.hpp"

namespace hearth::messages {

namespace {

using Code = MessageRefusal::Code;
using policy::Action;

MessageRefusal refusal(Code code, std::string message, std::string field = {}) {
    return MessageRefusal{code, std::move(message), std::move(field)};
}

// Neutral on purpose: the blocked side learns no more than that sending
// does not work here (issue 11: no notice that says so).
MessageRefusal blocked_refusal() {
    return refusal(Code::blocked, "You can't send messages in this conversation.");
}

MessageRefusal closed_refusal() {
    return refusal(Code::messages_closed,
                   "This specialist is not taking new conversations at the moment. Their profile shows other ways "
                   "to reach them.");
}

// The other side's account is suspended: what is sent would reach nobody.
MessageRefusal unavailable_refusal() {
    return refusal(Code::messages_closed,
                   "This person cannot receive messages at the moment, so nothing was sent.");
}

// The other side deleted their account: nobody would ever read it.
MessageRefusal deleted_refusal() {
    return refusal(Code::messages_closed,
                   "This account has been deleted, so nothing was sent. The conversation stays here for you to read.");
}

Error conversation_not_found() { return Error::not_found("We could not find that conversation."); }

policy::Record conversation_record(const Parties& c) { return policy::Record{c.member_id, c.specialist_id, false}; }

// Characters that show nothing on their own: Unicode White_Space beyond
// what FieldChecks trims (no-break, em, ideographic spaces...), the
// invisible format characters (soft hyphen, zero-width space/joiners, word
// joiner, byte order mark, direction marks, variation selectors) and the
// blank fillers (Hangul fillers, the blank Braille pattern).
bool is_invisible(long cp) {
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0xAD || cp == 0x34F ||
           cp == 0x61C || cp == 0x115F || cp == 0x1160 || cp == 0x1680 || cp == 0x180E ||
           (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) ||
           cp == 0x2800 || cp == 0x3000 || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
           cp == 0xFFA0 || (cp >= 0xE0000 && cp <= 0xE007F);
}

// Why a body that FieldChecks let through is still no message: bytes that
// are not UTF-8 (a form post can carry them; JSON cannot), or nothing a
// reader could see. Empty when it is fine.
std::string body_problem(std::string_view body) {
    bool visible = false;
    for (std::size_t i = 0; i < body.size();) {
        const long cp = next_code_point(body, i);
        if (cp < 0) return "Message contains characters we cannot read. Please retype it.";
        if (!is_invisible(cp)) visible = true;
    }
    return visible ? std::string() : std::string("Message is required.");
}

// Trims the body and checks both fields by core/field_checks (lengths in
// characters), then that the body is readable UTF-8 with something to see;
// the first problem as a refusal.
std::optional<MessageRefusal> command_problem(std::string& body, const std::string& key) {
    FieldChecks check;
    check.text("body", "Message", body, max_body_chars, true);
    if (!check.failed("body")) {
        if (auto problem = body_problem(body); !problem.empty()) check.fail("body", std::move(problem));
    }
    const auto key_length = character_count(key);
    if (key_length < min_key_chars || key_length > max_key_chars || has_control_characters(key)) {
        check.fail("idempotency_key", "The idempotency key must be 8 to 128 characters.");
    }
    if (check.ok()) return std::nullopt;
    const auto& first = check.errors().front();
    return refusal(Code::invalid, first.message, first.field);
}

bool is_idempotency_violation(const db::ConstraintViolation& e) {
    return std::string(e.constraint()).find("idempotency") != std::string::npos ||
           std::string(e.what()).find("idempotency") != std::string::npos;
}

}  // namespace

std::string_view side_name(Side side) { return side == Side::member ? "member" : "specialist"; }

Messages::Messages(db::Database& db, security::MessageKeyring& keys, const render::Templates& templates,
                   security::RateLimiter& limiter, MessageSettings settings, EventCallback on_event)
    : db_(db),
      keys_(keys),
      templates_(templates),
      limiter_(limiter),
      settings_(std::move(settings)),
      on_event_(std::move(on_event)) {}

void Messages::check_may_message(const Actor& actor) const { policy::require(actor.who, Action::send_message); }

void Messages::check_may_start(const Actor& actor) const { policy::require(actor.who, Action::start_conversation); }

void Messages::announce(const std::vector<std::int64_t>& user_ids) const {
    if (!on_event_) return;
    for (const auto id : user_ids) on_event_(id);
}

namespace {

// The conversation behind `id` when the actor may see it; Error 404 (401
// for a visitor) otherwise: the policy asks, then the caller's store
// queries filter by participant again.
Parties visible_conversation(db::Session& s, const Actor& actor, std::int64_t id) {
    // Someone else's conversation answers exactly as a missing one does
    // (the same status and message), so its existence never shows.
    auto c = find_parties(s, id);
    if (!c || !policy::may(actor.who, Action::view_conversation, conversation_record(*c))) {
        if (!actor.signed_in()) throw Error::unauthorized();
        throw conversation_not_found();
    }
    return *c;
}

}  // namespace

StartTarget Messages::start_target(const Actor& actor, const std::string& slug) {
    policy::require(actor.who, Action::send_message);
    return db_.read([&](db::Session& s) {
        auto t = find_target(s, slug);
        if (!t || !t->listed) throw Error::not_found("We could not find that specialist.");
        StartTarget out{t->slug, t->name, t->messages_open, std::nullopt};
        if (auto c = find_between(s, actor.user_id(), t->user_id)) out.existing_conversation_id = c->id;
        return out;
    });
}

MessageOutcome<SendResult> Messages::start(const Actor& actor, const StartConversation& command) {
    const auto& who = actor.who;
    policy::require(who, Action::send_message);  // 401 for a visitor
    if (!policy::may(who, Action::start_conversation)) {
        return refusal(Code::not_a_member, "Only members can start a conversation with a specialist.");
    }
    auto [target, existing] = db_.read([&](db::Session& s) {
        auto t = find_target(s, command.specialist_slug);
        std::optional<Parties> c;
        if (t) c = find_between(s, who.user_id, t->user_id);
        return std::pair{t, c};
    });
    // An unlisted specialist is not found, unless the two already write
    // to each other: a conversation, once begun, goes on.
    if (!target || (!target->listed && !existing)) throw Error::not_found("We could not find that specialist.");
    if (!existing) {
        policy::require_visible(who, Action::start_conversation,
                                policy::Record{target->user_id, 0, target->listed});
    }
    StartConversation c = command;
    if (auto problem = command_problem(c.body, c.idempotency_key)) return std::move(*problem);
    if (!existing && !target->messages_open) return closed_refusal();
    return deliver(actor, existing ? std::optional(existing->id) : std::nullopt, c);
}

MessageOutcome<SendResult> Messages::send(const Actor& actor, const SendMessage& command) {
    policy::require(actor.who, Action::send_message);
    db_.read([&](db::Session& s) { return visible_conversation(s, actor, command.conversation_id); });
    StartConversation c{"", command.body, command.idempotency_key};
    if (auto problem = command_problem(c.body, c.idempotency_key)) return std::move(*problem);
    return deliver(actor, command.conversation_id, c);
}

// The common path of start() and send(), once the fields are checked:
// `conversation_id` names the conversation, or nullopt for a new one with
// the specialist `command.specialist_slug` (messages_open already checked).
MessageOutcome<SendResult> Messages::deliver(const Actor& actor, std::optional<std::int64_t> conversation_id,
                                             const StartConversation& command) {
    const auto sender = actor.user_id();
    const auto& body = command.body;
    const auto& key = command.idempotency_key;
    const bool crisis = crisis::speaks_of_self_harm(body);

    // A repeated key returns the first message (the same text), or is
    // refused (another text, or another conversation).
    auto repeat = [&](db::Session& s) -> std::optional<MessageOutcome<SendResult>> {
        auto earlier = find_by_idempotency_key(s, sender, key);
        if (!earlier) return std::nullopt;
        const auto text = keys_.open(security::SealedText{earlier->key_id, earlier->sealed},
                                     security::message_associated_data(earlier->conversation_id, earlier->id));
        // The same place: the named conversation, or for a start the
        // conversation with the specialist named (a key first used with
        // another specialist must not pass for a delivery to this one).
        bool same_place = false;
        if (conversation_id) {
            same_place = *conversation_id == earlier->conversation_id;
        } else {
            const auto target = find_target(s, command.specialist_slug);
            const auto first = find_parties(s, earlier->conversation_id);
            same_place = target && first && first->specialist_id == target->user_id;
        }
        if (text != body || !same_place) {
            return MessageOutcome<SendResult>(refusal(
                Code::idempotency_key_reused, "This idempotency key was already used for another message.",
                "idempotency_key"));
        }
        auto view = find_view(s, earlier->conversation_id, sender);
        if (!view) throw conversation_not_found();
        return MessageOutcome<SendResult>(SendResult{
            *view, MessageView{earlier->id, earlier->conversation_id, sender, true, text, earlier->created_at}, false,
            false, crisis});
    };

    if (auto earlier = db_.read([&](db::Session& s) { return repeat(s); })) return std::move(*earlier);
    if (!conversation_id) limiter_.hit(security::rate_rules::conversation_start_per_user, std::to_string(sender));
    limiter_.hit(security::rate_rules::message_send_per_user, std::to_string(sender));

    std::int64_t recipient = 0;
    try {
        auto outcome = db_.write([&](db::Session& s) -> MessageOutcome<SendResult> {
            // One sender's sends take turns, so a double submit finds the first.
            s.serialize_on("messages.sender", sender);
            if (auto earlier = repeat(s)) return std::move(*earlier);
            const auto now = now_seconds();
            bool created_conversation = false;
            std::optional<Parties> c;
            if (conversation_id) {
                c = find_parties(s, *conversation_id);
            } else {
                auto target = find_target(s, command.specialist_slug);
                if (!target) throw Error::not_found("We could not find that specialist.");
                c = find_between(s, sender, target->user_id);
                if (!c) {
                    // start() looked before this write; a specialist who closed
                    // (or was unlisted) since then is asked again here.
                    if (!target->listed) throw Error::not_found("We could not find that specialist.");
                    if (!target->messages_open) return closed_refusal();
                    insert_conversation(s, sender, *target, now);
                    c = find_between(s, sender, target->user_id);
                    created_conversation = true;
                }
            }
            if (!c || (c->member_id != sender && c->specialist_id != sender)) throw conversation_not_found();
            // Sends and blocks in one conversation take turns (set_blocked
            // takes the same lock), and the block is read again after the
            // turn: a send that began before a block cannot commit after it.
            s.serialize_on("messages.conversation", c->id);
            c = find_parties(s, c->id);
            if (!c) throw conversation_not_found();
            if (c->blocked_by) return blocked_refusal();
            const auto other = sender == c->member_id ? c->specialist_id : c->member_id;
            switch (account_reach(s, other)) {
                case Reach::deleted: return deleted_refusal();
                case Reach::suspended: return unavailable_refusal();
                case Reach::open: break;
            }

            const auto id = insert_message(s, c->id, sender, key, now);
            const auto sealed = keys_.seal(body, security::message_associated_data(c->id, id));
            store_sealed(s, id, sealed.key_id, sealed.sealed);
            record_sent(s, *c, sender, id, now);
            recipient = sender == c->member_id ? c->specialist_id : c->member_id;
            notify(s, *c, recipient, now);
            user_events::publish(s, recipient, "message", c->id, id);
            if (created_conversation) {
                // Facts only: who wrote to whom, never what.
                audit::record(s, sender, "conversation.start", "conversation", std::to_string(c->id), "",
                              actor.client_address);
            }
            auto view = find_view(s, c->id, sender);
            return SendResult{*view, MessageView{id, c->id, sender, true, body, now}, true, created_conversation,
                              crisis};
        });
        if (outcome && outcome->created) announce({recipient});
        return outcome;
    } catch (const db::ConstraintViolation& e) {
        // Caught outside the transaction, which the violation may have ended:
        // a concurrent send with the same key (or start with the same
        // specialist) committed first.
        if (!is_idempotency_violation(e)) throw;
        if (auto earlier = db_.read([&](db::Session& s) { return repeat(s); })) return std::move(*earlier);
        throw;
    }
}

void Messages::notify(db::Session& s, const Parties& c, std::int64_t recipient,
                      std::int64_t now) {
    auto to = notice_target(s, c.id, recipient);
    if (!to || !to->wants) return;
    // Where to read it; never what, nor who wrote: someone else may read
    // the recipient's inbox, and whom they talk to is private too.
    boost::json::object data{{"name", to->name},
                             {"link", settings_.base_url + "/messages/" + std::to_string(c.id)},
                             {"account_url", settings_.base_url + "/account"}};
    mail::enqueue(s, mail::from_template(templates_, "message_new", data, to->email));
    mark_notified(s, c.id, recipient, now);
}

ConversationList Messages::conversations(const Actor& actor, const ConversationQuery& query) {
    policy::require(actor.who, Action::view_conversation);
    return db_.read([&](db::Session& s) {
        ConversationList out;
        out.items = list_views(s, actor.user_id(), query.archived, query.page);
        out.total = count_views(s, actor.user_id(), query.archived);
        out.page = query.page;
        out.unread_total = messages::unread_total(s, actor.user_id());
        return out;
    });
}

ConversationView Messages::conversation(const Actor& actor, std::int64_t id) {
    return db_.read([&](db::Session& s) {
        visible_conversation(s, actor, id);
        auto view = find_view(s, id, actor.user_id());
        if (!view) throw conversation_not_found();
        return *view;
    });
}

MessagePage Messages::read(const Actor& actor, std::int64_t id, const MessageQuery& query) {
    if (query.limit < 1 || query.limit > max_message_limit) {
        throw Error::invalid("limit", "Ask for 1 to " + std::to_string(max_message_limit) + " messages.");
    }
    const auto reader = actor.user_id();
    auto page_of = [&](db::Session& s) {
        visible_conversation(s, actor, id);
        auto view = find_view(s, id, reader);
        if (!view) throw conversation_not_found();
        MessagePage page;
        auto stored = window(s, id, reader, query);
        page.has_earlier = stored.more_earlier;
        for (const auto& m : stored.items) {
            page.items.push_back(MessageView{
                m.id, m.conversation_id, m.sender_id, m.sender_id == reader,
                keys_.open(security::SealedText{m.key_id, m.sealed}, security::message_associated_data(id, m.id)),
                m.created_at});
        }
        page.conversation = *view;
        return page;
    };
    auto page = db_.read(page_of);
    if (!query.mark_read || page.conversation.unread_count == 0) return page;
    // Read again inside the write, so a message that arrives meanwhile is
    // either shown here or left unread.
    // Only what this window showed is read: a window that stops short of
    // the newest messages (or pages back) leaves the rest unread.
    bool changed = false;
    page = db_.write([&](db::Session& s) {
        changed = false;
        // After the sends under way in this conversation (deliver takes the
        // same lock): their messages are then shown and read here, or
        // arrive after this mark and stay unread; never marked read unseen.
        s.serialize_on("messages.conversation", id);
        auto fresh = page_of(s);
        const auto through = fresh.items.empty() ? std::int64_t{0} : fresh.items.back().id;
        const auto mark = mark_read_through(s, id, reader, through);
        if (mark.cleared > 0) {
            user_events::publish(s, reader, "read", id, 0);
            changed = true;
        }
        fresh.conversation.unread_count = mark.remaining;
        return fresh;
    });
    if (changed) announce({reader});
    return page;
}

ConversationView Messages::set_blocked(const Actor& actor, std::int64_t id, bool blocked) {
    return db_.write([&](db::Session& s) {
        visible_conversation(s, actor, id);
        s.serialize_on("messages.conversation", id);  // after sends under way (deliver)
        const auto now = now_seconds();
        if (blocked) {
            set_block(s, id, actor.user_id(), now);
            audit::record(s, actor.user_id(), "conversation.block", "conversation", std::to_string(id), "",
                          actor.client_address);
        } else if (lift_block(s, id, actor.user_id())) {
            audit::record(s, actor.user_id(), "conversation.unblock", "conversation", std::to_string(id), "",
                          actor.client_address);
        }
        return *find_view(s, id, actor.user_id());
    });
}

ConversationView Messages::set_archived(const Actor& actor, std::int64_t id, bool archived) {
    return db_.write([&](db::Session& s) {
        visible_conversation(s, actor, id);
        set_archived_at(s, id, actor.user_id(), archived ? std::optional(now_seconds()) : std::nullopt);
        return *find_view(s, id, actor.user_id());
    });
}

std::int64_t Messages::unread_total(std::int64_t user_id) {
    return db_.read([&](db::Session& s) { return messages::unread_total(s, user_id); });
}

bool Messages::message_emails(const Actor& actor) {
    policy::require(actor.who, Action::view_own_account);
    return db_.read([&](db::Session& s) { return messages::message_emails(s, actor.user_id()).value_or(true); });
}

void Messages::set_message_emails(const Actor& actor, bool on) {
    policy::require(actor.who, Action::view_own_account);
    db_.write([&](db::Session& s) {
        messages::set_message_emails(s, actor.user_id(), on);
        audit::record(s, actor.user_id(), "account.message_emails", "user", std::to_string(actor.user_id()),
                      on ? "on" : "off", actor.client_address);
    });
}

}  // namespace hearth::messages
