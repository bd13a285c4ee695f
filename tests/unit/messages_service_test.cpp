// The messages service on both engines, below the API: bodies are sealed
// before they reach a table (and never in the outbox, audit log or live
// events), the live wake-up is called after commit for the right people,
// and refusal codes are the API's.
#include "features/messages/messages.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "messages_fixture.hpp"
#include "security/rate_limit.hpp"

namespace ms = hearth::messages;
namespace db = hearth::db;
using hearth::Actor;
using hearth::Role;
using Code = ms::MessageRefusal::Code;

TEST(MessageRefusals, CodesAndStatusesAreTheApis) {
    EXPECT_EQ(ms::code_name(Code::invalid), "invalid");
    EXPECT_EQ(ms::status_of(Code::invalid), 422);
    EXPECT_EQ(ms::code_name(Code::messages_closed), "messages_closed");
    EXPECT_EQ(ms::status_of(Code::messages_closed), 409);
    EXPECT_EQ(ms::code_name(Code::idempotency_key_reused), "idempotency_key_reused");
    EXPECT_EQ(ms::status_of(Code::idempotency_key_reused), 409);
    EXPECT_EQ(ms::code_name(Code::blocked), "blocked");
    EXPECT_EQ(ms::status_of(Code::blocked), 403);
    EXPECT_EQ(ms::code_name(Code::not_a_member), "not_a_member");
    EXPECT_EQ(ms::status_of(Code::not_a_member), 403);
}

namespace {

constexpr const char* secret = "the words nobody else may read";

class MessagesServiceTest : public hearth::testing_support::MessagesFixture {
protected:
    // Every text cell of the tables a message could leak into.
    std::string all_text() {
        return database().read([&](db::Session& s) {
            std::string out;
            for (const char* q : {"SELECT sealed || idempotency_key FROM messages",
                                  "SELECT subject || body_text FROM outbox",
                                  "SELECT action || target_type || target_id || detail FROM audit_log",
                                  "SELECT kind FROM user_events"}) {
                for (const auto& r : s.query(q)) out += r.text(0) + "\n";
            }
            return out;
        });
    }
};

}  // namespace

TEST_P(MessagesServiceTest, SealsBodiesAndTellsTheRightPeopleAfterCommit) {
    if (IsSkipped()) return;
    auto sent = messages_->start(member_, ms::StartConversation{"dr-sam", secret, "key-00000001"});
    ASSERT_TRUE(sent.ok()) << sent.refusal().message;
    EXPECT_TRUE(sent->created);
    EXPECT_TRUE(sent->conversation_created);
    EXPECT_EQ(sent->message.body, secret);
    EXPECT_EQ(woken_, std::vector<std::int64_t>{specialist_.who.user_id});
    EXPECT_EQ(all_text().find("nobody else"), std::string::npos) << all_text();
    EXPECT_NE(all_text().find("You have a new message"), std::string::npos);
    EXPECT_EQ(messages_->unread_total(specialist_.who.user_id), 1);

    // A repeat wakes nobody; reading wakes the reader's other pages.
    woken_.clear();
    auto again = messages_->start(member_, ms::StartConversation{"dr-sam", secret, "key-00000001"});
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->created);
    EXPECT_TRUE(woken_.empty());
    const auto id = sent->conversation.id;
    auto page = messages_->read(specialist_, id, ms::MessageQuery{});
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].body, secret);
    EXPECT_EQ(woken_, std::vector<std::int64_t>{specialist_.who.user_id});
    EXPECT_EQ(messages_->unread_total(specialist_.who.user_id), 0);
    woken_.clear();
    (void)messages_->read(specialist_, id, ms::MessageQuery{});  // nothing left unread: no event
    EXPECT_TRUE(woken_.empty());

    // The stored body opens only in its own place (conversation and message ids).
    const auto sealed = database().read([&](db::Session& s) {
        return s.query("SELECT key_id, sealed FROM messages WHERE id = $1", {page.items[0].id}).front();
    });
    EXPECT_THROW(keys_->open({sealed.integer(0), sealed.text(1)},
                             hearth::security::message_associated_data(id + 1, page.items[0].id)),
                 std::runtime_error);
}

TEST_P(MessagesServiceTest, OnlyTheParticipantsSeeAConversation) {
    if (IsSkipped()) return;
    auto sent = messages_->start(member_, ms::StartConversation{"dr-sam", "hello", "key-00000002"});
    ASSERT_TRUE(sent.ok());
    const auto id = sent->conversation.id;
    EXPECT_EQ(messages_->conversation(specialist_, id).other_name, "noor");
    EXPECT_EQ(messages_->conversation(member_, id).other_name, "Dr Sam");
    Actor admin = stranger_;
    admin.who.role = Role::admin;
    for (const auto& who : {stranger_, admin}) {
        for (auto call : std::initializer_list<std::function<void()>>{
                 [&] { (void)messages_->conversation(who, id); },
                 [&] { (void)messages_->read(who, id, ms::MessageQuery{}); },
                 [&] { (void)messages_->send(who, ms::SendMessage{id, "hi", "key-00000003"}); },
                 [&] { (void)messages_->set_blocked(who, id, true); },
                 [&] { (void)messages_->set_archived(who, id, true); },
             }) {
            try {
                call();
                ADD_FAILURE() << "expected 404";
            } catch (const hearth::Error& e) {
                EXPECT_EQ(e.status(), 404);
            }
        }
    }
    EXPECT_EQ(messages_->conversations(stranger_, ms::ConversationQuery{}).total, 0);
    try {
        (void)messages_->conversations(Actor{}, ms::ConversationQuery{});
        ADD_FAILURE() << "expected 401";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 401);
    }
}

TEST_P(MessagesServiceTest, CrisisPhrasesAreFlaggedAndStillDelivered) {
    if (IsSkipped()) return;
    auto sent = messages_->start(member_, ms::StartConversation{"dr-sam", "I want to end my life", "key-00000004"});
    ASSERT_TRUE(sent.ok());
    EXPECT_TRUE(sent->crisis_resources);
    EXPECT_EQ(messages_->unread_total(specialist_.who.user_id), 1);
    auto reply = messages_->send(specialist_, ms::SendMessage{sent->conversation.id, "I'm here.", "key-00000005"});
    ASSERT_TRUE(reply.ok());
    EXPECT_FALSE(reply->crisis_resources);
    EXPECT_TRUE(reply->conversation.first_reply_at.has_value());
}

TEST_P(MessagesServiceTest, NewConversationsPerDayAreLimitedButContinuingIsNot) {
    if (IsSkipped()) return;
    hearth::security::RateLimiter on(database(), true);
    ms::Messages limited(database(), *keys_, templates_, on, ms::MessageSettings{});
    const auto rule = hearth::security::rate_rules::conversation_start_per_user;
    for (int i = 0; i <= rule.limit; ++i) {
        const auto who = user("spec" + std::to_string(i), "specialist");
        const auto slug = "spec-" + std::to_string(i);
        database().write([&](db::Session& s) {
            s.query("INSERT INTO specialist_profiles (user_id, slug, full_name, listed, created_at, updated_at) "
                    "VALUES ($1, $2, 'Dr Spec', 1, 1, 1)",
                    {who.who.user_id, slug});
        });
        const auto command = ms::StartConversation{slug, "hello", "start-key-" + std::to_string(i)};
        if (i < rule.limit) {
            ASSERT_TRUE(limited.start(member_, command).ok()) << i;
            continue;
        }
        try {
            (void)limited.start(member_, command);
            ADD_FAILURE() << "expected 429";
        } catch (const hearth::Error& e) {
            EXPECT_EQ(e.status(), 429);
        }
    }
    // Writing again to a specialist already written to is a send, not a start.
    EXPECT_TRUE(limited.start(member_, ms::StartConversation{"spec-0", "and again", "start-key-again"}).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, MessagesServiceTest,
                         ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });
