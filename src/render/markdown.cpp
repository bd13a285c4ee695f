// Markdown for articles, questions and answers: CommonMark + GitHub tables,
// strikethrough, autolinks and footnotes, via cmark-gfm.
//
// Safety comes from what we leave out and from reshaping the parsed tree
// before it is rendered (never from editing the HTML afterwards):
// - without CMARK_OPT_UNSAFE, cmark-gfm replaces raw HTML (blocks and
//   inline) by a "raw HTML omitted" comment;
// - images become their alt text (no page fetches a picture from elsewhere);
// - with outbound_links_only, a link node to http:, https: or mailto: is
//   replaced by a custom node whose tags we write ourselves (href escaped,
//   rel="nofollow ugc"); any other link is replaced by its text. cmark-gfm
//   has already decoded entities in the URL, so "jav&#x61;script:" is seen
//   as the javascript: it is;
// - with heading_ids, a heading becomes a custom block "<hN id=...>".
// Invalid UTF-8 is replaced by U+FFFD (CMARK_OPT_VALIDATE_UTF8).
#include "render/markdown.hpp"

#include "core/utf8.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>

namespace hearth::render {

namespace {

constexpr int kBaseOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART;

// cmark-gfm 0.29.0.gfm.6 (Debian 12) takes time that grows with the product
// of two counts on some inputs, all while holding parse_mutex: every line
// that looks like a table's delimiter row re-reads the paragraph above it
// cell by cell (100 such lines under a line of 99,000 '|' ran for minutes),
// and the "www." autolinker re-scans the rest of the text for each one
// (16,000 "www.a_" took 21 s). Text beyond these counts is still rendered,
// without the extension: its pipes stay text, its bare "www." addresses
// stay unlinked. Within them the worst we found takes well under a second
// (markdown_test.cpp, PathologicalInputStayFast).
constexpr std::size_t kMaxTablePipes = 4000;
constexpr std::size_t kMaxDelimiterRows = 100;
constexpr std::size_t kMaxBareWebAddresses = 100;

// cmark-gfm's extension registry is a process-wide list that is not safe to
// build concurrently; register once, then only read it.
//
// Parsing is not thread-safe either, in 0.29.0.gfm.6 (Debian 12): at the end
// of cmark_parser_finish the inline parser adds the extensions' special
// characters ('~' for strikethrough, the autolink triggers) to a process-wide
// table and removes them again afterwards, so one thread finishing a parse
// switches strikethrough off for another thread still parsing (seen in the
// ConcurrentUse test: "~~x~~" left as text). So parsing holds this lock;
// reshaping and rendering the finished tree does not. Callers should render
// Markdown once when it is written and store the HTML, not on every view.
std::mutex parse_mutex;

void ensure_registered() {
    static std::once_flag once;
    std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct ParserDeleter {
    void operator()(cmark_parser* p) const noexcept { cmark_parser_free(p); }
};
struct NodeDeleter {
    void operator()(cmark_node* n) const noexcept { cmark_node_free(n); }
};
struct IterDeleter {
    void operator()(cmark_iter* i) const noexcept { cmark_iter_free(i); }
};
struct CharDeleter {
    void operator()(char* s) const noexcept { std::free(s); }
};

std::string_view text_of(const char* s) { return s ? std::string_view(s) : std::string_view(); }

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    }
    return true;
}

// A line of only '|', '-', ':' and blanks with a '-': what cmark-gfm tries
// as the delimiter row of a table.
bool looks_like_delimiter_row(std::string_view line) {
    bool dash = false;
    for (char ch : line) {
        if (ch == '-') dash = true;
        else if (ch != '|' && ch != ':' && ch != ' ' && ch != '\t' && ch != '\r') return false;
    }
    return dash;
}

bool tables_are_safe(std::string_view markdown) {
    if (static_cast<std::size_t>(std::count(markdown.begin(), markdown.end(), '|')) > kMaxTablePipes) return false;
    std::size_t rows = 0;
    for (std::size_t start = 0; start < markdown.size();) {
        auto end = markdown.find('\n', start);
        if (end == std::string_view::npos) end = markdown.size();
        if (looks_like_delimiter_row(markdown.substr(start, end - start)) && ++rows > kMaxDelimiterRows) return false;
        start = end + 1;
    }
    return true;
}

bool autolinks_are_safe(std::string_view markdown) {
    std::size_t found = 0;
    for (std::size_t i = 0; i + 4 <= markdown.size(); ++i) {
        if (starts_with_ignoring_case(markdown.substr(i, 4), "www.") && ++found > kMaxBareWebAddresses) return false;
    }
    return true;
}

// cmark-gfm 0.29.0.gfm.6 loses the words of a footnote label that runs
// over a line ending ("[^a\nb]" comes out as "[^]", and can end with half a
// character: github/cmark-gfm issue 282). Such a text is rendered without
// footnotes, so every word stays; "[^1]" then shows as typed, which the
// writer sees in the preview.
bool footnote_labels_are_safe(std::string_view markdown) {
    for (auto at = markdown.find("[^"); at != std::string_view::npos; at = markdown.find("[^", at + 2)) {
        const auto label_end = markdown.find_first_of("]\r\n", at + 2);
        if (label_end != std::string_view::npos && markdown[label_end] != ']') return false;
    }
    return true;
}

bool outbound_url(std::string_view url) {
    return starts_with_ignoring_case(url, "https://") || starts_with_ignoring_case(url, "http://") ||
           starts_with_ignoring_case(url, "mailto:");
}

// An attribute value: characters that may stay in a URL as they are, the
// rest percent-encoded (so no space, quote or angle bracket survives), and
// '&' / '\'' as entities.
std::string escape_url_attribute(std::string_view url) {
    static constexpr std::string_view keep = "-_.~!*();:@=+$,/?#[]%";
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(url.size() + 8);
    for (char ch : url) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || keep.find(ch) != std::string_view::npos) {
            out += ch;
        } else if (ch == '&') {
            out += "&amp;";
        } else if (ch == '\'') {
            out += "&#x27;";
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

std::string escape_text_attribute(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#x27;"; break;
            default: out += ch;
        }
    }
    return out;
}

// The plain text under a node: its text, code and line breaks as spaces.
void append_plain_text(cmark_node* node, std::string& out) {
    for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
        switch (cmark_node_get_type(c)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE: out += text_of(cmark_node_get_literal(c)); break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK: out += ' '; break;
            default: append_plain_text(c, out);
        }
    }
}

// "Why it matters (and how)" -> "why-it-matters-and-how"; ASCII letters
// and digits only, so an id reads the same in every link; "section" when
// nothing is left.
std::string heading_slug(std::string_view text) {
    std::string out;
    bool dash = false;
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80 && std::isalnum(c)) {
            if (dash && !out.empty()) out += '-';
            out += static_cast<char>(std::tolower(c));
            dash = false;
        } else {
            dash = true;
        }
        if (out.size() >= 80) break;
    }
    return out.empty() ? "section" : out;
}

std::size_t count_words(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    for (char ch : text) {
        const bool space = std::isspace(static_cast<unsigned char>(ch)) != 0;
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

// Moves the children of `from` in front of `from`, then frees `from`.
void replace_by_children(cmark_node* from) {
    while (cmark_node* child = cmark_node_first_child(from)) {
        cmark_node_unlink(child);
        cmark_node_insert_before(from, child);
    }
    cmark_node_free(from);
}

// Puts `to` where `from` was, moves the children of `from` into it, and
// frees `from`. Where the parent cannot hold `to` (a table cell holds no
// custom inline), `to` is freed instead and the children stay in place as
// plain content: nothing is lost, nothing leaks.
void wrap_children(cmark_node* from, cmark_node* to) {
    if (!cmark_node_insert_before(from, to)) {
        cmark_node_free(to);
        replace_by_children(from);
        return;
    }
    while (cmark_node* child = cmark_node_first_child(from)) {
        cmark_node_unlink(child);
        cmark_node_append_child(to, child);
    }
    cmark_node_free(from);
}

cmark_node* custom_node(cmark_node_type type, const std::string& on_enter, const std::string& on_exit) {
    cmark_node* n = cmark_node_new(type);
    if (!n) throw std::bad_alloc();
    cmark_node_set_on_enter(n, on_enter.c_str());
    cmark_node_set_on_exit(n, on_exit.c_str());
    return n;
}

void reshape_link(cmark_node* link, const MarkdownOptions& options) {
    if (!options.outbound_links_only) return;
    const auto url = text_of(cmark_node_get_url(link));
    if (!outbound_url(url)) {
        replace_by_children(link);
        return;
    }
    std::string open = "<a href=\"" + escape_url_attribute(url) + "\"";
    if (const auto title = text_of(cmark_node_get_title(link)); !title.empty()) {
        open += " title=\"" + escape_text_attribute(title) + "\"";
    }
    open += " rel=\"nofollow ugc\">";
    wrap_children(link, custom_node(CMARK_NODE_CUSTOM_INLINE, open, "</a>"));
}

void reshape_heading(cmark_node* heading, std::set<std::string>& ids, RenderedMarkdown& out) {
    Heading h;
    h.level = cmark_node_get_heading_level(heading);
    append_plain_text(heading, h.text);
    // Footnotes own the ids "fn-<label>" and "fnref-<label>": a heading
    // "Fn 1" must not take one (two elements with one id, and the footnote's
    // back link jumping to the heading).
    auto base = heading_slug(h.text);
    if (base.starts_with("fn-") || base.starts_with("fnref-")) base = "section-" + base;
    h.id = base;
    for (int n = 2; !ids.insert(h.id).second; ++n) h.id = base + "-" + std::to_string(n);
    const auto tag = "h" + std::to_string(h.level);
    // A custom block writes line breaks around its own tags, so the heading's
    // tags go on an inline node inside an empty block: "<h2 id=..>text</h2>".
    auto* inline_tags = custom_node(CMARK_NODE_CUSTOM_INLINE, "<" + tag + " id=\"" + h.id + "\">", "</" + tag + ">");
    auto* block = custom_node(CMARK_NODE_CUSTOM_BLOCK, "", "");
    cmark_node_append_child(block, inline_tags);
    while (cmark_node* child = cmark_node_first_child(heading)) {
        cmark_node_unlink(child);
        cmark_node_append_child(inline_tags, child);
    }
    cmark_node_replace(heading, block);
    cmark_node_free(heading);
    out.headings.push_back(std::move(h));
}

// Reshapes the tree as the options say and counts its words. Nodes are
// collected first and changed afterwards: an iterator must not see the
// tree change under it.
void reshape(cmark_node* doc, const MarkdownOptions& options, RenderedMarkdown& out) {
    std::vector<cmark_node*> images, links, headings;
    std::string words;
    {
        std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(doc));
        for (auto ev = cmark_iter_next(it.get()); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(it.get())) {
            cmark_node* n = cmark_iter_get_node(it.get());
            const auto type = cmark_node_get_type(n);
            // Words end where blocks end, not between "*three*" and ".".
            if (ev == CMARK_EVENT_EXIT && (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) words += ' ';
            if (ev != CMARK_EVENT_ENTER) continue;
            switch (type) {
                case CMARK_NODE_IMAGE: images.push_back(n); break;
                case CMARK_NODE_LINK: links.push_back(n); break;
                case CMARK_NODE_HEADING: headings.push_back(n); break;
                case CMARK_NODE_TEXT:
                case CMARK_NODE_CODE: words += text_of(cmark_node_get_literal(n)); break;
                case CMARK_NODE_CODE_BLOCK:
                case CMARK_NODE_HTML_BLOCK:
                    if (type == CMARK_NODE_CODE_BLOCK) words += text_of(cmark_node_get_literal(n));
                    words += ' ';
                    break;
                case CMARK_NODE_SOFTBREAK:
                case CMARK_NODE_LINEBREAK: words += ' '; break;
                default: break;
            }
        }
    }
    out.words = count_words(words);
    // Images first: an image inside a link ([![alt](src)](href)) leaves its
    // alt text in the link.
    for (cmark_node* n : images) replace_by_children(n);
    for (cmark_node* n : links) reshape_link(n, options);
    if (options.heading_ids) {
        std::set<std::string> ids;
        for (cmark_node* n : headings) reshape_heading(n, ids, out);
    }
}

}  // namespace

RenderedMarkdown render_markdown(std::string_view markdown, const MarkdownOptions& options) {
    ensure_registered();
    const bool footnotes = options.footnotes && footnote_labels_are_safe(markdown);
    const int cmark_options = kBaseOptions | (footnotes ? CMARK_OPT_FOOTNOTES : 0);
    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(cmark_options));
    if (!parser) throw std::bad_alloc();
    std::vector<const char*> extensions{"strikethrough"};
    if (tables_are_safe(markdown)) extensions.push_back("table");
    if (autolinks_are_safe(markdown)) extensions.push_back("autolink");
    for (const char* name : extensions) {
        cmark_syntax_extension* ext = cmark_find_syntax_extension(name);
        if (!ext) throw std::runtime_error(std::string("cmark-gfm extension missing: ") + name);
        cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
    std::unique_ptr<cmark_node, NodeDeleter> doc;
    {
        std::lock_guard lock(parse_mutex);
        cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
        doc.reset(cmark_parser_finish(parser.get()));
    }
    if (!doc) throw std::bad_alloc();
    RenderedMarkdown out;
    reshape(doc.get(), options, out);
    // The default allocator is malloc-based, so the result is free()d.
    std::unique_ptr<char, CharDeleter> html(
        cmark_render_html(doc.get(), cmark_options, cmark_parser_get_syntax_extensions(parser.get())));
    if (!html) throw std::bad_alloc();
    out.html = html.get();
    // Promised whatever the parser does: a page never carries broken UTF-8.
    if (!valid_utf8(out.html)) out.html = with_replacement_characters(out.html);
    for (auto& h : out.headings) {
        if (!valid_utf8(h.text)) h.text = with_replacement_characters(h.text);
    }
    return out;
}

std::string markdown_to_html(std::string_view markdown) {
    return render_markdown(markdown, MarkdownOptions{false, false, false}).html;
}

}  // namespace hearth::render
