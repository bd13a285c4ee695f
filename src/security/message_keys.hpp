#pragma once
// Message keys: the server keys that seal message bodies at rest
// (XChaCha20-Poly1305-IETF from libsodium, 32-byte keys, a random 24-byte
// nonce per message). The keys live in a key file outside the database,
// created with 0600 permissions on first start, so a copy of the database
// alone reveals no message.
//
// Key file format (text, one key per line, '#' starts a comment):
//     <key id> <base64 of the 32 key bytes>
// Key ids are positive integers; the highest is the current key, used to
// seal new messages. Older keys stay for reading until nothing uses them
// (`hearth keys rotate` re-encrypts and then retires them).
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::security {

// A sealed text as stored: the key it was sealed under and base64 (the
// original alphabet, padded) of nonce || ciphertext || tag.
struct SealedText {
    std::int64_t key_id = 0;
    std::string sealed;
};

// The associated data that binds a message body to its place: sealing and
// opening must be given the same conversation and message ids, so a sealed
// body copied to another row does not open there.
std::string message_associated_data(std::int64_t conversation_id, std::int64_t message_id);

// The keys of one key file. Thread-safe: every node shares one instance.
// When the file changes on disk (another process rotated the keys), the
// keyring reloads it before the next seal, at most once a second, and at
// once when asked to open a text under a key it does not know.
class MessageKeyring {
public:
    // Reads `path`; when it does not exist, creates it (and its directory)
    // with one new key and mode 0600. Throws std::runtime_error if it
    // cannot be read or written, holds no key, a line is malformed, or
    // anyone but the owner may read it (mode wider than 0600).
    static MessageKeyring open_file(const std::filesystem::path& path);

    MessageKeyring(MessageKeyring&& other) noexcept;
    ~MessageKeyring();

    // Seals `plaintext` under the current key with a fresh random nonce.
    SealedText seal(std::string_view plaintext, std::string_view associated_data);
    // The plaintext, or std::runtime_error when the key id is unknown or the
    // text does not authenticate (changed, or other associated data).
    std::string open(const SealedText& text, std::string_view associated_data);

    std::int64_t current_key_id();
    std::vector<std::int64_t> key_ids();  // ascending

    // Adds a new key (id = highest + 1), makes it current and rewrites the
    // file atomically (temporary file, fsync, rename) with mode 0600.
    // Returns the new key id.
    std::int64_t add_key();
    // Removes key `key_id` from the file (never the current one: throws
    // std::invalid_argument). The caller checks that nothing uses it.
    void retire_key(std::int64_t key_id);

    const std::filesystem::path& path() const { return path_; }

private:
    explicit MessageKeyring(std::filesystem::path path);
    void reload_locked();
    void reload_if_changed_locked(bool force);
    void write_locked();

    std::filesystem::path path_;
    std::mutex mutex_;
    std::map<std::int64_t, std::string> keys_;  // id -> 32 raw bytes
    std::filesystem::file_time_type loaded_mtime_{};
    std::int64_t last_check_second_ = 0;
};

}  // namespace hearth::security
