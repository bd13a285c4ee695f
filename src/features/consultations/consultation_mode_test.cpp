// How a consultation takes place: what a specialist may save as a video
// link or an address, what phone number a member may give, and who reads
// which details (the phone number never goes into the specialist's e-mail
// or the shared calendar file).
#include "features/consultations/consultation_mode.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace hc = hearth::consultations;

namespace {

std::string mode_problem(hc::ConsultationMode mode, const std::string& field) {
    hearth::FieldChecks check;
    hc::check_mode(check, mode);
    for (const auto& e : check.errors()) {
        if (e.field == field) return e.message;
    }
    return "";
}

bool phone_ok(std::string phone) {
    hearth::FieldChecks check;
    hc::check_phone(check, phone);
    return check.ok();
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != l.npos; });
}

hc::MeetingFacts facts(hc::MeetingKind kind, std::string detail = "", std::string phone = "") {
    return hc::MeetingFacts{kind,           std::move(detail),   std::move(phone), "Dr Ada Weber",
                            "Noor",         "noor@example.org", "https://hearth.example/consultations"};
}

}  // namespace

TEST(ConsultationMode, VideoLinksAreHttpsWithAHostAndNoUserName) {
    using hc::MeetingKind;
    EXPECT_EQ(mode_problem({MeetingKind::video, "https://meet.example.org/room-42?pwd=a1", ""}, "video_url"), "");
    EXPECT_EQ(mode_problem({MeetingKind::video, "", ""}, "video_url"), "");  // e-mailed before the time
    for (const char* bad : {"http://meet.example.org/x", "javascript:alert(1)", "meet.example.org/x", "https://",
                            "https:///path", "https://bank.example@evil.example/", "https://a.example/ b",
                            "https://a.example/\"><script>", "ftp://files.example/x", "https://a.example/\u00e9"}) {
        EXPECT_NE(mode_problem({MeetingKind::video, bad, ""}, "video_url"), "") << bad;
    }
    // A bad link is refused whatever kind is chosen: it is kept for later.
    EXPECT_NE(mode_problem({MeetingKind::phone, "http://x.example", ""}, "video_url"), "");
    EXPECT_NE(mode_problem({MeetingKind::video, "https://x.example/" + std::string(500, 'a'), ""}, "video_url"), "");
}

TEST(ConsultationMode, InPersonNeedsAnAddressOnOneLine) {
    using hc::MeetingKind;
    EXPECT_NE(mode_problem({MeetingKind::in_person, "", "   "}, "address"), "");
    EXPECT_NE(mode_problem({MeetingKind::in_person, "", "12 High St\nYork"}, "address"), "");
    EXPECT_EQ(mode_problem({MeetingKind::in_person, "", "12 High Street, York"}, "address"), "");
    EXPECT_EQ(mode_problem({MeetingKind::video, "", ""}, "address"), "");
}

// The number rule itself is core/phone_number's (tests/unit/phone_number_test.cpp).
TEST(ConsultationMode, PhoneNumbersFollowTheOneRule) {
    for (const char* good : {"+44 7700 900123", "(030) 1234-5678", "07700.900.123", "123456", "12345"}) {
        EXPECT_TRUE(phone_ok(good)) << good;
    }
    for (const char* bad : {"", "   ", "1234", "+44 7700 900123 4567", "44+7700900123", "call me", "0770090012x",
                            "+44\n7700900123"}) {
        EXPECT_FALSE(phone_ok(bad)) << bad;
    }
}

TEST(ConsultationMode, ThePublicLabelNamesTheKindAndTownOnly) {
    EXPECT_EQ(hc::public_label(hc::MeetingKind::video, "York"), "by video");
    EXPECT_EQ(hc::public_label(hc::MeetingKind::phone, ""), "by phone");
    EXPECT_EQ(hc::public_label(hc::MeetingKind::in_person, "York"), "in person in York");
    EXPECT_EQ(hc::public_label(hc::MeetingKind::in_person, ""), "in person");
}

TEST(ConsultationMode, EachSideReadsWhoContactsWhom) {
    const auto link = facts(hc::MeetingKind::video, "https://meet.example.org/ada");
    const auto member = hc::meeting_view(link, hc::Side::member, false);
    EXPECT_EQ(member.video_url, "https://meet.example.org/ada");
    EXPECT_TRUE(mentions(member.next_steps, "open the link"));
    EXPECT_TRUE(mentions(member.next_steps, "cancel or change the time"));

    const auto no_link = hc::meeting_view(facts(hc::MeetingKind::video), hc::Side::member, false);
    EXPECT_TRUE(mentions(no_link.next_steps, "Dr Ada Weber will e-mail you a link"));
    const auto to_send = hc::meeting_view(facts(hc::MeetingKind::video), hc::Side::specialist, true);
    EXPECT_TRUE(mentions(to_send.next_steps, "noor@example.org"));

    const auto phone = facts(hc::MeetingKind::phone, "", "+44 7700 900123");
    EXPECT_EQ(hc::meeting_view(phone, hc::Side::member, true).phone, "+44 7700 900123");
    EXPECT_EQ(hc::meeting_view(phone, hc::Side::specialist, false).phone, "+44 7700 900123");
    const auto specialist_mail = hc::meeting_view(phone, hc::Side::specialist, true);
    EXPECT_EQ(specialist_mail.phone, "");
    EXPECT_FALSE(mentions(specialist_mail.next_steps, "7700"));
    EXPECT_TRUE(mentions(specialist_mail.next_steps, "https://hearth.example/consultations"));
}

TEST(ConsultationMode, TheCalendarFileNamesTheLinkOrPlaceButNeverTheNumber) {
    EXPECT_EQ(hc::calendar_location(facts(hc::MeetingKind::video, "https://meet.example.org/ada")),
              "https://meet.example.org/ada");
    EXPECT_EQ(hc::calendar_location(facts(hc::MeetingKind::in_person, "12 High Street, York")),
              "12 High Street, York");
    const auto phone = facts(hc::MeetingKind::phone, "", "+44 7700 900123");
    EXPECT_EQ(hc::calendar_location(phone).find("7700"), std::string::npos);
    EXPECT_EQ(hc::calendar_description(phone).find("7700"), std::string::npos);
    EXPECT_NE(hc::calendar_description(phone).find("Dr Ada Weber calls Noor"), std::string::npos);
}
