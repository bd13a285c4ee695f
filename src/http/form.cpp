#include "http/form.hpp"

namespace hearth::http {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> decode_component(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            int hi = hex_value(in[i + 1]);
            int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

std::optional<Params> parse_form(std::string_view body) {
    Params out;
    while (!body.empty()) {
        auto amp = body.find('&');
        std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        auto key = decode_component(pair.substr(0, eq));
        auto value = decode_component(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!key || !value || !valid_utf8(*key) || !valid_utf8(*value)) return std::nullopt;
        out.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

}  // namespace hearth::http
