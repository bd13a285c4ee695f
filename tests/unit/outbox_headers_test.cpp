// What reaches an e-mail's headers: nothing a value holds can start a
// header of its own, and no header line grows past what SMTP allows.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "features/common/outbox.hpp"

namespace hearth::mail {
namespace {

std::vector<std::string> header_lines(const std::string& message) {
    std::vector<std::string> lines;
    const auto end = message.find("\r\n\r\n");
    std::string head = message.substr(0, end);
    std::size_t at = 0;
    while (at <= head.size()) {
        const auto next = head.find("\r\n", at);
        lines.push_back(head.substr(at, next == std::string::npos ? std::string::npos : next - at));
        if (next == std::string::npos) break;
        at = next + 2;
    }
    return lines;
}

bool has_header(const std::string& message, std::string_view name) {
    for (const auto& line : header_lines(message)) {
        if (line.starts_with(name)) return true;
    }
    return false;
}

MailSettings settings() {
    MailSettings s;
    s.from = "Hearth <no-reply@hearth.example>";
    return s;
}

TEST(OutboxHeaders, LineBreaksInARecipientStartNoHeader) {
    Email e{"victim@example.org\r\nBcc: spy@evil.example", "Hello", "Body", std::nullopt, 0};
    const auto m = format_message(settings(), e, 1, 1'700'000'000);
    EXPECT_FALSE(has_header(m, "Bcc:"));
    Email lf{"victim@example.org\nBcc: spy@evil.example", "Hello", "Body", std::nullopt, 0};
    EXPECT_FALSE(has_header(format_message(settings(), lf, 1, 1'700'000'000), "Bcc:"));
}

TEST(OutboxHeaders, LineBreaksInASubjectStartNoHeader) {
    for (const std::string subject : {"Hi\r\nBcc: spy@evil.example", "Hi\nBcc: spy@evil.example",
                                      "Hi\rBcc: spy@evil.example"}) {
        Email e{"a@example.org", subject, "Body", std::nullopt, 0};
        const auto m = format_message(settings(), e, 1, 1'700'000'000);
        EXPECT_FALSE(has_header(m, "Bcc:")) << subject;
        EXPECT_EQ(m.find("\nBcc"), std::string::npos) << subject;
    }
}

TEST(OutboxHeaders, AttachmentNamesCannotBreakOutOfTheirHeader) {
    Email e{"a@example.org", "Invite", "Body", Attachment{"x.ics\"\r\nBcc: spy@evil.example", "text/calendar", "B"},
            0};
    const auto m = format_message(settings(), e, 1, 1'700'000'000);
    EXPECT_EQ(m.find("\r\nBcc:"), std::string::npos);
}

TEST(OutboxHeaders, LongSubjectsAreFoldedIntoShortEncodedWords) {
    std::string subject;
    for (int i = 0; i < 400; ++i) subject += "ü€";  // 2 and 3 bytes: 2,000 bytes in all
    std::string ascii(1500, 'a');
    for (const auto& s : {subject, ascii}) {
        Email e{"a@example.org", s, "Body", std::nullopt, 0};
        const auto m = format_message(settings(), e, 1, 1'700'000'000);
        for (const auto& line : header_lines(m)) EXPECT_LE(line.size(), 78u) << line;
    }
}

TEST(OutboxHeaders, ShortAsciiSubjectsStayAsTheyAre) {
    Email e{"a@example.org", "A new contact request on Hearth", "Body", std::nullopt, 0};
    const auto m = format_message(settings(), e, 1, 1'700'000'000);
    EXPECT_NE(m.find("\r\nSubject: A new contact request on Hearth\r\n"), std::string::npos);
}

}  // namespace
}  // namespace hearth::mail
