#include "security/message_keys.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "security/tokens.hpp"

namespace hearth::security {

namespace {

constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
constexpr std::size_t key_bytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t tag_bytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

std::string to_base64(const unsigned char* data, std::size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, variant);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

std::string from_base64(std::string_view text, const char* what) {
    std::string out(text.size(), '\0');
    std::size_t size = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &size, nullptr, variant) != 0)
        throw std::runtime_error(std::string(what) + " is not base64");
    out.resize(size);
    return out;
}

std::int64_t now_second() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string new_key() {
    std::string key(key_bytes, '\0');
    crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char*>(key.data()));
    return key;
}

}  // namespace

std::string message_associated_data(std::int64_t conversation_id, std::int64_t message_id) {
    return "hearth-message:v1:" + std::to_string(conversation_id) + ":" + std::to_string(message_id);
}

MessageKeyring::MessageKeyring(std::filesystem::path path) : path_(std::move(path)) {}

MessageKeyring::MessageKeyring(MessageKeyring&& other) noexcept
    : path_(std::move(other.path_)),
      keys_(std::move(other.keys_)),
      loaded_mtime_(other.loaded_mtime_),
      last_check_second_(other.last_check_second_) {}

MessageKeyring::~MessageKeyring() {
    for (auto& [id, key] : keys_) sodium_memzero(key.data(), key.size());
}

MessageKeyring MessageKeyring::open_file(const std::filesystem::path& path) {
    ensure_sodium();
    MessageKeyring ring(path);
    std::lock_guard lock(ring.mutex_);
    if (!std::filesystem::exists(path)) {
        if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
        ring.keys_.emplace(1, new_key());
        ring.write_locked();
    }
    ring.reload_locked();
    return ring;
}

void MessageKeyring::reload_locked() {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) throw std::runtime_error("cannot read the message key file " + path_.string());
    if ((st.st_mode & 0077) != 0)
        throw std::runtime_error("the message key file " + path_.string() +
                                 " may be read by others: make it mode 0600 (chmod 600)");
    std::ifstream in(path_);
    if (!in) throw std::runtime_error("cannot read the message key file " + path_.string());
    std::map<std::int64_t, std::string> keys;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        auto hash = line.find('#');
        if (hash != std::string::npos) line.resize(hash);
        std::istringstream fields(line);
        std::string id_text, key_text, extra;
        if (!(fields >> id_text)) continue;  // blank or comment
        std::int64_t id = 0;
        try {
            std::size_t used = 0;
            id = std::stoll(id_text, &used);
            if (used != id_text.size()) id = 0;
        } catch (const std::exception&) {
            id = 0;
        }
        if (id <= 0 || !(fields >> key_text) || (fields >> extra))
            throw std::runtime_error("the message key file " + path_.string() + " has a malformed line " +
                                     std::to_string(number));
        auto key = from_base64(key_text, "a message key");
        if (key.size() != key_bytes || keys.contains(id))
            throw std::runtime_error("the message key file " + path_.string() + " has a bad key on line " +
                                     std::to_string(number));
        keys.emplace(id, std::move(key));
    }
    if (keys.empty()) throw std::runtime_error("the message key file " + path_.string() + " holds no key");
    for (auto& [id, key] : keys_) sodium_memzero(key.data(), key.size());
    keys_ = std::move(keys);
    loaded_mtime_ = std::filesystem::last_write_time(path_);
    last_check_second_ = now_second();
}

void MessageKeyring::reload_if_changed_locked(bool force) {
    auto second = now_second();
    if (!force && second == last_check_second_) return;
    last_check_second_ = second;
    std::error_code ec;
    auto mtime = std::filesystem::last_write_time(path_, ec);
    if (ec) return;  // keep the keys we have; the next seal tries again
    if (force || mtime != loaded_mtime_) reload_locked();
}

void MessageKeyring::write_locked() {
    std::string text =
        "# Hearth message keys: <id> <base64 key>. The highest id seals new messages.\n"
        "# Keep this file secret and backed up with the database: without it no message can be read.\n";
    for (const auto& [id, key] : keys_)
        text += std::to_string(id) + " " +
                to_base64(reinterpret_cast<const unsigned char*>(key.data()), key.size()) + "\n";
    auto temporary = path_;
    temporary += ".new";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot write the message key file " + temporary.string());
    ::fchmod(fd, 0600);  // whatever the umask
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    sodium_memzero(text.data(), text.size());
    if (!ok || ::rename(temporary.c_str(), path_.c_str()) != 0) {
        ::unlink(temporary.c_str());
        throw std::runtime_error("cannot write the message key file " + path_.string());
    }
    loaded_mtime_ = std::filesystem::last_write_time(path_);
}

SealedText MessageKeyring::seal(std::string_view plaintext, std::string_view associated_data) {
    std::lock_guard lock(mutex_);
    reload_if_changed_locked(false);
    const auto& [key_id, key] = *keys_.rbegin();
    std::string out(nonce_bytes + plaintext.size() + tag_bytes, '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(bytes, nonce_bytes);
    unsigned long long sealed_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        bytes + nonce_bytes, &sealed_size, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
        reinterpret_cast<const unsigned char*>(associated_data.data()), associated_data.size(), nullptr, bytes,
        reinterpret_cast<const unsigned char*>(key.data()));
    return SealedText{key_id, to_base64(bytes, nonce_bytes + sealed_size)};
}

std::string MessageKeyring::open(const SealedText& text, std::string_view associated_data) {
    std::lock_guard lock(mutex_);
    if (!keys_.contains(text.key_id)) reload_if_changed_locked(true);
    auto key = keys_.find(text.key_id);
    if (key == keys_.end()) throw std::runtime_error("message key " + std::to_string(text.key_id) + " is not in the key file");
    auto raw = from_base64(text.sealed, "a sealed message");
    if (raw.size() < nonce_bytes + tag_bytes) throw std::runtime_error("a sealed message is too short");
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    std::string plain(raw.size() - nonce_bytes - tag_bytes, '\0');
    unsigned long long plain_size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &plain_size, nullptr, bytes + nonce_bytes,
            raw.size() - nonce_bytes, reinterpret_cast<const unsigned char*>(associated_data.data()),
            associated_data.size(), bytes, reinterpret_cast<const unsigned char*>(key->second.data())) != 0)
        throw std::runtime_error("a sealed message did not authenticate");
    plain.resize(plain_size);
    return plain;
}

std::int64_t MessageKeyring::current_key_id() {
    std::lock_guard lock(mutex_);
    reload_if_changed_locked(false);
    return keys_.rbegin()->first;
}

std::vector<std::int64_t> MessageKeyring::key_ids() {
    std::lock_guard lock(mutex_);
    reload_if_changed_locked(true);
    std::vector<std::int64_t> ids;
    for (const auto& [id, key] : keys_) ids.push_back(id);
    return ids;
}

std::int64_t MessageKeyring::add_key() {
    std::lock_guard lock(mutex_);
    reload_if_changed_locked(true);
    auto id = keys_.rbegin()->first + 1;
    keys_.emplace(id, new_key());
    write_locked();
    return id;
}

void MessageKeyring::retire_key(std::int64_t key_id) {
    std::lock_guard lock(mutex_);
    reload_if_changed_locked(true);
    if (key_id == keys_.rbegin()->first) throw std::invalid_argument("the current message key cannot be retired");
    auto key = keys_.find(key_id);
    if (key == keys_.end()) return;
    sodium_memzero(key->second.data(), key->second.size());
    keys_.erase(key);
    write_locked();
}

}  // namespace hearth::security
