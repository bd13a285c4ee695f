// View::page: the content template, then layout/page around it.
#include "render/view.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <string>

#include "core/percent_encoding.hpp"
#include "http/redirect.hpp"

namespace hearth::render {

namespace {

bool starts_with_path(std::string_view path, std::string_view prefix) {
    return path == prefix || (path.starts_with(prefix) && path.size() > prefix.size() && path[prefix.size()] == '/');
}

// Where "Log in" / "Sign up" should bring people back to. On the account
// pages themselves that is wherever they were going before, not the form.
std::string return_to_for(const http::Request& req) {
    const std::string& path = req.path();
    if (starts_with_path(path, "/login") || starts_with_path(path, "/signup") ||
        starts_with_path(path, "/logout") || starts_with_path(path, "/password")) {
        return http::safe_local_target(req.query_param("return_to"), "/");
    }
    return http::safe_local_target(req.target(), "/");
}

std::string strip_trailing_slash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

std::string absolute(const SiteInfo& site, std::string_view path_or_url) {
    if (path_or_url.starts_with("http://") || path_or_url.starts_with("https://")) return std::string(path_or_url);
    std::string out = strip_trailing_slash(site.base_url);
    if (!path_or_url.starts_with("/")) out += '/';
    out += path_or_url;
    return out;
}

// JSON-LD goes into a <script> element, where "</script" would end it. Parse
// and re-serialise it (so only well-formed JSON is ever emitted), then escape
// every '<', '>' and '&' as \u escapes, which JSON allows inside strings and
// which cannot occur outside them.
std::string safe_json_ld(const std::string& json_ld) {
    if (json_ld.empty()) return {};
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(json_ld, ec);
    if (ec) return {};
    const std::string s = boost::json::serialize(v);
    std::string out;
    out.reserve(s.size() + 16);
    for (char c : s) {
        switch (c) {
            case '<': out += "\\u003c"; break;
            case '>': out += "\\u003e"; break;
            case '&': out += "\\u0026"; break;
            default: out += c;
        }
    }
    return out;
}

int current_year() {
    using namespace std::chrono;
    const year_month_day ymd{floor<days>(system_clock::now())};
    return static_cast<int>(ymd.year());
}

boost::json::object user_object(const Principal& p) {
    boost::json::object u;
    u["signed_in"] = p.signed_in();
    u["display_name"] = p.display_name;
    u["role"] = p.signed_in() ? std::string(role_name(p.role)) : std::string("visitor");
    u["is_admin"] = p.signed_in() && p.role == Role::admin;
    u["is_specialist"] = p.signed_in() && p.role == Role::specialist;
    u["is_member"] = p.signed_in() && p.role == Role::member;
    u["email_verified"] = p.email_verified;
    // Whose drafts the page's forms keep on the device (static/js/offline.js).
    u["draft_owner"] = p.signed_in() ? "user-" + std::to_string(p.user_id) : std::string("visitor");
    return u;
}

}  // namespace

View::View(const Templates& templates, SiteInfo site) : templates_(templates), site_(std::move(site)) {
    site_.base_url = strip_trailing_slash(site_.base_url);
}

std::string View::page(const http::Request& req, std::string_view name, boost::json::object data,
                       const PageMeta& meta) const {
    const boost::json::object user = user_object(req.principal);
    const std::string return_to = return_to_for(req);
    boost::json::object site;
    site["name"] = site_.name;
    site["base_url"] = site_.base_url;
    site["quick_exit_url"] = site_.quick_exit_url;
    // Whether /contact gives an address to write to (pages offer it only then).
    site["has_contact_email"] = !site_.contact_email.empty();

    // What forms and links in the content need. These names are reserved:
    // a handler's own value under one of them is replaced.
    data["csrf_token"] = req.csrf_token;
    data["user"] = user;
    data["current_path"] = req.target();
    data["current_path_encoded"] = percent_encode(return_to);
    data["site"] = site;
    const std::string content = templates_.render(name, data);

    boost::json::object m;
    const bool home = meta.title.empty();
    const std::string full_title = home ? site_.name + " — support after relational trauma"
                                        : meta.title + " · " + site_.name;
    std::string canonical_path = meta.canonical_path;
    if (canonical_path.empty()) {
        const std::string& target = req.target();
        canonical_path = target.substr(0, target.find('?'));
    }
    const std::string canonical_url = absolute(site_, canonical_path.empty() ? "/" : canonical_path);
    m["title"] = full_title;
    m["og_title"] = home ? site_.name : meta.title;
    m["description"] = meta.description;
    m["canonical_url"] = canonical_url;
    m["og_type"] = meta.og_type.empty() ? std::string("website") : meta.og_type;
    m["og_image"] = absolute(site_, meta.og_image.empty() ? std::string_view("/static/favicon.svg")
                                                          : std::string_view(meta.og_image));
    m["og_image_alt"] = meta.og_image_alt;
    m["twitter_card"] = meta.twitter_card.empty() ? std::string("summary") : meta.twitter_card;
    boost::json::array feeds;
    if (feed_links_) {
        feeds.push_back(boost::json::object{{"title", site_.name + " articles"}, {"href", "/feed.xml"}});
        for (const auto& f : meta.feeds) feeds.push_back(boost::json::object{{"title", f.title}, {"href", f.path}});
    }
    m["feeds"] = std::move(feeds);
    m["json_ld"] = safe_json_ld(meta.json_ld);
    m["noindex"] = meta.noindex;
    m["site_name"] = site_.name;

    boost::json::object layout;
    layout["meta"] = std::move(m);
    layout["content"] = content;
    layout["user"] = user;
    layout["csrf_token"] = req.csrf_token;
    layout["current_path"] = req.target();
    layout["current_path_encoded"] = percent_encode(return_to);
    layout["site"] = std::move(site);
    layout["year"] = current_year();
    if (req.principal.signed_in() && signed_in_extras_) layout["signed_in_extras"] = signed_in_extras_(req);
    // nav_articles, nav_specialists, nav_questions, nav_free_consultation,
    // nav_account, nav_help, ...: the section whose link gets aria-current.
    if (!meta.nav_section.empty()) {
        std::string key = "nav_" + meta.nav_section;
        for (char& c : key) {
            if (c == '-') c = '_';
        }
        layout[key] = true;
    }
    return templates_.render("layout/page", layout);
}

PageMeta private_page(std::string title, std::string nav_section) {
    PageMeta meta;
    meta.title = std::move(title);
    meta.noindex = true;
    meta.nav_section = std::move(nav_section);
    return meta;
}

}  // namespace hearth::render
