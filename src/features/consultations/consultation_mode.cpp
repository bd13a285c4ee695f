#include "features/consultations/consultation_mode.hpp"

#include "core/phone_number.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/url/parse.hpp>

namespace hearth::consultations {

namespace {

// Printable ASCII without spaces: what a link put into an href, an e-mail
// and a calendar URL property can hold with no escaping at all.
bool printable_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// An absolute https:// address naming a host, with no user name or password
// (https://bank.example@evil.example reads like the bank).
bool https_link(std::string_view text) {
    if (!printable_ascii(text) || text.find_first_of("\"'<>\\") != std::string_view::npos) return false;
    auto url = boost::urls::parse_absolute_uri(text);
    if (!url) return false;
    return url->scheme() == "https" && url->has_authority() && !url->encoded_host().empty() && !url->has_userinfo();
}

}  // namespace

std::string_view kind_name(MeetingKind kind) {
    switch (kind) {
        case MeetingKind::video: return "video";
        case MeetingKind::phone: return "phone";
        case MeetingKind::in_person: return "in_person";
    }
    return "video";
}

std::optional<MeetingKind> kind_of(std::string_view name) {
    if (name == "video") return MeetingKind::video;
    if (name == "phone") return MeetingKind::phone;
    if (name == "in_person") return MeetingKind::in_person;
    return std::nullopt;
}

void check_mode(FieldChecks& check, ConsultationMode& mode) {
    check.line("video_url", "The video link", mode.video_url, max_video_url_chars);
    check.line("address", "The address", mode.address, max_address_chars);
    if (!mode.video_url.empty() && !check.failed("video_url") &&
        !https_link(mode.video_url)) {
        check.fail("video_url", "The video link must be a full https:// address, such as https://meet.example.org/your-room.");
    }
    if (mode.kind == MeetingKind::in_person && mode.address.empty() && !check.failed("address")) {
        check.fail("address", "Write the address where you will meet people, for example 12 High Street, York.");
    }
}

void check_phone(FieldChecks& check, std::string& phone) {
    check.line("phone", "Your phone number", phone, max_phone_chars, true);
    if (check.failed("phone")) return;
    if (!is_phone_number(phone)) {
        check.fail("phone", "Write a phone number they can call, with its country code if you are abroad, for "
                            "example +44 7700 900123.");
    }
}

std::string public_label(MeetingKind kind, std::string_view city) {
    switch (kind) {
        case MeetingKind::video: return "by video";
        case MeetingKind::phone: return "by phone";
        case MeetingKind::in_person: return city.empty() ? "in person" : fmt::format("in person in {}", city);
    }
    return "by video";
}

MeetingView meeting_view(const MeetingFacts& f, Side side, bool in_email) {
    MeetingView v;
    v.kind = std::string(kind_name(f.kind));
    const bool member = side == Side::member;
    const auto& spec = f.specialist_name;
    const auto& them = f.member_name;
    auto& steps = v.next_steps;
    switch (f.kind) {
        case MeetingKind::video:
            v.headline = "By video call";
            v.video_url = f.detail;
            if (member) {
                steps.push_back(f.detail.empty()
                                    ? fmt::format("{} will e-mail you a link to the video call before the time.", spec)
                                    : fmt::format("At the time, open the link to join {} in the video call.", spec));
                steps.push_back("Have ready a quiet, private place and a phone or computer with a camera and "
                                "microphone; headphones help.");
            } else {
                steps.push_back(f.detail.empty()
                                    ? fmt::format("E-mail {} a link to your video call before the time, at {}.", them,
                                                  f.member_email)
                                    : fmt::format("{} joins your video call at the link below at the time.", them));
            }
            break;
        case MeetingKind::phone:
            v.headline = member ? fmt::format("By phone: {} calls you", spec) : fmt::format("By phone: you call {}", them);
            if (member) {
                v.phone = f.member_phone;
                steps.push_back(fmt::format("{} will call you at the time on the number you gave.", spec));
                steps.push_back("Have your phone with you, charged, somewhere you can talk privately.");
            } else if (in_email) {
                steps.push_back(fmt::format("Call {} at the time. Their number is with the consultation in Hearth: {}",
                                            them, f.consultations_url));
            } else {
                v.phone = f.member_phone;
                steps.push_back(fmt::format("Call {} at the time on the number they gave.", them));
            }
            break;
        case MeetingKind::in_person:
            v.headline = "In person";
            v.address = f.detail;
            steps.push_back(member ? fmt::format("Meet {} at the address below. Arriving five minutes early helps.", spec)
                                   : fmt::format("{} comes to meet you at your address.", them));
            break;
    }
    // An e-mail points to the booking in Hearth; a page or the API is there already.
    const auto where = in_email ? "on Hearth: " + f.consultations_url : std::string("in Hearth");
    if (member) {
        steps.push_back("You don’t need to prepare anything else. A line or two about what you would like to talk "
                        "about is enough.");
        steps.push_back("If you can’t make it, cancel or change the time " + where + ". There is no need to explain.");
    } else {
        if (in_email) steps.push_back("Their note, if they wrote one, is with the consultation " + where);
        steps.push_back("If you can’t make it, cancel it " + where + ". Hearth tells them straight away.");
    }
    return v;
}

std::string calendar_location(const MeetingFacts& f) {
    switch (f.kind) {
        case MeetingKind::video:
            return f.detail.empty() ? fmt::format("Video call (link from {} by e-mail)", f.specialist_name) : f.detail;
        case MeetingKind::phone: return fmt::format("Phone call: {} calls {}", f.specialist_name, f.member_name);
        case MeetingKind::in_person: return f.detail;
    }
    return {};
}

std::string calendar_description(const MeetingFacts& f) {
    std::string how;
    switch (f.kind) {
        case MeetingKind::video:
            how = f.detail.empty()
                      ? fmt::format("By video call: {} e-mails {} a link before the time.", f.specialist_name,
                                    f.member_name)
                      : fmt::format("By video call: join at {}", f.detail);
            break;
        case MeetingKind::phone:
            how = fmt::format("By phone: {} calls {} at the time.", f.specialist_name, f.member_name);
            break;
        case MeetingKind::in_person: how = fmt::format("In person at {}", f.detail); break;
    }
    return fmt::format("A free 30-minute first conversation booked on Hearth.\n{}\nDetails, changes and "
                       "cancelling: {}",
                       how, f.consultations_url);
}

}  // namespace hearth::consultations
