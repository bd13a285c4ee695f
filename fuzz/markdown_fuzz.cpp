// Markdown (render/markdown.cpp), which specialists write and visitors read.
// Beyond not crashing, the HTML must be safe to put in a page: every tag is
// one cmark-gfm makes for Markdown (raw HTML never passes), every attribute
// one we expect, no link or image with a script-capable URL, and valid
// UTF-8 whatever the input.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/form.hpp"
#include "http/text.hpp"
#include "render/markdown.hpp"

using hearth::fuzz::check;

namespace {

constexpr std::string_view allowed_tags[] = {
    "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul"};
constexpr std::string_view allowed_attributes[] = {"href", "title", "src", "alt", "align", "start", "class"};

template <std::size_t N>
bool one_of(std::string_view s, const std::string_view (&list)[N]) {
    return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// cmark-gfm's own rule (_scan_dangerous_url): these schemes become "".
bool dangerous_url(std::string_view url) {
    const auto u = lower(url);
    for (std::string_view scheme : {"javascript:", "vbscript:", "file:"}) {
        if (u.starts_with(scheme)) return true;
    }
    if (!u.starts_with("data:")) return false;
    for (std::string_view ok : {"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"}) {
        if (u.starts_with(ok)) return false;
    }
    return true;
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// Checks one tag starting at html[i] == '<'; returns the index after it.
std::size_t check_tag(std::string_view html, std::size_t i) {
    if (html.substr(i).starts_with("<!-- raw HTML omitted -->")) return i + 25;
    std::size_t p = i + 1;
    if (p < html.size() && html[p] == '/') ++p;
    const auto name_start = p;
    while (p < html.size() && name_char(html[p])) ++p;
    check(one_of(html.substr(name_start, p - name_start), allowed_tags), "Markdown produced a tag it should not");
    while (true) {
        while (p < html.size() && html[p] == ' ') ++p;
        check(p < html.size(), "Markdown produced an unterminated tag");
        if (html[p] == '>') return p + 1;
        if (html.substr(p, 2) == "/>") return p + 2;
        const auto attr_start = p;
        while (p < html.size() && name_char(html[p])) ++p;
        const auto attr = html.substr(attr_start, p - attr_start);
        check(one_of(attr, allowed_attributes), "Markdown produced an attribute it should not");
        check(html.substr(p, 2) == "=\"", "Markdown produced an unquoted attribute");
        p += 2;
        const auto end = html.find('"', p);
        check(end != std::string_view::npos, "Markdown produced an unterminated attribute");
        const auto value = html.substr(p, end - p);
        check(value.find_first_of("<>") == std::string_view::npos, "an attribute value holds < or >");
        if (attr == "href" || attr == "src") check(!dangerous_url(value), "a link or image keeps a dangerous URL");
        p = end + 1;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string html = hearth::render::markdown_to_html(std::string_view(reinterpret_cast<const char*>(data), size));
    check(hearth::http::valid_utf8(html), "Markdown output is not UTF-8");
    for (std::size_t i = 0; i < html.size();) {
        // Text escapes '<' as &lt;, so every '<' starts a tag.
        i = html[i] == '<' ? check_tag(html, i) : i + 1;
    }
    return 0;
}
