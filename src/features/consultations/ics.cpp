#include "features/consultations/ics.hpp"

#include <date/date.h>

#include <chrono>
#include <string_view>

namespace hearth::consultations {
namespace {

// RFC 5545 3.1: a content line is at most 75 octets before its CRLF.
constexpr std::size_t max_line_octets = 75;

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// UTF-8 continuation bytes look like 10xxxxxx; a fold must not go before one.
bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and line breaks are
// escaped; other control characters (except tab) are not allowed at all,
// so they are dropped rather than let through to break the line structure.
std::string escape_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case ';':
                out += "\\;";
                break;
            case ',':
                out += "\\,";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                // CRLF and a lone CR are one line break each.
                if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
                out += "\\n";
                break;
            case '\t':
                out += c;
                break;
            default:
                if (!is_control(static_cast<unsigned char>(c))) out += c;
        }
    }
    return out;
}

// RFC 5545 3.2 parameter values have no escapes: DQUOTE cannot appear at
// all, and a value holding ":" ";" or "," must be quoted.
std::string param_value(std::string_view s) {
    std::string clean;
    for (char c : s) {
        if (c != '"' && !is_control(static_cast<unsigned char>(c))) clean += c;
    }
    if (clean.find_first_of(":;,") == std::string::npos) return clean;
    return "\"" + clean + "\"";
}

// URIs (mailto:, URL) have no escape syntax; dropping control characters
// is enough to keep a value from starting a new property.
std::string strip_controls(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (!is_control(static_cast<unsigned char>(c))) out += c;
    }
    return out;
}

// DATE-TIME in UTC form (3.3.5), e.g. 20260316T140000Z: no VTIMEZONE needed.
std::string utc_stamp(std::int64_t t) {
    return date::format("%Y%m%dT%H%M%SZ", date::sys_seconds{std::chrono::seconds{t}});
}

// Appends one content line, folded with CRLF + space (3.1). Continuation
// lines spend one octet on that space. Cuts move back to the start of a
// UTF-8 character (at most 3 octets), so no character is split.
void append_line(std::string& out, std::string_view line) {
    std::size_t limit = max_line_octets;
    while (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > limit - 3 && is_continuation(static_cast<unsigned char>(line[cut]))) --cut;
        if (is_continuation(static_cast<unsigned char>(line[cut]))) cut = limit;  // not UTF-8: keep the octet limit
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = max_line_octets - 1;
    }
    out.append(line);
    out += "\r\n";
}

// "ORGANIZER;CN=Name:mailto:a@b" (3.8.4.3 / 3.8.4.1).
std::string person(const std::string& property, const std::string& name, const std::string& email,
                   const std::string& extra_params) {
    std::string line = property;
    if (!name.empty()) line += ";CN=" + param_value(name);
    line += extra_params;
    line += ":mailto:" + strip_controls(email);
    return line;
}

}  // namespace

std::string make_ics(const CalendarEvent& event) {
    std::string out;
    const auto line = [&out](std::string_view text) { append_line(out, text); };

    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Hearth//Consultations//EN");
    line("CALSCALE:GREGORIAN");
    // iTIP (RFC 5546): REQUEST adds or updates the event, CANCEL removes it.
    line(event.cancelled ? "METHOD:CANCEL" : "METHOD:REQUEST");

    line("BEGIN:VEVENT");
    line("UID:" + escape_text(event.uid));
    line("SEQUENCE:" + std::to_string(event.sequence));
    line("DTSTAMP:" + utc_stamp(event.stamp));
    line("DTSTART:" + utc_stamp(event.start));
    line("DTEND:" + utc_stamp(event.end));
    line("SUMMARY:" + escape_text(event.summary));
    line("DESCRIPTION:" + escape_text(event.description));
    if (!event.location.empty()) line("LOCATION:" + escape_text(event.location));
    if (!event.url.empty()) line("URL:" + strip_controls(event.url));
    if (!event.organizer_email.empty()) {
        line(person("ORGANIZER", event.organizer_name, event.organizer_email, ""));
    }
    if (!event.attendee_email.empty()) {
        // The member booked the slot themselves, so they have accepted it.
        line(person("ATTENDEE", event.attendee_name, event.attendee_email, ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED"));
    }
    line(event.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    line("TRANSP:OPAQUE");

    // A cancelled event needs no reminder; a negative lead time (an alarm
    // after the start) makes no sense for a consultation, so none either.
    if (!event.cancelled && event.alarm_minutes_before >= 0) {
        line("BEGIN:VALARM");
        line("ACTION:DISPLAY");
        line("DESCRIPTION:" + escape_text(event.summary.empty() ? std::string("Consultation") : event.summary));
        line("TRIGGER:-PT" + std::to_string(event.alarm_minutes_before) + "M");
        line("END:VALARM");
    }
    line("END:VEVENT");
    line("END:VCALENDAR");
    return out;
}

}  // namespace hearth::consultations
