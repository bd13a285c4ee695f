#include "security/password.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>
#include <vector>

#include "security/common_passwords.hpp"
#include "security/tokens.hpp"

namespace hearth::security {

namespace {

// libsodium wants NUL-terminated hash strings; anything that cannot be one
// (too long, embedded NUL) is malformed.
std::optional<std::string> terminated_hash(std::string_view stored_hash) {
    if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return std::nullopt;
    if (stored_hash.find('\0') != std::string_view::npos) return std::nullopt;
    return std::string(stored_hash);
}

// Strict UTF-8 decoding: rejects overlong forms, surrogates and values
// above U+10FFFF, so a length counted here is a real character count.
std::optional<std::u32string> decode_utf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        std::size_t extra;
        char32_t cp, min;
        if (b0 < 0x80) { extra = 0; cp = b0; min = 0; }
        else if ((b0 & 0xE0) == 0xC0) { extra = 1; cp = b0 & 0x1F; min = 0x80; }
        else if ((b0 & 0xF0) == 0xE0) { extra = 2; cp = b0 & 0x0F; min = 0x800; }
        else if ((b0 & 0xF8) == 0xF0) { extra = 3; cp = b0 & 0x07; min = 0x10000; }
        else return std::nullopt;
        if (s.size() - i <= extra) return std::nullopt;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
        out.push_back(cp);
        i += extra + 1;
    }
    return out;
}

// ASCII-only lowercasing: enough for the block list and e-mail addresses,
// and it never changes the byte length of UTF-8 text.
std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

char32_t ascii_lower(char32_t c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

std::string without_spaces(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ') out.push_back(c);
    return out;
}

bool made_from_account_details(const std::string& lower_password, std::string_view email,
                               std::string_view display_name) {
    const std::string lower_email = ascii_lower(email);
    const std::string local = lower_email.substr(0, lower_email.rfind('@'));
    const std::string name = ascii_lower(display_name);
    auto is = [&](const std::string& s) { return !s.empty() && lower_password == s; };
    if (is(lower_email) || is(local) || is(name) || is(without_spaces(name))) return true;
    // A short local part ("jo") may appear in a good password by chance; a
    // longer one is a guess an attacker who knows the address tries first.
    const auto local_length = decode_utf8(local).value_or(U"").size();
    return local_length >= 4 && lower_password.find(local) != std::string::npos;
}

// "aaaaaaaaaaaa", "abababababab", "abcabcabcabc": a unit of up to three
// characters repeated over the whole password.
bool is_short_unit_repeated(const std::u32string& cps) {
    for (std::size_t unit = 1; unit <= 3; ++unit) {
        bool repeated = true;
        for (std::size_t i = unit; i < cps.size() && repeated; ++i) repeated = cps[i] == cps[i - unit];
        if (repeated) return true;
    }
    return false;
}

// Runs along the alphabet, the digits or a keyboard row, forwards or
// backwards and wrapping around ("123456789012", "qwertyuiopas",
// "lkjhgfdsapoi").
bool is_sequence(const std::u32string& cps) {
    static constexpr std::array<std::string_view, 6> sequences{
        "0123456789",
        "abcdefghijklmnopqrstuvwxyz",
        "qwertyuiopasdfghjklzxcvbnm",  // QWERTY letter rows
        "qwertzuiopasdfghjklyxcvbnm",  // QWERTZ (German)
        "azertyuiopqsdfghjklmwxcvbn",  // AZERTY (French)
        "!@#$%^&*()",                  // shifted digit row
    };
    if (cps.empty() || cps.front() >= 0x80) return false;
    for (std::string_view seq : sequences) {
        const std::size_t n = seq.size();
        const std::size_t start = seq.find(static_cast<char>(cps.front()));
        if (start == std::string_view::npos) continue;
        for (bool forward : {true, false}) {
            bool follows = true;
            for (std::size_t k = 1; k < cps.size() && follows; ++k) {
                const std::size_t pos = forward ? (start + k % n) % n : (start + n - k % n) % n;
                follows = cps[k] == static_cast<unsigned char>(seq[pos]);
            }
            if (follows) return true;
        }
    }
    return false;
}

}  // namespace

std::string hash_password(std::string_view password) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), password_opslimit, password_memlimit_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("password hashing failed (out of memory)");
    }
    return std::string(out);
}

bool verify_password(std::string_view stored_hash, std::string_view password) {
    ensure_sodium();
    const auto hash = terminated_hash(stored_hash);
    if (!hash) return false;
    return crypto_pwhash_str_verify(hash->c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view stored_hash) {
    ensure_sodium();
    const auto hash = terminated_hash(stored_hash);
    if (!hash) return true;
    // The argon2id-specific check also reports argon2i hashes (-1), which
    // the generic crypto_pwhash_str_needs_rehash() would accept as current.
    return crypto_pwhash_argon2id_str_needs_rehash(hash->c_str(), password_opslimit, password_memlimit_bytes) != 0;
}

void spend_password_time(std::string_view password) {
    // Hashed once, from a random password nobody knows, with today's
    // parameters, so the verification costs the same as a real one.
    static const std::string dummy_hash = hash_password(random_token());
    (void)verify_password(dummy_hash, password);
}

std::optional<std::string> password_problem(std::string_view password, std::string_view email,
                                            std::string_view display_name) {
    const auto cps = decode_utf8(password);
    if (!cps) return "That password contains characters we could not read. Please type it again.";
    if (cps->size() < password_min_code_points)
        return "Use at least 12 characters. A short sentence you can remember works well.";
    if (cps->size() > password_max_code_points) return "Use at most 128 characters.";

    const std::string lower = ascii_lower(password);
    if (made_from_account_details(lower, email, display_name))
        return "Please choose a password that does not contain your e-mail address or name: "
               "those are the first things attackers try.";

    std::u32string lower_cps = *cps;
    for (char32_t& c : lower_cps) c = ascii_lower(c);
    if (is_short_unit_repeated(lower_cps) || is_sequence(lower_cps))
        return "That password is a simple pattern (repeated characters or a sequence) and is easy to guess. "
               "A short sentence you can remember works well.";

    if (is_common_password(lower))
        return "That password is too common: it appears in lists attackers try first. Please choose another.";
    return std::nullopt;
}

}  // namespace hearth::security
