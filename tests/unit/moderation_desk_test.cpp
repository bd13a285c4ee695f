// The reports desk with a small fake moderation target, on both engines:
// only registered kinds can be reported, for_reporter decides who may see
// an item (404 otherwise, nothing saved), hide needs a reason and a kind
// that can be hidden, restore undoes it, and an item's reports resolve
// together once (409 after).
#include <gtest/gtest.h>

#include <map>

#include "features/accounts/account_store.hpp"
#include "features/reports/reports.hpp"
#include "migrated_database.hpp"

namespace {

using namespace hearth;
using reports::ReportRefusal;

// Notes, each written by an author and visible to everyone but `secret_from`.
class FakeNotes final : public reports::ModerationTarget {
public:
    struct Note {
        std::int64_t author = 0;
        std::int64_t secret_from = 0;
        std::optional<reports::Hide> hidden;
    };
    mutable std::map<std::int64_t, Note> notes;
    bool hideable = true;

    std::string_view type() const override { return "question"; }
    std::optional<reports::TargetView> for_reporter(db::Session&, const Principal& who,
                                                    std::int64_t id) const override {
        const auto it = notes.find(id);
        if (it == notes.end() || it->second.hidden || it->second.secret_from == who.user_id) return std::nullopt;
        return view(it->second);
    }
    std::optional<reports::TargetView> for_admin(db::Session&, std::int64_t id) const override {
        const auto it = notes.find(id);
        if (it == notes.end()) return std::nullopt;
        return view(it->second);
    }
    bool can_hide() const override { return hideable; }
    bool set_hidden(db::Session&, std::int64_t id, const std::optional<reports::Hide>& hide) const override {
        const auto it = notes.find(id);
        if (it == notes.end()) return false;
        it->second.hidden = hide;
        return true;
    }

private:
    static reports::TargetView view(const Note& n) {
        reports::TargetView v;
        v.author_id = n.author;
        v.title = "Note";
        v.text = "words";
        v.public_path = "/notes";
        v.hidden = n.hidden.has_value();
        v.hidden_reason = n.hidden ? n.hidden->reason : "";
        return v;
    }
};

class ModerationDesk : public testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        limiter_ = std::make_unique<security::RateLimiter>(database(), true);
        notes_ = std::make_shared<FakeNotes>();
        registry_.add(notes_);
        desk_ = std::make_unique<reports::ReportsDesk>(database(), *limiter_, registry_);
        author_ = person("author", Role::member);
        reporter_ = person("reporter", Role::member);
        admin_ = person("admin", Role::admin);
        notes_->notes[1] = FakeNotes::Note{author_.who.user_id, 0, std::nullopt};
    }

    Actor person(const std::string& name, Role role) {
        const auto id = database().write([&](db::Session& s) {
            return accounts::insert_user(s, name + "@example.org", name, "x", role, true);
        });
        Principal who;
        who.user_id = id;
        who.role = role;
        who.email_verified = true;
        return Actor{who, "192.0.2.1"};
    }

    reports::FileReport about(std::int64_t id, std::string type = "question") {
        return reports::FileReport{std::move(type), id, "spam", ""};
    }

    std::unique_ptr<security::RateLimiter> limiter_;
    std::shared_ptr<FakeNotes> notes_;
    reports::TargetRegistry registry_;
    std::unique_ptr<reports::ReportsDesk> desk_;
    Actor author_, reporter_, admin_;
};

TEST_P(ModerationDesk, OnlyRegisteredKindsCanBeReported) {
    const auto refused = desk_->file(reporter_, about(1, "article"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.refusal().code, ReportRefusal::Code::unsupported_target);
    EXPECT_TRUE(desk_->file(reporter_, about(1)));
}

TEST_P(ModerationDesk, WhatAPersonCannotSeeOrWroteIsNotFound) {
    notes_->notes[2] = FakeNotes::Note{author_.who.user_id, reporter_.who.user_id, std::nullopt};
    EXPECT_THROW(desk_->file(reporter_, about(2)), Error);   // hidden from them
    EXPECT_THROW(desk_->file(reporter_, about(99)), Error);  // no such item
    EXPECT_THROW(desk_->file(author_, about(1)), Error);     // their own
    EXPECT_EQ(desk_->own_reports(reporter_, paging::Page{}).total, 0);
    EXPECT_EQ(desk_->own_reports(author_, paging::Page{}).total, 0);
}

TEST_P(ModerationDesk, HideNeedsAReasonThenRestoreUndoesIt) {
    const auto filed = desk_->file(reporter_, about(1));
    ASSERT_TRUE(filed);
    const auto id = filed->report.id;
    const auto no_reason = desk_->resolve(admin_, id, "hide", "");
    ASSERT_FALSE(no_reason);
    EXPECT_EQ(no_reason.refusal().fields.front().field, "reason");
    EXPECT_FALSE(notes_->notes[1].hidden);

    const auto hidden = desk_->resolve(admin_, id, "hide", "Not allowed here");
    ASSERT_TRUE(hidden);
    EXPECT_EQ(hidden->report.status, "actioned");
    EXPECT_EQ(hidden->report.action, "hide");
    ASSERT_TRUE(notes_->notes[1].hidden);
    EXPECT_EQ(notes_->notes[1].hidden->reason, "Not allowed here");
    EXPECT_EQ(notes_->notes[1].hidden->admin_id, admin_.who.user_id);
    const auto again = desk_->resolve(admin_, id, "dismiss", "");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.refusal().code, ReportRefusal::Code::already_resolved);

    const auto restored = desk_->resolve(admin_, id, "restore", "");
    ASSERT_TRUE(restored);
    EXPECT_EQ(restored->report.status, "dismissed");
    EXPECT_FALSE(notes_->notes[1].hidden);
    const auto twice = desk_->resolve(admin_, id, "restore", "");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.refusal().code, ReportRefusal::Code::already_resolved);
}

TEST_P(ModerationDesk, KindsThatCannotBeHiddenRefuseHideAndRestore) {
    notes_->hideable = false;
    const auto filed = desk_->file(reporter_, about(1));
    ASSERT_TRUE(filed);
    for (const auto* action : {"hide", "restore"}) {
        const auto refused = desk_->resolve(admin_, filed->report.id, action, "a reason");
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.refusal().code, ReportRefusal::Code::unsupported_action);
    }
    EXPECT_FALSE(notes_->notes[1].hidden);
}

TEST_P(ModerationDesk, SuspendingTheAuthorRunsTheHooksAndLiftingRunsThemAgain) {
    std::vector<std::int64_t> seen;
    registry_.on_suspension([&](db::Session&, std::int64_t user_id) { seen.push_back(user_id); });
    const auto filed = desk_->file(reporter_, about(1));
    ASSERT_TRUE(filed);
    EXPECT_THROW(desk_->resolve(reporter_, filed->report.id, "suspend", "Threats"), Error);  // not an admin
    const auto done = desk_->resolve(admin_, filed->report.id, "suspend", "Threats");
    ASSERT_TRUE(done);
    EXPECT_EQ(done->report.action, "suspend");
    EXPECT_EQ(seen, std::vector<std::int64_t>{author_.who.user_id});
    const auto user = database().read([&](db::Session& s) { return accounts::find_user_by_id(s, author_.who.user_id); });
    ASSERT_TRUE(user && user->suspended_at);

    ASSERT_TRUE(desk_->lift_suspension(admin_, author_.who.user_id));
    EXPECT_EQ(seen.size(), 2U);
    const auto twice = desk_->lift_suspension(admin_, author_.who.user_id);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.refusal().code, ReportRefusal::Code::not_suspended);
    EXPECT_THROW(desk_->lift_suspension(admin_, 987654), Error);
}

INSTANTIATE_TEST_SUITE_P(Engines, ModerationDesk, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
