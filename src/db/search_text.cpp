#include "db/search_text.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace hearth::db::search_text {

namespace {

constexpr std::size_t max_word_bytes = 60;

// U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A), lower
// case without accents; a space for the two signs among them (× and ÷).
// Derived from Unicode's canonical decompositions, plus the letters that
// have none (ß, æ, ø, đ, ł, œ, þ, ...), spelled as their languages do.
constexpr std::array<std::string_view, 0x180 - 0xC0> latin = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o",
    "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e",
    "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y", "a",
    "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e", "e", "e", "e", "e",
    "e", "e", "e", "e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i",
    "i", "i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", "l", "l",
    "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r", "r",
    "r", "r", "r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s"};

// The length of the UTF-8 sequence starting with `lead` (0 if `lead` cannot
// start one).
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0;
}

// PostgreSQL's English stop words (which to_tsquery drops), removed here
// for both engines so that "help with anxiety" finds the same on each.
constexpr std::array<std::string_view, 127> stop_words = {
    "a",       "about",  "above",   "after",  "again",  "against",    "all",       "am",        "an",    "and",
    "any",     "are",    "as",      "at",     "be",     "because",    "been",      "before",    "being", "below",
    "between", "both",   "but",     "by",     "can",    "did",        "do",        "does",      "doing", "don",
    "down",    "during", "each",    "few",    "for",    "from",       "further",   "had",       "has",   "have",
    "having",  "he",     "her",     "here",   "hers",   "herself",    "him",       "himself",   "his",   "how",
    "i",       "if",     "in",      "into",   "is",     "it",         "its",       "itself",    "just",  "me",
    "more",    "most",   "my",      "myself", "no",     "nor",        "not",       "now",       "of",    "off",
    "on",      "once",   "only",    "or",     "other",  "our",        "ours",      "ourselves", "out",   "over",
    "own",     "s",      "same",    "she",    "should", "so",         "some",      "such",      "t",     "than",
    "that",    "the",    "their",   "theirs", "them",   "themselves", "then",      "there",     "these", "they",
    "this",    "those",  "through", "to",     "too",    "under",      "until",     "up",        "very",  "was",
    "we",      "were",   "what",    "when",   "where",  "which",      "while",     "who",       "whom",  "why",
    "will",    "with",   "you",     "your",   "yours",  "yourself",   "yourselves"};

bool is_word_byte(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c >= 0x80; }

}  // namespace

bool is_stop_word(std::string_view word) {
    return std::find(stop_words.begin(), stop_words.end(), word) != stop_words.end();
}

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const auto n = sequence_length(lead);
        bool valid = n != 0 && i + n <= text.size();
        for (std::size_t k = 1; valid && k < n; ++k) valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (!valid) {
            out.push_back(' ');
            ++i;
            continue;
        }
        if (n == 1) {
            out.push_back(lead >= 'A' && lead <= 'Z' ? static_cast<char>(lead - 'A' + 'a') : static_cast<char>(lead));
        } else if (n == 2) {
            const auto cp = ((lead & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
            if (cp >= 0xC0 && cp < 0x180) {
                out += latin[cp - 0xC0];
            } else {
                out.append(text.substr(i, n));
            }
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

std::vector<std::string> words(std::string_view text, std::size_t max_words) {
    const auto folded = fold(text);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < folded.size() && out.size() < max_words;) {
        while (i < folded.size() && !is_word_byte(static_cast<unsigned char>(folded[i]))) ++i;
        const auto start = i;
        while (i < folded.size() && is_word_byte(static_cast<unsigned char>(folded[i]))) ++i;
        if (i == start || i - start > max_word_bytes) continue;
        std::string word = folded.substr(start, i - start);
        if (is_stop_word(word) || std::find(out.begin(), out.end(), word) != out.end()) continue;
        out.push_back(std::move(word));
    }
    return out;
}

std::string facet_token(std::string_view facet) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto folded = fold(facet);
    std::string out = "z";
    out.reserve(folded.size() * 2 + 2);
    for (unsigned char c : folded) {
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
    }
    out.push_back('9');
    return out;
}

}  // namespace hearth::db::search_text
