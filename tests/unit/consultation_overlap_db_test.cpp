// The database's own guard against overlapping consultations (migration
// 0008): on PostgreSQL an exclusion constraint refuses a booked row that
// overlaps another of the same specialist, reported as a
// db::ConstraintViolation naming it, so the service answers slot_taken.
// Cancelled rows, other specialists and back-to-back times are not refused.
// SQLite relies on the service's check inside its single-writer transaction.
#include <gtest/gtest.h>

#include <optional>

#include "db/migrations.hpp"
#include "db/scratch_database.hpp"
#include "features/consultations/consultation_store.hpp"

namespace db = hearth::db;
namespace cs = hearth::consultations;

namespace {

constexpr std::int64_t minute = 60;
constexpr std::int64_t nine = 4102477200;  // 2100-01-01T09:00:00Z: fixed, in the future

class OverlapConstraint : public ::testing::Test {
protected:
    void SetUp() override {
        if (!db::postgres_test_url()) GTEST_SKIP() << "set HEARTH_TEST_POSTGRES_URL to test PostgreSQL";
        scratch_.emplace(db::Engine::postgresql);
        db::migrate(scratch_->db(), HEARTH_SOURCE_DIR "/migrations");
        scratch_->db().write([&](db::Session& s) {
            auto user = [&](const std::string& name, const std::string& role) {
                return s
                    .query(
                        "INSERT INTO users (email, email_normalized, password_hash, display_name, role, "
                        "created_at, updated_at) VALUES ($1, $1, 'x', $2, $3, 1, 1) RETURNING id",
                        {name + "@example.org", name, role})
                    .front()
                    .integer(0);
            };
            member_ = user("m", "member");
            for (auto* profile : {&profile_, &other_profile_}) {
                const auto name = profile == &profile_ ? std::string("s1") : std::string("s2");
                *profile = s.query(
                                "INSERT INTO specialist_profiles (user_id, slug, full_name, created_at, updated_at) "
                                "VALUES ($1, $2, $2, 1, 1) RETURNING id",
                                {user(name, "specialist"), name})
                               .front()
                               .integer(0);
            }
        });
    }

    // Books [start, start + 30 min) for `profile`; the constraint's name when refused.
    std::optional<std::string> try_book(std::int64_t profile, std::int64_t start) {
        try {
            scratch_->db().write(
                [&](db::Session& s) { cs::insert_booking(s, profile, member_, start, "", "UTC", std::nullopt); });
            return std::nullopt;
        } catch (const db::ConstraintViolation& e) {
            return e.constraint();
        }
    }

    std::optional<db::ScratchDatabase> scratch_;
    std::int64_t member_ = 0, profile_ = 0, other_profile_ = 0;
};

}  // namespace

TEST_F(OverlapConstraint, RefusesAnyOverlapOfOneSpecialistsBookedTimes) {
    ASSERT_EQ(try_book(profile_, nine), std::nullopt);
    EXPECT_EQ(try_book(profile_, nine + 15 * minute), "consultations_no_overlap");
    EXPECT_EQ(try_book(profile_, nine + 29 * minute), "consultations_no_overlap");
    EXPECT_EQ(try_book(profile_, nine - 29 * minute), "consultations_no_overlap");
    EXPECT_EQ(try_book(profile_, nine + 30 * minute), std::nullopt);  // back to back
    EXPECT_EQ(try_book(profile_, nine - 30 * minute), std::nullopt);
    EXPECT_EQ(try_book(other_profile_, nine + 15 * minute), std::nullopt);  // another specialist
}

TEST_F(OverlapConstraint, CancelledBookingsAndMovesAreChecked) {
    ASSERT_EQ(try_book(profile_, nine), std::nullopt);
    scratch_->db().write([&](db::Session& s) {
        s.query("UPDATE consultations SET status = 'cancelled' WHERE profile_id = $1", {profile_});
    });
    EXPECT_EQ(try_book(profile_, nine + 15 * minute), std::nullopt);
    ASSERT_EQ(try_book(profile_, nine + 60 * minute), std::nullopt);
    // Moving the 10:00 booking onto the 09:15 one is refused as well.
    EXPECT_THROW(scratch_->db().write([&](db::Session& s) {
        auto id = s.query("SELECT id FROM consultations WHERE starts_at = $1", {nine + 60 * minute}).front().integer(0);
        cs::move_booking(s, id, nine + 20 * minute);
    }),
                 db::ConstraintViolation);
}
