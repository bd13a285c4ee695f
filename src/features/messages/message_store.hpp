#pragma once
// The SQL of the messages feature (migration 0014): conversations, each
// side's row in conversation_members, and sealed messages. Every query that
// returns a conversation or its messages to a person filters by that
// person's membership, the second guard behind the policy. Bodies come and
// go here sealed only (security/message_keys.hpp); opening is the service's.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/messages/messages.hpp"

namespace hearth::messages {

// A specialist as someone may write to them.
struct SpecialistTarget {
    std::int64_t profile_id = 0;
    std::int64_t user_id = 0;
    std::string slug;
    std::string name;  // the profile's full name
    bool listed = false;
    bool messages_open = false;
};
std::optional<SpecialistTarget> find_target(db::Session& s, const std::string& slug);

// Who takes part in a conversation: what the policy needs, nothing of what
// either side sees.
struct Parties {
    std::int64_t id = 0;
    std::int64_t member_id = 0;
    std::int64_t specialist_id = 0;
    std::optional<std::int64_t> blocked_by;
};
std::optional<Parties> find_parties(db::Session& s, std::int64_t conversation_id);
std::optional<Parties> find_between(db::Session& s, std::int64_t member_id, std::int64_t specialist_id);
// Whether messages to account `user_id` would reach anyone: not once an
// admin suspended it (users.suspended_at, migration 0019), nor once it was
// deleted (its person erased; the row is kept scrubbed).
enum class Reach { open, suspended, deleted };
Reach account_reach(db::Session& s, std::int64_t user_id);

// A new conversation with both sides' rows; returns its id.
std::int64_t insert_conversation(db::Session& s, std::int64_t member_id, const SpecialistTarget& target,
                                 std::int64_t now);

// The conversation as `viewer_id` sees it; nullopt unless they take part.
std::optional<ConversationView> find_view(db::Session& s, std::int64_t conversation_id, std::int64_t viewer_id);
// A page of the viewer's conversations (inbox or archive), newest first, and how many there are.
std::vector<ConversationView> list_views(db::Session& s, std::int64_t viewer_id, bool archived,
                                         const paging::Page& page);
std::int64_t count_views(db::Session& s, std::int64_t viewer_id, bool archived);
std::int64_t unread_total(db::Session& s, std::int64_t user_id);

// A message as stored (sealed).
struct StoredMessage {
    std::int64_t id = 0;
    std::int64_t conversation_id = 0;
    std::int64_t sender_id = 0;
    std::int64_t key_id = 0;
    std::string sealed;
    std::int64_t created_at = 0;
};
std::optional<StoredMessage> find_by_idempotency_key(db::Session& s, std::int64_t sender_id, const std::string& key);
// Inserts a message row without its body (key 0, sealed ''), so that its id
// can be sealed into the associated data; store_sealed fills it in.
std::int64_t insert_message(db::Session& s, std::int64_t conversation_id, std::int64_t sender_id,
                            const std::string& idempotency_key, std::int64_t now);
void store_sealed(db::Session& s, std::int64_t message_id, std::int64_t key_id, const std::string& sealed);
// Messages of a conversation by MessageQuery (oldest first); `limit + 1`
// are read where paging back needs to know whether more exist: the
// result's `more` says so.
struct StoredWindow {
    std::vector<StoredMessage> items;
    bool more_earlier = false;
};
// Empty unless `viewer_id` takes part in the conversation.
StoredWindow window(db::Session& s, std::int64_t conversation_id, std::int64_t viewer_id, const MessageQuery& query);

// After a message is stored: the conversation's last message, the first
// reply when the specialist sent it, the sender's row (read up to it, out
// of their archive) and the recipient's (one more unread, out of their
// archive).
void record_sent(db::Session& s, const Parties& c, std::int64_t sender_id, std::int64_t message_id, std::int64_t now);

// The recipient's notice state: whether an e-mail may go now (none out
// since they last read, they want them, the account is not being deleted),
// with their address and name.
struct NoticeTarget {
    std::string email;
    std::string name;
    bool wants = false;
};
std::optional<NoticeTarget> notice_target(db::Session& s, std::int64_t conversation_id, std::int64_t user_id);
void mark_notified(db::Session& s, std::int64_t conversation_id, std::int64_t user_id, std::int64_t now);
// Marks everything read for `user_id`; returns the unread count it cleared
// (0 when nothing changed).
std::int64_t mark_read(db::Session& s, std::int64_t conversation_id, std::int64_t user_id);
// Marks read what `user_id` was shown: the messages up to and including
// `through_message_id`. The other side's messages after it stay unread (a
// window that stopped short of the newest, or paged back, does not read
// them); nothing changes when it is not past what they had read.
struct ReadMark {
    std::int64_t cleared = 0;    // how much the unread count went down (0: unchanged)
    std::int64_t remaining = 0;  // the unread count now
};
ReadMark mark_read_through(db::Session& s, std::int64_t conversation_id, std::int64_t user_id,
                           std::int64_t through_message_id);

// `user_id`'s side blocks the other (each side's block stands on its own,
// migration 0015); a second block by the same side changes nothing.
void set_block(db::Session& s, std::int64_t conversation_id, std::int64_t user_id, std::int64_t now);
// Lifts `user_id`'s own block, leaving the other side's; returns whether there was one.
bool lift_block(db::Session& s, std::int64_t conversation_id, std::int64_t user_id);
void set_archived_at(db::Session& s, std::int64_t conversation_id, std::int64_t user_id,
                     std::optional<std::int64_t> at);


std::optional<bool> message_emails(db::Session& s, std::int64_t user_id);
void set_message_emails(db::Session& s, std::int64_t user_id, bool on);

}  // namespace hearth::messages
