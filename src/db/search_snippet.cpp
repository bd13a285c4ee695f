// db::search_snippet: the excerpt under a search result. The text is read
// as tokens (runs of letters and digits, as search_text::words splits
// them, and what lies between), so marks and cuts never split a word or a
// character, and every token is folded the way the index folds it before
// it is compared with the query's words.
#include "db/search_snippet.hpp"

#include <algorithm>

#include "core/utf8.hpp"
#include "db/search_text.hpp"

namespace hearth::db {

namespace {

constexpr std::string_view ellipsis = "\xE2\x80\xA6";           // …
constexpr std::string_view replacement = "\xEF\xBF\xBD";        // U+FFFD for bytes that are not UTF-8

// `text` as well-formed UTF-8 with every run of white space (and control
// characters) made one space, trimmed.
std::string clean_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const long cp = next_code_point(text, i);
        if (cp < 0) {
            ++i;
            if (space && !out.empty()) out += ' ';
            space = false;
            out += replacement;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F || cp == ' ' || cp == 0xA0) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out.append(text.substr(start, i - start));
    }
    return out;
}

bool is_word_byte(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

struct Token {
    std::size_t begin = 0, end = 0;  // bytes of the cleaned text
    std::size_t chars = 0;           // code points
    bool word = false;
    bool marked = false;
};

std::vector<Token> tokens_of(std::string_view text, const std::vector<std::string>& folded_words) {
    std::vector<Token> out;
    for (std::size_t i = 0; i < text.size();) {
        Token t;
        t.begin = i;
        t.word = is_word_byte(static_cast<unsigned char>(text[i]));
        while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i])) == t.word) ++i;
        t.end = i;
        const auto piece = text.substr(t.begin, t.end - t.begin);
        t.chars = character_count(piece);
        if (t.word) {
            const std::string folded = search_text::fold(piece);
            t.marked = std::any_of(folded_words.begin(), folded_words.end(),
                                   [&](const std::string& w) { return folded.starts_with(w); });
        }
        out.push_back(t);
    }
    return out;
}

void append_escaped(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
}

// The first `max_chars` code points of `s`.
std::string_view prefix_chars(std::string_view s, std::size_t max_chars) {
    std::size_t i = 0;
    for (std::size_t n = 0; i < s.size() && n < max_chars; ++n) {
        if (next_code_point(s, i) < 0) ++i;  // cleaned text is valid; kept for safety
    }
    return s.substr(0, i);
}

}  // namespace

std::string search_snippet(std::string_view text, const std::vector<std::string>& words, std::size_t max_chars) {
    if (max_chars == 0) max_chars = 1;
    const std::string clean = clean_text(text);
    std::vector<std::string> folded;
    for (const auto& w : words) {
        std::string f = search_text::fold(w);
        if (!f.empty() && f.find(' ') == std::string::npos) folded.push_back(std::move(f));
    }
    const auto tokens = tokens_of(clean, folded);
    if (tokens.empty()) return {};

    // Start a little before the first marked word (about a quarter of the
    // room), at the start of a word, so the reader sees what leads to it.
    std::size_t first = 0;
    const auto hit = std::find_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.marked; });
    if (hit != tokens.end()) {
        first = static_cast<std::size_t>(hit - tokens.begin());
        std::size_t before = 0;
        while (first > 0 && before + tokens[first - 1].chars <= max_chars / 4) {
            before += tokens[first - 1].chars;
            --first;
        }
        while (first < tokens.size() && !tokens[first].word) ++first;
    }

    // Then as many whole tokens as fit, ending after a word.
    std::size_t last = first;  // one past the end
    std::size_t used = 0;
    while (last < tokens.size() && used + tokens[last].chars <= max_chars) used += tokens[last++].chars;
    if (last < tokens.size()) {
        while (last > first && !tokens[last - 1].word) --last;  // cut: end on a word, then "…"
    }

    std::string out;
    if (first > 0) out += ellipsis;
    if (last == first) {
        // One word longer than the room: its start only.
        const auto& t = tokens[first];
        const auto piece = prefix_chars(std::string_view(clean).substr(t.begin, t.end - t.begin), max_chars);
        if (t.marked) out += "<mark>";
        append_escaped(out, piece);
        if (t.marked) out += "</mark>";
        out += ellipsis;
        return out;
    }
    for (std::size_t k = first; k < last; ++k) {
        const auto& t = tokens[k];
        const auto piece = std::string_view(clean).substr(t.begin, t.end - t.begin);
        if (t.marked) out += "<mark>";
        append_escaped(out, piece);
        if (t.marked) out += "</mark>";
    }
    if (last < tokens.size()) out += ellipsis;
    return out;
}

}  // namespace hearth::db
