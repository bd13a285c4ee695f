#pragma once
// A messages service on a fresh migrated database (both engines, see
// migrated_database.hpp) with three people: a member (noor), a specialist
// (sam, listed as dr-sam) and a stranger (eve, a member), a message key
// file in a temporary directory, and the people each commit wakes in
// woken_. A suite derives from it and, when it prepares more in its own
// SetUp, calls MessagesFixture::SetUp() first and returns when IsSkipped().
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "features/common/crisis_phrases.hpp"
#include "features/messages/messages.hpp"
#include "migrated_database.hpp"
#include "render/view.hpp"
#include "security/message_keys.hpp"
#include "security/rate_limit.hpp"

namespace hearth::testing_support {

class MessagesFixture : public MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        crisis::load_phrases_file(crisis::phrases_file(HEARTH_SOURCE_DIR));
        dir_ = std::filesystem::temp_directory_path() /
               ("hearth-msg-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        keys_.emplace(security::MessageKeyring::open_file(dir_ / "message_keys"));
        limiter_.emplace(database(), false);
        messages_.emplace(database(), *keys_, templates_, *limiter_, messages::MessageSettings{"https://h.example"},
                          [this](std::int64_t user) { woken_.push_back(user); });
        member_ = user("noor", "member");
        specialist_ = user("sam", "specialist");
        stranger_ = user("eve", "member");
        database().write([&](db::Session& s) {
            s.query("INSERT INTO specialist_profiles (user_id, slug, full_name, listed, created_at, updated_at) "
                    "VALUES ($1, 'dr-sam', 'Dr Sam', 1, 1, 1)",
                    {specialist_.who.user_id});
        });
    }
    void TearDown() override {
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }

    // A new user named `name` (also the e-mail's local part) with `role`
    // "member" or "specialist", acting from 127.0.0.1.
    Actor user(const std::string& name, const std::string& role) {
        const auto id = database().write([&](db::Session& s) {
            return s
                .query("INSERT INTO users (email, email_normalized, password_hash, display_name, role, created_at, "
                       "updated_at) VALUES ($1, $1, 'x', $2, $3, 1, 1) RETURNING id",
                       {name + "@example.org", name, role})
                .front()
                .integer(0);
        });
        Principal p;
        p.user_id = id;
        p.role = role == "member" ? Role::member : Role::specialist;
        p.display_name = name;
        return Actor{p, "127.0.0.1"};
    }

    std::filesystem::path dir_;
    const render::Templates templates_{HEARTH_SOURCE_DIR "/templates"};
    std::optional<security::MessageKeyring> keys_;
    std::optional<security::RateLimiter> limiter_;
    std::optional<messages::Messages> messages_;
    std::vector<std::int64_t> woken_;  // user ids, in the order they were woken
    Actor member_, specialist_, stranger_;
};

}  // namespace hearth::testing_support
