#include "security/tokens.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>
#include <vector>

namespace hearth::security {

namespace {

constexpr int base64_variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr std::size_t min_hmac_key_bytes = 32;

std::string to_base64url(const unsigned char* data, std::size_t size) {
    // The encoded length includes the terminating NUL that libsodium writes.
    std::string out(sodium_base64_ENCODED_LEN(size, base64_variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, base64_variant);
    out.resize(out.size() - 1);
    return out;
}

}  // namespace

void ensure_sodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    });
}

std::string random_token(std::size_t bytes) {
    ensure_sodium();
    std::vector<unsigned char> buf(bytes);
    randombytes_buf(buf.data(), buf.size());
    return to_base64url(buf.data(), buf.size());
}

std::string token_hash(std::string_view token) {
    ensure_sodium();
    unsigned char digest[crypto_generichash_BYTES];  // 32 bytes: BLAKE2b-256
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return std::string(hex, sizeof digest * 2);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    ensure_sodium();
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hmac_sign(std::string_view key, std::string_view message) {
    ensure_sodium();
    if (key.size() < min_hmac_key_bytes) throw std::invalid_argument("HMAC key must be at least 32 bytes");
    // The streaming API is the same HMAC-SHA512-256 as crypto_auth() but
    // accepts keys of any length (a configured secret need not be exactly
    // crypto_auth_KEYBYTES long).
    crypto_auth_hmacsha512256_state state;
    unsigned char mac[crypto_auth_hmacsha512256_BYTES];
    crypto_auth_hmacsha512256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha512256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    crypto_auth_hmacsha512256_final(&state, mac);
    sodium_memzero(&state, sizeof state);
    return to_base64url(mac, sizeof mac);
}

bool hmac_verify(std::string_view key, std::string_view message, std::string_view signature) {
    // Comparing the canonical encodings is equivalent to comparing the MACs,
    // and rejects non-canonical spellings of the same bytes.
    return constant_time_equal(hmac_sign(key, message), signature);
}

}  // namespace hearth::security
