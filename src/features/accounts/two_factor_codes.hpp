#pragma once
// The pure parts of two-factor sign-in (TOTP, RFC 6238): the secret's text
// form, the otpauth:// URI authenticator apps read from the QR code, checking
// a six-digit code with liboath, and the shape of recovery codes. No
// database and no HTTP here, so each part is tested on its own.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::accounts::totp {

inline constexpr int step_seconds = 30;          // RFC 6238 section 4.1, X = 30
inline constexpr unsigned digits = 6;
inline constexpr std::size_t secret_bytes = 20;  // 160 bits, RFC 4226 section 4 (R6)
inline constexpr int window_steps = 1;           // the step before and after count too (clock drift)

// 20 fresh random bytes (libsodium randombytes) as unpadded base32 (RFC 4648), 32 characters.
std::string new_secret();

// The Key Uri Format URI for `email`'s account: otpauth://totp/Hearth:EMAIL?secret=...&issuer=Hearth&
// algorithm=SHA1&digits=6&period=30, with the address percent-encoded.
std::string otpauth_uri(std::string_view secret_base32, std::string_view email);

// The secret in groups of four characters, for reading out and typing in.
std::string grouped(std::string_view secret_base32);

// Whether `typed` is a six-digit code (spaces ignored); its digits when it is.
std::optional<std::string> six_digits(std::string_view typed);

// The 30-second step (unix seconds / 30) at which `code` is valid for the
// secret within one step either side of `now` (seconds, UTC); nullopt when
// it is not. Checked by liboath (oath_totp_validate2), never by hand.
// Throws std::runtime_error for a secret that is not base32.
std::optional<std::int64_t> matching_step(std::string_view secret_base32, std::string_view code, std::int64_t now);

// A new recovery code: 16 lower-case base32 characters (80 bits) shown as
// four groups of four ("abcd-efgh-ijkl-mnop").
std::string new_recovery_code();

// What is hashed for a typed recovery code: lower case, dashes and spaces
// dropped; nullopt when it cannot be one (not 16 such characters).
std::optional<std::string> recovery_code_key(std::string_view typed);

}  // namespace hearth::accounts::totp
