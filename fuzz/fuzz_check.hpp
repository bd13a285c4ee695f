#pragma once
// What every fuzz target shares: a property that must hold becomes a crash
// libFuzzer reports (with the input that broke it), like a sanitizer error.
#include <cstdio>
#include <cstdlib>
#include <string_view>

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

}  // namespace hearth::fuzz
