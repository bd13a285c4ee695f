#include "http/redirect.hpp"

#include <algorithm>

namespace hearth::http {

namespace {

bool printable_ascii(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x21 && u <= 0x7E;
}

}  // namespace

std::string safe_local_target(std::string_view candidate, std::string_view fallback) {
    const bool local = !candidate.empty() && candidate.size() <= max_redirect_target && candidate.front() == '/' &&
                       std::ranges::all_of(candidate, printable_ascii) &&
                       // "\" is read as "/" by browsers, so "/\host" and "/a\..\/\host" could name a host.
                       candidate.find('\\') == std::string_view::npos &&
                       // "//host" is a network-path reference: another origin.
                       !(candidate.size() > 1 && candidate[1] == '/');
    return std::string(local ? candidate : fallback);
}

}  // namespace hearth::http
