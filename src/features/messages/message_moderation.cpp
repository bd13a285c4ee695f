#include "features/messages/message_moderation.hpp"

#include <spdlog/spdlog.h>

namespace hearth::messages {

namespace {

// The columns of MessageParties, over messages m joined to conversations c.
constexpr const char* parties_columns =
    "m.id, m.conversation_id, m.sender_id, c.member_id, c.specialist_id, m.created_at";
constexpr const char* message_with_conversation =
    " FROM messages m JOIN conversations c ON c.id = m.conversation_id";

MessageParties parties_of(const db::Row& row) {
    return MessageParties{row.integer(0), row.integer(1), row.integer(2),
                          row.integer(3), row.integer(4), row.integer(5)};
}

}  // namespace

std::optional<MessageParties> message_parties(db::Session& s, std::int64_t message_id) {
    const auto r = s.query(std::string("SELECT ") + parties_columns + message_with_conversation + " WHERE m.id = $1",
                           {message_id});
    if (r.empty()) return std::nullopt;
    return parties_of(r.front());
}

std::optional<ReportedMessage> open_reported_message(db::Session& s, security::MessageKeyring& keys,
                                                     std::int64_t message_id) {
    // The report is a condition of the query itself, not a check beside it.
    const auto r = s.query(std::string("SELECT ") + parties_columns + ", m.key_id, m.sealed, u.display_name" +
                               message_with_conversation +
                               " JOIN users u ON u.id = m.sender_id"
                               " WHERE m.id = $1 AND EXISTS (SELECT 1 FROM reports r"
                               " WHERE r.target_type = 'message' AND r.target_id = m.id)",
                           {message_id});
    if (r.empty()) return std::nullopt;
    const auto& row = r.front();
    ReportedMessage out;
    out.parties = parties_of(row);
    out.sender_name = row.text(8);
    try {
        out.text = keys.open(security::SealedText{row.integer(6), row.text(7)},
                             security::message_associated_data(out.parties.conversation_id, out.parties.message_id));
    } catch (const std::exception& e) {
        spdlog::error("reported message {} (key {}) cannot be opened: {}", message_id, row.integer(6), e.what());
        out.readable = false;
    }
    return out;
}

std::optional<reports::TargetView> MessageModeration::for_reporter(db::Session& s, const Principal& reporter,
                                                                   std::int64_t id) const {
    const auto parties = message_parties(s, id);
    if (!parties || !parties->is_participant(reporter.user_id)) return std::nullopt;
    reports::TargetView view;
    view.author_id = parties->sender_id;
    view.title = "Message";
    return view;
}

std::optional<reports::TargetView> MessageModeration::for_admin(db::Session& s, std::int64_t id) const {
    auto message = open_reported_message(s, keys_, id);
    if (!message) return std::nullopt;
    reports::TargetView view;
    view.author_id = message->parties.sender_id;
    view.title = "Message from " + message->sender_name;
    view.text = std::move(message->text);
    view.readable = message->readable;
    return view;  // public_path stays "": a private item, audited when opened
}

bool MessageModeration::set_hidden(db::Session&, std::int64_t, const std::optional<reports::Hide>&) const {
    return false;  // can_hide() is false: the desk never asks
}

}  // namespace hearth::messages
