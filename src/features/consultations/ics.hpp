#pragma once
// RFC 5545 calendar files for consultations (confirmation, change,
// cancellation), with an alarm.
#include <cstdint>
#include <string>

namespace hearth::consultations {

struct CalendarEvent {
    std::string uid;            // stable per booking: "consultation-42@hearth"
    std::int64_t sequence = 0;  // grows with each change, so calendars update the event
    std::int64_t start = 0;     // UTC seconds
    std::int64_t end = 0;
    std::int64_t stamp = 0;     // when this file was made
    std::string summary;
    std::string description;
    std::string location;       // e.g. "Online (link sent by the specialist)"
    std::string organizer_name;
    std::string organizer_email;
    std::string attendee_name;
    std::string attendee_email;
    std::string url;
    bool cancelled = false;     // METHOD:CANCEL, STATUS:CANCELLED
    int alarm_minutes_before = 60;
};

// A complete VCALENDAR with one VEVENT and a VALARM: CRLF line ends, lines
// folded at 75 octets (never inside a UTF-8 sequence), TEXT values escaped.
std::string make_ics(const CalendarEvent& event);

}  // namespace hearth::consultations
