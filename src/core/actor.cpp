#include "core/actor.hpp"

namespace hearth {

std::string_view role_name(Role r) {
    switch (r) {
        case Role::member: return "member";
        case Role::specialist: return "specialist";
        case Role::admin: return "admin";
        case Role::visitor: break;
    }
    return "visitor";
}

std::optional<Role> parse_role(std::string_view s) {
    if (s == "member") return Role::member;
    if (s == "specialist") return Role::specialist;
    if (s == "admin") return Role::admin;
    return std::nullopt;
}

}  // namespace hearth
