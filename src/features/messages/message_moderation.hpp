#pragma once
// What moderation may know of a message: who sent it and who takes part in
// its conversation (so only a participant can report it), and, for an admin
// looking at a report, its text. The text is opened only for a message that
// has been reported: the query that reads the sealed body requires a report
// of it, so no caller can read any other message through this file.
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "features/reports/moderation_target.hpp"
#include "security/message_keys.hpp"

namespace hearth::messages {

// A message's place: its conversation and the people in it.
struct MessageParties {
    std::int64_t message_id = 0;
    std::int64_t conversation_id = 0;
    std::int64_t sender_id = 0;
    std::int64_t member_id = 0;      // the conversation's member
    std::int64_t specialist_id = 0;  // the conversation's specialist (their user id)
    std::int64_t created_at = 0;     // UTC seconds

    // Whether `user_id` is one of the conversation's two people.
    bool is_participant(std::int64_t user_id) const noexcept {
        return user_id != 0 && (user_id == member_id || user_id == specialist_id);
    }
};

// nullopt when there is no such message.
std::optional<MessageParties> message_parties(db::Session& s, std::int64_t message_id);

// A reported message as an admin sees it in the reports queue.
struct ReportedMessage {
    MessageParties parties;
    std::string sender_name;  // users.display_name
    std::string text;         // opened with the message keyring; "" when unreadable
    // False when the text could not be opened (its key is not in the key
    // file, or the row was changed): logged, and shown as such, so one lost
    // key does not hide every other report from the admins.
    bool readable = true;
};

// The text of message `message_id`, opened with `keys`, only when at least
// one report of it exists (reports.target_type = 'message'); nullopt for a
// message never reported or unknown. The caller (the reports service) has
// asked the policy and writes the audit-log entry for the view. A text that
// cannot be opened (a key missing from the key file, a changed row) comes
// back with readable = false, and is logged with the message and key ids.
std::optional<ReportedMessage> open_reported_message(db::Session& s, security::MessageKeyring& keys,
                                                     std::int64_t message_id);

// Messages in the moderation queue (target_type "message"). Only the other
// participant of a message's conversation may report it; an admin reads it
// only once it has been reported (open_reported_message). Messages are
// private to their two people, so they cannot be hidden: a report of one
// ends in dismiss, or in suspending the sender.
class MessageModeration final : public reports::ModerationTarget {
public:
    explicit MessageModeration(security::MessageKeyring& keys) : keys_(keys) {}

    std::string_view type() const override { return "message"; }
    // The message's place, never its text (the reporter has it already).
    std::optional<reports::TargetView> for_reporter(db::Session& s, const Principal& reporter,
                                                    std::int64_t id) const override;
    // The text of a reported message; nullopt when nobody reported it.
    std::optional<reports::TargetView> for_admin(db::Session& s, std::int64_t id) const override;
    bool can_hide() const override { return false; }
    bool set_hidden(db::Session& s, std::int64_t id, const std::optional<reports::Hide>& hide) const override;

private:
    security::MessageKeyring& keys_;
};

}  // namespace hearth::messages
