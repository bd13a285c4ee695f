// The messages service and the crisis phrases where the JSON API cannot
// reach: bodies that are not UTF-8 (a form post can carry them), someone
// else's conversation answering exactly as a missing one on every call,
// words split by invisible characters, and adversarial long inputs.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>

#include "core/error.hpp"
#include "features/common/crisis_phrases.hpp"
#include "features/messages/messages.hpp"
#include "messages_fixture.hpp"

namespace ms = hearth::messages;
namespace db = hearth::db;
namespace crisis = hearth::crisis;
using hearth::Actor;
using Code = ms::MessageRefusal::Code;

namespace {

class BreakMessagesTest : public hearth::testing_support::MessagesFixture {
protected:
    // The status and message a call ends with ("" when it returns).
    static std::string failure(const std::function<void()>& call) {
        try {
            call();
        } catch (const hearth::Error& e) {
            return std::to_string(e.status()) + " " + e.code() + " " + e.what();
        }
        return "";
    }
};

}  // namespace

TEST_P(BreakMessagesTest, BodiesThatAreNotUtf8AreRefusedNamingTheBody) {
    if (IsSkipped()) return;
    auto first = messages_->start(member_, ms::StartConversation{"dr-sam", "Hello", "key-00000001"});
    ASSERT_TRUE(first.ok());
    const auto id = first->conversation.id;
    for (const std::string& body : {std::string("caf\xC3"), std::string("\xFF\xFE"), std::string("a\xED\xA0\x80z"),
                                   std::string("over\xC0\xAFlong")}) {
        auto sent = messages_->send(member_, ms::SendMessage{id, body, "key-utf8-" + std::to_string(body.size())});
        ASSERT_FALSE(sent.ok()) << body;
        EXPECT_EQ(sent.refusal().code, Code::invalid);
        EXPECT_EQ(sent.refusal().field, "body");
        auto started = messages_->start(stranger_, ms::StartConversation{"dr-sam", body, "key-utf8-start"});
        ASSERT_FALSE(started.ok()) << body;
        EXPECT_EQ(started.refusal().field, "body");
    }
    EXPECT_EQ(messages_->read(member_, id, ms::MessageQuery{}).items.size(), 1u);
}

TEST_P(BreakMessagesTest, SomeoneElsesConversationAnswersAsAMissingOne) {
    if (IsSkipped()) return;
    auto first = messages_->start(member_, ms::StartConversation{"dr-sam", "Hello", "key-00000001"});
    ASSERT_TRUE(first.ok());
    const auto theirs = first->conversation.id;
    const auto missing = theirs + 1000;
    const std::function<void(std::int64_t)> calls[] = {
        [&](std::int64_t id) { (void)messages_->conversation(stranger_, id); },
        [&](std::int64_t id) { (void)messages_->read(stranger_, id, ms::MessageQuery{}); },
        [&](std::int64_t id) { (void)messages_->send(stranger_, ms::SendMessage{id, "Hi", "key-stranger-1"}); },
        [&](std::int64_t id) { (void)messages_->send(stranger_, ms::SendMessage{id, "", ""}); },
        [&](std::int64_t id) { (void)messages_->set_blocked(stranger_, id, true); },
        [&](std::int64_t id) { (void)messages_->set_blocked(stranger_, id, false); },
        [&](std::int64_t id) { (void)messages_->set_archived(stranger_, id, true); },
        [&](std::int64_t id) { (void)messages_->set_archived(stranger_, id, false); },
    };
    for (const auto& call : calls) {
        const auto a = failure([&] { call(theirs); });
        const auto b = failure([&] { call(missing); });
        EXPECT_EQ(a, b);
        EXPECT_EQ(a.rfind("404 ", 0), 0u) << a;
    }
    // A visitor is asked to sign in either way.
    const Actor visitor{};
    EXPECT_EQ(failure([&] { (void)messages_->conversation(visitor, theirs); }),
              failure([&] { (void)messages_->conversation(visitor, missing); }));
    EXPECT_FALSE(messages_->conversation(member_, theirs).blocked_by_me);
    EXPECT_FALSE(messages_->conversation(member_, theirs).archived);
}

INSTANTIATE_TEST_SUITE_P(Engines, BreakMessagesTest, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

TEST(BreakCrisisPhrases, InvisibleCharactersDoNotSplitAWord) {
    EXPECT_EQ(crisis::normalise("sui\xC2\xAD" "cide"), " suicide ");             // soft hyphen
    EXPECT_EQ(crisis::normalise("sui\xE2\x80\x8B" "cide"), " suicide ");         // zero-width space
    EXPECT_EQ(crisis::normalise("\xEF\xBB\xBFkill\xE2\x81\xA0myself"), " killmyself ");  // BOM, word joiner
    EXPECT_EQ(crisis::normalise("\xEF\xBC\xB3\xEF\xBD\x95\xEF\xBD\x89"), " sui ");        // full-width
    EXPECT_EQ(crisis::normalise("a\xE2\x80\x83" "b"), " a b ");                  // an em space still separates
}

TEST(BreakCrisisPhrases, AdversarialLongInputsAreQuick) {
    const auto phrases = crisis::CrisisPhrases::load(crisis::phrases_file(HEARTH_SOURCE_DIR));
    std::string exceptions;
    while (exceptions.size() < 40000) exceptions += "suicide prevention ";
    const std::string inputs[] = {
        exceptions,
        std::string(40000, 'a'),
        std::string(10000, ' '),
        [] {
            std::string s;
            for (int i = 0; i < 10000; ++i) s += "\xC2\xAD";  // soft hyphens: all taken out
            return s;
        }(),
        [] {
            std::string s;
            for (int i = 0; i < 4000; ++i) s += "kill my ";
            return s;
        }(),
    };
    for (const auto& text : inputs) {
        const auto began = std::chrono::steady_clock::now();
        (void)phrases.matches(text);
        const auto took = std::chrono::steady_clock::now() - began;
        EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), 200) << text.substr(0, 40);
    }
    EXPECT_TRUE(phrases.matches(exceptions + " I want to die"));
    EXPECT_FALSE(phrases.matches(exceptions));
}

TEST(BreakCrisisPhrases, CommonSpellingsAndTheirLookalikes) {
    const auto phrases = crisis::CrisisPhrases::load(crisis::phrases_file(HEARTH_SOURCE_DIR));
    for (const char* text : {"I want to kill my self", "gonna killmyself", "I want to hang myself",
                             "i dont wanna live", "I don't wanna live like this", "I want to be dead",
                             "I want to take my life", "ending my own life", "there's no point in living",
                             "slit my wrists", "hurting my self again", "sui\xC2\xAD" "cide"}) {
        EXPECT_TRUE(phrases.matches(text)) << text;
    }
    for (const char* text : {"I hung my coat up", "It is 100 kms away", "I had to take my life savings out",
                             "no point in lying", "I took my life in a new direction"}) {
        EXPECT_FALSE(phrases.matches(text)) << text;
    }
}
