#include <gtest/gtest.h>

#include "core/time_format.hpp"

using hearth::parse_rfc3339;
using hearth::rfc3339;

TEST(Rfc3339, FormatsUtc) { EXPECT_EQ(rfc3339(1772980200), "2026-03-08T14:30:00Z"); }

TEST(Rfc3339, ParsesUtcAndOffsets) {
    EXPECT_EQ(parse_rfc3339("2026-03-08T14:30:00Z"), 1772980200);
    EXPECT_EQ(parse_rfc3339("2026-03-08T15:30:00+01:00"), 1772980200);
    EXPECT_EQ(parse_rfc3339("2026-03-08T09:30:00-05:00"), 1772980200);
    EXPECT_EQ(parse_rfc3339("2026-03-08T14:30Z"), 1772980200);
    EXPECT_EQ(parse_rfc3339("2026-03-08T14:30:00.250Z"), 1772980200);
    EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_rfc3339("2028-02-29T00:00:00Z"), 1835395200);
}

TEST(Rfc3339, RefusesMalformedOrZonelessTimes) {
    for (const char* bad : {"", "2026-03-08", "2026-03-08T14:30:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
                            "2026-03-08T24:00:00Z", "2026-03-08T14:30:00+1", "2026-03-08T14:30:00Zjunk",
                            "20260308T143000Z", "2026-03-08T14:30:60Z"}) {
        EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
    }
}
