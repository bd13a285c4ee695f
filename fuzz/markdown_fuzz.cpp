// Markdown (render/markdown.cpp), which specialists write and visitors read.
// Beyond not crashing, the HTML must be safe to put in a page: every tag is
// one cmark-gfm makes for Markdown (raw HTML never passes), every attribute
// one we expect (so never an " on...=" event handler), no "<script", no
// link or image with a script-capable URL, and valid UTF-8 whatever the
// input. As articles render it (render_markdown), stricter still: no image
// at all, and every href http(s), mailto or a footnote's own "#fn" anchor.
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
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "section", "sup"};
constexpr std::string_view allowed_attributes[] = {"href", "title", "src", "alt", "align", "start", "class"};
// What headings and footnotes add in render_markdown; "src" and "alt" are
// gone with the images.
constexpr std::string_view article_attributes[] = {
    "href", "title", "align", "start", "class", "rel", "id", "aria-label",
    "data-footnotes", "data-footnote-ref", "data-footnote-backref", "data-footnote-backref-idx"};
constexpr std::string_view bare_attributes[] = {"data-footnotes", "data-footnote-ref", "data-footnote-backref"};

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

bool article_url(std::string_view url) {
    const auto u = lower(url);
    return u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:") || u.starts_with("#fn");
}

// Checks one tag starting at html[i] == '<'; returns the index after it.
// `article`: render_markdown's output (its attributes and URL rule).
std::size_t check_tag(std::string_view html, std::size_t i, bool article) {
    if (html.substr(i).starts_with("<!-- raw HTML omitted -->")) return i + 25;
    std::size_t p = i + 1;
    if (p < html.size() && html[p] == '/') ++p;
    const auto name_start = p;
    while (p < html.size() && name_char(html[p])) ++p;
    const auto tag = html.substr(name_start, p - name_start);
    check(one_of(tag, allowed_tags), "Markdown produced a tag it should not");
    check(!article || tag != "img", "an article shows an image");
    while (true) {
        while (p < html.size() && html[p] == ' ') ++p;
        check(p < html.size(), "Markdown produced an unterminated tag");
        if (html[p] == '>') return p + 1;
        if (html.substr(p, 2) == "/>") return p + 2;
        const auto attr_start = p;
        while (p < html.size() && name_char(html[p])) ++p;
        const auto attr = html.substr(attr_start, p - attr_start);
        check(article ? one_of(attr, article_attributes) : one_of(attr, allowed_attributes),
              "Markdown produced an attribute it should not");
        if (article && one_of(attr, bare_attributes) && html.substr(p, 2) != "=\"") continue;
        check(html.substr(p, 2) == "=\"", "Markdown produced an unquoted attribute");
        p += 2;
        const auto end = html.find('"', p);
        check(end != std::string_view::npos, "Markdown produced an unterminated attribute");
        const auto value = html.substr(p, end - p);
        check(value.find_first_of("<>") == std::string_view::npos, "an attribute value holds < or >");
        if (attr == "href" || attr == "src") check(!dangerous_url(value), "a link or image keeps a dangerous URL");
        if (article && attr == "href") check(article_url(value), "an article links to something not http(s) or mailto");
        p = end + 1;
    }
}

void check_html(const std::string& html, bool article) {
    check(hearth::http::valid_utf8(html), "Markdown output is not UTF-8");
    check(lower(html).find("<script") == std::string::npos, "Markdown output holds <script");
    for (std::size_t i = 0; i < html.size();) {
        // Text escapes '<' as &lt;, so every '<' starts a tag.
        i = html[i] == '<' ? check_tag(html, i, article) : i + 1;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view markdown(reinterpret_cast<const char*>(data), size);
    check_html(hearth::render::markdown_to_html(markdown), false);
    const auto article = hearth::render::render_markdown(markdown, hearth::render::MarkdownOptions{});
    check_html(article.html, true);
    for (const auto& h : article.headings) {
        check(!h.id.empty() && h.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos,
              "a heading id is not a plain slug");
    }
    return 0;
}
