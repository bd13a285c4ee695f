#include "features/accounts/two_factor_codes.hpp"

#include <liboath/oath.h>
#include <sodium.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "core/percent_encoding.hpp"
#include "security/tokens.hpp"

namespace hearth::accounts::totp {

namespace {

constexpr std::string_view base32_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// RFC 4648 base32 without padding.
std::string base32(const unsigned char* bytes, std::size_t n) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        buffer = (buffer << 8) | bytes[i];
        bits += 8;
        while (bits >= 5) {
            out.push_back(base32_alphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0) out.push_back(base32_alphabet[(buffer << (5 - bits)) & 31]);
    return out;
}

std::string random_base32(std::size_t bytes) {
    security::ensure_sodium();
    std::array<unsigned char, 32> raw{};
    randombytes_buf(raw.data(), bytes);
    auto out = base32(raw.data(), bytes);
    sodium_memzero(raw.data(), raw.size());
    return out;
}

void ensure_oath() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (oath_init() != OATH_OK) throw std::runtime_error("liboath could not start");
    });
}

}  // namespace

std::string new_secret() { return random_base32(secret_bytes); }

std::string otpauth_uri(std::string_view secret_base32, std::string_view email) {
    return "otpauth://totp/Hearth:" + percent_encode(email) + "?secret=" + std::string(secret_base32) +
           "&issuer=Hearth&algorithm=SHA1&digits=6&period=30";
}

std::string grouped(std::string_view secret_base32) {
    std::string out;
    for (std::size_t i = 0; i < secret_base32.size(); ++i) {
        if (i > 0 && i % 4 == 0) out.push_back(' ');
        out.push_back(secret_base32[i]);
    }
    return out;
}

std::optional<std::string> six_digits(std::string_view typed) {
    std::string out;
    for (char c : typed) {
        if (c == ' ') continue;
        if (c < '0' || c > '9' || out.size() == digits) return std::nullopt;
        out.push_back(c);
    }
    if (out.size() != digits) return std::nullopt;
    return out;
}

std::optional<std::int64_t> matching_step(std::string_view secret_base32, std::string_view code, std::int64_t now) {
    ensure_oath();
    const auto otp = six_digits(code);
    if (!otp) return std::nullopt;
    char* secret = nullptr;
    size_t secret_length = 0;
    const std::string text(secret_base32);
    if (oath_base32_decode(text.data(), text.size(), &secret, &secret_length) != OATH_OK) {
        throw std::runtime_error("a two-factor secret is not base32");
    }
    int position = 0;
    const int found = oath_totp_validate2(secret, secret_length, static_cast<time_t>(now), step_seconds, 0,
                                          window_steps, &position, otp->c_str());
    sodium_memzero(secret, secret_length);
    std::free(secret);  // allocated by liboath
    if (found < 0) return std::nullopt;
    return now / step_seconds + position;
}

std::string new_recovery_code() {
    const auto raw = random_base32(10);  // 80 bits, 16 characters
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (i > 0 && i % 4 == 0) out.push_back('-');
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(raw[i]))));
    }
    return out;
}

std::optional<std::string> recovery_code_key(std::string_view typed) {
    std::string out;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool in_alphabet = (lower >= 'a' && lower <= 'z') || (lower >= '2' && lower <= '7');
        if (!in_alphabet || out.size() == 16) return std::nullopt;
        out.push_back(lower);
    }
    if (out.size() != 16) return std::nullopt;
    return out;
}

}  // namespace hearth::accounts::totp
