#include "http/log_redaction.hpp"

namespace hearth::http {

namespace {

void append_escaped(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    for (const unsigned char c : s) {
        if (c < 0x20 || c > 0x7E || c == '\\') {
            out += "\\x";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
}

}  // namespace

std::string redact_target(std::string_view target, const std::set<std::string, std::less<>>& loggable) {
    std::string out;
    const auto q = target.find('?');
    append_escaped(out, target.substr(0, q));
    if (q == std::string_view::npos) return out;
    out.push_back('?');
    std::string_view query = target.substr(q + 1);
    bool first = true;
    while (true) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (!first) out.push_back('&');
        first = false;
        const auto eq = pair.find('=');
        const std::string_view name = pair.substr(0, eq);
        append_escaped(out, name);
        if (eq != std::string_view::npos) {
            out.push_back('=');
            if (loggable.contains(name)) {
                append_escaped(out, pair.substr(eq + 1));
            } else {
                out += redacted;
            }
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

std::string redact_message(std::string_view message) {
    const auto eol = message.find('\n');
    const std::string_view line = message.substr(0, eol);
    std::string kept;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        char close = 0;
        if (c == '"' || c == '\'') close = c;
        if (c == '=' && i + 1 < line.size() && line[i + 1] == '(') {
            kept += "=(";
            ++i;
            close = ')';
        } else if (close) {
            kept.push_back(c);
        }
        if (!close) {
            kept.push_back(c);
            continue;
        }
        const auto end = line.find(close, i + 1);
        kept += redacted;
        if (end == std::string_view::npos) break;  // unterminated: hide the rest
        kept.push_back(close);
        i = end;
    }
    std::string out;
    append_escaped(out, kept);
    if (eol != std::string_view::npos) out += " [...]";
    return out;
}

}  // namespace hearth::http
