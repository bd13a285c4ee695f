// Server-sent event formatting (http/event_stream.hpp), the live hub's
// limits and wake-ups, and the live-event service's cursor on both engines.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "core/clock.hpp"
#include "features/common/user_events.hpp"
#include "features/live/live_api.hpp"
#include "features/live/live_events.hpp"
#include "features/live/live_hub.hpp"
#include "features/live/live_watch.hpp"
#include "http/event_stream.hpp"
#include "migrated_database.hpp"

namespace hearth {
namespace {

// --- formatting ---

TEST(SseFormat, AnEventHasItsIdKindAndData) {
    EXPECT_EQ(http::sse_event(12, "message", R"({"a":1})"), "id: 12\nevent: message\ndata: {\"a\":1}\n\n");
    EXPECT_EQ(http::sse_event(0, "", "x"), "data: x\n\n");
    EXPECT_EQ(http::sse_event(3, "read", ""), "id: 3\nevent: read\ndata: \n\n");
}

TEST(SseFormat, LineBreaksInDataCannotStartAFieldOrAnEvent) {
    // Each line of the value stays a data line; a client joins them with \n.
    EXPECT_EQ(http::sse_event(1, "k", "a\n\nid: 99\nevent: evil"),
              "id: 1\nevent: k\ndata: a\ndata: \ndata: id: 99\ndata: event: evil\n\n");
    EXPECT_EQ(http::sse_event(1, "k", "a\r\nb\rc"), "id: 1\nevent: k\ndata: a\ndata: b\ndata: c\n\n");
}

TEST(SseFormat, LineBreaksInTheKindAreDropped) {
    EXPECT_EQ(http::sse_event(5, "message\n\ndata: x\r\nid: 9", "{}"),
              "id: 5\nevent: messagedata: xid: 9\ndata: {}\n\n");
    EXPECT_EQ(http::sse_event(5, "\r\n", "{}"), "id: 5\ndata: {}\n\n");
}

TEST(SseFormat, CommentsAndRetry) {
    EXPECT_EQ(http::sse_comment("keep-alive"), ": keep-alive\n\n");
    EXPECT_EQ(http::sse_comment("a\nb"), ": ab\n\n");
    EXPECT_EQ(http::sse_retry(5000), "retry: 5000\n\n");
}

TEST(SseFormat, EventDataCarriesIdsAndTheUnreadCountOnly) {
    user_events::Event e{7, 1, "message", 3, 4, 100};
    EXPECT_EQ(live::event_data(e, 2),
              R"({"id":7,"kind":"message","subject_id":3,"object_id":4,"unread_messages":2})");
    e.kind = "a\"\n<b>";
    EXPECT_EQ(live::event_data(e, 0).find('\n'), std::string::npos);  // JSON escapes it
}

// --- wake-ups ---

struct CountingStream : http::EventStream {
    Batch pull(bool) override { return {}; }
};

TEST(EventStreamWake, AWakeBeforeAttachIsNotLost) {
    CountingStream s;
    s.wake();
    int calls = 0;
    s.attach([&] { ++calls; });
    EXPECT_EQ(calls, 1);
    s.wake();
    EXPECT_EQ(calls, 2);
    s.detach();
    s.wake();  // pending again, no waker to call
    EXPECT_EQ(calls, 2);
}

struct CountingWaiter : live::Waiter {
    int wakes = 0;
    void wake_up() override { ++wakes; }
};

TEST(LiveHub, WakesOnlyThatPersonsStreams) {
    live::Hub hub;
    CountingWaiter a1, a2, b;
    ASSERT_EQ(hub.enter(1, &a1), live::Hub::Admission::admitted);
    ASSERT_EQ(hub.enter(1, &a2), live::Hub::Admission::admitted);
    ASSERT_EQ(hub.enter(2, &b), live::Hub::Admission::admitted);
    hub.notify(1);
    EXPECT_EQ(a1.wakes, 1);
    EXPECT_EQ(a2.wakes, 1);
    EXPECT_EQ(b.wakes, 0);
    hub.notify(3);  // nobody listening: nothing happens
    hub.leave(1, &a1);
    hub.notify(1);
    EXPECT_EQ(a1.wakes, 1);
    EXPECT_EQ(a2.wakes, 2);
    EXPECT_EQ(hub.open_streams(), 2u);
}

TEST(LiveHub, CapsStreamsPerPersonAndPerNode) {
    live::Hub hub(live::StreamLimits{2, 3});
    CountingWaiter w[5];
    EXPECT_EQ(hub.enter(1, &w[0]), live::Hub::Admission::admitted);
    EXPECT_EQ(hub.enter(1, &w[1]), live::Hub::Admission::admitted);
    EXPECT_EQ(hub.enter(1, &w[2]), live::Hub::Admission::person_full);
    EXPECT_EQ(hub.enter(2, &w[2]), live::Hub::Admission::admitted);
    EXPECT_EQ(hub.enter(3, &w[3]), live::Hub::Admission::node_full);
    hub.leave(1, &w[0]);
    hub.leave(1, &w[0]);  // twice: counted once
    EXPECT_EQ(hub.open_streams(), 2u);
    EXPECT_EQ(hub.enter(3, &w[3]), live::Hub::Admission::admitted);
}

// --- the service on a real database ---

class LiveEventsTest : public testing_support::MigratedDatabaseTest {
protected:
    std::int64_t add_user(const std::string& email) {
        return database().write([&](db::Session& s) {
            return s
                .query("INSERT INTO users (email, email_normalized, password_hash, display_name, role, created_at, "
                       "updated_at) VALUES ($1, $1, 'x', 'Someone', 'member', 1, 1) RETURNING id",
                       {email})
                .front()
                .integer(0);
        });
    }
    std::int64_t publish(std::int64_t user, std::string_view kind, std::int64_t subject = 0) {
        return database().write([&](db::Session& s) { return user_events::publish(s, user, kind, subject, 0); });
    }
    // An event with a chosen id and time: a write that took its id early
    // and committed late, or an old one.
    void insert(std::int64_t id, std::int64_t user, std::int64_t created_at) {
        database().write([&](db::Session& s) {
            // PostgreSQL's identity column takes a chosen id only when told to.
            const std::string overriding = GetParam() == db::Engine::postgresql ? "OVERRIDING SYSTEM VALUE " : "";
            s.query("INSERT INTO user_events (id, user_id, kind, created_at) " + overriding +
                        "VALUES ($1, $2, 'message', $3)",
                    {id, user, created_at});
        });
    }
    Actor actor(std::int64_t user) {
        Actor a;
        a.who.user_id = user;
        a.who.role = Role::member;
        return a;
    }
};

TEST_P(LiveEventsTest, ACursorReadsOnlyItsOwnersNewEventsOnce) {
    if (IsSkipped()) return;
    const auto alice = add_user("alice@example.org");
    const auto bob = add_user("bob@example.org");
    live::Hub hub;
    bool alive = true;
    live::LiveEvents events(database(), hub, [](std::int64_t) { return std::int64_t{4}; },
                            [&](const Principal&) { return alive; });
    publish(alice, "old");
    CountingWaiter waiter;
    auto opened = events.open(actor(alice), std::nullopt, waiter);
    ASSERT_TRUE(opened.ok());
    auto& cursor = *opened.value();
    EXPECT_TRUE(cursor.step(true).events.empty());  // starts after the newest event
    publish(bob, "not yours");
    const auto mine = publish(alice, "message", 9);
    auto step = cursor.step(true);
    ASSERT_EQ(step.events.size(), 1u);
    EXPECT_EQ(step.events[0].id, mine);
    EXPECT_EQ(step.unread_messages, 4);
    EXPECT_TRUE(cursor.step(true).events.empty());  // nothing twice
    hub.notify(alice);
    EXPECT_EQ(waiter.wakes, 1);
    // A heartbeat reads nothing; a wake-up after log-out ends the stream.
    publish(alice, "message", 10);
    EXPECT_TRUE(cursor.step(false).events.empty());
    alive = false;
    auto ended = cursor.step(true);
    EXPECT_TRUE(ended.end);
    EXPECT_TRUE(ended.events.empty());
}

TEST_P(LiveEventsTest, ALateCommitIsSentOnceAndTheStreamKeepsItsPosition) {
    if (IsSkipped()) return;
    const auto alice = add_user("alice@example.org");
    live::Hub hub;
    live::LiveEvents events(database(), hub, {}, {});
    CountingWaiter waiter;
    auto opened = events.open(actor(alice), 0, waiter);
    ASSERT_TRUE(opened.ok());
    auto& cursor = *opened.value();
    insert(100, alice, now_seconds());
    auto step = cursor.step(true);
    ASSERT_EQ(step.events.size(), 1u);
    EXPECT_EQ(cursor.last_id(), 100);
    insert(50, alice, now_seconds());  // took its id before 100, committed after
    step = cursor.step(true);
    ASSERT_EQ(step.events.size(), 1u);
    EXPECT_EQ(step.events[0].id, 50);
    EXPECT_EQ(cursor.last_id(), 100);
    EXPECT_TRUE(cursor.step(true).events.empty());  // neither is sent again
    insert(101, alice, now_seconds());
    step = cursor.step(true);
    ASSERT_EQ(step.events.size(), 1u);
    EXPECT_EQ(step.events[0].id, 101);
}

TEST_P(LiveEventsTest, ResumingAndPollingFollowIds) {
    if (IsSkipped()) return;
    const auto alice = add_user("alice@example.org");
    live::Hub hub;
    live::LiveEvents events(database(), hub, {}, {});
    const auto first = publish(alice, "a");
    const auto second = publish(alice, "b");
    CountingWaiter waiter;
    auto opened = events.open(actor(alice), first, waiter);
    ASSERT_TRUE(opened.ok());
    auto step = opened.value()->step(true);
    ASSERT_EQ(step.events.size(), 1u);
    EXPECT_EQ(step.events[0].id, second);
    EXPECT_EQ(step.unread_messages, 0);  // no unread total given
    auto polled = events.poll(actor(alice), 0);
    ASSERT_EQ(polled.items.size(), 2u);
    EXPECT_EQ(polled.last_id, second);
    EXPECT_TRUE(events.poll(actor(alice), std::nullopt).items.empty());
    EXPECT_EQ(events.poll(actor(alice), std::nullopt).last_id, second);
    EXPECT_THROW(events.poll(Actor{}, 0), Error);  // visitors: 401
}

TEST_P(LiveEventsTest, ARefusedStreamLeavesNoPlaceTaken) {
    if (IsSkipped()) return;
    const auto alice = add_user("alice@example.org");
    live::Hub hub(live::StreamLimits{1, 10});
    live::LiveEvents events(database(), hub, {}, {});
    CountingWaiter w1, w2;
    auto one = events.open(actor(alice), std::nullopt, w1);
    ASSERT_TRUE(one.ok());
    auto two = events.open(actor(alice), std::nullopt, w2);
    ASSERT_FALSE(two.ok());
    EXPECT_EQ(two.refusal().code, live::LiveRefusalCode::too_many_streams_for_person);
    EXPECT_EQ(hub.open_streams(), 1u);
}

TEST_P(LiveEventsTest, TheWatchWakesPeopleWithNewEvents) {
    if (IsSkipped()) return;
    const auto alice = add_user("alice@example.org");
    const auto bob = add_user("bob@example.org");
    live::Hub hub;
    CountingWaiter a, b;
    ASSERT_EQ(hub.enter(alice, &a), live::Hub::Admission::admitted);
    ASSERT_EQ(hub.enter(bob, &b), live::Hub::Admission::admitted);
    insert(10, alice, 1);
    live::EventWatch watch(database(), hub);
    EXPECT_EQ(watch.poll_once(), 0u);  // learns where to start
    insert(11, alice, 1);
    insert(12, alice, 1);
    EXPECT_EQ(watch.poll_once(), 1u);
    EXPECT_EQ(a.wakes, 1);
    EXPECT_EQ(b.wakes, 0);
    EXPECT_EQ(watch.poll_once(), 0u);  // nothing newer, nothing recent
    // A write that took id 5 long ago and commits now still wakes its person.
    insert(5, bob, now_seconds());
    EXPECT_EQ(watch.poll_once(), 1u);
    EXPECT_EQ(b.wakes, 1);
    EXPECT_EQ(a.wakes, 1);
    hub.leave(alice, &a);
    hub.leave(bob, &b);
}

INSTANTIATE_TEST_SUITE_P(Engines, LiveEventsTest, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
}  // namespace hearth
