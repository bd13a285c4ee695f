#include "features/common/crisis_phrases.hpp"

#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "core/utf8.hpp"

namespace hearth::crisis {

namespace {

// Base letters of U+00C0..U+00FF, one entry per code point ("" for the two
// signs there, which separate words).
constexpr const char* latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0-CF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss", // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",  // F0-FF
};

// Base letters of Latin Extended-A (U+0100..U+017F) by ranges.
struct Range {
    long first, last;
    const char* base;
};
constexpr Range extended_a[] = {
    {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"}, {0x11C, 0x123, "g"},
    {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"},
    {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

// What a code point becomes: letters and digits ("" = a separator).
std::string fold(long cp, std::string_view bytes) {
    if (cp < 0x80) {
        const char c = static_cast<char>(cp);
        if (c >= 'A' && c <= 'Z') return std::string(1, static_cast<char>(c - 'A' + 'a'));
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return std::string(1, c);
        return {};
    }
    if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
    for (const auto& r : extended_a) {
        if (cp >= r.first && cp <= r.last) return r.base;
    }
    // Latin-1 signs and spaces, general punctuation (quotes, dashes, spaces),
    // combining accents (taken off): no letters.
    if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x300 && cp <= 0x36F)) {
        return cp >= 0x300 && cp <= 0x36F ? std::string("\x01") : std::string();
    }
    return std::string(bytes);  // another script's letter: kept as it is
}

std::mutex process_mutex;
std::shared_ptr<const CrisisPhrases> process_phrases;

}  // namespace

std::string normalise(std::string_view utf8) {
    std::string out = " ";
    for (std::size_t i = 0; i < utf8.size();) {
        const auto start = i;
        auto cp = next_code_point(utf8, i);
        if (cp < 0) {
            ++i;
            cp = ' ';
        }
        const auto folded = fold(cp, utf8.substr(start, i - start));
        if (folded == "\x01") continue;  // a combining accent: the letter before stays whole
        if (folded.empty()) {
            if (out.back() != ' ') out += ' ';
        } else {
            out += folded;
        }
    }
    if (out.back() != ' ') out += ' ';
    return out;
}

CrisisPhrases CrisisPhrases::parse(std::string_view text) {
    CrisisPhrases p;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        const bool exception = line[first] == '!';
        const auto normalised = normalise(std::string_view(line).substr(first + (exception ? 1 : 0)));
        if (normalised == " ") continue;
        (exception ? p.exceptions_ : p.phrases_).push_back(normalised);
    }
    if (p.phrases_.empty()) throw std::invalid_argument("the crisis phrase list holds no phrase");
    return p;
}

CrisisPhrases CrisisPhrases::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the crisis phrase list " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str());
}

bool CrisisPhrases::matches(std::string_view text) const {
    auto normalised = normalise(text);
    // Exceptions are cut out (leaving a space), so "suicide prevention"
    // alone does not match but "suicide prevention ... want to die" does.
    for (const auto& e : exceptions_) {
        for (auto at = normalised.find(e); at != std::string::npos; at = normalised.find(e, at)) {
            normalised.replace(at, e.size(), " ");
        }
    }
    for (const auto& p : phrases_) {
        if (normalised.find(p) != std::string::npos) return true;
    }
    return false;
}

void use_phrases(CrisisPhrases phrases) {
    std::lock_guard lock(process_mutex);
    process_phrases = std::make_shared<const CrisisPhrases>(std::move(phrases));
}

void load_phrases_file(const std::filesystem::path& path) { use_phrases(CrisisPhrases::load(path)); }

std::filesystem::path phrases_file(const std::filesystem::path& assets_dir) {
    return assets_dir / "templates" / "safety" / "crisis_phrases.txt";
}

bool speaks_of_self_harm(std::string_view text) {
    std::shared_ptr<const CrisisPhrases> phrases;
    {
        std::lock_guard lock(process_mutex);
        phrases = process_phrases;
    }
    if (!phrases) throw std::logic_error("the crisis phrase list was not loaded");
    return phrases->matches(text);
}

}  // namespace hearth::crisis
