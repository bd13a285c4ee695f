#pragma once
// What every fuzz target shares: a property that must hold becomes a crash
// libFuzzer reports (with the input that broke it), like a sanitizer error.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "http/redirect.hpp"

namespace hearth::fuzz {

// Aborts with `what` when `ok` is false; the fuzzer saves the input as crash-*.
inline void check(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "property broken: %s\n", what);
    std::abort();
}

// True when `s` holds no C0 control character and no DEL, except those allowed in `allowed`.
inline bool no_controls(std::string_view s, std::string_view allowed = {}) {
    for (unsigned char c : s) {
        if ((c < 0x20 || c == 0x7f) && allowed.find(static_cast<char>(c)) == std::string_view::npos) return false;
    }
    return true;
}

// A return_to target becomes the candidate or the fallback, and always a
// local path no browser reads as another site (http/redirect.hpp).
inline void check_redirect_target(std::string_view candidate) {
    const auto target = hearth::http::safe_local_target(candidate, "/account");
    check(target == candidate || target == "/account", "safe_local_target invents a target");
    check(!target.empty() && target.front() == '/', "safe_local_target leaves the site");
    check(target.size() < 2 || (target[1] != '/' && target[1] != '\\'), "safe_local_target lets //host through");
    for (unsigned char c : target) {
        check(c >= 0x21 && c <= 0x7e && c != '\\', "safe_local_target lets a space, control or backslash through");
    }
}

}  // namespace hearth::fuzz
