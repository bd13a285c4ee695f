#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::http {

// Serves the small set of static assets from memory: read once at start,
// with a content ETag so browsers revalidate cheaply (304).
class StaticFiles {
public:
    StaticFiles(const std::filesystem::path& dir, std::string url_prefix);
    // A response for GET/HEAD under the prefix, or nullopt when no such file.
    std::optional<Response> serve(const Request& req) const;
    // Adds a file under a URL of its own (e.g. /favicon.ico, /sw.js at the root).
    void alias(const std::string& url, const std::string& existing_url);

    // A fingerprint of every file under the prefix ("3f9a0c..."; 16 hex
    // digits): it changes whenever any file's content or name does, so a
    // deploy can be told apart from the one before (the service worker's
    // cache name).
    const std::string& version() const noexcept { return version_; }
    // The URLs of the files under the prefix, sorted; aliases excluded.
    std::vector<std::string> urls() const;
    // The content of the file served at `url`, or nullptr when none.
    const std::string* content(const std::string& url) const;

private:
    struct File {
        std::string body;
        std::string content_type;
        std::string etag;
    };
    std::unordered_map<std::string, File> files_;
    std::string prefix_;
    std::string version_;
};

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace hearth::http
