#include "features/messages/message_store.hpp"

#include <algorithm>
#include <limits>

namespace hearth::messages {

namespace {

// The viewer's side of a conversation: cm is the viewer's membership row,
// so a conversation they do not take part in is never read.
constexpr const char* view_select =
    "SELECT c.id, c.member_id, c.specialist_id, c.created_at, c.last_message_at, c.last_message_id, "
    "c.first_reply_at, c.blocked_by, cm.unread_count, cm.archived_at, p.slug, p.full_name, mu.display_name, "
    "cm.user_id, cm.blocked_at "
    "FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id "
    "JOIN specialist_profiles p ON p.id = c.profile_id JOIN users mu ON mu.id = c.member_id ";

ConversationView view_from_row(const db::Row& r) {
    ConversationView v;
    v.id = r.integer(0);
    v.member_id = r.integer(1);
    v.specialist_id = r.integer(2);
    v.created_at = r.integer(3);
    v.last_message_at = r.integer(4);
    v.last_message_id = r.integer(5);
    v.first_reply_at = r.optional_integer(6);
    v.unread_count = r.integer(8);
    v.archived = !r.is_null(9);
    const auto viewer = r.integer(13);
    v.blocked_by_me = !r.is_null(14);  // this side's own block, whatever the other side did
    if (viewer == v.member_id) {
        v.my_side = Side::member;
        v.other_user_id = v.specialist_id;
        v.other_slug = r.text(10);
        v.other_name = r.text(11);
    } else {
        v.my_side = Side::specialist;
        v.other_user_id = v.member_id;
        v.other_name = r.text(12);
    }
    return v;
}

constexpr const char* message_select =
    "SELECT id, conversation_id, sender_id, key_id, sealed, created_at FROM messages ";

StoredMessage message_from_row(const db::Row& r) {
    return StoredMessage{r.integer(0), r.integer(1), r.integer(2), r.integer(3), r.text(4), r.integer(5)};
}

Parties parties_from_row(const db::Row& r) {
    return Parties{r.integer(0), r.integer(1), r.integer(2), r.optional_integer(3)};
}

db::Value optional_value(std::optional<std::int64_t> v) {
    if (v) return *v;
    return nullptr;
}

}  // namespace

std::optional<SpecialistTarget> find_target(db::Session& s, const std::string& slug) {
    auto r = s.query("SELECT id, user_id, slug, full_name, listed, messages_open FROM specialist_profiles "
                     "WHERE slug = $1",
                     {slug});
    if (r.empty()) return std::nullopt;
    const auto& row = r.front();
    return SpecialistTarget{row.integer(0), row.integer(1), row.text(2), row.text(3), row.flag(4), row.flag(5)};
}

Reach account_reach(db::Session& s, std::int64_t user_id) {
    const auto r = s.query(
        "SELECT CASE WHEN deleted_at IS NOT NULL THEN 2 WHEN suspended_at IS NOT NULL THEN 1 ELSE 0 END "
        "FROM users WHERE id = $1",
        {user_id});
    if (r.empty()) return Reach::open;
    switch (r.front().integer(0)) {
        case 2: return Reach::deleted;
        case 1: return Reach::suspended;
        default: return Reach::open;
    }
}

std::optional<Parties> find_parties(db::Session& s, std::int64_t conversation_id) {
    auto r = s.query("SELECT id, member_id, specialist_id, blocked_by FROM conversations WHERE id = $1",
                     {conversation_id});
    if (r.empty()) return std::nullopt;
    return parties_from_row(r.front());
}

std::optional<Parties> find_between(db::Session& s, std::int64_t member_id, std::int64_t specialist_id) {
    auto r = s.query("SELECT id, member_id, specialist_id, blocked_by FROM conversations "
                     "WHERE member_id = $1 AND specialist_id = $2",
                     {member_id, specialist_id});
    if (r.empty()) return std::nullopt;
    return parties_from_row(r.front());
}

std::int64_t insert_conversation(db::Session& s, std::int64_t member_id, const SpecialistTarget& target,
                                 std::int64_t now) {
    const auto id = s.query("INSERT INTO conversations (member_id, specialist_id, profile_id, created_at, "
                            "last_message_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
                            {member_id, target.user_id, target.profile_id, now})
                        .front()
                        .integer(0);
    for (const auto user : {member_id, target.user_id}) {
        s.query("INSERT INTO conversation_members (conversation_id, user_id, last_message_at) VALUES ($1, $2, $3)",
                {id, user, now});
    }
    return id;
}

std::optional<ConversationView> find_view(db::Session& s, std::int64_t conversation_id, std::int64_t viewer_id) {
    auto r = s.query(std::string(view_select) + "WHERE cm.conversation_id = $1 AND cm.user_id = $2",
                     {conversation_id, viewer_id});
    if (r.empty()) return std::nullopt;
    return view_from_row(r.front());
}

std::vector<ConversationView> list_views(db::Session& s, std::int64_t viewer_id, bool archived,
                                         const paging::Page& page) {
    std::vector<ConversationView> out;
    const std::string filter = archived ? "cm.archived_at IS NOT NULL" : "cm.archived_at IS NULL";
    for (const auto& r : s.query(std::string(view_select) + "WHERE cm.user_id = $1 AND " + filter +
                                     " ORDER BY cm.last_message_at DESC, c.id DESC LIMIT $2 OFFSET $3",
                                 {viewer_id, page.per_page, page.offset()})) {
        out.push_back(view_from_row(r));
    }
    return out;
}

std::int64_t count_views(db::Session& s, std::int64_t viewer_id, bool archived) {
    const std::string filter = archived ? "archived_at IS NOT NULL" : "archived_at IS NULL";
    return s.query("SELECT COUNT(*) FROM conversation_members WHERE user_id = $1 AND " + filter, {viewer_id})
        .front()
        .integer(0);
}

std::int64_t unread_total(db::Session& s, std::int64_t user_id) {
    return s.query("SELECT COALESCE(SUM(unread_count), 0) FROM conversation_members WHERE user_id = $1",
                   {user_id})
        .front()
        .integer(0);
}

std::optional<StoredMessage> find_by_idempotency_key(db::Session& s, std::int64_t sender_id, const std::string& key) {
    auto r = s.query(std::string(message_select) + "WHERE sender_id = $1 AND idempotency_key = $2", {sender_id, key});
    if (r.empty()) return std::nullopt;
    return message_from_row(r.front());
}

std::int64_t insert_message(db::Session& s, std::int64_t conversation_id, std::int64_t sender_id,
                            const std::string& idempotency_key, std::int64_t now) {
    return s.query("INSERT INTO messages (conversation_id, sender_id, key_id, sealed, idempotency_key, created_at) "
                   "VALUES ($1, $2, 0, '', $3, $4) RETURNING id",
                   {conversation_id, sender_id, idempotency_key, now})
        .front()
        .integer(0);
}

void store_sealed(db::Session& s, std::int64_t message_id, std::int64_t key_id, const std::string& sealed) {
    s.query("UPDATE messages SET key_id = $1, sealed = $2 WHERE id = $3", {key_id, sealed, message_id});
}

StoredWindow window(db::Session& s, std::int64_t conversation_id, std::int64_t viewer_id, const MessageQuery& query) {
    StoredWindow out;
    const auto limit = query.limit;
    // Only a participant's messages: the viewer's membership row must exist.
    const std::string where =
        "WHERE conversation_id = $1 AND EXISTS (SELECT 1 FROM conversation_members cm "
        "WHERE cm.conversation_id = $1 AND cm.user_id = $2) ";
    if (!query.before && query.after) {
        for (const auto& r : s.query(std::string(message_select) + where + "AND id > $3 ORDER BY id LIMIT $4",
                                     {conversation_id, viewer_id, *query.after, limit})) {
            out.items.push_back(message_from_row(r));
        }
        return out;  // live appends: has_earlier is not asked for
    }
    // Newest first with one extra row, then turned oldest first.
    const auto rows =
        query.before
            ? s.query(std::string(message_select) + where + "AND id < $3 ORDER BY id DESC LIMIT $4",
                      {conversation_id, viewer_id, *query.before, limit + 1})
            : s.query(std::string(message_select) + where + "ORDER BY id DESC LIMIT $3",
                      {conversation_id, viewer_id, limit + 1});
    for (const auto& r : rows) out.items.push_back(message_from_row(r));
    if (static_cast<std::int64_t>(out.items.size()) > limit) {
        out.more_earlier = true;
        out.items.pop_back();
    }
    std::reverse(out.items.begin(), out.items.end());
    return out;
}

void record_sent(db::Session& s, const Parties& c, std::int64_t sender_id, std::int64_t message_id, std::int64_t now) {
    // first_reply_at: the specialist's first message ("usually replies within").
    s.query("UPDATE conversations SET last_message_at = $2, last_message_id = $3, "
            "first_reply_at = CASE WHEN first_reply_at IS NULL AND specialist_id = $4 THEN $2 ELSE first_reply_at END "
            "WHERE id = $1",
            {c.id, now, message_id, sender_id});
    // Writing in a conversation brings it back from the sender's archive too.
    s.query("UPDATE conversation_members SET last_message_at = $3, last_read_message_id = $4, archived_at = NULL "
            "WHERE conversation_id = $1 AND user_id = $2",
            {c.id, sender_id, now, message_id});
    const auto recipient = sender_id == c.member_id ? c.specialist_id : c.member_id;
    s.query("UPDATE conversation_members SET last_message_at = $3, unread_count = unread_count + 1, "
            "archived_at = NULL WHERE conversation_id = $1 AND user_id = $2",
            {c.id, recipient, now});
}

std::optional<NoticeTarget> notice_target(db::Session& s, std::int64_t conversation_id, std::int64_t user_id) {
    auto r = s.query("SELECT u.email, u.display_name, u.message_emails, cm.notified_at, u.deleted_at "
                     "FROM conversation_members cm JOIN users u ON u.id = cm.user_id "
                     "WHERE cm.conversation_id = $1 AND cm.user_id = $2",
                     {conversation_id, user_id});
    if (r.empty()) return std::nullopt;
    const auto& row = r.front();
    return NoticeTarget{row.text(0), row.text(1), row.flag(2) && row.is_null(3) && row.is_null(4)};
}

void mark_notified(db::Session& s, std::int64_t conversation_id, std::int64_t user_id, std::int64_t now) {
    s.query("UPDATE conversation_members SET notified_at = $3 WHERE conversation_id = $1 AND user_id = $2",
            {conversation_id, user_id, now});
}

std::int64_t mark_read(db::Session& s, std::int64_t conversation_id, std::int64_t user_id) {
    return mark_read_through(s, conversation_id, user_id, std::numeric_limits<std::int64_t>::max()).cleared;
}

ReadMark mark_read_through(db::Session& s, std::int64_t conversation_id, std::int64_t user_id,
                           std::int64_t through_message_id) {
    auto r = s.query("SELECT cm.unread_count, cm.notified_at, c.last_message_id, cm.last_read_message_id "
                     "FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id "
                     "WHERE cm.conversation_id = $1 AND cm.user_id = $2",
                     {conversation_id, user_id});
    if (r.empty()) return {};
    const auto& row = r.front();
    const auto unread = row.integer(0);
    const auto last_message = row.integer(2);
    if (through_message_id >= last_message) {
        if (unread == 0 && row.is_null(1)) return {};
        s.query("UPDATE conversation_members SET unread_count = 0, notified_at = NULL, last_read_message_id = $3 "
                "WHERE conversation_id = $1 AND user_id = $2",
                {conversation_id, user_id, last_message});
        return {unread, 0};
    }
    if (through_message_id <= row.integer(3)) return {0, unread};
    const auto remaining = s.query("SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND sender_id <> $2 "
                                   "AND id > $3",
                                   {conversation_id, user_id, through_message_id})
                               .front()
                               .integer(0);
    s.query("UPDATE conversation_members SET unread_count = $3, notified_at = NULL, last_read_message_id = $4 "
            "WHERE conversation_id = $1 AND user_id = $2",
            {conversation_id, user_id, remaining, through_message_id});
    return {std::max<std::int64_t>(unread - remaining, 0), remaining};
}

namespace {

// conversations.blocked_by/blocked_at summarise the sides' blocks: the
// earliest that still stands, NULL when none does.
void summarise_blocks(db::Session& s, std::int64_t conversation_id) {
    s.query("UPDATE conversations SET "
            "blocked_by = (SELECT user_id FROM conversation_members WHERE conversation_id = $1 "
            "AND blocked_at IS NOT NULL ORDER BY blocked_at, user_id LIMIT 1), "
            "blocked_at = (SELECT MIN(blocked_at) FROM conversation_members WHERE conversation_id = $1) "
            "WHERE id = $1",
            {conversation_id});
}

}  // namespace

void set_block(db::Session& s, std::int64_t conversation_id, std::int64_t user_id, std::int64_t now) {
    if (s.query("UPDATE conversation_members SET blocked_at = $3 "
                "WHERE conversation_id = $1 AND user_id = $2 AND blocked_at IS NULL",
                {conversation_id, user_id, now})
            .affected() > 0)
        summarise_blocks(s, conversation_id);
}

bool lift_block(db::Session& s, std::int64_t conversation_id, std::int64_t user_id) {
    if (s.query("UPDATE conversation_members SET blocked_at = NULL "
                "WHERE conversation_id = $1 AND user_id = $2 AND blocked_at IS NOT NULL",
                {conversation_id, user_id})
            .affected() == 0)
        return false;
    summarise_blocks(s, conversation_id);
    return true;
}

void set_archived_at(db::Session& s, std::int64_t conversation_id, std::int64_t user_id,
                     std::optional<std::int64_t> at) {
    s.query("UPDATE conversation_members SET archived_at = $3 WHERE conversation_id = $1 AND user_id = $2",
            {conversation_id, user_id, optional_value(at)});
}

std::optional<bool> message_emails(db::Session& s, std::int64_t user_id) {
    auto r = s.query("SELECT message_emails FROM users WHERE id = $1", {user_id});
    if (r.empty()) return std::nullopt;
    return r.front().flag(0);
}

void set_message_emails(db::Session& s, std::int64_t user_id, bool on) {
    s.query("UPDATE users SET message_emails = $2 WHERE id = $1", {user_id, std::int64_t{on ? 1 : 0}});
}

}  // namespace hearth::messages
