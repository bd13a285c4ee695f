#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::render {

// One heading of rendered Markdown, for a table of contents.
struct Heading {
    int level = 1;     // 1-6, as written (# .. ######)
    std::string id;    // the id attribute given to it: the slug of its text, "-2", "-3" when repeated;
                       // "section-" before one that would look like a footnote's ("fn-1", "fnref-1")
    std::string text;  // its plain text (UTF-8, not HTML-escaped)
};

struct MarkdownOptions {
    // Links only to http:, https: and mailto: URLs, each with
    // rel="nofollow ugc"; any other link (relative ones included) is kept
    // as its text without a link. Off: cmark-gfm's own rule (script-capable
    // schemes get an empty href), which profiles have always had.
    bool outbound_links_only = true;
    // id="..." on every heading, and the headings returned.
    bool heading_ids = true;
    // [^1] references and their definitions (GitHub's footnotes).
    bool footnotes = true;
};

struct RenderedMarkdown {
    std::string html;
    std::vector<Heading> headings;  // in document order; empty unless heading_ids
    std::size_t words = 0;          // whitespace-separated words of the text, code included
};

// CommonMark + GitHub tables, strikethrough and autolinks, rendered safely
// whatever the options: raw HTML never passes (it becomes a "raw HTML
// omitted" comment), and an image never loads: it is shown as its alt text,
// so no page ever fetches a picture from elsewhere. Invalid UTF-8 becomes
// U+FFFD. Never throws for any input (std::bad_alloc aside).
RenderedMarkdown render_markdown(std::string_view markdown, const MarkdownOptions& options);

// The HTML of render_markdown with every option off (profiles' bio and
// approach): no heading ids, no footnotes, relative links kept.
std::string markdown_to_html(std::string_view markdown);

}  // namespace hearth::render
