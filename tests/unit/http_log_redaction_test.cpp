// What of a request reaches the log (http/log_redaction.hpp).
#include <gtest/gtest.h>

#include "http/log_redaction.hpp"

using hearth::http::redact_message;
using hearth::http::redact_target;

namespace {

const std::set<std::string, std::less<>> loggable{"page", "per_page"};

}  // namespace

TEST(RedactTarget, KeepsPathsAndLoggableValues) {
    EXPECT_EQ(redact_target("/specialists", loggable), "/specialists");
    EXPECT_EQ(redact_target("/specialists?page=2&per_page=20", loggable), "/specialists?page=2&per_page=20");
    EXPECT_EQ(redact_target("/x?", loggable), "/x?");
}

TEST(RedactTarget, HidesEveryOtherValue) {
    EXPECT_EQ(redact_target("/password/reset?token=s3cr3t", loggable), "/password/reset?token=[redacted]");
    EXPECT_EQ(redact_target("/consultations/7/cancel?party=member&sig=abc&page=1", loggable),
              "/consultations/7/cancel?party=[redacted]&sig=[redacted]&page=1");
    // A name written differently is not on the list.
    EXPECT_EQ(redact_target("/x?p%61ge=s3cr3t&PAGE=s3cr3t", loggable), "/x?p%61ge=[redacted]&PAGE=[redacted]");
    EXPECT_EQ(redact_target("/x?token=a=b&&flag", loggable), "/x?token=[redacted]&&flag");
}

TEST(RedactTarget, EscapesWhatCouldForgeALine) {
    EXPECT_EQ(redact_target("/a\nb\\c\xff", loggable), "/a\\x0ab\\x5cc\\xff");
}

TEST(RedactMessage, HidesQuotedValuesAndDetails) {
    EXPECT_EQ(redact_message(R"(postgresql: ERROR:  invalid input syntax for type bigint: "s3cr3t")"),
              R"(postgresql: ERROR:  invalid input syntax for type bigint: "[redacted]")");
    EXPECT_EQ(redact_message("ERROR: duplicate key\nDETAIL:  Key (email)=(a@b.org) already exists."),
              "ERROR: duplicate key [...]");
    EXPECT_EQ(redact_message("Key (email)=(a@b.org) exists"), "Key (email)=([redacted]) exists");
    EXPECT_EQ(redact_message("column 2 is not integer: 'abc' [SELECT 1]"),
              "column 2 is not integer: '[redacted]' [SELECT 1]");
    EXPECT_EQ(redact_message("unterminated \"s3cr3t"), "unterminated \"[redacted]");
    EXPECT_EQ(redact_message("plain failure"), "plain failure");
    EXPECT_EQ(redact_message("bell\x07"), "bell\\x07");
}
