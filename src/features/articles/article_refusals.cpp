#include "features/articles/article_refusals.hpp"

#include <algorithm>
#include <cctype>

#include "core/field_checks.hpp"
#include "core/utf8.hpp"

namespace hearth::articles {

namespace {

bool http_url(std::string_view url) {
    auto starts = [&](std::string_view prefix) {
        if (url.size() <= prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
        }
        return true;
    };
    const bool spaced = std::any_of(url.begin(), url.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '<' || c == '>';
    });
    return !spaced && (starts("https://") || starts("http://"));
}

// Code points that take no room on a page: Unicode's White_Space
// characters beyond ASCII, the zero-width and word-joining format characters,
// the byte order mark, the soft hyphen, and the "filler" letters that fonts
// draw as nothing (Hangul fillers, the blank Braille pattern).
bool invisible(long cp) {
    switch (cp) {
        case 0x00A0: case 0x00AD: case 0x034F: case 0x115F: case 0x1160: case 0x1680: case 0x180E:
        case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x2800: case 0x3000: case 0x3164:
        case 0xFEFF: case 0xFFA0:
            return true;
        default:
            return (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x206F) ||
                   (cp >= 0xFE00 && cp <= 0xFE0F) || cp <= 0x20 || cp == 0x7F;
    }
}

}  // namespace

bool shows_something(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto cp = next_code_point(text, i);
        if (cp < 0) return true;  // not UTF-8: other checks refuse it
        if (!invisible(cp)) return true;
    }
    return false;
}

namespace {

// A required one-line field must show something: "\u200b\u200b" would be
// an article (or reference) with a title nobody can see or click.
void require_visible(FieldChecks& check, std::string_view field, std::string_view label, const std::string& value) {
    if (!value.empty() && !check.failed(field) && !shows_something(value)) {
        check.fail(field, std::string(label) + " needs letters, digits or signs that can be seen.");
    }
}

// Drops empty entries (a form sends every input, filled or not).
void drop_empty(std::vector<std::string>& items) {
    for (auto& item : items) {
        const auto first = item.find_first_not_of(" \t\r\n");
        item = first == std::string::npos ? "" : item.substr(first, item.find_last_not_of(" \t\r\n") - first + 1);
    }
    items.erase(std::remove(items.begin(), items.end(), std::string()), items.end());
}

void check_reference(Reference& r, std::size_t i, FieldChecks& check) {
    const auto field = [&](std::string_view name) { return "references[" + std::to_string(i) + "]." + std::string(name); };
    check.line(field("title"), "The title of reference " + std::to_string(i + 1), r.title, max_reference_chars, true);
    require_visible(check, field("title"), "The title of reference " + std::to_string(i + 1), r.title);
    check.line(field("authors"), "Authors", r.authors, max_reference_chars);
    check.line(field("year"), "Year", r.year, 20);
    check.line(field("publisher"), "Publisher", r.publisher, max_reference_chars);
    check.text(field("note"), "Note", r.note, max_reference_chars);
    check.line(field("url"), "Link", r.url, max_reference_url_chars);
    if (!r.url.empty() && !check.failed(field("url")) && !http_url(r.url)) {
        check.fail(field("url"), "A reference link must start with https:// or http://.");
    }
}

}  // namespace

std::string_view content_note_label(std::string_view slug) {
    for (const auto& k : content_note_kinds) {
        if (k.slug == slug) return k.label;
    }
    return {};
}

void check_content(ArticleContent& c, bool has_cover, FieldChecks& check) {
    check.line("title", "Title", c.title, max_title_chars, true);
    require_visible(check, "title", "The title", c.title);
    check.text("summary", "Summary", c.summary, max_summary_chars);
    check.text("body", "The text", c.body, max_body_chars, true);
    drop_empty(c.key_points);
    if (c.key_points.size() > max_key_points) check.fail("key_points", "Give at most three key points.");
    for (std::size_t i = 0; i < c.key_points.size(); ++i) {
        check.line("key_points", "Each key point", c.key_points[i], max_key_point_chars);
        require_visible(check, "key_points", "Each key point", c.key_points[i]);
    }
    drop_empty(c.content_notes);
    if (c.content_notes.size() > max_content_notes) check.fail("content_notes", "Choose at most five content notes.");
    for (const auto& note : c.content_notes) {
        if (content_note_label(note).empty()) check.fail("content_notes", "Choose content notes from the list.");
    }
    std::sort(c.content_notes.begin(), c.content_notes.end());
    c.content_notes.erase(std::unique(c.content_notes.begin(), c.content_notes.end()), c.content_notes.end());
    // A reference row left wholly empty on the form is no reference.
    std::erase_if(c.references, [](const Reference& r) {
        return r.title.empty() && r.authors.empty() && r.year.empty() && r.publisher.empty() && r.url.empty() &&
               r.note.empty();
    });
    if (c.references.size() > max_references) check.fail("references", "Give at most 50 references.");
    for (std::size_t i = 0; i < c.references.size() && i < max_references; ++i) check_reference(c.references[i], i, check);
    check.text("adapted_from", "Adapted from", c.adapted_from, max_adapted_from_chars);
    check.line("cover_image_alt", "The cover's description", c.cover_alt, max_cover_alt_chars, has_cover);
}

}  // namespace hearth::articles
