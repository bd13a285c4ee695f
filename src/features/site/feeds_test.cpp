// The XML the feeds and sitemaps are written with: escaping, characters XML
// forbids, and the Atom document's shape; HTTP dates.
#include <gtest/gtest.h>

#include "features/site/feeds.hpp"
#include "features/site/public_document.hpp"
#include "features/site/sitemap.hpp"
#include "features/site/xml_writer.hpp"

namespace hearth::site {
namespace {

articles::FeedEntry entry() {
    articles::FeedEntry e;
    e.id = 7;
    e.slug = "boundaries-are-doors";
    e.title = "Tom & Jerry <script>";
    e.summary = "A \"quoted\" summary";
    e.body_html = "<p>A &amp; B</p>";
    e.published_at = 1700000000;
    e.updated_at = 1700086400;
    e.author_name = "Lúcia Ferreira";
    e.author_slug = "lucia-ferreira";
    e.author_listed = true;
    e.topics = {"boundaries"};
    return e;
}

TEST(XmlWriter, EscapesTextAndAttributesAndDropsForbiddenControls) {
    XmlWriter w;
    w.start("a");
    w.attribute("title", "x\"<&>y");
    w.text("1 < 2 & \x01\x0b" "3\t\n");
    w.end();
    const auto xml = w.finish();
    EXPECT_NE(xml.find("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), std::string::npos);
    EXPECT_NE(xml.find("title=\"x&quot;&lt;&amp;&gt;y\""), std::string::npos) << xml;
    EXPECT_NE(xml.find(">1 &lt; 2 &amp; 3\t\n</a>"), std::string::npos) << xml;
}

TEST(AtomFeed, WritesEveryFieldEscapedOnce) {
    const auto xml = atom_feed({"/feed.xml", "/articles", "Hearth: articles"}, {entry()}, "https://h.example",
                               {{"boundaries", "Boundaries"}});
    EXPECT_NE(xml.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<id>https://h.example/feed.xml</id>"), std::string::npos);
    EXPECT_NE(xml.find("<updated>2023-11-15T22:13:20Z</updated>"), std::string::npos) << xml;  // the newest entry's
    EXPECT_NE(xml.find("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://h.example/feed.xml\"/>"),
              std::string::npos);
    EXPECT_NE(xml.find("<id>https://h.example/articles/boundaries-are-doors</id>"), std::string::npos);
    EXPECT_NE(xml.find("<title type=\"text\">Tom &amp; Jerry &lt;script&gt;</title>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<published>2023-11-14T22:13:20Z</published>"), std::string::npos);
    EXPECT_NE(xml.find("<name>Lúcia Ferreira</name><uri>https://h.example/specialists/lucia-ferreira</uri>"),
              std::string::npos) << xml;
    EXPECT_NE(xml.find("term=\"boundaries\""), std::string::npos);
    EXPECT_NE(xml.find("label=\"Boundaries\""), std::string::npos);
    // type="html": the stored HTML as text, so its markup is escaped once.
    EXPECT_NE(xml.find("&lt;p&gt;A &amp;amp; B&lt;/p&gt;</content>"), std::string::npos) << xml;
}

TEST(AtomFeed, UnlistedAuthorHasNoUriAndEmptyFeedIsDatedAtTheEpoch) {
    auto e = entry();
    e.author_listed = false;
    const auto one = atom_feed({"/feed.xml", "/articles", "t"}, {e}, "https://h.example", {});
    EXPECT_EQ(one.find("<uri>"), std::string::npos);
    const auto none = atom_feed({"/feed.xml", "/articles", "t"}, {}, "https://h.example", {});
    EXPECT_NE(none.find("<updated>1970-01-01T00:00:00Z</updated>"), std::string::npos) << none;
    EXPECT_EQ(none.find("<entry>"), std::string::npos);
}

TEST(PublicDocument, HttpDateIsRfc9110) {
    EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(without_trailing_slash("https://h.example//"), "https://h.example");
}

TEST(Robots, NamesTheSitemapAndKeepsPrivateAreasOut) {
    const auto text = robots_txt("https://h.example");
    EXPECT_EQ(text.rfind("User-agent: *\n", 0), 0u);
    EXPECT_NE(text.find("Disallow: /account\n"), std::string::npos);
    EXPECT_NE(text.find("Disallow: /api/\n"), std::string::npos);
    EXPECT_NE(text.find("Sitemap: https://h.example/sitemap.xml\n"), std::string::npos);
}

}  // namespace
}  // namespace hearth::site
