// Markdown for articles, questions and answers: CommonMark + GitHub tables,
// strikethrough and autolinks, via cmark-gfm.
//
// Safety comes from what we leave out: without CMARK_OPT_UNSAFE, cmark-gfm
// replaces raw HTML (blocks and inline) by a "raw HTML omitted" comment and
// gives links and images with javascript:, vbscript:, file: and data: URLs
// (other than data:image/png|gif|jpeg|webp) an empty href/src. Invalid UTF-8
// is replaced by U+FFFD (CMARK_OPT_VALIDATE_UTF8).
#include "render/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace hearth::render {

namespace {

constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink"};

// cmark-gfm's extension registry is a process-wide list that is not safe to
// build concurrently; register once, then only read it.
//
// Parsing is not thread-safe either, in 0.29.0.gfm.6 (Debian 12): at the end
// of cmark_parser_finish the inline parser adds the extensions' special
// characters ('~' for strikethrough, the autolink triggers) to a process-wide
// table and removes them again afterwards, so one thread finishing a parse
// switches strikethrough off for another thread still parsing (seen in the
// ConcurrentUse test: "~~x~~" left as text). So parsing holds this lock;
// rendering the finished tree to HTML does not. Callers should render
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
struct CharDeleter {
    void operator()(char* s) const noexcept { std::free(s); }
};

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
    ensure_registered();
    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kOptions));
    if (!parser) throw std::bad_alloc();
    for (const char* name : kExtensions) {
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
    // The default allocator is malloc-based, so the result is free()d.
    std::unique_ptr<char, CharDeleter> html(
        cmark_render_html(doc.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get())));
    if (!html) throw std::bad_alloc();
    return std::string(html.get());
}

}  // namespace hearth::render
