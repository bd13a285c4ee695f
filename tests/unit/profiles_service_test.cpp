// The profile service on both engines, called as pages and the API call it:
// one check of every draft (limits in characters, allowed values, nothing
// saved when refused), the policy on every record (owner, admin, stranger,
// visitor), listed profiles kept in memory only while current, and the
// content version raised by every change the public sees.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <optional>

#include "core/error.hpp"
#include "db/migrations.hpp"
#include "db/scratch_database.hpp"
#include "features/accounts/account_store.hpp"
#include "features/campaign/campaign.hpp"
#include "features/common/content_version.hpp"
#include "features/specialists/profiles.hpp"
#include "migrated_database.hpp"

namespace db = hearth::db;
namespace sp = hearth::specialists;
using hearth::Actor;
using hearth::Principal;
using hearth::Role;

namespace {

class ProfilesService : public hearth::testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        photos_ = std::filesystem::temp_directory_path() / db::scratch_name("hearth-photos-");
        watch_.emplace(scratch_->db());
        profiles_.emplace(scratch_->db(), photos_, true, *watch_);
    }
    void TearDown() override {
        profiles_.reset();
        watch_.reset();
        std::filesystem::remove_all(photos_);
    }

    sp::Profiles& profiles() { return *profiles_; }

    Actor person(Role role) {
        const auto n = std::to_string(++people_);
        const auto id = database().write([&](db::Session& s) {
            return hearth::accounts::insert_user(s, "p" + n + "@example.org", "Person " + n, "x", role, true);
        });
        return Actor{Principal{id, role, "p" + n + "@example.org", "Person " + n, true, false, ""}, "192.0.2.1"};
    }

    static sp::ProfileDraft complete_draft() {
        sp::ProfileDraft d;
        d.full_name = "Amara Okafor";
        d.licence_number = "PSY-1";
        d.licence_region = "HCPC";
        d.headline = "Relational trauma";
        d.bio = "About me.";
        d.specialties = {"attachment"};
        d.languages = {"en"};
        d.online = true;
        d.timezone = "Europe/Berlin";
        d.country = "de";
        d.offers_free_consultation = true;
        return d;
    }

    // A specialist whose profile is saved, requested and verified.
    std::pair<Actor, sp::Profile> listed(const Actor& admin, sp::ProfileDraft draft = complete_draft()) {
        auto who = person(Role::specialist);
        EXPECT_TRUE(profiles().save(who, draft).ok());
        EXPECT_TRUE(profiles().request_publish(who).ok());
        auto verified = profiles().verify(admin, profiles().mine(who.who)->slug);
        EXPECT_TRUE(verified.ok());
        return {who, verified.value()};
    }

    std::int64_t version() { return database().read([](db::Session& s) { return hearth::content_version::read(s); }); }

    static std::string field_of(const sp::ProfileOutcome<sp::Profile>& outcome) {
        return outcome.ok() ? "(saved)" : outcome.refusal().field();
    }

    std::filesystem::path photos_;
    std::optional<hearth::content_version::Watch> watch_;
    std::optional<sp::Profiles> profiles_;
    int people_ = 0;
};

int status_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const hearth::Error& e) {
        return e.status();
    }
    return 200;
}

TEST_P(ProfilesService, ADraftIsCheckedInOnePlaceAndNothingIsSavedWhenRefused) {
    auto who = person(Role::specialist);
    struct Case {
        const char* field;
        std::function<void(sp::ProfileDraft&)> change;
    };
    const Case cases[] = {
        {"full_name", [](auto& d) { d.full_name = "   "; }},
        {"bio", [](auto& d) { d.bio = std::string(6001, 'x'); }},
        {"headline", [](auto& d) { d.headline = "line\x1b[31m red"; }},
        {"approach", [](auto& d) { d.approach = std::string("nul\0byte", 8); }},
        {"specialties", [](auto& d) { d.specialties = {"attachment", "astrology"}; }},
        {"languages", [](auto& d) {
             d.languages.clear();
             for (char c = 'a'; c < 'a' + 11; ++c) d.languages.push_back(std::string(2, c));
         }},
        {"country", [](auto& d) { d.country = "XX"; }},
        {"city", [](auto& d) { d.in_person = true; d.city = ""; }},
        {"timezone", [](auto& d) { d.timezone = "Mars/Olympus_Mons"; }},
        {"timezone", [](auto& d) { d.timezone = "localtime"; }},
        {"fee_min", [](auto& d) { d.fee_min = -1; }},
        {"fee_max", [](auto& d) { d.fee_min = 200; d.fee_max = 100; }},
        {"currency", [](auto& d) { d.currency = "BTC"; }},
    };
    for (const auto& c : cases) {
        auto draft = complete_draft();
        c.change(draft);
        auto saved = profiles().save(who, draft);
        ASSERT_FALSE(saved.ok()) << c.field;
        EXPECT_EQ(saved.refusal().code, sp::ProfileRefusal::Code::invalid);
        EXPECT_EQ(field_of(saved), c.field);
        EXPECT_FALSE(profiles().mine(who.who)) << c.field;
    }
    // Several problems at once, each named.
    auto draft = complete_draft();
    draft.full_name = "";
    draft.currency = "BTC";
    auto saved = profiles().save(who, draft);
    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.refusal().fields.size(), 2u);
}

TEST_P(ProfilesService, LimitsCountCharactersNotBytes) {
    auto who = person(Role::specialist);
    auto draft = complete_draft();
    draft.bio = "";
    for (int i = 0; i < 6000; ++i) draft.bio += "é";  // 12,000 bytes, 6,000 characters
    draft.full_name = "  Zoë Ångström  ";
    auto saved = profiles().save(who, draft);
    ASSERT_TRUE(saved.ok()) << field_of(saved);
    EXPECT_EQ(saved->fields.full_name, "Zoë Ångström");  // trimmed
    EXPECT_EQ(saved->fields.country, "DE");              // one spelling
    draft.bio += "é";
    EXPECT_EQ(field_of(profiles().save(who, draft)), "bio");
}

TEST_P(ProfilesService, OnlySpecialistsEditAndOnlyTheirOwn) {
    auto visitor = Actor{Principal{}, "192.0.2.9"};
    EXPECT_EQ(status_of([&] { (void)profiles().save(visitor, complete_draft()); }), 401);
    EXPECT_EQ(status_of([&] { (void)profiles().save(person(Role::member), complete_draft()); }), 403);
    EXPECT_EQ(status_of([&] { (void)profiles().save(person(Role::admin), complete_draft()); }), 403);
    EXPECT_EQ(status_of([&] { (void)profiles().request_publish(person(Role::member)); }), 403);

    auto first = person(Role::specialist);
    auto second = person(Role::specialist);
    ASSERT_TRUE(profiles().save(first, complete_draft()).ok());
    auto other = complete_draft();
    other.full_name = "Someone Else";
    ASSERT_TRUE(profiles().save(second, other).ok());
    EXPECT_EQ(profiles().mine(first.who)->fields.full_name, "Amara Okafor");
    EXPECT_NE(profiles().mine(first.who)->slug, profiles().mine(second.who)->slug);
}

TEST_P(ProfilesService, OnlyAdminsVerifyAndSuspendWithAReason) {
    auto admin = person(Role::admin);
    auto who = person(Role::specialist);
    ASSERT_TRUE(profiles().save(who, complete_draft()).ok());
    const auto slug = profiles().mine(who.who)->slug;
    auto verified = profiles().verify(admin, slug);
    ASSERT_FALSE(verified.ok());  // not asked to be listed yet
    EXPECT_EQ(verified.refusal().code, sp::ProfileRefusal::Code::not_requested);
    ASSERT_TRUE(profiles().request_publish(who).ok());
    EXPECT_EQ(status_of([&] { (void)profiles().verify(who, slug); }), 403);
    EXPECT_EQ(status_of([&] { (void)profiles().verify(admin, "no-such-person"); }), 404);
    ASSERT_TRUE(profiles().verify(admin, slug).ok());

    auto refused = profiles().suspend(admin, sp::SuspendRequest{slug, "  "});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.refusal().field(), "reason");
    EXPECT_EQ(profiles().mine(who.who)->state(), sp::ListingState::listed);
    EXPECT_EQ(status_of([&] { (void)profiles().suspend(admin, sp::SuspendRequest{"no-such-person", ""}); }), 404);
    EXPECT_EQ(status_of([&] { (void)profiles().suspend(who, sp::SuspendRequest{slug, "mine"}); }), 403);
    ASSERT_TRUE(profiles().suspend(admin, sp::SuspendRequest{slug, "Licence lapsed"}).ok());
    EXPECT_EQ(profiles().mine(who.who)->state(), sp::ListingState::suspended);
}

TEST_P(ProfilesService, UnlistedProfilesAndPhotosAreSeenOnlyByOwnerAndAdmins) {
    auto admin = person(Role::admin);
    auto owner = person(Role::specialist);
    ASSERT_TRUE(profiles().save(owner, complete_draft()).ok());
    const auto slug = profiles().mine(owner.who)->slug;
    // A real (tiny) PNG header: 1 x 1.
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0CRC!"
                          "\0\0\0\x01IDATxCRC!\0\0\0\0IENDCRC!",
                          8 + 25 + 13 + 12);
    auto saved = profiles().save_photo(owner, png);
    ASSERT_TRUE(saved.ok()) << field_of(saved);

    EXPECT_EQ(profiles().public_profile(slug, owner.who).slug, slug);
    EXPECT_EQ(profiles().public_profile(slug, admin.who).slug, slug);
    EXPECT_EQ(status_of([&] { (void)profiles().public_profile(slug, Principal{}); }), 404);
    EXPECT_EQ(status_of([&] { (void)profiles().public_profile(slug, person(Role::specialist).who); }), 404);
    EXPECT_EQ(status_of([&] { (void)profiles().public_profile(slug, person(Role::member).who); }), 404);

    auto own = profiles().photo(slug, owner.who);
    EXPECT_EQ(own.bytes, png);
    EXPECT_FALSE(own.public_to_everyone);
    EXPECT_FALSE(profiles().photo(slug, admin.who).public_to_everyone);
    EXPECT_EQ(status_of([&] { (void)profiles().photo(slug, Principal{}); }), 404);
    EXPECT_EQ(status_of([&] { (void)profiles().photo(slug, person(Role::member).who); }), 404);

    ASSERT_TRUE(profiles().request_publish(owner).ok());
    ASSERT_TRUE(profiles().verify(admin, slug).ok());
    EXPECT_TRUE(profiles().photo(slug, Principal{}).public_to_everyone);
    EXPECT_EQ(profiles().public_profile(slug, Principal{}).slug, slug);
}

TEST_P(ProfilesService, PhotosAreCheckedBeforeTheyAreKept) {
    auto owner = person(Role::specialist);
    EXPECT_EQ(profiles().save_photo(owner, std::string("\x89PNG\r\n\x1a\n", 8)).refusal().code,
              sp::ProfileRefusal::Code::invalid);  // checked before it looks for the profile
    ASSERT_TRUE(profiles().save(owner, complete_draft()).ok());
    for (const std::string& bytes : {std::string("\x89PNG\r\n\x1a\n", 8), std::string("GIF89a"), std::string()}) {
        auto refused = profiles().save_photo(owner, bytes);
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.refusal().field(), "photo");
    }
    EXPECT_EQ(profiles().save_photo(owner, std::string(sp::max_photo_bytes + 1, 'x')).refusal().code,
              sp::ProfileRefusal::Code::photo_too_large);
    EXPECT_FALSE(profiles().mine(owner.who)->photo_file);
    EXPECT_FALSE(std::filesystem::exists(photos_) && !std::filesystem::is_empty(photos_));
}

TEST_P(ProfilesService, AKeptProfileIsUsedOnlyAtItsVersion) {
    auto admin = person(Role::admin);
    auto [owner, profile] = listed(admin);
    const auto before = version();
    EXPECT_EQ(profiles().public_profile(profile.slug, Principal{}).fields.headline, "Relational trauma");
    auto draft = sp::draft_of(profile.fields);
    draft.headline = "A new headline";
    ASSERT_TRUE(profiles().save(owner, draft).ok());
    EXPECT_GT(version(), before);
    // A visitor on SQLite (no pushed version) reads the version: the edit shows at once.
    if (GetParam() == db::Engine::sqlite) {
        EXPECT_EQ(profiles().public_profile(profile.slug, Principal{}).fields.headline, "A new headline");
    }
    EXPECT_EQ(profiles().public_profile(profile.slug, owner.who).fields.headline, "A new headline");
    ASSERT_TRUE(profiles().suspend(admin, sp::SuspendRequest{profile.slug, "Check"}).ok());
    EXPECT_EQ(status_of([&] { (void)profiles().public_profile(profile.slug, person(Role::member).who); }), 404);
}

TEST_P(ProfilesService, TheHomeStripFollowsEveryChangeItShows) {
    auto admin = person(Role::admin);
    // No pushed version: every call reads the version (a pushed one trails commits by milliseconds).
    hearth::campaign::Campaigns campaigns(database());
    const std::int64_t now = 1772928000;
    EXPECT_TRUE(campaigns.featured(now).profiles->empty());
    auto [owner, profile] = listed(admin);
    // Only bookable specialists are featured: an open time (what
    // consultations::refresh_outlook keeps), written without raising the version.
    database().write([&](db::Session& s) {
        s.query("UPDATE specialist_profiles SET next_open_at = $1 WHERE id = $2", {now + 86400, profile.id});
    });
    // Listing raised the version: the kept (empty) strip is not used.
    ASSERT_EQ(campaigns.featured(now).profiles->size(), 1u);
    auto draft = sp::draft_of(profile.fields);
    draft.offers_free_consultation = false;
    ASSERT_TRUE(profiles().save(owner, draft).ok());
    EXPECT_TRUE(campaigns.featured(now).profiles->empty());

    // Saving the campaign raises the version too, in the same transaction.
    const auto before = version();
    auto saved = campaigns.save(admin, hearth::campaign::CampaignDraft{"Spring", "", "", ""});
    ASSERT_TRUE(saved.ok());
    EXPECT_GT(version(), before);
    EXPECT_EQ(status_of([&] { (void)campaigns.save(owner, {"Hijacked", "", "", ""}); }), 403);
    EXPECT_EQ(status_of([&] { (void)campaigns.save(Actor{}, {"Hijacked", "", "", ""}); }), 401);
    auto refused = campaigns.save(admin, {std::string(121, 'h'), "", "2026-05-10", "2026-05-01"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.refusal().fields.size(), 2u);
    EXPECT_EQ(campaigns.current().headline, "Spring");
}

INSTANTIATE_TEST_SUITE_P(Engines, ProfilesService, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
