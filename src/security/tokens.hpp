#pragma once
// Random tokens, their stored hashes and HMAC signatures. Secrets handed to
// a person (session cookies, e-mailed links) are random_token()s; the
// database only ever keeps token_hash(token), so a leaked table does not
// let anyone log in.
#include <cstddef>
#include <string>
#include <string_view>

namespace hearth::security {

// Initialises libsodium once per process (thread-safe); every function of
// this module calls it, so callers never have to. Throws std::runtime_error
// if libsodium cannot start (no usable randomness source).
void ensure_sodium();

// `bytes` random bytes from the OS CSPRNG, base64url without padding
// (safe in URLs and cookies). The default 32 bytes = 256 bits.
std::string random_token(std::size_t bytes = 32);

// Lowercase hex of BLAKE2b-256 (64 characters): what is stored in place of
// a token. Tokens are high-entropy, so a fast unsalted hash is enough.
std::string token_hash(std::string_view token);

// Compares without leaking, through timing, where the first difference is.
// (The length is not secret: it is checked first.)
bool constant_time_equal(std::string_view a, std::string_view b);

// HMAC-SHA512-256 of `message`, base64url without padding (43 characters).
// `key` must be at least 32 bytes: a short or empty key (e.g. a missing
// configuration value) would make signatures forgeable, so it throws
// std::invalid_argument instead.
std::string hmac_sign(std::string_view key, std::string_view message);
bool hmac_verify(std::string_view key, std::string_view message, std::string_view signature);

}  // namespace hearth::security
