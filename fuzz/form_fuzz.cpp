// application/x-www-form-urlencoded bodies (http/form.cpp): parse_form,
// valid_utf8 against the Unicode table, url_encode round trips, and
// safe_local_target for return_to links.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/form.hpp"
#include "http/text.hpp"

using hearth::fuzz::check;
using hearth::fuzz::check_redirect_target;

namespace {

// Well-formed UTF-8 as RFC 3629 section 4 and Unicode table 3-7 define it:
// no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
bool reference_utf8(std::string_view s) {
    std::size_t i = 0;
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const auto in = [&](std::size_t k, unsigned lo, unsigned hi) { return k < s.size() && byte(k) >= lo && byte(k) <= hi; };
    while (i < s.size()) {
        const unsigned c = byte(i);
        if (c <= 0x7F) {
            i += 1;
        } else if (c >= 0xC2 && c <= 0xDF) {
            if (!in(i + 1, 0x80, 0xBF)) return false;
            i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            const unsigned lo = c == 0xE0 ? 0xA0 : 0x80;
            const unsigned hi = c == 0xED ? 0x9F : 0xBF;
            if (!in(i + 1, lo, hi) || !in(i + 2, 0x80, 0xBF)) return false;
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            const unsigned lo = c == 0xF0 ? 0x90 : 0x80;
            const unsigned hi = c == 0xF4 ? 0x8F : 0xBF;
            if (!in(i + 1, lo, hi) || !in(i + 2, 0x80, 0xBF) || !in(i + 3, 0x80, 0xBF)) return false;
            i += 4;
        } else {
            return false;
        }
    }
    return true;
}

std::string encode(const hearth::http::Params& params) {
    std::string out;
    for (const auto& [k, v] : params) {
        if (!out.empty()) out += '&';
        out += hearth::http::url_encode(k) + "=" + hearth::http::url_encode(v);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    check(hearth::http::valid_utf8(bytes) == reference_utf8(bytes), "valid_utf8 disagrees with the Unicode table");

    if (auto params = hearth::http::parse_form(bytes)) {
        for (const auto& [k, v] : *params) {
            check(reference_utf8(k) && reference_utf8(v), "parse_form returns text that is not UTF-8");
        }
        // What the server reads, written back by url_encode, reads the same.
        auto again = hearth::http::parse_form(encode(*params));
        check(again.has_value() && *again == *params, "url_encode/parse_form do not round-trip");
    }

    check_redirect_target(bytes);
    return 0;
}
