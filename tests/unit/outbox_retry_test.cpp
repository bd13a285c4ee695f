// The outbox's retry schedule and its reading of SMTP replies.
#include <gtest/gtest.h>

#include "features/common/outbox.hpp"

namespace hearth::mail {
namespace {

TEST(OutboxRetry, DoublesFromTheBaseUpToAnHour) {
    EXPECT_EQ(retry_delay(60, 1, 0.0), 60);
    EXPECT_EQ(retry_delay(60, 2, 0.0), 120);
    EXPECT_EQ(retry_delay(60, 3, 0.0), 240);
    EXPECT_EQ(retry_delay(60, 6, 0.0), 1920);
    EXPECT_EQ(retry_delay(60, 7, 0.0), 3600);
    EXPECT_EQ(retry_delay(60, max_attempts, 0.0), 3600);
    EXPECT_EQ(retry_delay(1, 1, 0.0), 1);
    EXPECT_EQ(retry_delay(1, 3, 0.0), 4);
}

TEST(OutboxRetry, JitterAddsAtMostAQuarter) {
    EXPECT_EQ(retry_delay(60, 1, 0.999), 74);
    EXPECT_EQ(retry_delay(60, 30, 0.999), 3600 + 899);
    EXPECT_EQ(retry_delay(60, 1, 5.0), 75);   // out-of-range jitter is clamped
    EXPECT_EQ(retry_delay(60, 1, -1.0), 60);
    EXPECT_EQ(retry_delay(0, 1, 0.0), 1);     // never a busy loop
}

TEST(OutboxRetry, OnlyAFiveHundredToTheMessageIsPermanent) {
    EXPECT_TRUE(is_permanent_refusal(false, 550));
    EXPECT_TRUE(is_permanent_refusal(false, 554));
    EXPECT_TRUE(is_permanent_refusal(false, 552));
    EXPECT_FALSE(is_permanent_refusal(false, 451));
    EXPECT_FALSE(is_permanent_refusal(false, 421));
    EXPECT_FALSE(is_permanent_refusal(false, 0));  // no reply at all: no connection
    EXPECT_FALSE(is_permanent_refusal(false, 535));  // the relay's login, not the message
    EXPECT_FALSE(is_permanent_refusal(false, 530));
    EXPECT_FALSE(is_permanent_refusal(true, 550));
}

}  // namespace
}  // namespace hearth::mail
