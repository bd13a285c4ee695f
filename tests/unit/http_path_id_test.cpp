// Record ids in paths (/messages/{id}, /consultations/{id}, ...): one
// reading for every feature, 404 for anything but a positive whole number.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "http/request.hpp"

using hearth::http::positive_id;

TEST(PositiveId, OnlyPlainPositiveDecimalNumbers) {
    EXPECT_EQ(positive_id("1"), 1);
    EXPECT_EQ(positive_id("9223372036854775807"), INT64_MAX);
    for (const char* bad : {"", "0", "-1", "+1", " 1", "1 ", "1a", "0x10", "1.0", "9223372036854775808"}) {
        EXPECT_FALSE(positive_id(bad).has_value()) << bad;
    }
}
