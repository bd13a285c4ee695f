#include "features/site/site_search_pages.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/percent_encoding.hpp"
#include "core/utf8.hpp"
#include "db/search_text.hpp"
#include "features/common/page_query.hpp"
#include "features/common/paging.hpp"

namespace hearth::site {

namespace {

constexpr std::size_t max_search_words = 8;

std::string checked_text(const http::Request& req) {
    std::string text = req.query_param("q");
    if (character_count(text) > max_site_query_chars) {
        throw Error::invalid("q", fmt::format("Please search with at most {} characters.", max_site_query_chars),
                             "too_long");
    }
    return text;
}

// Each kind's own list, searched with the same words: /articles?q=...,
// /specialists?q=..., /questions?q=... (the type's plural is its path).
std::string see_all_url(const site_search::Source& source, const std::string& text) {
    return "/" + source.type + "s?q=" + percent_encode(text);
}

boost::json::object hit_json(const site_search::Hit& h) {
    return {{"type", h.type},        {"title", h.title},   {"url", h.path},
            {"snippet_html", h.snippet_html}, {"detail", h.detail}};
}

}  // namespace

http::Response SiteSearchPages::page(http::Request& req) {
    const std::string text = checked_text(req);
    const auto words = db::search_text::words(text, max_search_words);
    boost::json::array groups;
    std::int64_t total = 0;
    if (!words.empty()) {
        const auto found = db_.read([&](db::Session& s) {
            std::vector<site_search::Results> out;
            for (const auto& source : sources_) out.push_back(source.find(s, words, 0, hits_per_group));
            return out;
        });
        for (std::size_t i = 0; i < sources_.size(); ++i) {
            const auto& source = sources_[i];
            const auto& r = found[i];
            total += r.total;
            boost::json::array hits;
            for (const auto& h : r.hits) hits.push_back(hit_json(h));
            std::string label = source.label;
            std::transform(label.begin(), label.end(), label.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            groups.push_back(boost::json::object{
                {"type", source.type},
                {"label", source.label},
                {"hits", std::move(hits)},
                {"has_hits", !r.hits.empty()},
                {"total", r.total},
                {"has_more", r.total > static_cast<std::int64_t>(r.hits.size())},
                {"see_all_text", fmt::format("See all {} {}", r.total, label)},
                {"see_all_url", see_all_url(source, text)},
                {"none_text", fmt::format("No {} match these words.", label)}});
        }
    }
    boost::json::object data{{"q", text},
                             {"asked", !text.empty()},
                             {"searched", !words.empty()},
                             {"groups", std::move(groups)},
                             {"total", total},
                             {"nothing_found", !words.empty() && total == 0}};
    render::PageMeta meta;
    meta.title = text.empty() ? "Search" : "Search: " + text;
    meta.description = "Search Hearth's specialists, articles and questions.";
    meta.canonical_path = "/search";
    meta.noindex = true;
    meta.nav_section = "search";
    return http::html(200, view_.page(req, "site/search", std::move(data), meta));
}

http::Response SiteSearchPages::api(http::Request& req) {
    const std::string text = checked_text(req);
    const std::string type = req.query_param("type");
    std::vector<const site_search::Source*> chosen;
    for (const auto& s : sources_) {
        if (type.empty() || s.type == type) chosen.push_back(&s);
    }
    if (chosen.empty()) {
        std::string known;
        for (const auto& s : sources_) known += (known.empty() ? "" : ", ") + s.type;
        throw Error::invalid("type", "Please choose one of these types: " + known + ".", "unknown_type");
    }
    const auto page = paging::from_query(req);
    if (text.find_first_not_of(" \t") == std::string::npos) {
        throw Error::invalid("q", "Please type what to search for.", "required");
    }
    const auto words = db::search_text::words(text, max_search_words);

    boost::json::array items;
    std::int64_t total = 0;
    if (!words.empty()) {
        db_.read([&](db::Session& s) {
            // Kinds one after another: skip `offset` matches over them, then
            // take up to per_page, reading each kind's total on the way.
            std::int64_t skip = page.offset(), room = page.per_page;
            for (const auto* source : chosen) {
                const auto r = source->find(s, words, skip, room);
                total += r.total;
                for (const auto& h : r.hits) items.push_back(hit_json(h));
                room -= static_cast<std::int64_t>(r.hits.size());
                skip = std::max<std::int64_t>(0, skip - r.total);
            }
            return 0;
        });
    }
    return http::json(200, paging::list_json(std::move(items), total, page));
}

}  // namespace hearth::site
