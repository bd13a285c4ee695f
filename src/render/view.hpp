#pragma once
// Server-side rendering: Mustache templates parsed once at start-up, and the
// one page layout every HTML page goes through. View models are
// boost::json objects, so the same data shape serves pages and the API.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace hearth::render {

// An Atom feed a page points to (<link rel="alternate">).
struct FeedLink {
    std::string title;  // "Hearth articles"
    std::string path;   // "/feed.xml"
};

// What one helper turns into <title>, description, canonical URL, Open
// Graph, Twitter card, JSON-LD and feed links, so every page gets it right.
struct PageMeta {
    std::string title;             // "Log in" -> "Log in · Hearth"; empty on the home page
    std::string description;
    std::string canonical_path;    // "/login"; defaults to the request path
    std::string og_type = "website";
    std::string og_image;          // absolute path or URL; empty -> site default
    std::string og_image_alt;      // what the image shows; empty: none given
    std::string twitter_card = "summary";  // "summary_large_image" for pages with a large image
    std::string json_ld;           // serialized JSON-LD object, or empty
    bool noindex = false;          // account pages, forms, errors
    // Feeds of this page's subject (a topic's, an author's), after the site's
    // own /feed.xml, which every page links.
    std::vector<FeedLink> feeds;
    std::string nav_section;       // "articles", "specialists", "questions", "free-consultation", "account", ...
};

// The metadata of a page for one person (their account, a form, the admin
// area): `title`, kept out of search engines (noindex), shown under
// `nav_section` ("" for none).
PageMeta private_page(std::string title, std::string nav_section = "");

class Templates {
public:
    // Parses every <dir>/**/*.mustache once; a template's name is its path
    // without the extension ("accounts/login"). Throws on a syntax error.
    explicit Templates(const std::filesystem::path& dir);
    ~Templates();
    Templates(const Templates&) = delete;
    Templates& operator=(const Templates&) = delete;

    // Renders one template (HTML-escaping every {{value}}, except in the
    // plain-text e-mail templates under emails/). Throws std::out_of_range
    // for an unknown name.
    std::string render(std::string_view name, const boost::json::value& data) const;
    bool has(std::string_view name) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct SiteInfo {
    std::string name = "Hearth";
    std::string base_url = "http://127.0.0.1:8080";  // absolute URLs in metadata and e-mails
    // Where the layout's "Leave this site" link goes: a neutral, well-known
    // page elsewhere (configuration key quick_exit_url; an http(s) URL).
    std::string quick_exit_url = "https://www.bbc.co.uk/weather";
    // How to reach the people who run this Hearth, shown on /contact
    // (configuration keys contact_email, contact_reply_time). Empty: not set.
    std::string contact_email{};
    std::string contact_reply_time{};  // in the operators' words: "within two working days"
};

class View {
public:
    View(const Templates& templates, SiteInfo site);

    // Renders template `name` with `data` and wraps it in layout/page: nav,
    // account links, the "Need help now?" link, the "Leave this site" link
    // (on every page), the offline notice, metadata.
    // The layout adds `csrf_token`, `current_path` and `user` to the data.
    std::string page(const http::Request& req, std::string_view name, boost::json::object data,
                     const PageMeta& meta) const;

    // What the layout shows a signed-in person on every page besides their
    // name (counts beside navigation links, e.g. {"unread_messages": 2}),
    // computed per request and put under `signed_in_extras`. Set once at
    // start-up, before the server takes requests; features provide it, so
    // the core names none of them.
    using SignedInExtras = std::function<boost::json::object(const http::Request& req)>;
    void set_signed_in_extras(SignedInExtras extras) { signed_in_extras_ = std::move(extras); }

    // Whether pages link their Atom feeds (the site's /feed.xml and each
    // PageMeta::feeds): on once the application serves those feeds, so no
    // page ever points to one that is not there. Set once at start-up.
    void set_feed_links(bool on) { feed_links_ = on; }

    const SiteInfo& site() const noexcept { return site_; }
    const Templates& templates() const noexcept { return templates_; }

private:
    const Templates& templates_;
    SiteInfo site_;
    SignedInExtras signed_in_extras_;
    bool feed_links_ = false;
};

}  // namespace hearth::render
