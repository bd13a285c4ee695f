#include "features/consultations/ics.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace hc = hearth::consultations;

namespace {

// 2026-03-16T14:00:00Z and friends, written out as unix seconds:
// 2026-01-01 is day 20454 since 1970 (56 years, 14 leap days).
constexpr std::int64_t jan1_2026 = 20454LL * 86400;
constexpr std::int64_t mar16_1400 = jan1_2026 + (31 + 28 + 15) * 86400LL + 14 * 3600;
constexpr std::int64_t mar1_090507 = jan1_2026 + (31 + 28) * 86400LL + 9 * 3600 + 5 * 60 + 7;

hc::CalendarEvent sample_event() {
    hc::CalendarEvent e;
    e.uid = "consultation-42@hearth";
    e.sequence = 0;
    e.start = mar16_1400;
    e.end = mar16_1400 + 1800;
    e.stamp = mar1_090507;
    e.summary = "Free consultation with Dr. Anna Weber";
    e.description = "First 30-minute consultation.";
    e.location = "Online (link sent by the specialist)";
    e.organizer_name = "Anna Weber";
    e.organizer_email = "anna@example.org";
    e.attendee_name = "Sam Lee";
    e.attendee_email = "sam@example.com";
    e.url = "https://hearth.example/consultations/42";
    return e;
}

// Physical lines, without their CRLF.
std::vector<std::string> physical_lines(const std::string& ics) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < ics.size()) {
        const auto end = ics.find("\r\n", pos);
        if (end == std::string::npos) {
            lines.push_back(ics.substr(pos));  // a last line without CRLF: the tests below flag it
            break;
        }
        lines.push_back(ics.substr(pos, end - pos));
        pos = end + 2;
    }
    return lines;
}

// RFC 5545 3.1 unfolding: drop every CRLF followed by one space.
std::vector<std::string> content_lines(const std::string& ics) {
    std::string unfolded;
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        unfolded += ics[i];
    }
    return physical_lines(unfolded);
}

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
    for (const auto& l : lines) {
        if (l == line) return true;
    }
    return false;
}

bool has_line_starting(const std::vector<std::string>& lines, const std::string& prefix) {
    for (const auto& l : lines) {
        if (l.rfind(prefix, 0) == 0) return true;
    }
    return false;
}

// Strict UTF-8 check (no truncated, overlong or surrogate sequences).
bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n >= s.size()) return false;  // truncated at the end
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        const std::uint32_t min_cp[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

}  // namespace

TEST(IcsHelpers, Utf8Checker) {
    EXPECT_TRUE(valid_utf8("abc Zürich 東京 🙂"));
    EXPECT_FALSE(valid_utf8("\xC3"));      // truncated é
    EXPECT_FALSE(valid_utf8("\xE6\x9D"));  // truncated 東
    EXPECT_FALSE(valid_utf8("\x9D\xB1"));  // starts with continuation bytes
    EXPECT_FALSE(valid_utf8("\xC0\xAF"));  // overlong
}

TEST(IcsBasics, ExactCalendar) {
    const std::string want =
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//Hearth//Consultations//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:consultation-42@hearth\r\n"
        "SEQUENCE:0\r\n"
        "DTSTAMP:20260301T090507Z\r\n"
        "DTSTART:20260316T140000Z\r\n"
        "DTEND:20260316T143000Z\r\n"
        "SUMMARY:Free consultation with Dr. Anna Weber\r\n"
        "DESCRIPTION:First 30-minute consultation.\r\n"
        "LOCATION:Online (link sent by the specialist)\r\n"
        "URL:https://hearth.example/consultations/42\r\n"
        "ORGANIZER;CN=Anna Weber:mailto:anna@example.org\r\n"
        // 81 octets: folded after the 75th.
        "ATTENDEE;CN=Sam Lee;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:sam@examp\r\n"
        " le.com\r\n"
        "STATUS:CONFIRMED\r\n"
        "TRANSP:OPAQUE\r\n"
        "BEGIN:VALARM\r\n"
        "ACTION:DISPLAY\r\n"
        "DESCRIPTION:Free consultation with Dr. Anna Weber\r\n"
        "TRIGGER:-PT60M\r\n"
        "END:VALARM\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n";
    EXPECT_EQ(hc::make_ics(sample_event()), want);
}

TEST(IcsBasics, UtcTimesOfASlot) {
    auto e = sample_event();
    // A Berlin slot at 09:00 CEST on Monday 29 June 2026 = 07:00Z.
    e.start = jan1_2026 + (31 + 28 + 31 + 30 + 31 + 28) * 86400LL + 7 * 3600;
    e.end = e.start + 1800;
    const auto lines = content_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "DTSTART:20260629T070000Z"));
    EXPECT_TRUE(has_line(lines, "DTEND:20260629T073000Z"));
}

TEST(IcsBasics, EveryLineEndsWithCrlf) {
    const auto ics = hc::make_ics(sample_event());
    ASSERT_GE(ics.size(), 2u);
    EXPECT_EQ(ics.substr(ics.size() - 2), "\r\n");
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics[i] == '\n') {
            EXPECT_TRUE(i > 0 && ics[i - 1] == '\r') << "bare LF at " << i;
        }
        if (ics[i] == '\r') {
            EXPECT_TRUE(i + 1 < ics.size() && ics[i + 1] == '\n') << "bare CR at " << i;
        }
    }
}

TEST(IcsEscaping, TextValues) {
    auto e = sample_event();
    e.summary = "Consultation; first, free";
    e.description = "Notes; part 1, part 2\\done\nNext line\r\nThird\x01 Time: 10:00\tend";
    e.location = "Room 4, 2nd floor";
    const auto lines = content_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "SUMMARY:Consultation\\; first\\, free"));
    EXPECT_TRUE(has_line(lines, "DESCRIPTION:Notes\\; part 1\\, part 2\\\\done\\nNext line\\nThird Time: 10:00\tend"));
    EXPECT_TRUE(has_line(lines, "LOCATION:Room 4\\, 2nd floor"));
    EXPECT_TRUE(has_line(lines, "DESCRIPTION:Consultation\\; first\\, free"));  // the alarm's text
}

TEST(IcsEscaping, LineBreaksCannotInjectProperties) {
    auto e = sample_event();
    e.summary = "Hi\r\nATTENDEE:mailto:evil@example.net";
    e.url = "https://hearth.example/x\r\nATTENDEE:mailto:evil@example.net";
    e.attendee_email = "sam@example.com\r\nATTENDEE:mailto:evil@example.net";
    const auto lines = physical_lines(hc::make_ics(e));
    EXPECT_FALSE(has_line_starting(lines, "ATTENDEE:mailto:evil"));
    EXPECT_TRUE(
        has_line(content_lines(hc::make_ics(e)), "URL:https://hearth.example/xATTENDEE:mailto:evil@example.net"));
}

TEST(IcsEscaping, CommonNameParameter) {
    auto e = sample_event();
    e.organizer_name = "Weber, Anna";
    e.attendee_name = "Sam \"Sunny\" Lee";
    auto lines = content_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "ORGANIZER;CN=\"Weber, Anna\":mailto:anna@example.org"));
    EXPECT_TRUE(
        has_line(lines, "ATTENDEE;CN=Sam Sunny Lee;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:sam@example.com"));

    e.organizer_name = "Dr: Weber; Anna";
    e.attendee_name = "Zoë \"Z\" Müller";
    lines = content_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "ORGANIZER;CN=\"Dr: Weber; Anna\":mailto:anna@example.org"));
    EXPECT_TRUE(
        has_line(lines, "ATTENDEE;CN=Zoë Z Müller;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:sam@example.com"));

    e.organizer_name.clear();  // no name: no CN parameter
    EXPECT_TRUE(has_line(content_lines(hc::make_ics(e)), "ORGANIZER:mailto:anna@example.org"));
}

TEST(IcsFolding, LongUtf8Description) {
    auto e = sample_event();
    std::string text;
    std::string escaped;
    for (int i = 0; i < 12; ++i) {
        text += "Grüße aus Zürich – 東京で会いましょう 🙂, bis bald; ";
        escaped += "Grüße aus Zürich – 東京で会いましょう 🙂\\, bis bald\\; ";
    }
    e.description = text;
    const auto ics = hc::make_ics(e);

    const auto lines = physical_lines(ics);
    int continuations = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_LE(lines[i].size(), 75u) << "line " << i;
        EXPECT_TRUE(valid_utf8(lines[i])) << "line " << i << " splits a character";
        if (!lines[i].empty() && lines[i][0] == ' ') {
            ++continuations;
            EXPECT_NE(lines[i].substr(0, 2), "  ") << "fold adds exactly one space";
        }
    }
    EXPECT_GT(continuations, 10);
    EXPECT_TRUE(has_line(content_lines(ics), "DESCRIPTION:" + escaped));
}

TEST(IcsFolding, BoundaryAtExactlySeventyFiveOctets) {
    auto e = sample_event();
    e.summary = std::string(67, 'a');  // "SUMMARY:" + 67 = 75 octets: not folded
    EXPECT_TRUE(has_line(physical_lines(hc::make_ics(e)), "SUMMARY:" + std::string(67, 'a')));

    e.summary = std::string(68, 'a');  // 76 octets: one octet moves to a continuation line
    auto lines = physical_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "SUMMARY:" + std::string(67, 'a')));
    EXPECT_TRUE(has_line(lines, " a"));

    // Continuation lines hold 74 octets after their space.
    e.summary = std::string(67, 'a') + std::string(74, 'b') + "c";
    lines = physical_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, " " + std::string(74, 'b')));
    EXPECT_TRUE(has_line(lines, " c"));
}

TEST(IcsFolding, NeverInsideAMultibyteCharacter) {
    auto e = sample_event();
    // é (2 octets) would straddle octets 75-76: the fold moves before it.
    e.summary = std::string(66, 'a') + "éb";
    auto lines = physical_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "SUMMARY:" + std::string(66, 'a')));
    EXPECT_TRUE(has_line(lines, " éb"));

    // 東 (3 octets) at octets 74-76.
    e.summary = std::string(65, 'a') + "東";
    lines = physical_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "SUMMARY:" + std::string(65, 'a')));
    EXPECT_TRUE(has_line(lines, " 東"));

    // 🙂 (4 octets) at octets 73-76.
    e.summary = std::string(64, 'a') + "🙂";
    lines = physical_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "SUMMARY:" + std::string(64, 'a')));
    EXPECT_TRUE(has_line(lines, " 🙂"));

    // A character ending exactly at octet 75 stays on the first line.
    e.summary = std::string(65, 'a') + "éz";
    lines = physical_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "SUMMARY:" + std::string(65, 'a') + "é"));
    EXPECT_TRUE(has_line(lines, " z"));
}

TEST(IcsCancel, MethodAndStatus) {
    auto e = sample_event();
    e.cancelled = true;
    e.sequence = 2;
    const auto lines = content_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "METHOD:CANCEL"));
    EXPECT_TRUE(has_line(lines, "STATUS:CANCELLED"));
    EXPECT_TRUE(has_line(lines, "SEQUENCE:2"));
    EXPECT_TRUE(has_line(lines, "UID:consultation-42@hearth"));
    EXPECT_FALSE(has_line(lines, "METHOD:REQUEST"));
    EXPECT_FALSE(has_line(lines, "STATUS:CONFIRMED"));
    EXPECT_FALSE(has_line(lines, "BEGIN:VALARM"));
}

TEST(IcsAlarm, TriggerFromMinutesBefore) {
    auto e = sample_event();
    auto lines = content_lines(hc::make_ics(e));
    EXPECT_TRUE(has_line(lines, "BEGIN:VALARM"));
    EXPECT_TRUE(has_line(lines, "ACTION:DISPLAY"));
    EXPECT_TRUE(has_line(lines, "TRIGGER:-PT60M"));
    EXPECT_TRUE(has_line(lines, "END:VALARM"));

    e.alarm_minutes_before = 15;
    EXPECT_TRUE(has_line(content_lines(hc::make_ics(e)), "TRIGGER:-PT15M"));
    e.alarm_minutes_before = 0;
    EXPECT_TRUE(has_line(content_lines(hc::make_ics(e)), "TRIGGER:-PT0M"));
    e.alarm_minutes_before = -5;
    EXPECT_FALSE(has_line(content_lines(hc::make_ics(e)), "BEGIN:VALARM"));
}

TEST(IcsOptional, EmptyFieldsLeftOut) {
    auto e = sample_event();
    e.location.clear();
    e.url.clear();
    e.organizer_email.clear();
    e.attendee_email.clear();
    const auto lines = content_lines(hc::make_ics(e));
    EXPECT_FALSE(has_line_starting(lines, "LOCATION"));
    EXPECT_FALSE(has_line_starting(lines, "URL"));
    EXPECT_FALSE(has_line_starting(lines, "ORGANIZER"));
    EXPECT_FALSE(has_line_starting(lines, "ATTENDEE"));
    EXPECT_TRUE(has_line(lines, "SUMMARY:Free consultation with Dr. Anna Weber"));
}

// With HEARTH_ICS_SAMPLE=/path, writes one realistic calendar there so it
// can be checked with a real iCalendar parser outside the unit tests.
TEST(IcsSample, WrittenWhenAsked) {
    const char* path = std::getenv("HEARTH_ICS_SAMPLE");
    if (path == nullptr || *path == '\0') return;
    auto e = sample_event();
    e.sequence = 1;
    e.attendee_name = "Zoë \"Z\" Müller, MSc";
    e.description.clear();
    for (int i = 0; i < 4; ++i) e.description += "Grüße aus Zürich – 東京で会いましょう 🙂, bis bald; ";
    e.description += "\nLine two \\ with a backslash.";
    std::ofstream out(path, std::ios::binary);
    out << hc::make_ics(e);
    EXPECT_TRUE(out.good());
}
