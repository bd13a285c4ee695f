#include "features/privacy/data_export_pages.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <fstream>
#include <iterator>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "http/form.hpp"

namespace hearth::privacy {

namespace bh = boost::beast::http;

namespace {

std::string_view status_label(const std::string& status) {
    if (status == "pending" || status == "building") return "Being prepared";
    if (status == "ready") return "Ready to download";
    if (status == "downloaded") return "Downloaded";
    if (status == "expired") return "Expired (not downloaded)";
    return "Could not be prepared";
}

std::string size_text(std::int64_t bytes) {
    if (bytes < 1024) return fmt::format("{} bytes", bytes);
    if (bytes < 1024 * 1024) return fmt::format("{} KB", (bytes + 1023) / 1024);
    return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

boost::json::object request_view(const ExportRequest& e) {
    boost::json::object o{{"id", e.id},
                          {"status", e.status},
                          {"status_label", status_label(e.status)},
                          {"requested_on", long_date(e.created_at)},
                          {"is_preparing", e.status == "pending" || e.status == "building"},
                          {"is_ready", e.status == "ready"},
                          {"is_failed", e.status == "failed"}};
    if (e.byte_size > 0) o["size"] = size_text(e.byte_size);
    if (e.expires_at) o["expires_at"] = rfc3339(*e.expires_at);
    return o;
}

// The newest request's token, kept in this browser too, so the page shows
// the download link again when the person comes back to /account/export
// (from the "ready" e-mail) on the device where they asked. It is as
// private as the session cookie: HttpOnly, and Secure wherever the site
// is served over https (the application adds the flag to every cookie).
constexpr std::string_view key_cookie = "hearth_export_key";
constexpr long key_cookie_seconds = 3 * 24 * 3600;

render::PageMeta meta() {
    render::PageMeta m;
    m.title = "Download your data";
    m.noindex = true;
    m.nav_section = "account";
    return m;
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

DataExportPages::DataExportPages(DataExports& exports, const render::View& view,
                                 const std::filesystem::path& schema_file)
    : exports_(exports), view_(view), schema_(read_text(schema_file)) {}

http::Response DataExportPages::page(http::Request& req, int status, boost::json::object data) {
    boost::json::array recent;
    for (const auto& e : exports_.recent(req.actor())) recent.push_back(request_view(e));
    data["has_recent"] = !recent.empty();
    data["recent"] = std::move(recent);
    return http::html(status, view_.page(req, "privacy/export", std::move(data), meta()));
}

http::Response DataExportPages::show(http::Request& req) {
    if (!req.principal.signed_in()) throw Error::unauthorized();
    boost::json::object data;
    const auto from_link = req.query_param("key");
    const auto remembered = req.cookie(key_cookie);
    const std::string key = !from_link.empty() ? from_link : remembered ? std::string(*remembered) : std::string();
    if (!key.empty()) {
        // The page the person was sent to after asking: it alone knows the
        // link's token (only its hash is stored).
        if (const auto found = exports_.find(req.actor(), key)) {
            auto current = request_view(*found);
            if (found->status == "ready")
                current["download_url"] = "/account/export/download?key=" + http::url_encode(key);
            current["self_url"] = "/account/export?key=" + http::url_encode(key);
            data["current"] = std::move(current);
        } else if (!from_link.empty()) {
            // A remembered key of someone else's (a shared device) says nothing.
            data["unknown_key"] = true;
        }
    }
    return page(req, 200, std::move(data));
}

http::Response DataExportPages::request(http::Request& req) {
    if (!req.principal.signed_in()) return http::redirect("/login?gated=1&return_to=%2Faccount%2Fexport", 303);
    auto outcome = exports_.request(req.actor());
    if (!outcome) {
        return page(req, 409, boost::json::object{{"refusal", outcome.refusal().message}});
    }
    auto r = http::redirect("/account/export?key=" + http::url_encode(outcome->token), 303);
    http::set_cookie(r, key_cookie, outcome->token, {true, false, "Lax", key_cookie_seconds});
    return r;
}

http::Response DataExportPages::download(http::Request& req) {
    if (!req.principal.signed_in()) throw Error::unauthorized();
    auto outcome = exports_.download(req.actor(), req.query_param("key"));
    if (!outcome && outcome.refusal().code == ExportRefusal::Code::not_ready) {
        return page(req, 409, boost::json::object{{"refusal", outcome.refusal().message}});
    }
    if (!outcome) {
        auto m = meta();
        m.title = "This link has been used";
        return http::html(
            410, view_.page(req, "privacy/gone", boost::json::object{{"message", outcome.refusal().message}}, m));
    }
    auto r = http::text(200, std::move(outcome->bytes), "application/zip");
    http::set_cookie(r, key_cookie, "", {true, false, "Lax", 0});
    r.set(bh::field::content_disposition, fmt::format("attachment; filename=\"{}\"", outcome->file_name));
    return r;
}

http::Response DataExportPages::schema(http::Request& req) {
    if (schema_.empty()) throw Error::not_found();
    auto r = http::text(200, schema_, "application/schema+json");
    r.set(bh::field::cache_control, "public, max-age=3600");
    return r;
}

http::Response DataExportPages::api_document(http::Request& req) {
    return http::json(200, exports_.document(req.actor()));
}

void DataExportPages::add_account_section(const http::Request& req, boost::json::object& data) const {
    if (!req.principal.signed_in()) return;
    data["data_export"] = boost::json::object{{"url", "/account/export"}};
}

}  // namespace hearth::privacy
