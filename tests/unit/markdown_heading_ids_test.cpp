// Heading ids never take the ids footnotes use ("fn-<label>",
// "fnref-<label>"): duplicate ids would send the footnote's back link to
// the heading, and break the page for assistive technology.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "render/markdown.hpp"

using hearth::render::MarkdownOptions;
using hearth::render::render_markdown;

TEST(MarkdownHeadingIds, NeverTakeAFootnotesId) {
    const auto r = render_markdown("# Fn 1\n\n## fnref 1\n\nText[^1].\n\n[^1]: A note.\n", MarkdownOptions{});
    ASSERT_EQ(r.headings.size(), 2u);
    EXPECT_EQ(r.headings[0].id, "section-fn-1");
    EXPECT_EQ(r.headings[1].id, "section-fnref-1");
    std::set<std::string> ids;
    const std::regex id_attr(R"re(\sid="([^"]*)")re");
    for (auto it = std::sregex_iterator(r.html.begin(), r.html.end(), id_attr); it != std::sregex_iterator(); ++it) {
        EXPECT_TRUE(ids.insert((*it)[1].str()).second) << "duplicate id " << (*it)[1].str() << " in " << r.html;
    }
}

TEST(MarkdownHeadingIds, OrdinaryHeadingsKeepTheirSlug) {
    const auto r = render_markdown("# Finding footing\n\n# fn\n", MarkdownOptions{});
    ASSERT_EQ(r.headings.size(), 2u);
    EXPECT_EQ(r.headings[0].id, "finding-footing");
    EXPECT_EQ(r.headings[1].id, "fn");
}
