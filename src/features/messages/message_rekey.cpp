#include "features/messages/message_rekey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace hearth::messages {

std::pair<std::int64_t, std::int64_t> reseal_older_messages(db::Database& db, security::MessageKeyring& keys,
                                                            std::int64_t target_key_id, std::int64_t batch_size,
                                                            const std::function<void(std::int64_t)>& progress) {
    if (batch_size < 1) throw std::invalid_argument("batch size must be at least 1");
    if (keys.current_key_id() != target_key_id) {
        throw std::runtime_error(fmt::format("key {} is no longer the current key (now {}): another rotation ran",
                                             target_key_id, keys.current_key_id()));
    }
    std::int64_t resealed = 0;
    std::int64_t batches = 0;
    for (;;) {
        // One batch is one transaction: read, open, seal and rewrite. A row
        // is rewritten only if it still has the key it was read under.
        const auto changed = db.write([&](db::Session& s) {
            auto rows = s.query(
                "SELECT id, conversation_id, key_id, sealed FROM messages WHERE key_id < $1 ORDER BY id LIMIT $2",
                {target_key_id, batch_size});
            std::int64_t n = 0;
            for (const auto& row : rows) {
                const auto id = row.integer(0);
                const auto old_key = row.integer(2);
                const auto associated = security::message_associated_data(row.integer(1), id);
                std::string plain;
                try {
                    plain = keys.open({old_key, row.text(3)}, associated);
                } catch (const std::exception& e) {
                    throw std::runtime_error(
                        fmt::format("message {} (key {}) cannot be opened: {}", id, old_key, e.what()));
                }
                const auto sealed = keys.seal(plain, associated);
                if (sealed.key_id != target_key_id) {
                    throw std::runtime_error(fmt::format("the key file changed during the rotation (current key {})",
                                                         sealed.key_id));
                }
                n += s.query("UPDATE messages SET key_id = $1, sealed = $2 WHERE id = $3 AND key_id = $4",
                             {sealed.key_id, sealed.sealed, id, old_key})
                         .affected();
            }
            return std::make_pair(static_cast<std::int64_t>(rows.size()), n);
        });
        if (changed.first == 0) break;
        resealed += changed.second;
        ++batches;
        if (progress) progress(resealed);
    }
    return {resealed, batches};
}

namespace {

// Refuses to start when a message is sealed under a key the file does not
// hold: nothing could re-encrypt it, and the new key might even take its id.
void check_every_key_is_known(db::Database& db, security::MessageKeyring& keys) {
    const auto known = keys.key_ids();
    const auto used = db.read([&](db::Session& s) {
        return s.query("SELECT key_id, MIN(id), COUNT(*) FROM messages GROUP BY key_id ORDER BY key_id", {});
    });
    for (const auto& row : used) {
        if (std::find(known.begin(), known.end(), row.integer(0)) != known.end()) continue;
        throw std::runtime_error(fmt::format(
            "{} message(s) (the first: message {}) are sealed under key {}, which is not in the key file {}; "
            "put that key back in the file before rotating",
            row.integer(2), row.integer(1), row.integer(0), keys.path().string()));
    }
}

}  // namespace

security::MessageKeyring open_message_keys(db::Database& db, const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) {
        const auto stored = db.read([&](db::Session& s) {
            return s.query("SELECT COUNT(*) FROM messages", {}).front().integer(0);
        });
        if (stored > 0) {
            throw std::runtime_error(fmt::format(
                "the message key file {} is missing, but {} message(s) are stored sealed under its keys: put the "
                "key file back (or point message_key_file / HEARTH_MESSAGE_KEY_FILE at it) before starting",
                path.string(), stored));
        }
    }
    // A file that lacks one key still serves every other message: the
    // messages under the lost key fail loudly one by one, and a rotation
    // refuses to start (check_every_key_is_known), so no new key takes its id.
    return security::MessageKeyring::open_file(path);
}

RekeyReport rotate_message_keys(db::Database& db, security::MessageKeyring& keys, const RekeyOptions& options) {
    check_every_key_is_known(db, keys);
    RekeyReport report;
    report.new_key_id = keys.add_key();
    auto [first, first_batches] = reseal_older_messages(db, keys, report.new_key_id, options.batch_size, options.progress);
    // Nodes switch to the new key within a second of the file changing; a
    // message they sealed under the old key meanwhile is picked up here.
    std::this_thread::sleep_for(options.settle);
    auto [second, second_batches] =
        reseal_older_messages(db, keys, report.new_key_id, options.batch_size, options.progress);
    report.resealed = first + second;
    report.batches = first_batches + second_batches;
    for (const auto key_id : keys.key_ids()) {
        if (key_id >= report.new_key_id) continue;
        const bool used = db.read([&](db::Session& s) {
            return !s.query("SELECT 1 FROM messages WHERE key_id = $1 LIMIT 1", {key_id}).empty();
        });
        if (used) {
            report.still_in_use.push_back(key_id);
        } else {
            keys.retire_key(key_id);
            report.retired.push_back(key_id);
        }
    }
    return report;
}

}  // namespace hearth::messages
