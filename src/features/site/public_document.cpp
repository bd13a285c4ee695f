#include "features/site/public_document.hpp"

#include <array>
#include <cstdio>
#include <ctime>

#include "security/tokens.hpp"

namespace hearth::site {

namespace bh = boost::beast::http;

namespace {

// If-None-Match is "*" or a comma-separated list of (possibly weak) ETags;
// the weak comparison applies to GET (RFC 9110 section 13.1.2).
bool matches(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (item.starts_with("W/")) item.remove_prefix(2);
        if (item == "*" || item == etag) return true;
    }
    return false;
}

}  // namespace

std::string http_date(std::int64_t unix_seconds) {
    static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    // Day and month names fixed in English whatever the process locale.
    std::array<char, 40> out{};
    std::snprintf(out.data(), out.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT", days.at(tm.tm_wday), tm.tm_mday,
                  months.at(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return out.data();
}

PublicDocument PublicDocument::of(std::string body, std::int64_t last_modified) {
    // A fingerprint of the bytes: equal documents, equal tags, on every node.
    auto etag = "\"" + security::token_hash(body).substr(0, 32) + "\"";
    return {std::move(body), std::move(etag), last_modified};
}

http::Response public_response(const http::Request& req, const PublicDocument& doc, std::string_view content_type) {
    http::Response res;
    if (matches(req.header("If-None-Match"), doc.etag)) {
        res = http::Response{bh::status::not_modified, 11};
    } else {
        res = http::text(200, doc.body, content_type);
    }
    res.set(bh::field::etag, doc.etag);
    if (doc.last_modified > 0) res.set(bh::field::last_modified, http_date(doc.last_modified));
    res.set(bh::field::cache_control, "public, max-age=" + std::to_string(kPublicDocumentMaxAge));
    // The same bytes whoever asks: not varied by cookie or authorization.
    res.set(bh::field::vary, "Accept-Encoding");
    return res;
}

http::Response public_document(const http::Request& req, std::string body, std::string_view content_type,
                               std::int64_t last_modified) {
    return public_response(req, PublicDocument::of(std::move(body), last_modified), content_type);
}

}  // namespace hearth::site
