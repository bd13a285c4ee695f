#pragma once
// Who is acting: the principal (a signed-in person or a visitor) and where
// the request came from. Services take an Actor and typed commands, never
// an HTTP request, so they can be called from pages, the API, the command
// line and tests alike.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth {

enum class Role { visitor, member, specialist, admin };
// "visitor", "member", "specialist", "admin".
std::string_view role_name(Role r);
// The stored name of a role; nullopt for anything else ("visitor" included:
// no account has that role).
std::optional<Role> parse_role(std::string_view s);

// Who is asking. user_id == 0 means a visitor.
struct Principal {
    std::int64_t user_id = 0;
    Role role = Role::visitor;
    std::string email;
    std::string display_name;
    bool email_verified = false;
    bool via_bearer = false;        // Authorization: Bearer (no CSRF needed)
    std::string session_key_hash;   // identifies the server-side session row
    bool signed_in() const noexcept { return user_id != 0; }
};

// The principal and the client address (for the audit log and rate
// limits; the last trusted X-Forwarded-For hop behind a proxy).
struct Actor {
    Principal who;
    std::string client_address;

    std::int64_t user_id() const noexcept { return who.user_id; }
    bool signed_in() const noexcept { return who.signed_in(); }
};

}  // namespace hearth
