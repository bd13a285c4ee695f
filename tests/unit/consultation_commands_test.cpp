// The consultation service's refusal codes as the API names them, and its
// e-mail templates rendered from templates/emails/ as the outbox sends them.
// (What a person types is checked by core/field_checks, tested on its own
// and through the API and pages in tests/integration/test_consultations.py.)
#include <gtest/gtest.h>

#include <boost/json/array.hpp>

#include <string>

#include "features/common/outbox.hpp"
#include "features/consultations/consultations.hpp"
#include "render/view.hpp"

namespace cs = hearth::consultations;
namespace mail = hearth::mail;
using Code = cs::BookingRefusal::Code;

TEST(ConsultationRefusals, CodesAndStatusesAreTheApis) {
    EXPECT_EQ(cs::code_name(Code::slot_taken), "slot_taken");
    EXPECT_EQ(cs::status_of(Code::slot_taken), 409);
    EXPECT_EQ(cs::code_name(Code::not_available), "not_available");
    EXPECT_EQ(cs::status_of(Code::not_available), 422);
    EXPECT_EQ(cs::status_of(Code::invalid), 422);
    for (auto code : {Code::in_the_past, Code::already_booked, Code::too_many_bookings, Code::already_cancelled}) {
        EXPECT_EQ(cs::status_of(code), 409) << cs::code_name(code);
    }
}

namespace {

boost::json::object sample(bool specialist) {
    return {{"name", specialist ? "Dr Sam" : "Noor"},
            {"other", specialist ? "Noor" : "Dr Sam"},
            {"when", "Monday 1 June, 09:00"},
            {"zone", "Europe/London time"},
            {"has_note", specialist},
            {"member_name", "Noor"},
            {"has_reason", true},
            {"how", boost::json::object{{"kind", "in_person"},
                                        {"headline", "In person"},
                                        {"video_url", ""},
                                        {"address", "Room <4> & Co, 2 Mill Lane"},
                                        {"phone", ""},
                                        {"next_steps", boost::json::array{"Meet Dr Sam at the address below."}}}},
            {"cancel_link", "http://h/consultations/7/cancel?party=member&sig=abc"},
            {"consultations_url", "http://h/consultations"},
            {"tomorrow", true}};
}

}  // namespace

TEST(ConsultationEmails, EveryTemplateHasASubjectAndThePlainTextValues) {
    const hearth::render::Templates templates(HEARTH_SOURCE_DIR "/templates");
    const auto booked = mail::from_template(templates, "consultation_booked", sample(true), "s@example.org");
    EXPECT_EQ(booked.to, "s@example.org");
    EXPECT_EQ(booked.subject, "Your free consultation is booked");
    EXPECT_NE(booked.body_text.find("Hello Dr Sam,"), std::string::npos) << booked.body_text;
    EXPECT_NE(booked.body_text.find("Monday 1 June, 09:00 (Europe/London time)"), std::string::npos);
    // Plain text: the address as written, not HTML-escaped; the steps as a list.
    EXPECT_NE(booked.body_text.find("Address: Room <4> & Co, 2 Mill Lane"), std::string::npos) << booked.body_text;
    EXPECT_NE(booked.body_text.find("- Meet Dr Sam at the address below."), std::string::npos) << booked.body_text;
    // The note stays in Hearth: the e-mail says there is one and links to it.
    EXPECT_NE(booked.body_text.find("Noor wrote you a note when booking. Read it with the consultation on Hearth: "
                                    "http://h/consultations"),
              std::string::npos)
        << booked.body_text;
    EXPECT_NE(booked.body_text.find("cancel?party=member&sig=abc"), std::string::npos);
    const auto to_member = mail::from_template(templates, "consultation_booked", sample(false), "m@example.org");
    EXPECT_EQ(to_member.body_text.find("wrote you a note"), std::string::npos) << to_member.body_text;

    EXPECT_EQ(mail::from_template(templates, "consultation_rescheduled", sample(false), "m").subject,
              "Your free consultation has moved");
    const auto cancelled = mail::from_template(templates, "consultation_cancelled", sample(false), "m");
    EXPECT_EQ(cancelled.subject, "Your free consultation was cancelled");
    EXPECT_NE(cancelled.body_text.find("A reason was given. You can read it with the consultation on Hearth: "
                                       "http://h/consultations"),
              std::string::npos)
        << cancelled.body_text;

    auto data = sample(false);
    const auto reminder = mail::from_template(templates, "consultation_reminder", data, "m");
    EXPECT_EQ(reminder.subject, "Reminder: your free consultation is tomorrow");
    EXPECT_NE(reminder.body_text.find("How it happens: In person"), std::string::npos) << reminder.body_text;
    EXPECT_NE(reminder.body_text.find("What happens next:\n- Meet Dr Sam"), std::string::npos) << reminder.body_text;
    data["tomorrow"] = false;
    EXPECT_EQ(mail::from_template(templates, "consultation_reminder", data, "m").subject,
              "Reminder: your free consultation starts in an hour");
}
