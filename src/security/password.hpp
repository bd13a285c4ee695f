#pragma once
// Password hashing (argon2id through libsodium) and the rules a new
// password must meet. The rules follow NIST SP 800-63B: a minimum length,
// a block list and no composition rules ("one digit, one symbol"), which
// push people towards predictable passwords without making them stronger.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::security {

// OWASP's minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
// Raising these later is safe: password_needs_rehash() then reports old
// hashes, which are replaced at the next successful login.
inline constexpr std::size_t password_memlimit_bytes = 19 * 1024 * 1024;
inline constexpr unsigned long long password_opslimit = 2;

inline constexpr std::size_t password_min_code_points = 12;
inline constexpr std::size_t password_max_code_points = 128;

// A self-describing "$argon2id$v=19$m=19456,t=2,p=1$salt$hash" string with
// a fresh random salt. Takes tens of milliseconds by design; throws
// std::runtime_error if the memory cannot be allocated.
std::string hash_password(std::string_view password);

// Whether `password` matches `stored_hash`. False (never an exception) for
// a malformed or empty hash.
bool verify_password(std::string_view stored_hash, std::string_view password);

// True when `stored_hash` was made with other parameters or another
// algorithm than today's (or is unreadable): rehash after a good login.
bool password_needs_rehash(std::string_view stored_hash);

// Spends as long as verify_password() on a real hash. Call it when a login
// names no known account, so that response times do not reveal which
// e-mail addresses have accounts.
void spend_password_time(std::string_view password);

// Why `password` is not acceptable for this person, as a calm sentence to
// show them, or nullopt when it is fine. `email` and `display_name` are the
// account's own (possibly empty), to refuse passwords made from them.
std::optional<std::string> password_problem(std::string_view password, std::string_view email,
                                            std::string_view display_name);

}  // namespace hearth::security
