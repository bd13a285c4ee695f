#include "http/static_files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace hearth::http {

namespace bh = boost::beast::http;

std::string_view content_type_for(const std::filesystem::path& file) {
    auto ext = file.extension().string();
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".js") return "text/javascript; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".webp") return "image/webp";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".json" || ext == ".webmanifest") return "application/manifest+json";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    if (ext == ".woff2") return "font/woff2";
    return "application/octet-stream";
}

namespace {

// FNV-1a: a stable content fingerprint for ETags (not a security hash).
std::string fingerprint(const std::string& body) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : body) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return fmt::format("\"{:016x}\"", h);
}

}  // namespace

StaticFiles::StaticFiles(const std::filesystem::path& dir, std::string url_prefix) : prefix_(std::move(url_prefix)) {
    if (!std::filesystem::is_directory(dir)) return;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        File f{ss.str(), std::string(content_type_for(entry.path())), ""};
        f.etag = fingerprint(f.body);
        auto rel = std::filesystem::relative(entry.path(), dir).generic_string();
        files_.emplace(prefix_ + "/" + rel, std::move(f));
    }
}

void StaticFiles::alias(const std::string& url, const std::string& existing_url) {
    auto it = files_.find(existing_url);
    if (it != files_.end()) files_[url] = it->second;
}

std::optional<Response> StaticFiles::serve(const Request& req) const {
    if (req.method() != bh::verb::get && req.method() != bh::verb::head) return std::nullopt;
    auto it = files_.find(req.path());
    if (it == files_.end()) return std::nullopt;
    const File& f = it->second;
    Response r{bh::status::ok, 11};
    r.set(bh::field::etag, f.etag);
    // Not fingerprinted URLs: cache briefly, then revalidate with the ETag.
    r.set(bh::field::cache_control, "public, max-age=3600, must-revalidate");
    if (req.header("If-None-Match") == f.etag) {
        r.result(bh::status::not_modified);
        return r;
    }
    r.set(bh::field::content_type, f.content_type);
    r.body() = f.body;
    r.prepare_payload();
    return r;
}

}  // namespace hearth::http
