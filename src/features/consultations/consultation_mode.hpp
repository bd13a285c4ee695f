#pragma once
// How a free consultation takes place: by video (a link of the
// specialist's own, or one they e-mail before the time), by a phone call
// from the specialist to the number the member gives when booking, or in
// person at the specialist's address. The specialist chooses it with their
// hours; each booking keeps the way it was booked. Pure rules and wording,
// no database: the checks of what a specialist or member types, the public
// label, and the "what happens next" each side reads on the pages, in the
// e-mails and in the calendar file.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/field_checks.hpp"

namespace hearth::consultations {

enum class MeetingKind { video, phone, in_person };

struct ConsultationMode {
    MeetingKind kind = MeetingKind::video;
    std::string video_url;  // https only; "" means the specialist e-mails a link before the time
    std::string address;    // in person: where, one line
};

// Limits in characters (core/field_checks.hpp counts them).
inline constexpr std::size_t max_video_url_chars = 500;
inline constexpr std::size_t max_address_chars = 300;
inline constexpr std::size_t max_phone_chars = 32;

// "video" | "phone" | "in_person": the stored and JSON name.
std::string_view kind_name(MeetingKind kind);
std::optional<MeetingKind> kind_of(std::string_view name);

// Checks a specialist's choice and trims its text in place, recording
// problems on the fields "mode", "video_url" and "address": a video link
// must be an absolute https:// address with a host (no user name or
// password, no spaces, printable ASCII) whenever one is given, an address is
// required in person. The text of the kinds not chosen is kept (so
// switching back restores it).
void check_mode(FieldChecks& check, ConsultationMode& mode);

// Checks the phone number a member gives when the specialist will call
// them and trims it: required, digits with an optional leading "+" and
// spaces, dots, hyphens or brackets between, 6 to 15 digits (ITU-T E.164
// allows at most 15). Problems go to the field "phone".
void check_phone(FieldChecks& check, std::string& phone);

// What anyone may see before booking, for the booking page: "by video",
// "by phone", "in person in <city>" ("in person" when `city` is empty).
// Never the link or the address.
std::string public_label(MeetingKind kind, std::string_view city);

// What one booking says about how it takes place, for its two participants
// only (the link, the address and the phone number are in it).
struct MeetingFacts {
    MeetingKind kind = MeetingKind::video;
    std::string detail;        // the booking's video link or address, as stored
    std::string member_phone;  // phone bookings
    std::string specialist_name;
    std::string member_name;
    std::string member_email;
    std::string consultations_url;  // base URL + "/consultations"
};

// One side's reading of it: a short headline ("By video", "By phone, Dr X
// calls you"), the details (link, address, number: empty when there are
// none for this side) and the steps of "what happens next" (who contacts
// whom and when, what to have ready, how to cancel or move it). `in_email`
// makes the steps link to the booking in Hearth (the note is read there)
// and leaves the member's phone number out of the specialist's copy: e-mail
// travels further than the page.
struct MeetingView {
    std::string kind;      // kind_name
    std::string headline;  // "By video call"
    std::string video_url;
    std::string address;
    std::string phone;
    std::vector<std::string> next_steps;
};
enum class Side { member, specialist };
MeetingView meeting_view(const MeetingFacts& facts, Side side, bool in_email);

// The calendar file's LOCATION and DESCRIPTION: the same file goes to both
// participants, so it names the link or the address but never the phone
// number.
std::string calendar_location(const MeetingFacts& facts);
std::string calendar_description(const MeetingFacts& facts);

}  // namespace hearth::consultations
