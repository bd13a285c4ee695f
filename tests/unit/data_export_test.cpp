// Data exports: the archive writer, the summary page's data and the export
// document built from a database (both engines): decrypted messages, both
// sides of a conversation, and nothing of a third person's.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.hpp"
#include "features/privacy/data_export_archive.hpp"
#include "features/privacy/data_export_document.hpp"
#include "features/privacy/data_export_summary.hpp"
#include "migrated_database.hpp"
#include "security/message_keys.hpp"

namespace {

using namespace hearth;
namespace json = boost::json;

std::filesystem::path scratch_dir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() /
               ("hearth-export-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    std::filesystem::create_directories(dir);
    return dir;
}

TEST(DataExportArchive, WritesAZipThatReadsBackEntryByEntry) {
    const auto dir = scratch_dir("zip");
    const std::string binary("\x89PNG\r\n\x1a\n\0\1\2", 11);
    std::vector<privacy::ArchiveEntry> entries{{"export.json", R"({"a":"Grüße"})"},
                                               {"consultations/consultation-4.ics", "BEGIN:VCALENDAR\r\n"},
                                               {"photos/p.png", binary}};
    privacy::write_zip(dir / "a.zip", entries);
    EXPECT_FALSE(std::filesystem::exists(dir / "a.zip.part"));
    std::ifstream in(dir / "a.zip", std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    EXPECT_EQ(bytes.substr(0, 2), "PK");
    const auto back = privacy::read_zip(bytes);
    ASSERT_EQ(back.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(back[i].name, entries[i].name);
        EXPECT_EQ(back[i].bytes, entries[i].bytes);
    }
    std::filesystem::remove_all(dir);
}

TEST(DataExportArchive, RefusesWhatIsNotAZip) {
    EXPECT_THROW(privacy::read_zip("not a zip at all"), std::runtime_error);
}

TEST(DataExportSummary, AddsReadableTimesDayNamesAndCounts) {
    json::object doc{
        {"generated_at", "2026-11-30T14:05:00Z"},
        {"availability", json::object{{"weekly", json::array{json::object{
                                                     {"weekday", 3}, {"start_minute", 540}, {"end_minute", 1020}}}}}},
        {"consultations", json::array{json::object{{"starts_at", "2026-12-01T09:30:00Z"}, {"cancelled_at", nullptr}}}},
        {"questions", json::array{}}};
    const auto view = privacy::summary_view(doc);
    EXPECT_EQ(view.at("generated_at_text").as_string(), "30 November 2026, 14:05 UTC");
    const auto& booking = view.at("consultations").as_array()[0].as_object();
    EXPECT_EQ(booking.at("starts_at_text").as_string(), "01 December 2026, 09:30 UTC");
    EXPECT_FALSE(booking.contains("cancelled_at_text"));
    const auto& window = view.at("availability").at("weekly").as_array()[0].as_object();
    EXPECT_EQ(window.at("day").as_string(), "Wednesday");
    EXPECT_EQ(window.at("from").as_string(), "09:00");
    EXPECT_EQ(window.at("until").as_string(), "17:00");
    EXPECT_EQ(view.at("counts").at("consultations").to_number<std::int64_t>(), 1);
    EXPECT_EQ(view.at("counts").at("questions").to_number<std::int64_t>(), 0);
    EXPECT_EQ(view.at("counts").at("articles").to_number<std::int64_t>(), 0);  // a section the document lacks
}

class DataExportDocument : public testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        dir_ = scratch_dir("doc");
        keys_.emplace(security::MessageKeyring::open_file(dir_ / "message_keys"));
        database().write([&](db::Session& s) {
            auto user = [&](const std::string& name, const std::string& role) {
                return s
                    .query(
                        "INSERT INTO users (email, email_normalized, password_hash, display_name, role, "
                        "created_at, updated_at) VALUES ($1, $1, 'x', $2, $3, 1000, 1000) RETURNING id",
                        {name + "@example.org", name, role})
                    .front()
                    .integer(0);
            };
            member_ = user("mina", "member");
            specialist_ = user("sam", "specialist");
            stranger_ = user("otto", "member");
            const auto profile = s.query(
                                      "INSERT INTO specialist_profiles (user_id, slug, full_name, created_at, "
                                      "updated_at) VALUES ($1, 'sam', 'Dr Sam', 1, 1) RETURNING id",
                                      {specialist_})
                                     .front()
                                     .integer(0);
            auto conversation = [&](std::int64_t member) {
                const auto id = s.query(
                                     "INSERT INTO conversations (member_id, specialist_id, profile_id, created_at, "
                                     "last_message_at) VALUES ($1, $2, $3, 1, 1) RETURNING id",
                                     {member, specialist_, profile})
                                    .front()
                                    .integer(0);
                for (auto who : {member, specialist_}) {
                    s.query(
                        "INSERT INTO conversation_members (conversation_id, user_id, last_message_at) "
                        "VALUES ($1, $2, 1)",
                        {id, who});
                }
                return id;
            };
            const auto mine = conversation(member_);
            const auto theirs = conversation(stranger_);
            auto message = [&](std::int64_t conversation_id, std::int64_t sender, const std::string& text) {
                const auto id = s.query(
                                     "INSERT INTO messages (conversation_id, sender_id, key_id, sealed, "
                                     "idempotency_key, created_at) VALUES ($1, $2, 0, '', $3, 2000) RETURNING id",
                                     {conversation_id, sender, text})
                                    .front()
                                    .integer(0);
                const auto sealed = keys_->seal(text, security::message_associated_data(conversation_id, id));
                s.query("UPDATE messages SET key_id = $1, sealed = $2 WHERE id = $3",
                        {sealed.key_id, sealed.sealed, id});
            };
            message(mine, member_, "hello from mina");
            message(mine, specialist_, "hello mina, sam here");
            message(theirs, stranger_, "otto's private words");
        });
    }
    void TearDown() override {
        keys_.reset();
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }

    privacy::ExportDocument build(std::int64_t user) {
        return database().read([&](db::Session& s) { return privacy::build_export_document(s, user, *keys_, 5000); });
    }

    std::filesystem::path dir_;
    std::optional<security::MessageKeyring> keys_;
    std::int64_t member_ = 0, specialist_ = 0, stranger_ = 0;
};

TEST_P(DataExportDocument, HoldsTheMembersDecryptedMessagesAndNoOneElses) {
    if (IsSkipped()) return;
    const auto doc = build(member_);
    const auto text = json::serialize(doc.json);
    EXPECT_EQ(doc.json.at("generated_at").as_string(), "1970-01-01T01:23:20Z");
    EXPECT_EQ(doc.json.at("account").at("email").as_string(), "mina@example.org");
    EXPECT_TRUE(doc.json.at("profile").is_null());
    const auto& conversations = doc.json.at("conversations").as_array();
    ASSERT_EQ(conversations.size(), 1u);
    EXPECT_EQ(conversations[0].at("with").as_string(), "sam");
    const auto& messages = conversations[0].at("messages").as_array();
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].at("text").as_string(), "hello from mina");
    EXPECT_TRUE(messages[0].at("from_you").as_bool());
    EXPECT_EQ(messages[1].at("text").as_string(), "hello mina, sam here");
    EXPECT_EQ(text.find("otto"), std::string::npos);
    EXPECT_EQ(text.find("sam@example.org"), std::string::npos);
}

TEST_P(DataExportDocument, TheSpecialistSeesBothConversationsAndTheirProfile) {
    if (IsSkipped()) return;
    const auto doc = build(specialist_);
    EXPECT_EQ(doc.json.at("profile").at("slug").as_string(), "sam");
    EXPECT_EQ(doc.json.at("conversations").as_array().size(), 2u);
    EXPECT_EQ(json::serialize(doc.json).find("otto@example.org"), std::string::npos);
}

TEST_P(DataExportDocument, AnUnknownAccountIsNotFoundAndABrokenMessageStopsTheExport) {
    if (IsSkipped()) return;
    EXPECT_THROW(build(999999), Error);
    database().write(
        [&](db::Session& s) { s.query("UPDATE messages SET sealed = 'AAAA' WHERE sender_id = $1", {member_}); });
    EXPECT_THROW(build(member_), std::runtime_error);
}

INSTANTIATE_TEST_SUITE_P(Engines, DataExportDocument, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
