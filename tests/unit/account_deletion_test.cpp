// Account deletion's pure parts: the grace period in words (the page and
// the account section say it), the due day as pages and e-mails name it,
// and how each refusal maps to a status and a code (docs/openapi.yaml).
#include <gtest/gtest.h>

#include "features/privacy/account_deletion.hpp"
#include "features/privacy/account_deletion_pages.hpp"

namespace privacy = hearth::privacy;
using Code = privacy::DeletionRefusal::Code;

TEST(AccountDeletion, GraceInWordsUsesTheLargestWholeUnit) {
    EXPECT_EQ(privacy::grace_text(std::chrono::seconds(7 * 86400)), "7 days");
    EXPECT_EQ(privacy::grace_text(std::chrono::seconds(86400)), "1 day");
    EXPECT_EQ(privacy::grace_text(std::chrono::seconds(2 * 3600)), "2 hours");
    EXPECT_EQ(privacy::grace_text(std::chrono::seconds(90 * 60)), "90 minutes");
    EXPECT_EQ(privacy::grace_text(std::chrono::seconds(2)), "2 seconds");
    EXPECT_EQ(privacy::grace_text(std::chrono::seconds(1)), "1 second");
    EXPECT_EQ(privacy::grace_text(std::chrono::seconds(86400 + 1)), "86401 seconds");
}

TEST(AccountDeletion, DueDayIsNamedInUtc) {
    // 2026-12-07 14:05:00 UTC
    EXPECT_EQ(privacy::due_text(1796652300), "Monday 07 December 2026, 14:05 UTC");
}

TEST(AccountDeletion, RefusalsMapToTheDocumentedStatusesAndCodes) {
    EXPECT_EQ(privacy::status_of(Code::wrong_password), 422);
    EXPECT_EQ(privacy::status_of(Code::wrong_code), 422);
    EXPECT_EQ(privacy::status_of(Code::invalid), 422);
    EXPECT_EQ(privacy::status_of(Code::already_pending), 409);
    EXPECT_EQ(privacy::status_of(Code::no_deletion), 404);
    EXPECT_EQ(privacy::status_of(Code::rate_limited), 429);
    EXPECT_EQ(privacy::code_name(Code::wrong_password), "wrong_password");
    EXPECT_EQ(privacy::code_name(Code::wrong_code), "wrong_code");
    EXPECT_EQ(privacy::code_name(Code::already_pending), "already_pending");
    EXPECT_EQ(privacy::code_name(Code::no_deletion), "no_deletion");
}

TEST(AccountDeletion, WithoutTwoFactorSignInNoCodeIsAsked) {
    const privacy::SecondFactor none;
    EXPECT_FALSE(none.enrolled(42));
    EXPECT_TRUE(none.accepts(42, ""));
}
