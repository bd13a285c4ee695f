#include "features/site/sitemap.hpp"

#include <algorithm>
#include <charconv>
#include <span>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/site/public_document.hpp"
#include "features/site/xml_writer.hpp"

namespace hearth::site {

namespace {

constexpr std::string_view kXmlType = "application/xml; charset=utf-8";
constexpr std::string_view kNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

std::vector<sitemap::Url> urls_of(db::Session& s, const sitemap::Source& source) {
    std::vector<sitemap::Url> out;
    source.each(s, [&](const sitemap::Url& u) { out.push_back(u); });
    return out;
}

std::int64_t newest(std::span<const sitemap::Url> urls) {
    std::int64_t out = 0;
    for (const auto& u : urls) out = std::max(out, u.last_modified);
    return out;
}

// <loc> then <lastmod> (W3C datetime, UTC) when known.
void location(XmlWriter& w, const std::string& loc, std::int64_t last_modified) {
    w.element("loc", loc);
    if (last_modified > 0) w.element("lastmod", rfc3339(last_modified));
}

// Writes the <url> elements of every list in `parts`.
std::string urlset(const std::string& base_url, std::span<const std::span<const sitemap::Url>> parts) {
    XmlWriter w;
    w.start("urlset");
    w.attribute("xmlns", kNamespace);
    for (const auto& part : parts) {
        for (const auto& u : part) {
            w.start("url");
            location(w, base_url + u.path, u.last_modified);
            w.end();
        }
    }
    w.end();
    return w.finish();
}

// "articles-2.xml" -> {"articles", 2}; n == 0 when malformed.
std::pair<std::string, std::size_t> parse_part_name(std::string_view file) {
    constexpr std::string_view ext = ".xml";
    if (!file.ends_with(ext)) return {"", 0};
    file.remove_suffix(ext.size());
    const auto dash = file.rfind('-');
    if (dash == std::string_view::npos || dash == 0) return {"", 0};
    const auto digits = file.substr(dash + 1);
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || end != digits.data() + digits.size() || digits.starts_with('0')) return {"", 0};
    return {std::string(file.substr(0, dash)), n};
}

}  // namespace

sitemap::Source static_pages_source(std::vector<std::string> paths) {
    return {"pages", [paths = std::move(paths)](db::Session&, const std::function<void(const sitemap::Url&)>& emit) {
                for (const auto& p : paths) emit({p, 0});
            }};
}

std::string robots_txt(const std::string& base_url) {
    // Personal pages (they answer a visitor with a log-in page), forms that
    // change state, and the JSON API: nothing there for a search engine.
    return "User-agent: *\n"
           "Allow: /\n"
           "Disallow: /account\n"
           "Disallow: /messages\n"
           "Disallow: /consultations\n"
           "Disallow: /admin\n"
           "Disallow: /api/\n"
           "Disallow: /login\n"
           "Disallow: /signup\n"
           "Disallow: /password/\n"
           "Disallow: /verify-email\n"
           "Disallow: /contact/sent/\n"
           "Disallow: /reports/\n"
           "Disallow: /specialists/*/book\n"
           "\n"
           "Sitemap: " +
           base_url + "/sitemap.xml\n";
}

std::shared_ptr<const std::vector<PublicDocument>> Sitemaps::kept(
    const std::string& key, const std::function<std::vector<PublicDocument>()>& build) {
    const std::int64_t window = now_seconds() / kSitemapKeptSeconds;
    if (auto docs = kept_.get(key, window)) return docs;
    auto docs = std::make_shared<const std::vector<PublicDocument>>(build());
    kept_.put(key, window, docs);
    return docs;
}

std::vector<PublicDocument> Sitemaps::build_root() {
    std::vector<std::vector<sitemap::Url>> lists;
    db_.read([&](db::Session& s) {
        for (const auto& source : sources_) lists.push_back(urls_of(s, source));
    });
    std::size_t total = 0;
    std::int64_t modified = 0;
    for (const auto& l : lists) {
        total += l.size();
        modified = std::max(modified, newest(l));
    }
    if (total <= urls_per_file_) {
        std::vector<std::span<const sitemap::Url>> parts(lists.begin(), lists.end());
        return {PublicDocument::of(urlset(base_url_, parts), modified)};
    }
    XmlWriter w;
    w.start("sitemapindex");
    w.attribute("xmlns", kNamespace);
    for (std::size_t i = 0; i < sources_.size(); ++i) {
        const std::span<const sitemap::Url> all(lists[i]);
        for (std::size_t first = 0, n = 1; first < all.size(); first += urls_per_file_, ++n) {
            const auto slice = all.subspan(first, std::min(urls_per_file_, all.size() - first));
            w.start("sitemap");
            location(w, base_url_ + "/sitemaps/" + sources_[i].name + "-" + std::to_string(n) + ".xml",
                     newest(slice));
            w.end();
        }
    }
    w.end();
    return {PublicDocument::of(w.finish(), modified)};
}

std::vector<PublicDocument> Sitemaps::build_parts(const sitemap::Source& source) {
    const auto urls = db_.read([&](db::Session& s) { return urls_of(s, source); });
    std::vector<PublicDocument> out;
    const std::span<const sitemap::Url> all(urls);
    for (std::size_t first = 0; first < all.size(); first += urls_per_file_) {
        const auto slice = all.subspan(first, std::min(urls_per_file_, all.size() - first));
        const std::span<const sitemap::Url> parts[] = {slice};
        out.push_back(PublicDocument::of(urlset(base_url_, parts), newest(slice)));
    }
    return out;
}

http::Response Sitemaps::sitemap(http::Request& req) {
    const auto docs = kept("/sitemap.xml", [this] { return build_root(); });
    return public_response(req, docs->front(), kXmlType);
}

http::Response Sitemaps::part(http::Request& req) {
    // Not a structured binding: clang 15 (the fuzz build) cannot capture one in a lambda.
    const auto part_name = parse_part_name(req.path_param("file"));
    const std::string& name = part_name.first;
    const std::size_t n = part_name.second;
    const auto source = std::find_if(sources_.begin(), sources_.end(), [&](const auto& s) { return s.name == name; });
    if (n == 0 || source == sources_.end()) throw Error::not_found();
    // All of a source's files at once: asking for one past the end costs
    // no more than asking for one that exists.
    const auto docs = kept(source->name, [&] { return build_parts(*source); });
    if (n > docs->size()) throw Error::not_found();
    return public_response(req, (*docs)[n - 1], kXmlType);
}

http::Response Sitemaps::robots(http::Request& req) {
    return public_document(req, robots_txt(base_url_), "text/plain; charset=utf-8", 0);
}

}  // namespace hearth::site
