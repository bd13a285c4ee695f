// The whole permission table of Hearth, written out by hand: every action
// (policy::all_actions) for every role, without a record and on records of
// four relations (one's own, one where one is the counterpart, someone
// else's), each private and public. The expectations are literals, not
// recomputed from the rules, so a changed answer in policy.cpp fails here
// until this table is changed with it, on purpose. Product rules:
// /work/shared/DESIGN.md ("Who uses it"). A new action needs four rows.
#include "features/common/policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace policy = hearth::policy;
using hearth::Principal;
using hearth::Role;
using A = policy::Action;

namespace {

// One row: what `role` may do with `action`. `answers` reads
// "kind|own|counterpart|other": the kind-level answer, then for each record
// relation the answer on a private record and on a public one ('y' may,
// 'n' may not). E.g. "y|yy|nn|ny": may in general, on both of one's own
// records, on neither where one is the counterpart, and on someone else's
// only when it is public.
struct Row {
    A action;
    Role role;
    std::string_view answers;
};

// clang-format off
constexpr Row table[] = {
    // accounts: one's own account and sessions, for anyone signed in
    {A::view_own_account,    Role::visitor,    "n|nn|nn|nn"},
    {A::view_own_account,    Role::member,     "y|yy|nn|nn"},
    {A::view_own_account,    Role::specialist, "y|yy|nn|nn"},
    {A::view_own_account,    Role::admin,      "y|yy|nn|nn"},
    {A::manage_own_sessions, Role::visitor,    "n|nn|nn|nn"},
    {A::manage_own_sessions, Role::member,     "y|yy|nn|nn"},
    {A::manage_own_sessions, Role::specialist, "y|yy|nn|nn"},
    {A::manage_own_sessions, Role::admin,      "y|yy|nn|nn"},
    {A::export_own_data,     Role::visitor,    "n|nn|nn|nn"},
    {A::export_own_data,     Role::member,     "y|yy|nn|nn"},
    {A::export_own_data,     Role::specialist, "y|yy|nn|nn"},
    {A::export_own_data,     Role::admin,      "y|yy|nn|nn"},
    {A::manage_second_factor, Role::visitor,    "n|nn|nn|nn"},
    {A::manage_second_factor, Role::member,     "y|yy|nn|nn"},
    {A::manage_second_factor, Role::specialist, "y|yy|nn|nn"},
    {A::manage_second_factor, Role::admin,      "y|yy|nn|nn"},
    {A::change_sign_in_details, Role::visitor,    "n|nn|nn|nn"},
    {A::change_sign_in_details, Role::member,     "y|yy|nn|nn"},
    {A::change_sign_in_details, Role::specialist, "y|yy|nn|nn"},
    {A::change_sign_in_details, Role::admin,      "y|yy|nn|nn"},
    // specialist profiles: specialists edit their own; listed ones are
    // public; admins see every profile and verify them
    {A::edit_profile,        Role::visitor,    "n|nn|nn|nn"},
    {A::edit_profile,        Role::member,     "n|nn|nn|nn"},
    {A::edit_profile,        Role::specialist, "y|yy|nn|nn"},
    {A::edit_profile,        Role::admin,      "n|nn|nn|nn"},
    {A::view_profile,        Role::visitor,    "y|ny|ny|ny"},
    {A::view_profile,        Role::member,     "y|yy|ny|ny"},
    {A::view_profile,        Role::specialist, "y|yy|ny|ny"},
    {A::view_profile,        Role::admin,      "y|yy|yy|yy"},
    {A::request_listing,     Role::visitor,    "n|nn|nn|nn"},
    {A::request_listing,     Role::member,     "n|nn|nn|nn"},
    {A::request_listing,     Role::specialist, "y|yy|nn|nn"},
    {A::request_listing,     Role::admin,      "n|nn|nn|nn"},
    {A::verify_specialist,   Role::visitor,    "n|nn|nn|nn"},
    {A::verify_specialist,   Role::member,     "n|nn|nn|nn"},
    {A::verify_specialist,   Role::specialist, "n|nn|nn|nn"},
    {A::verify_specialist,   Role::admin,      "y|yy|yy|yy"},
    // free consultations: specialists set their own availability; members
    // book listed profiles other than their own; both sides of a booking
    // see and cancel it; only the member who booked moves it
    {A::set_availability,    Role::visitor,    "n|nn|nn|nn"},
    {A::set_availability,    Role::member,     "n|nn|nn|nn"},
    {A::set_availability,    Role::specialist, "y|yy|nn|nn"},
    {A::set_availability,    Role::admin,      "n|nn|nn|nn"},
    {A::book_consultation,   Role::visitor,    "n|nn|nn|nn"},
    {A::book_consultation,   Role::member,     "y|nn|ny|ny"},
    {A::book_consultation,   Role::specialist, "n|nn|nn|nn"},
    {A::book_consultation,   Role::admin,      "n|nn|nn|nn"},
    {A::view_booking,        Role::visitor,    "n|nn|nn|nn"},
    {A::view_booking,        Role::member,     "y|yy|yy|nn"},
    {A::view_booking,        Role::specialist, "y|yy|yy|nn"},
    {A::view_booking,        Role::admin,      "y|yy|yy|nn"},
    {A::cancel_booking,      Role::visitor,    "n|nn|nn|nn"},
    {A::cancel_booking,      Role::member,     "y|yy|yy|nn"},
    {A::cancel_booking,      Role::specialist, "y|yy|yy|nn"},
    {A::cancel_booking,      Role::admin,      "y|yy|yy|nn"},
    {A::reschedule_booking,  Role::visitor,    "n|nn|nn|nn"},
    {A::reschedule_booking,  Role::member,     "y|yy|nn|nn"},
    {A::reschedule_booking,  Role::specialist, "n|nn|nn|nn"},
    {A::reschedule_booking,  Role::admin,      "n|nn|nn|nn"},
    // the campaign and the admin pages: admins only, whatever the record
    {A::edit_campaign,       Role::visitor,    "n|nn|nn|nn"},
    {A::edit_campaign,       Role::member,     "n|nn|nn|nn"},
    {A::edit_campaign,       Role::specialist, "n|nn|nn|nn"},
    {A::edit_campaign,       Role::admin,      "y|yy|yy|yy"},
    {A::view_admin,          Role::visitor,    "n|nn|nn|nn"},
    {A::view_admin,          Role::member,     "n|nn|nn|nn"},
    {A::view_admin,          Role::specialist, "n|nn|nn|nn"},
    {A::view_admin,          Role::admin,      "y|yy|yy|yy"},
    {A::view_audit_log,      Role::visitor,    "n|nn|nn|nn"},
    {A::view_audit_log,      Role::member,     "n|nn|nn|nn"},
    {A::view_audit_log,      Role::specialist, "n|nn|nn|nn"},
    {A::view_audit_log,      Role::admin,      "y|yy|yy|yy"},
    {A::moderate,            Role::visitor,    "n|nn|nn|nn"},
    {A::moderate,            Role::member,     "n|nn|nn|nn"},
    {A::moderate,            Role::specialist, "n|nn|nn|nn"},
    {A::moderate,            Role::admin,      "y|yy|yy|yy"},
    // articles: specialists write them and change only their own
    {A::write_article,       Role::visitor,    "n|nn|nn|nn"},
    {A::write_article,       Role::member,     "n|nn|nn|nn"},
    {A::write_article,       Role::specialist, "y|yy|nn|nn"},
    {A::write_article,       Role::admin,      "n|nn|nn|nn"},
    // articles: the author and admins change one; published ones are public
    {A::edit_article,        Role::visitor,    "n|nn|nn|nn"},
    {A::edit_article,        Role::member,     "n|nn|nn|nn"},
    {A::edit_article,        Role::specialist, "y|yy|nn|nn"},
    {A::edit_article,        Role::admin,      "y|yy|yy|yy"},
    {A::view_article,        Role::visitor,    "y|ny|ny|ny"},
    {A::view_article,        Role::member,     "y|yy|ny|ny"},
    {A::view_article,        Role::specialist, "y|yy|ny|ny"},
    {A::view_article,        Role::admin,      "y|yy|yy|yy"},
    {A::take_down_article,   Role::visitor,    "n|nn|nn|nn"},
    {A::take_down_article,   Role::member,     "n|nn|nn|nn"},
    {A::take_down_article,   Role::specialist, "n|nn|nn|nn"},
    {A::take_down_article,   Role::admin,      "y|yy|yy|yy"},
    // questions: members ask, specialists answer (any question)
    {A::ask_question,        Role::visitor,    "n|nn|nn|nn"},
    {A::ask_question,        Role::member,     "y|yy|yy|yy"},
    {A::ask_question,        Role::specialist, "n|nn|nn|nn"},
    {A::ask_question,        Role::admin,      "n|nn|nn|nn"},
    {A::answer_question,     Role::visitor,    "n|nn|nn|nn"},
    {A::answer_question,     Role::member,     "n|nn|nn|nn"},
    {A::answer_question,     Role::specialist, "y|ny|nn|nn"},
    {A::answer_question,     Role::admin,      "n|nn|nn|nn"},
    // questions: the asker manages their own; hidden items are seen by
    // their writer and admins; members mark answers helpful, never their own
    {A::manage_question,     Role::visitor,    "n|nn|nn|nn"},
    {A::manage_question,     Role::member,     "y|yy|nn|nn"},
    {A::manage_question,     Role::specialist, "n|nn|nn|nn"},
    {A::manage_question,     Role::admin,      "n|nn|nn|nn"},
    {A::view_question,       Role::visitor,    "y|ny|ny|ny"},
    {A::view_question,       Role::member,     "y|yy|ny|ny"},
    {A::view_question,       Role::specialist, "y|yy|ny|ny"},
    {A::view_question,       Role::admin,      "y|yy|yy|yy"},
    {A::mark_helpful,        Role::visitor,    "n|nn|nn|nn"},
    {A::mark_helpful,        Role::member,     "y|nn|yy|yy"},
    {A::mark_helpful,        Role::specialist, "n|nn|nn|nn"},
    {A::mark_helpful,        Role::admin,      "n|nn|nn|nn"},
    // topic follows: a specialist changes only their own
    {A::follow_topics,       Role::visitor,    "n|nn|nn|nn"},
    {A::follow_topics,       Role::member,     "n|nn|nn|nn"},
    {A::follow_topics,       Role::specialist, "y|yy|nn|nn"},
    {A::follow_topics,       Role::admin,      "n|nn|nn|nn"},
    // account deletion: one's own account, for anyone signed in; a person's
    // counts and deletions requested by e-mail, for admins
    {A::delete_own_account,  Role::visitor,    "n|nn|nn|nn"},
    {A::delete_own_account,  Role::member,     "y|yy|nn|nn"},
    {A::delete_own_account,  Role::specialist, "y|yy|nn|nn"},
    {A::delete_own_account,  Role::admin,      "y|yy|nn|nn"},
    {A::manage_people,       Role::visitor,    "n|nn|nn|nn"},
    {A::manage_people,       Role::member,     "n|nn|nn|nn"},
    {A::manage_people,       Role::specialist, "n|nn|nn|nn"},
    {A::manage_people,       Role::admin,      "y|yy|yy|yy"},
    // messages (record: the person written to, never oneself) and contact
    // private messages: members start conversations with listed
    // specialists; only the two participants see one (admins neither)
    {A::start_conversation,  Role::visitor,    "n|nn|nn|nn"},
    {A::start_conversation,  Role::member,     "y|nn|ny|ny"},
    {A::start_conversation,  Role::specialist, "n|nn|nn|nn"},
    {A::start_conversation,  Role::admin,      "n|nn|nn|nn"},
    {A::view_conversation,   Role::visitor,    "n|nn|nn|nn"},
    {A::view_conversation,   Role::member,     "y|yy|yy|nn"},
    {A::view_conversation,   Role::specialist, "y|yy|yy|nn"},
    {A::view_conversation,   Role::admin,      "y|yy|yy|nn"},
    {A::send_message,        Role::visitor,    "n|nn|nn|nn"},
    {A::send_message,        Role::member,     "y|nn|yy|yy"},
    {A::send_message,        Role::specialist, "y|nn|yy|yy"},
    {A::send_message,        Role::admin,      "y|nn|yy|yy"},
    {A::contact_platform,    Role::visitor,    "n|nn|nn|nn"},
    {A::contact_platform,    Role::member,     "y|yy|yy|yy"},
    {A::contact_platform,    Role::specialist, "y|yy|yy|yy"},
    {A::contact_platform,    Role::admin,      "y|yy|yy|yy"},
    // the contact inbox and the reports queue are the admins'; reporting
    // (record: the item, owner = its author, counterpart = a person who may
    // see it) is for someone who sees it and did not write it
    {A::answer_contact,      Role::visitor,    "n|nn|nn|nn"},
    {A::answer_contact,      Role::member,     "n|nn|nn|nn"},
    {A::answer_contact,      Role::specialist, "n|nn|nn|nn"},
    {A::answer_contact,      Role::admin,      "y|yy|yy|yy"},
    {A::view_reports,        Role::visitor,    "n|nn|nn|nn"},
    {A::view_reports,        Role::member,     "n|nn|nn|nn"},
    {A::view_reports,        Role::specialist, "n|nn|nn|nn"},
    {A::view_reports,        Role::admin,      "y|yy|yy|yy"},
    {A::report_content,      Role::visitor,    "n|nn|nn|nn"},
    {A::report_content,      Role::member,     "y|nn|yy|nn"},
    {A::report_content,      Role::specialist, "y|nn|yy|nn"},
    {A::report_content,      Role::admin,      "y|nn|yy|nn"},
};
// clang-format on

constexpr std::array roles{Role::visitor, Role::member, Role::specialist, Role::admin};

enum class Relation { own, counterpart, other };
constexpr std::array relations{Relation::own, Relation::counterpart, Relation::other};

std::string_view relation_name(Relation r) {
    switch (r) {
        case Relation::own: return "own";
        case Relation::counterpart: return "counterpart's";
        case Relation::other: return "someone else's";
    }
    return "?";
}

// Signed-in people have distinct ids; a visitor is id 0.
Principal principal(Role role) {
    Principal p;
    p.role = role;
    switch (role) {
        case Role::visitor: p.user_id = 0; break;
        case Role::member: p.user_id = 11; break;
        case Role::specialist: p.user_id = 12; break;
        case Role::admin: p.user_id = 13; break;
    }
    return p;
}

constexpr std::int64_t stranger = 97;
constexpr std::int64_t other_stranger = 98;

// A record related to `who` as asked. For a visitor (id 0) "own" and
// "counterpart" are records without an owner or a counterpart: a visitor
// must gain nothing from them.
policy::Record record(const Principal& who, Relation relation, bool is_public) {
    switch (relation) {
        case Relation::own: return {who.user_id, other_stranger, is_public};
        case Relation::counterpart: return {stranger, who.user_id, is_public};
        case Relation::other: break;
    }
    return {stranger, other_stranger, is_public};
}

const Row* row_for(A action, Role role) {
    for (const Row& row : table)
        if (row.action == action && row.role == role) return &row;
    return nullptr;
}

bool answer(char c) {
    if (c != 'y' && c != 'n') ADD_FAILURE() << "answers are 'y' or 'n', not '" << c << "'";
    return c == 'y';
}

bool expected_kind(const Row& row) { return answer(row.answers[0]); }

// "k|op|cp|xp": relation i's private answer sits at 2 + 3i, the public one after it.
bool expected_on(const Row& row, Relation relation, bool is_public) {
    const auto i = static_cast<std::size_t>(relation);
    return answer(row.answers[2 + 3 * i + (is_public ? 1 : 0)]);
}

std::string describe(const Row& row, std::string_view what) {
    return std::string(policy::action_name(row.action)) + " as " + std::string(hearth::role_name(row.role)) +
           ", " + std::string(what);
}

// The status a call throws, 0 when it does not.
template <class F>
int status_of(F&& call) {
    try {
        call();
    } catch (const hearth::Error& e) {
        return e.status();
    }
    return 0;
}

}  // namespace

TEST(PolicyTable, RowsAreWellFormed) {
    for (const Row& row : table) {
        ASSERT_EQ(row.answers.size(), 10u) << describe(row, row.answers);
        EXPECT_EQ(row.answers[1], '|') << describe(row, row.answers);
        EXPECT_EQ(row.answers[4], '|') << describe(row, row.answers);
        EXPECT_EQ(row.answers[7], '|') << describe(row, row.answers);
    }
}

TEST(PolicyTable, EveryActionHasOneRowPerRole) {
    for (A action : policy::all_actions) {
        for (Role role : roles) {
            const auto rows = std::count_if(std::begin(table), std::end(table),
                                            [&](const Row& r) { return r.action == action && r.role == role; });
            EXPECT_EQ(rows, 1) << policy::action_name(action) << " as " << hearth::role_name(role)
                               << ": add its row to the table above";
        }
    }
    for (const Row& row : table) {
        EXPECT_NE(std::find(std::begin(policy::all_actions), std::end(policy::all_actions), row.action),
                  std::end(policy::all_actions))
            << policy::action_name(row.action) << " has rows but is not in policy::all_actions";
    }
    EXPECT_EQ(std::size(table), std::size(policy::all_actions) * roles.size());
}

// An action added to the enum (and named) but forgotten in all_actions
// would escape every test that walks all_actions.
TEST(PolicyTable, AllActionsListsEveryNamedAction) {
    std::set<std::string_view> names;
    for (A action : policy::all_actions) {
        const auto name = policy::action_name(action);
        EXPECT_NE(name, "unknown");
        EXPECT_TRUE(names.insert(name).second) << name << " is listed twice";
    }
    for (int value = 0; value < 512; ++value) {
        const auto action = static_cast<A>(value);
        if (policy::action_name(action) == "unknown") continue;
        EXPECT_NE(std::find(std::begin(policy::all_actions), std::end(policy::all_actions), action),
                  std::end(policy::all_actions))
            << policy::action_name(action) << " (" << value << ") is missing from policy::all_actions";
    }
}

TEST(PolicyTable, KindLevelAnswers) {
    for (const Row& row : table) {
        EXPECT_EQ(policy::may(principal(row.role), row.action), expected_kind(row)) << describe(row, "no record");
    }
}

TEST(PolicyTable, RecordLevelAnswers) {
    for (const Row& row : table) {
        const Principal who = principal(row.role);
        for (Relation relation : relations) {
            for (bool is_public : {false, true}) {
                const auto what = std::string(is_public ? "public " : "private ") +
                                  std::string(relation_name(relation)) + " record";
                EXPECT_EQ(policy::may(who, row.action, record(who, relation, is_public)),
                          expected_on(row, relation, is_public))
                    << describe(row, what);
            }
        }
    }
}

// require: nothing when allowed, 401 for a visitor, 403 for anyone signed in.
TEST(PolicyRequire, ThrowsUnauthorizedForVisitorsAndForbiddenOtherwise) {
    for (const Row& row : table) {
        const Principal who = principal(row.role);
        const int refused = row.role == Role::visitor ? 401 : 403;
        EXPECT_EQ(status_of([&] { policy::require(who, row.action); }), expected_kind(row) ? 0 : refused)
            << describe(row, "require, no record");
        for (Relation relation : relations) {
            for (bool is_public : {false, true}) {
                EXPECT_EQ(status_of([&] { policy::require(who, row.action, record(who, relation, is_public)); }),
                          expected_on(row, relation, is_public) ? 0 : refused)
                    << describe(row, "require on a " + std::string(is_public ? "public " : "private ") +
                                         std::string(relation_name(relation)) + " record");
            }
        }
    }
}

// require_visible: nothing when allowed; otherwise 404, so a record one may
// not see looks like none at all; but 401 for a visitor when the action
// always needs an account (a visitor's kind-level answer is no).
TEST(PolicyRequire, RequireVisibleHidesRecordsBehindNotFound) {
    for (const Row& row : table) {
        const Principal who = principal(row.role);
        const bool visitor_never_may = !expected_kind(*row_for(row.action, Role::visitor));
        const int refused = row.role == Role::visitor && visitor_never_may ? 401 : 404;
        for (Relation relation : relations) {
            for (bool is_public : {false, true}) {
                EXPECT_EQ(
                    status_of([&] { policy::require_visible(who, row.action, record(who, relation, is_public)); }),
                    expected_on(row, relation, is_public) ? 0 : refused)
                    << describe(row, "require_visible on a " + std::string(is_public ? "public " : "private ") +
                                         std::string(relation_name(relation)) + " record");
            }
        }
    }
}

// The cases services lean on most, spelled out.
TEST(PolicyRequire, NamedCases) {
    const Principal visitor = principal(Role::visitor);
    const Principal member = principal(Role::member);
    const Principal specialist = principal(Role::specialist);
    const Principal admin = principal(Role::admin);
    const policy::Record unlisted_profile{specialist.user_id, 0, false};
    const policy::Record booking{member.user_id, specialist.user_id, false};
    const policy::Record strangers_booking{stranger, other_stranger, false};

    // An unlisted profile: a visitor and a stranger see "not found", never "log in".
    EXPECT_EQ(status_of([&] { policy::require_visible(visitor, A::view_profile, unlisted_profile); }), 404);
    EXPECT_EQ(status_of([&] { policy::require_visible(member, A::view_profile, unlisted_profile); }), 404);
    EXPECT_EQ(status_of([&] { policy::require_visible(specialist, A::view_profile, unlisted_profile); }), 0);
    EXPECT_EQ(status_of([&] { policy::require_visible(admin, A::view_profile, unlisted_profile); }), 0);

    // A booking: a visitor is asked to log in; a stranger learns nothing.
    EXPECT_EQ(status_of([&] { policy::require_visible(visitor, A::view_booking, booking); }), 401);
    EXPECT_EQ(status_of([&] { policy::require_visible(admin, A::view_booking, booking); }), 404);
    EXPECT_EQ(status_of([&] { policy::require_visible(member, A::view_booking, strangers_booking); }), 404);
    EXPECT_EQ(status_of([&] { policy::require_visible(member, A::cancel_booking, booking); }), 0);
    EXPECT_EQ(status_of([&] { policy::require_visible(specialist, A::cancel_booking, booking); }), 0);
    // The specialist may cancel but not move it.
    EXPECT_EQ(status_of([&] { policy::require(specialist, A::reschedule_booking, booking); }), 403);

    // Admin pages.
    EXPECT_EQ(status_of([&] { policy::require(visitor, A::view_admin); }), 401);
    EXPECT_EQ(status_of([&] { policy::require(specialist, A::view_admin); }), 403);
    EXPECT_EQ(status_of([&] { policy::require(admin, A::view_admin); }), 0);

    // The error is the documented one.
    try {
        policy::require(member, A::edit_campaign);
        FAIL() << "a member may not edit the campaign";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 403);
        EXPECT_EQ(e.code(), "forbidden");
    }
    try {
        policy::require(visitor, A::book_consultation);
        FAIL() << "a visitor may not book";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 401);
        EXPECT_EQ(e.code(), "unauthorized");
    }
    try {
        policy::require_visible(member, A::view_booking, strangers_booking);
        FAIL() << "someone else's booking is not found";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 404);
        EXPECT_EQ(e.code(), "not_found");
    }
}
