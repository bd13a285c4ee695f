#include "http/static_files.hpp"

#include <fmt/format.h>

#include <algorithm>
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
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 1469598103934665603ULL) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string fingerprint(const std::string& body) { return fmt::format("\"{:016x}\"", fnv1a(body)); }

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
    // Names and ETags in URL order, so the version does not depend on the
    // order the directory was listed in.
    std::uint64_t h = fnv1a("");
    for (const auto& url : urls()) {
        h = fnv1a(url, h);
        h = fnv1a(files_.at(url).etag, h);
    }
    version_ = fmt::format("{:016x}", h);
}

std::vector<std::string> StaticFiles::urls() const {
    std::vector<std::string> out;
    for (const auto& [url, file] : files_) {
        if (url.starts_with(prefix_ + "/")) out.push_back(url);
    }
    std::sort(out.begin(), out.end());
    return out;
}

const std::string* StaticFiles::content(const std::string& url) const {
    auto it = files_.find(url);
    return it == files_.end() ? nullptr : &it->second.body;
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
