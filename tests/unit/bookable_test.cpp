// The pure rules of issue 10's journey 3: a specialist's outlook (the first
// open slot in the coming 14 days, when to compute it again, whether their
// hours have run out), the card's brief local time, where people land after
// signing in, and the next step a specialist's profile names.
#include <date/date.h>
#include <gtest/gtest.h>

#include <chrono>

#include "features/consultations/slots.hpp"
#include "features/specialists/landing.hpp"

namespace hc = hearth::consultations;
namespace hs = hearth::specialists;

namespace {

std::int64_t utc(int y, unsigned mo, unsigned d, int h, int mi) {
    const date::sys_days day{date::year{y} / date::month{mo} / date::day{d}};
    return std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count() + h * 3600 + mi * 60;
}

constexpr std::int64_t hour = 3600;
constexpr std::int64_t day = 24 * hour;

// Tuesdays 10:00-11:00 in `zone`, 12 hours' notice.
hc::AvailabilityRules tuesdays(const std::string& zone = "UTC") {
    hc::AvailabilityRules r;
    r.timezone = zone;
    r.weekly = {{2, 10 * 60, 11 * 60}};
    return r;
}

}  // namespace

TEST(Outlook, FindsTheFirstOpenSlotAndRechecksWhenItStopsBeingBookable) {
    const auto now = utc(2026, 11, 29, 16, 0);  // a Sunday
    const auto o = hc::outlook(tuesdays(), now, {});
    ASSERT_TRUE(o.next_open);
    EXPECT_EQ(*o.next_open, utc(2026, 12, 1, 10, 0));
    EXPECT_EQ(o.recheck_at, utc(2026, 12, 1, 10, 0) - 12 * hour);  // minimum notice
    EXPECT_FALSE(o.ran_out);
}

TEST(Outlook, BookedSlotsAreSkipped) {
    const auto now = utc(2026, 11, 29, 16, 0);
    const std::vector<hc::Interval> busy{{utc(2026, 12, 1, 10, 0), utc(2026, 12, 1, 10, 30)}};
    const auto o = hc::outlook(tuesdays(), now, busy);
    ASSERT_TRUE(o.next_open);
    EXPECT_EQ(*o.next_open, utc(2026, 12, 1, 10, 30));
}

TEST(Outlook, NoHoursMeansNotBookableAndALookAgainSoon) {
    const auto now = utc(2026, 11, 29, 16, 0);
    hc::AvailabilityRules none;
    const auto o = hc::outlook(none, now, {});
    EXPECT_FALSE(o.next_open);
    EXPECT_TRUE(o.ran_out);
    EXPECT_EQ(o.recheck_at, now + hc::empty_recheck_seconds);
}

TEST(Outlook, OnlyTheComingFourteenDaysCount) {
    const auto now = utc(2026, 11, 29, 16, 0);
    auto rules = tuesdays();
    // Time off over the next three Tuesdays: the fourth is 16 days away.
    rules.time_off = {{now, utc(2026, 12, 16, 0, 0)}};
    const auto o = hc::outlook(rules, now, {});
    EXPECT_FALSE(o.next_open);
    EXPECT_TRUE(o.ran_out);
}

TEST(Outlook, HoursRunOutWhenTheNextSlotIsAWeekOrMoreAway) {
    const auto now = utc(2026, 11, 29, 16, 0);
    auto rules = tuesdays();
    rules.time_off = {{now, utc(2026, 12, 2, 0, 0)}};  // next: Tuesday 8 December, 9 days away
    const auto o = hc::outlook(rules, now, {});
    ASSERT_TRUE(o.next_open);
    EXPECT_EQ(*o.next_open, utc(2026, 12, 8, 10, 0));
    EXPECT_TRUE(o.ran_out);
}

TEST(Outlook, ReadsHoursInTheSpecialistsZone) {
    const auto now = utc(2026, 11, 29, 16, 0);
    const auto o = hc::outlook(tuesdays("Asia/Tokyo"), now, {});  // 10:00 in Tokyo is 01:00 UTC
    ASSERT_TRUE(o.next_open);
    EXPECT_EQ(*o.next_open, utc(2026, 12, 1, 1, 0));
    EXPECT_THROW(hc::outlook(tuesdays("Mars/Olympus"), now, {}), std::runtime_error);
}

TEST(LocalTime, BriefIsShortWeekdayDayShortMonthAndTime) {
    EXPECT_EQ(hc::local_time(utc(2026, 12, 1, 10, 0), "UTC").brief, "Tue 1 Dec, 10:00");
    EXPECT_EQ(hc::local_time(utc(2026, 12, 1, 10, 0), "Europe/Berlin").brief, "Tue 1 Dec, 11:00");
    EXPECT_EQ(hc::local_time(utc(2026, 12, 1, 23, 30), "Asia/Tokyo").brief, "Wed 2 Dec, 08:30");
}

TEST(Landing, AskedForPagesWinElseTheRolesStart) {
    using hearth::Role;
    EXPECT_EQ(hs::landing_after_sign_in(Role::specialist, ""), "/account/profile?landing=1");
    EXPECT_EQ(hs::landing_after_sign_in(Role::specialist, "/account"), "/account/profile?landing=1");
    EXPECT_EQ(hs::landing_after_sign_in(Role::specialist, "/specialists/x/book"), "/specialists/x/book");
    EXPECT_EQ(hs::landing_after_sign_in(Role::member, "/account"), "/account");
    EXPECT_EQ(hs::landing_after_sign_in(Role::member, ""), "/account");
    EXPECT_EQ(hs::landing_after_sign_in(Role::member, "/questions"), "/questions");
}

TEST(NextStep, FollowsTheWizardsOrder) {
    using hs::NextStep;
    EXPECT_EQ(hs::next_step_of(std::nullopt, false), NextStep::start_profile);
    hs::Profile p;
    EXPECT_EQ(hs::next_step_of(p, false), NextStep::finish_details);
    p.fields.offers_free_consultation = true;
    EXPECT_EQ(hs::next_step_of(p, true), NextStep::set_hours);
    p.next_open_at = 1;
    EXPECT_EQ(hs::next_step_of(p, true), NextStep::ask_to_be_listed);
    p.fields.offers_free_consultation = false;
    p.next_open_at.reset();
    EXPECT_EQ(hs::next_step_of(p, true), NextStep::ask_to_be_listed);  // no hours needed without the offer
    p.publish_requested_at = 1;
    EXPECT_EQ(hs::next_step_of(p, true), NextStep::await_verification);
    p.verified_at = 2;
    p.listed = true;
    EXPECT_EQ(hs::next_step_of(p, true), NextStep::listed);
    p.fields.offers_free_consultation = true;  // listed, but the hours ran out
    EXPECT_EQ(hs::next_step_of(p, true), NextStep::set_hours);
    p.suspended_at = 3;
    p.listed = false;
    EXPECT_EQ(hs::next_step_of(p, true), NextStep::suspended);
}
