// One rule for telephone numbers (core/phone_number.hpp): a specialist's
// public number and a member's number for a call are checked alike.
#include "core/phone_number.hpp"

#include <gtest/gtest.h>

using hearth::is_phone_number;
using hearth::tel_uri;

TEST(PhoneNumber, DigitsAndTheSeparatorsPeopleWrite) {
    for (const char* good : {"+44 20 7946 0018", "(030) 123-4567", "030 1234567", "12345", "+1 (555) 010-9999",
                             "01.23.45.67.89", "030.123.4567"}) {
        EXPECT_TRUE(is_phone_number(good)) << good;
    }
    for (const char* bad : {"", "1234", "call me", "+44 20 7946 0018 ext. 2", "44+20", "1234567890123456",
                            "030/1234567", "+44 20 7946 0018;x", "+44 20\n7946", "tel:+4420794600", "0800\u202e123"}) {
        EXPECT_FALSE(is_phone_number(bad)) << bad;
    }
}

TEST(PhoneNumber, TelUriKeepsOnlyTheDigitsAndTheLeadingPlus) {
    EXPECT_EQ(tel_uri("+44 (20) 7946-0018"), "tel:+442079460018");
    EXPECT_EQ(tel_uri("01.23.45.67.89"), "tel:0123456789");
}
