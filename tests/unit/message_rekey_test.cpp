// Key rotation on both engines: every message re-encrypted under the new
// key and still readable, old keys retired only when unused, a message
// whose key is gone stops the rotation loudly.
#include "features/messages/message_rekey.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "migrated_database.hpp"

namespace {

using hearth::security::MessageKeyring;
using hearth::security::message_associated_data;
namespace db = hearth::db;
namespace msg = hearth::messages;

class MessageRekey : public hearth::testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        dir_ = std::filesystem::temp_directory_path() /
               ("hearth-rekey-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        keys_.emplace(MessageKeyring::open_file(dir_ / "message_keys"));
        database().write([&](db::Session& s) {
            auto user = [&](const std::string& name, const std::string& role) {
                return s
                    .query("INSERT INTO users (email, email_normalized, password_hash, display_name, role, "
                           "created_at, updated_at) VALUES ($1, $1, 'x', $2, $3, 1, 1) RETURNING id",
                           {name + "@example.org", name, role})
                    .front()
                    .integer(0);
            };
            member_ = user("m", "member");
            specialist_ = user("s", "specialist");
            auto profile = s.query("INSERT INTO specialist_profiles (user_id, slug, full_name, created_at, updated_at) "
                                   "VALUES ($1, 's', 's', 1, 1) RETURNING id",
                                   {specialist_})
                               .front()
                               .integer(0);
            conversation_ = s.query("INSERT INTO conversations (member_id, specialist_id, profile_id, created_at, "
                                    "last_message_at) VALUES ($1, $2, $3, 1, 1) RETURNING id",
                                    {member_, specialist_, profile})
                                .front()
                                .integer(0);
        });
    }
    void TearDown() override {
        keys_.reset();
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }

    // Stores `text` sealed under the keyring's current key; returns the id.
    std::int64_t store(const std::string& text) {
        return database().write([&](db::Session& s) {
            const auto id = s.query("INSERT INTO messages (conversation_id, sender_id, key_id, sealed, "
                                    "idempotency_key, created_at) VALUES ($1, $2, 0, '', $3, 1) RETURNING id",
                                    {conversation_, member_, "k" + std::to_string(++stored_)})
                                .front()
                                .integer(0);
            const auto sealed = keys_->seal(text, message_associated_data(conversation_, id));
            s.query("UPDATE messages SET key_id = $1, sealed = $2 WHERE id = $3", {sealed.key_id, sealed.sealed, id});
            return id;
        });
    }

    std::pair<std::int64_t, std::string> read(std::int64_t id) {
        auto row = database().read([&](db::Session& s) {
            return s.query("SELECT key_id, sealed FROM messages WHERE id = $1", {id}).front();
        });
        return {row.integer(0), keys_->open({row.integer(0), row.text(1)}, message_associated_data(conversation_, id))};
    }

    msg::RekeyOptions options(std::int64_t batch) {
        msg::RekeyOptions o;
        o.batch_size = batch;
        o.settle = std::chrono::milliseconds(0);
        return o;
    }

    std::filesystem::path dir_;
    std::optional<MessageKeyring> keys_;
    std::int64_t member_ = 0, specialist_ = 0, conversation_ = 0;
    int stored_ = 0;
};

TEST_P(MessageRekey, ReencryptsEveryOlderMessageInBatchesAndRetiresTheOldKeys) {
    if (IsSkipped()) return;
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(store("under key one #" + std::to_string(i)));
    keys_->add_key();  // key 2: some messages under it too
    for (int i = 0; i < 2; ++i) ids.push_back(store("under key two #" + std::to_string(i)));
    const auto sealed_before = database().read([&](db::Session& s) {
        return s.query("SELECT sealed FROM messages WHERE id = $1", {ids[0]}).front().text(0);
    });

    std::vector<std::int64_t> progress;
    auto o = options(2);
    o.progress = [&](std::int64_t done) { progress.push_back(done); };
    const auto report = msg::rotate_message_keys(database(), *keys_, o);

    EXPECT_EQ(report.new_key_id, 3);
    EXPECT_EQ(report.resealed, 7);
    EXPECT_EQ(report.batches, 4);  // 2 + 2 + 2 + 1
    EXPECT_EQ(progress, (std::vector<std::int64_t>{2, 4, 6, 7}));
    EXPECT_EQ(report.retired, (std::vector<std::int64_t>{1, 2}));
    EXPECT_TRUE(report.still_in_use.empty());
    EXPECT_EQ(keys_->key_ids(), (std::vector<std::int64_t>{3}));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto [key, text] = read(ids[i]);
        EXPECT_EQ(key, 3);
        EXPECT_EQ(text, (i < 5 ? "under key one #" + std::to_string(i) : "under key two #" + std::to_string(i - 5)));
    }
    const auto sealed_after = database().read([&](db::Session& s) {
        return s.query("SELECT sealed FROM messages WHERE id = $1", {ids[0]}).front().text(0);
    });
    EXPECT_NE(sealed_before, sealed_after);
    // The key file on disk says the same: another process sees only key 3.
    EXPECT_EQ(MessageKeyring::open_file(dir_ / "message_keys").key_ids(), (std::vector<std::int64_t>{3}));

    // A second rotation with nothing old: nothing re-encrypted, key 3 retired.
    const auto again = msg::rotate_message_keys(database(), *keys_, options(100));
    EXPECT_EQ(again.resealed, 7);
    EXPECT_EQ(again.retired, (std::vector<std::int64_t>{3}));
}

TEST_P(MessageRekey, AnEmptyDatabaseRetiresTheOldKey) {
    if (IsSkipped()) return;
    const auto report = msg::rotate_message_keys(database(), *keys_, options(10));
    EXPECT_EQ(report.resealed, 0);
    EXPECT_EQ(report.batches, 0);
    EXPECT_EQ(report.retired, (std::vector<std::int64_t>{1}));
}

TEST_P(MessageRekey, AMessageWhoseKeyIsGoneStopsTheRotationAndRetiresNothing) {
    if (IsSkipped()) return;
    const auto kept = store("readable");
    keys_->add_key();
    const auto lost = store("its key is removed by hand");
    keys_->add_key();
    keys_->retire_key(2);  // by hand: the message under key 2 is now unreadable
    try {
        msg::rotate_message_keys(database(), *keys_, options(10));
        FAIL() << "the rotation went through a message it cannot open";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("message " + std::to_string(lost)), std::string::npos) << e.what();
    }
    // Nothing retired; the readable message still reads.
    EXPECT_EQ(read(kept).second, "readable");
    // Checked before anything changed: no key added, none retired.
    EXPECT_EQ(keys_->key_ids(), (std::vector<std::int64_t>{1, 3}));
}

TEST_P(MessageRekey, AMessageMovedToAnotherRowDoesNotOpen) {
    if (IsSkipped()) return;
    const auto a = store("first");
    const auto b = store("second");
    database().write([&](db::Session& s) {
        auto sealed = s.query("SELECT sealed FROM messages WHERE id = $1", {a}).front().text(0);
        s.query("UPDATE messages SET sealed = $1 WHERE id = $2", {sealed, b});
    });
    EXPECT_THROW(msg::rotate_message_keys(database(), *keys_, options(10)), std::runtime_error);
}

TEST_P(MessageRekey, RefusesABatchSizeBelowOne) {
    if (IsSkipped()) return;
    EXPECT_THROW(msg::reseal_older_messages(database(), *keys_, keys_->current_key_id(), 0), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Engines, MessageRekey, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
