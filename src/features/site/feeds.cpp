#include "features/site/feeds.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/site/public_document.hpp"
#include "features/site/xml_writer.hpp"
#include "features/specialists/profile_store.hpp"
#include "features/vocabularies/vocabulary.hpp"

namespace hearth::site {

namespace {

constexpr std::string_view kAtomType = "application/atom+xml; charset=utf-8";

void link(XmlWriter& w, std::string_view rel, std::string_view type, const std::string& href) {
    w.start("link");
    w.attribute("rel", rel);
    w.attribute("type", type);
    w.attribute("href", href);
    w.end();
}

void write_entry(XmlWriter& w, const articles::FeedEntry& e, const std::string& base_url,
                 const std::map<std::string, std::string>& topic_names) {
    const std::string url = base_url + "/articles/" + e.slug;
    w.start("entry");
    w.element("id", url);
    w.start("title");
    w.attribute("type", "text");
    w.text(e.title);
    w.end();
    link(w, "alternate", "text/html", url);
    w.element("published", rfc3339(e.published_at));
    w.element("updated", rfc3339(e.updated_at));
    w.start("author");
    w.element("name", e.author_name);
    if (e.author_listed) w.element("uri", base_url + "/specialists/" + e.author_slug);
    w.end();
    for (const auto& topic : e.topics) {
        w.start("category");
        w.attribute("term", topic);
        w.attribute("scheme", base_url + "/topics/");
        if (auto it = topic_names.find(topic); it != topic_names.end()) w.attribute("label", it->second);
        w.end();
    }
    if (!e.summary.empty()) {
        w.start("summary");
        w.attribute("type", "text");
        w.text(e.summary);
        w.end();
    }
    // The stored HTML, escaped once more as Atom's type="html" requires;
    // xml:base resolves the article's relative links against its page.
    w.start("content");
    w.attribute("type", "html");
    w.attribute("xml:base", url);
    w.text(e.body_html);
    w.end();
    w.end();
}

std::map<std::string, std::string> topic_names(db::Session& s) {
    std::map<std::string, std::string> out;
    for (auto& t : vocabularies::list_terms(s, vocabularies::Kind::topic)) out.emplace(t.slug, t.name);
    return out;
}

}  // namespace

std::string atom_feed(const AtomHead& head, const std::vector<articles::FeedEntry>& entries,
                      const std::string& base_url, const std::map<std::string, std::string>& topic_names) {
    std::int64_t updated = 0;
    for (const auto& e : entries) updated = std::max(updated, e.updated_at);
    XmlWriter w;
    w.start("feed");
    w.attribute("xmlns", "http://www.w3.org/2005/Atom");
    w.element("id", base_url + head.self_path);
    w.start("title");
    w.attribute("type", "text");
    w.text(head.title);
    w.end();
    w.element("updated", rfc3339(updated));
    link(w, "self", "application/atom+xml", base_url + head.self_path);
    link(w, "alternate", "text/html", base_url + head.alternate_path);
    for (const auto& e : entries) write_entry(w, e, base_url, topic_names);
    w.end();
    return w.finish();
}

http::Response Feeds::answer(const http::Request& req, const AtomHead& head, const articles::FeedFilter& filter) {
    auto [entries, names] = db_.read([&](db::Session& s) {
        return std::pair{articles::latest_feed_entries(s, filter, kEntries), topic_names(s)};
    });
    std::int64_t updated = 0;
    for (const auto& e : entries) updated = std::max(updated, e.updated_at);
    return public_document(req, atom_feed(head, entries, base_url_, names), kAtomType, updated);
}

http::Response Feeds::latest(http::Request& req) {
    return answer(req, {"/feed.xml", "/articles", site_name_ + ": articles"}, {});
}

http::Response Feeds::topic(http::Request& req) {
    const auto slug = req.path_param("topic");
    auto term = db_.read([&](db::Session& s) { return vocabularies::find_term(s, vocabularies::Kind::topic, slug); });
    if (!term) throw Error::not_found("We could not find that topic.");
    return answer(req,
                  {"/topics/" + term->slug + "/feed.xml", "/articles?topic=" + term->slug,
                   site_name_ + ": articles on " + term->name},
                  {term->slug, 0});
}

http::Response Feeds::specialist(http::Request& req) {
    const auto slug = req.path_param("slug");
    auto profile = db_.read([&](db::Session& s) { return specialists::find_listed_profile(s, slug); });
    if (!profile) throw Error::not_found("We could not find that specialist.");
    return answer(req,
                  {"/specialists/" + profile->slug + "/feed.xml", "/specialists/" + profile->slug,
                   site_name_ + ": articles by " + profile->fields.full_name},
                  {"", profile->id});
}

}  // namespace hearth::site
