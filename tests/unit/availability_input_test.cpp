// Weekly hours sent as JSON (PUT /api/v1/me/availability): numbers are
// range-checked before they are narrowed or turned into seconds. Found by
// fuzz/json_commands_fuzz.cpp (a signed overflow in horizon_days * 86400,
// and a weekday that wrapped around to Monday).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/error.hpp"
#include "features/consultations/consultations.hpp"

using hearth::consultations::parse_availability;

namespace {

boost::json::object body(std::string_view json) { return boost::json::parse(json).as_object(); }

// The field of the 422 that parse_availability throws, or "" when it accepts.
std::string refused_field(std::string_view json) {
    try {
        parse_availability(body(json));
        return "";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 422);
        return e.field().value_or("");
    }
}

}  // namespace

TEST(AvailabilityInput, AcceptsWhatIsInRangeAsSent) {
    const auto rules = parse_availability(body(
        R"({"timezone":"Europe/Berlin","weekly":[{"weekday":7,"start":"09:00","end":"24:00"}],)"
        R"("min_notice_hours":336,"horizon_days":180})"));
    ASSERT_EQ(rules.weekly.size(), 1u);
    EXPECT_EQ(rules.weekly[0].weekday, 7);
    EXPECT_EQ(rules.min_notice_seconds, 336 * 3600);
    EXPECT_EQ(rules.horizon_seconds, 180 * 86400);
}

TEST(AvailabilityInput, AWeekdayBeyondIntIsRefusedNotWrapped) {
    // 4294967297 = 2^32 + 1: narrowed to int it was 1, Monday.
    EXPECT_EQ(refused_field(R"({"weekly":[{"weekday":4294967297,"start":"09:00","end":"10:00"}]})"), "weekly");
    EXPECT_EQ(refused_field(R"({"weekly":[{"weekday":0,"start":"09:00","end":"10:00"}]})"), "weekly");
}

TEST(AvailabilityInput, HugeNoticeAndHorizonAreRefusedNotOverflowed) {
    // 12 + 2^60 hours and 30 + 2^57 days: multiplied into seconds they
    // wrapped around to exactly 12 hours and 30 days.
    EXPECT_EQ(refused_field(R"({"min_notice_hours":1152921504606846988})"), "min_notice_hours");
    EXPECT_EQ(refused_field(R"({"horizon_days":144115188075855902})"), "horizon_days");
    EXPECT_EQ(refused_field(R"({"horizon_days":9223372036854775807})"), "horizon_days");
    EXPECT_EQ(refused_field(R"({"min_notice_hours":-9223372036854775808})"), "min_notice_hours");
    EXPECT_EQ(refused_field(R"({"min_notice_hours":337})"), "min_notice_hours");
    EXPECT_EQ(refused_field(R"({"horizon_days":0})"), "horizon_days");
}

// The way consultations take place travels with the hours: what GET answers
// before a choice ("mode": null) reads back as "no choice", and a link or
// address needs a way to go with.
TEST(AvailabilityInput, TheWayOfMeetingRoundTripsAndIsChecked) {
    const auto none = parse_availability(body(R"({"mode":null,"video_url":"","address":""})"));
    EXPECT_FALSE(none.mode.has_value());
    const auto video = parse_availability(body(R"({"mode":"video","video_url":" https://meet.example.org/r "})"));
    ASSERT_TRUE(video.mode.has_value());
    EXPECT_EQ(video.mode->video_url, "https://meet.example.org/r");
    const auto again = parse_availability(hearth::consultations::availability_json(video));
    ASSERT_TRUE(again.mode.has_value());
    EXPECT_EQ(again.mode->kind, hearth::consultations::MeetingKind::video);
    EXPECT_EQ(again.mode->video_url, "https://meet.example.org/r");
    EXPECT_EQ(refused_field(R"({"mode":"fax"})"), "mode");
    EXPECT_EQ(refused_field(R"({"mode":7})"), "mode");
    EXPECT_EQ(refused_field(R"({"video_url":"https://meet.example.org/r"})"), "mode");
    EXPECT_EQ(refused_field(R"({"mode":"video","video_url":"http://meet.example.org/r"})"), "video_url");
    EXPECT_EQ(refused_field(R"({"mode":"in_person"})"), "address");
    EXPECT_EQ(refused_field(R"({"mode":"in_person","address":["12 High St"]})"), "address");
}
