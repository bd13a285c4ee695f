// Calendar files (consultations/ics.cpp) built from text people typed:
// names, the note, the location, e-mail addresses. Whatever that text
// holds, the file must stay well-formed RFC 5545: CRLF line ends only,
// content lines of at most 75 octets, continuation lines starting with a
// space, no fold inside a UTF-8 character, one property per unfolded line
// (no text can start a property of its own), and TEXT values that unescape
// to what was typed.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "features/consultations/ics.hpp"
#include "fuzz_check.hpp"
#include "http/form.hpp"
#include "http/text.hpp"

using hearth::fuzz::check;

namespace {

// Instants a booking can have: years 1970..9999.
constexpr std::int64_t last_instant = 253402300799;

constexpr std::string_view known_properties[] = {
    "BEGIN",   "END",     "VERSION",     "PRODID",   "CALSCALE",  "METHOD", "UID",      "SEQUENCE",
    "DTSTAMP", "DTSTART", "DTEND",       "SUMMARY",  "DESCRIPTION", "LOCATION", "URL",  "ORGANIZER",
    "ATTENDEE", "STATUS", "TRANSP",      "ACTION",   "TRIGGER"};

// Splits the file into unfolded content lines, checking the folding itself.
std::vector<std::string> unfold(std::string_view ics, bool text_was_utf8) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < ics.size()) {
        const auto end = ics.find("\r\n", pos);
        check(end != std::string_view::npos, "the file does not end with CRLF");
        const auto physical = ics.substr(pos, end - pos);
        check(physical.find_first_of("\r\n") == std::string_view::npos, "a bare CR or LF inside a line");
        check(physical.size() <= 75, "a line longer than 75 octets");
        if (!physical.empty() && physical.front() == ' ') {
            check(!lines.empty(), "the file starts with a continuation line");
            check(physical.size() > 1, "a continuation line with nothing on it");
            if (text_was_utf8) {
                check((static_cast<unsigned char>(physical[1]) & 0xC0) != 0x80, "a fold inside a UTF-8 character");
            }
            lines.back() += physical.substr(1);
        } else {
            check(!physical.empty(), "an empty line");
            lines.emplace_back(physical);
        }
        pos = end + 2;
    }
    return lines;
}

// RFC 5545 3.3.11 TEXT unescaping.
std::string unescape(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
            const char n = v[++i];
            out += n == 'n' || n == 'N' ? '\n' : n;
        } else {
            check(v[i] != ';' && v[i] != ',', "an unescaped ; or , in a TEXT value");
            out += v[i];
        }
    }
    return out;
}

// What a TEXT value should read back as: line breaks kept (CRLF and CR as
// one LF), tabs kept, other control characters dropped.
std::string expected_text(std::string_view typed) {
    std::string out;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(typed[i]);
        if (c == '\r') {
            if (i + 1 < typed.size() && typed[i + 1] == '\n') ++i;
            out += '\n';
        } else if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f)) {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string value_of(const std::vector<std::string>& lines, std::string_view property) {
    for (const auto& l : lines) {
        if (l.starts_with(std::string(property) + ":")) return l.substr(property.size() + 1);
    }
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    hearth::consultations::CalendarEvent e;
    e.uid = "consultation-" + std::to_string(in.ConsumeIntegral<std::uint32_t>()) + "@hearth";
    e.sequence = in.ConsumeIntegralInRange<std::int64_t>(0, 1000);
    e.start = in.ConsumeIntegralInRange<std::int64_t>(0, last_instant - 1800);
    e.end = e.start + 1800;
    e.stamp = in.ConsumeIntegralInRange<std::int64_t>(0, last_instant);
    e.cancelled = in.ConsumeBool();
    e.alarm_minutes_before = in.ConsumeIntegralInRange<int>(-10, 10080);
    e.summary = in.ConsumeRandomLengthString(200);
    e.location = in.ConsumeRandomLengthString(200);
    e.organizer_name = in.ConsumeRandomLengthString(100);
    e.organizer_email = in.ConsumeRandomLengthString(100);
    e.attendee_name = in.ConsumeRandomLengthString(100);
    e.attendee_email = in.ConsumeRandomLengthString(100);
    e.url = in.ConsumeRandomLengthString(100);
    e.description = in.ConsumeRemainingBytesAsString();

    bool all_utf8 = true;
    for (const auto* s : {&e.summary, &e.location, &e.organizer_name, &e.organizer_email, &e.attendee_name,
                          &e.attendee_email, &e.url, &e.description}) {
        all_utf8 = all_utf8 && hearth::http::valid_utf8(*s);
    }

    const auto ics = hearth::consultations::make_ics(e);
    const auto lines = unfold(ics, all_utf8);
    int events = 0;
    for (const auto& line : lines) {
        const auto name_end = line.find_first_of(";:");
        check(name_end != std::string::npos, "a content line without a value");
        check(std::find(std::begin(known_properties), std::end(known_properties), line.substr(0, name_end)) !=
                  std::end(known_properties),
              "typed text started a property of its own");
        if (line == "BEGIN:VEVENT") ++events;
    }
    check(events == 1, "not exactly one VEVENT");
    check(lines.front() == "BEGIN:VCALENDAR" && lines.back() == "END:VCALENDAR", "the calendar is not closed");

    check(unescape(value_of(lines, "SUMMARY")) == expected_text(e.summary), "SUMMARY does not read back as typed");
    check(unescape(value_of(lines, "DESCRIPTION")) == expected_text(e.description),
          "DESCRIPTION does not read back as typed");
    if (!e.location.empty()) {
        check(unescape(value_of(lines, "LOCATION")) == expected_text(e.location), "LOCATION does not read back");
    }
    const auto start = value_of(lines, "DTSTART");
    check(start.size() == 16 && start[8] == 'T' && start[15] == 'Z', "DTSTART is not a UTC DATE-TIME");
    return 0;
}
