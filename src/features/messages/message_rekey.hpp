#pragma once
// Key rotation for sealed message bodies (`hearth keys rotate`): a new
// current key, every message sealed under an older key re-encrypted under
// it in batches, then the keys nothing uses any more retired from the key
// file. Safe to run while nodes serve: they reload the key file when it
// changes (security/message_keys.hpp), and each batch only rewrites a row
// that still carries the key it was read under. docs/architecture.md,
// "Message keys".
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "security/message_keys.hpp"

namespace hearth::messages {

struct RekeyOptions {
    std::int64_t batch_size = 500;  // messages re-encrypted per write transaction
    // How long to wait after adding the key before the last sweep, so that
    // every node has reloaded the key file (they check once a second) and
    // a send sealed under the old key just before has committed.
    std::chrono::milliseconds settle{2500};
    // Told after each batch: (messages re-encrypted so far); may be empty.
    std::function<void(std::int64_t)> progress;
};

struct RekeyReport {
    std::int64_t new_key_id = 0;
    std::int64_t resealed = 0;               // messages re-encrypted
    std::int64_t batches = 0;                // write transactions that changed rows
    std::vector<std::int64_t> retired;       // key ids removed from the key file
    std::vector<std::int64_t> still_in_use;  // older key ids kept: messages still use them
};

// Adds a key to `keys`, re-encrypts every message whose key_id is older,
// and retires the older keys no message uses (checked right before each
// retirement). Throws std::runtime_error naming the message when a body
// cannot be opened: before changing anything when a message's key id is
// not in the key file (removed by hand), or during the batches when a
// sealed body was changed; nothing is retired then, and the rotation can
// be run again once fixed.
RekeyReport rotate_message_keys(db::Database& db, security::MessageKeyring& keys, const RekeyOptions& options);

// The key file at `path` for a node that serves: throws std::runtime_error
// (so the node does not start) when the file is missing while messages are
// stored (a fresh key 1 would be made, and the stored bodies, sealed under
// the real key 1, could never be told apart from the new ones). Creates the
// file (0600) only for a database without messages; a file that lacks a
// key some messages use is served (those messages fail to open, loudly). Permission and format errors of the file are
// MessageKeyring::open_file's (also std::runtime_error).
security::MessageKeyring open_message_keys(db::Database& db, const std::filesystem::path& path);

// Re-encrypts, in batches, every message sealed under a key older than
// `target_key_id` (the keyring's current key); returns (messages, batches).
std::pair<std::int64_t, std::int64_t> reseal_older_messages(db::Database& db, security::MessageKeyring& keys,
                                                            std::int64_t target_key_id, std::int64_t batch_size,
                                                            const std::function<void(std::int64_t)>& progress = {});

}  // namespace hearth::messages
