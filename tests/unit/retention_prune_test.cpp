// Retention rounds: the outbox's (mail::prune_outbox) on both engines, and
// the files kept beside it (development .eml copies, daily access logs).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "features/common/outbox.hpp"
#include "http/access_log.hpp"
#include "migrated_database.hpp"

namespace db = hearth::db;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t day = 86400;
constexpr std::int64_t now = 1'900'000'000;

class OutboxPrune : public hearth::testing_support::MigratedDatabaseTest {
protected:
    // One row as a feature's enqueue and the delivery worker leave it.
    void add(const std::string& to, std::optional<std::int64_t> sent_at, std::int64_t attempts,
             std::int64_t created_at, std::optional<std::int64_t> claimed_until = std::nullopt) {
        database().write([&](db::Session& s) {
            s.query("INSERT INTO outbox (recipient, subject, body_text, attachment_name, attachment_type, "
                    "attachment_body, created_at, not_before, attempts, sent_at, claimed_until) "
                    "VALUES ($1, 'Subject', 'THE TEXT', 'a.ics', 'text/calendar', 'THE EVENT', $2, $2, $3, $4, $5)",
                    {to, created_at, attempts, sent_at ? db::Value(*sent_at) : db::Value(nullptr),
                     claimed_until ? db::Value(*claimed_until) : db::Value(nullptr)});
        });
    }
    // "" when the row is gone; else "<text>|<attachment or NULL>|<attachment name>".
    std::string row(const std::string& to) {
        return database().read([&](db::Session& s) {
            auto r = s.query("SELECT body_text, attachment_body, attachment_name FROM outbox WHERE recipient = $1", {to});
            if (r.empty()) return std::string();
            const auto& x = r.front();
            return x.text(0) + "|" + (x.is_null(1) ? std::string("NULL") : x.text(1)) + "|" + x.text(2);
        });
    }
};

TEST_P(OutboxPrune, ClearsDeliveredAndGivenUpTextsAndDeletesOldRecords) {
    if (IsSkipped()) return;
    add("sent-long-ago", now - 31 * day, 1, now - 31 * day);
    add("sent-recently", now - 29 * day, 1, now - 29 * day);
    add("given-up-long-ago", std::nullopt, hearth::mail::max_attempts, now - 31 * day);
    add("given-up-recently", std::nullopt, hearth::mail::max_attempts, now - day);
    add("still-trying", std::nullopt, hearth::mail::max_attempts - 1, now - 90 * day);
    add("waiting", std::nullopt, 0, now - 90 * day);
    // The last attempt is under way on a node (its claim runs): left alone this round.
    add("being-sent", std::nullopt, hearth::mail::max_attempts, now - 90 * day, now + 60);

    const auto report = hearth::mail::prune_outbox(database(), now, std::chrono::days(30), fs::path());
    EXPECT_EQ(report.deleted, 2);
    EXPECT_EQ(report.cleared, 2);  // sent-recently, given-up-recently (the deleted ones need no clearing)
    EXPECT_EQ(row("sent-long-ago"), "");
    EXPECT_EQ(row("given-up-long-ago"), "");
    EXPECT_EQ(row("sent-recently"), "|NULL|a.ics");
    EXPECT_EQ(row("given-up-recently"), "|NULL|a.ics");
    EXPECT_EQ(row("still-trying"), "THE TEXT|THE EVENT|a.ics");
    EXPECT_EQ(row("waiting"), "THE TEXT|THE EVENT|a.ics");
    EXPECT_EQ(row("being-sent"), "THE TEXT|THE EVENT|a.ics");

    // A second round at the same time changes nothing.
    const auto again = hearth::mail::prune_outbox(database(), now, std::chrono::days(30), fs::path());
    EXPECT_EQ(again.cleared + again.deleted, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxPrune, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

// A folder of its own, removed at the end.
class Folder {
public:
    Folder() : path_(fs::temp_directory_path() / db::scratch_name("hearth_retention_")) { fs::create_directories(path_); }
    ~Folder() { fs::remove_all(path_); }
    // Writes `name`, last written `age` seconds ago.
    fs::path file(const std::string& name, std::int64_t age) const {
        const auto p = path_ / name;
        std::ofstream(p) << "x\n";
        fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::seconds(age));
        return p;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::int64_t wall_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

TEST(OutboxFiles, OnlyOldMailFilesAreDeleted) {
    Folder dir;
    const auto old_mail = dir.file("00000001-a@example.org.eml", 4 * day);
    const auto old_tmp = dir.file("00000002-a@example.org.eml.tmp", 4 * day);
    const auto new_mail = dir.file("00000003-a@example.org.eml", 2 * day);
    const auto other = dir.file("notes.txt", 40 * day);
    EXPECT_EQ(hearth::mail::prune_outbox_files(dir.path(), wall_now() - 3 * day), 2);
    EXPECT_FALSE(fs::exists(old_mail));
    EXPECT_FALSE(fs::exists(old_tmp));
    EXPECT_TRUE(fs::exists(new_mail));
    EXPECT_TRUE(fs::exists(other));
    EXPECT_EQ(hearth::mail::prune_outbox_files(dir.path() / "missing", wall_now()), 0);
}

TEST(AccessLogFiles, OnlyTheLogsDailyFilesPastTheirDaysAreDeleted) {
    Folder dir;
    const auto old_day = dir.file("access_2026-01-01.log", 15 * day);
    const auto kept_day = dir.file("access_2026-01-03.log", 13 * day);
    const auto other_log = dir.file("error_2026-01-01.log", 40 * day);
    const auto not_a_date = dir.file("access_2026-01-xx.log", 40 * day);
    const auto the_base = dir.file("access.log", 40 * day);
    EXPECT_EQ(hearth::http::prune_access_logs(dir.path() / "access.log", 14, wall_now()), 1);
    EXPECT_FALSE(fs::exists(old_day));
    for (const auto& p : {kept_day, other_log, not_a_date, the_base}) EXPECT_TRUE(fs::exists(p)) << p;
    EXPECT_EQ(hearth::http::prune_access_logs(dir.path() / "missing" / "access.log", 14, wall_now()), 0);
}

}  // namespace
