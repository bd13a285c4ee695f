#pragma once
// Where a redirect may send a person. A caller-supplied target (return_to
// on the log-in and sign-up forms, the admin pages, the 401 redirect) must
// stay on this site: browsers drop tabs and line breaks from a Location and
// read "/\evil" like "//evil", so "/<TAB>/evil.example" would leave it.
#include <cstddef>
#include <string>
#include <string_view>

namespace hearth::http {

// Longest target accepted, in bytes; longer ones give the fallback.
inline constexpr std::size_t max_redirect_target = 2000;

// `candidate` when it is a local path: at most max_redirect_target bytes,
// every byte printable ASCII (0x21-0x7E: no space, tab, CR, LF, NUL or
// non-ASCII byte), starting with exactly one "/" (not "//", not "/\"), with
// no backslash anywhere. Anything else gives `fallback`, which must itself
// be a local path chosen by the code ("/account"). Never throws.
std::string safe_local_target(std::string_view candidate, std::string_view fallback);

}  // namespace hearth::http
