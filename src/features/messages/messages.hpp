#pragma once
// Private messages between a member and a specialist. One conversation per
// (member, specialist account); both sides read and reply, each with their
// own unread count, archive and e-mail notice. Bodies are sealed with the
// message keyring before they reach a table (never plain text in the
// database, a log line, the audit log or an e-mail), and a send is
// acknowledged only once its transaction has committed.
//
// Pages and the JSON API both go through this service: it takes an Actor
// and typed commands, validates them (core/field_checks.hpp), asks the
// policy (view_conversation, start_conversation, send_message) and answers
// with a value or a MessageRefusal. Only the two participants ever see a
// conversation: anyone else (admins included) gets Error 404, and every
// store query filters by participant as well. It knows no HTTP.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "db/database.hpp"
#include "features/common/paging.hpp"
#include "features/messages/message_refusals.hpp"

namespace hearth::render {
class Templates;
}
namespace hearth::security {
class MessageKeyring;
class RateLimiter;
}  // namespace hearth::security

namespace hearth::messages {

struct Parties;  // message_store.hpp

// Body length in characters (Unicode code points), after trimming; the
// issue's rule (1-10,000), the pages' maxlength says the same.
inline constexpr std::size_t max_body_chars = 10000;
// Client-made idempotency keys, API.md: 8-128 characters, per sender.
inline constexpr std::size_t min_key_chars = 8;
inline constexpr std::size_t max_key_chars = 128;
// Messages per page when reading a conversation, and the most one may ask.
inline constexpr std::int64_t default_message_limit = 50;
inline constexpr std::int64_t max_message_limit = 100;

// Which side of a conversation a person is on.
enum class Side { member, specialist };

// --- commands ---

// POST /api/v1/conversations, /messages/new: the first message to a
// specialist, or the next one when the two already have a conversation.
struct StartConversation {
    std::string specialist_slug;
    std::string body;             // 1..max_body_chars characters after trimming
    std::string idempotency_key;  // min_key_chars..max_key_chars, required
};

// POST /api/v1/conversations/{id}/messages, the conversation page's form.
struct SendMessage {
    std::int64_t conversation_id = 0;
    std::string body;
    std::string idempotency_key;
};

// GET /api/v1/conversations, /messages: one's own list, newest first.
struct ConversationQuery {
    bool archived = false;  // true: the archive (conversations one archived); false: the inbox
    paging::Page page;
};

// GET /api/v1/conversations/{id}/messages: a window of messages, oldest
// first. Without before/after: the newest `limit`. `before`: the `limit`
// messages just older than that message id (paging back). `after`: those
// newer than that id (live appends), at most `limit`. Both: before wins.
struct MessageQuery {
    std::optional<std::int64_t> before;
    std::optional<std::int64_t> after;
    std::int64_t limit = default_message_limit;  // 1..max_message_limit
    bool mark_read = true;                       // reading lowers the reader's unread count to 0
};

// --- views ---

// A conversation as one participant (the viewer) sees it.
struct ConversationView {
    std::int64_t id = 0;
    std::int64_t member_id = 0;
    std::int64_t specialist_id = 0;  // the specialist's user id
    Side my_side = Side::member;
    std::int64_t other_user_id = 0;
    std::string other_name;  // the member's display name, or the specialist's profile full name
    std::string other_slug;  // the specialist's profile slug when the other side is the specialist, else ""
    std::int64_t unread_count = 0;  // the viewer's
    bool archived = false;          // in the viewer's archive
    bool blocked_by_me = false;     // the viewer blocked the other side (they may unblock)
    std::int64_t created_at = 0;       // UTC seconds
    std::int64_t last_message_at = 0;  // UTC seconds
    std::int64_t last_message_id = 0;
    std::optional<std::int64_t> first_reply_at;  // the specialist's first message, UTC seconds
};

// One message, opened for a participant.
struct MessageView {
    std::int64_t id = 0;
    std::int64_t conversation_id = 0;
    std::int64_t sender_id = 0;
    bool mine = false;  // sent by the viewer
    std::string body;   // the plain text, for the participants only
    std::int64_t created_at = 0;  // UTC seconds
};

// What a send answers.
struct SendResult {
    ConversationView conversation;  // as the sender sees it after the send
    MessageView message;
    bool created = true;              // false: a repeated idempotency key returned the first message
    bool conversation_created = false;  // start(): a new conversation was made
    bool crisis_resources = false;    // the body speaks of self-harm: show crisis resources (crisis_phrases.hpp)
};

struct ConversationList {
    std::vector<ConversationView> items;
    std::int64_t total = 0;  // in this list (inbox or archive)
    paging::Page page;
    std::int64_t unread_total = 0;  // across all the viewer's conversations, archived included
};

struct MessagePage {
    ConversationView conversation;  // after marking read
    std::vector<MessageView> items;  // oldest first
    bool has_earlier = false;        // older messages exist before items.front() (false for `after` windows)
};

// What the "new message" page needs about a specialist before writing.
struct StartTarget {
    std::string slug;
    std::string name;            // the profile's full name
    bool messages_open = false;  // listed and taking new conversations
    std::optional<std::int64_t> existing_conversation_id;  // the viewer's conversation with them, if any
};

struct MessageSettings {
    std::string base_url = "http://127.0.0.1:8080";  // starts the link in the e-mail notice
};

class Messages {
public:
    // Called after a write commits, once per user who got a user event
    // (the live feature's local wake-up). May be empty.
    using EventCallback = std::function<void(std::int64_t user_id)>;

    // `keys` seals and opens bodies; `templates` renders
    // templates/emails/message_new; `limiter` holds message_send_per_user
    // and conversation_start_per_user (security/rate_limit.hpp).
    Messages(db::Database& db, security::MessageKeyring& keys, const render::Templates& templates,
             security::RateLimiter& limiter, MessageSettings settings, EventCallback on_event = {});

    // Kind-level: Error 401 for a visitor (send_message); check_may_start
    // also 403 for anyone but a member (start_conversation), so the API
    // answers who-may before what-is-wrong-with-the-fields.
    void check_may_message(const Actor& actor) const;
    void check_may_start(const Actor& actor) const;

    // The specialist behind `slug` as the new-message page shows them.
    // Errors: 401, 404 for an unknown or unlisted slug.
    StartTarget start_target(const Actor& actor, const std::string& slug);

    // Starts (or continues) the actor's conversation with a specialist.
    // Errors: 401, 404 unknown slug, 429 (rate rules). Refusals: not_a_member
    // (specialists and admins, and a specialist writing to themselves),
    // invalid (body, idempotency_key), messages_closed (unlisted or
    // messages_open = 0; only for a new conversation: an existing one goes
    // on), blocked, idempotency_key_reused.
    MessageOutcome<SendResult> start(const Actor& actor, const StartConversation& command);
    // Sends in a conversation the actor takes part in. Errors: 401, 404 (not
    // theirs or unknown), 429. Refusals: invalid, blocked,
    // idempotency_key_reused.
    MessageOutcome<SendResult> send(const Actor& actor, const SendMessage& command);

    // The actor's conversations, newest message first. Error 401.
    ConversationList conversations(const Actor& actor, const ConversationQuery& query);
    // One conversation without reading it. Errors: 401, 404.
    ConversationView conversation(const Actor& actor, std::int64_t id);
    // Messages of a conversation (MessageQuery), opened; marks them read
    // when asked (unread 0, the e-mail notice re-armed, a "read" user event
    // when the count changed). Errors: 401, 404, 422 (limit).
    MessagePage read(const Actor& actor, std::int64_t id, const MessageQuery& query);

    // Blocks (true) or unblocks (false) the other side. Only the one who
    // blocked can unblock; the other side's unblock changes nothing.
    // Errors: 401, 404.
    ConversationView set_blocked(const Actor& actor, std::int64_t id, bool blocked);
    // Moves the conversation into (true) or out of (false) the actor's own
    // archive; a new message from the other side brings it back. Errors: 401, 404.
    ConversationView set_archived(const Actor& actor, std::int64_t id, bool archived);

    // Unread messages of `user_id` across all their conversations (one
    // indexed query): the navigation badge and the live stream.
    std::int64_t unread_total(std::int64_t user_id);

    // Whether the actor gets "you have a new message" e-mails
    // (users.message_emails). Error 401.
    bool message_emails(const Actor& actor);
    void set_message_emails(const Actor& actor, bool on);

    const std::string& base_url() const { return settings_.base_url; }

private:
    void announce(const std::vector<std::int64_t>& user_ids) const;
    MessageOutcome<SendResult> deliver(const Actor& actor, std::optional<std::int64_t> conversation_id,
                                       const StartConversation& command);
    // Queues the content-free "new message" e-mail to `recipient` unless one
    // is out since they last read or they turned them off.
    void notify(db::Session& s, const Parties& c, std::int64_t recipient, std::int64_t now);

    db::Database& db_;
    security::MessageKeyring& keys_;
    const render::Templates& templates_;
    security::RateLimiter& limiter_;
    MessageSettings settings_;
    EventCallback on_event_;
};

// "member", "specialist".
std::string_view side_name(Side side);

}  // namespace hearth::messages
