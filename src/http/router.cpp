#include "http/router.hpp"

#include <stdexcept>

namespace hearth::http {

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        auto next = path.find('/', i);
        if (next == std::string_view::npos) next = path.size();
        out.emplace_back(path.substr(i, next - i));
        i = next;
    }
    return out;
}

bool is_param(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             std::map<std::string, std::string, std::less<>>* params) {
    if (pattern.size() != path.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (is_param(pattern[i])) {
            if (params) (*params)[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
        } else if (pattern[i] != path[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

bool changes_state(beast_http::verb method) noexcept {
    using beast_http::verb;
    return method == verb::post || method == verb::put || method == verb::patch || method == verb::delete_;
}

void Router::add(beast_http::verb method, std::string pattern, Handler handler, std::string_view write_limit) {
    if (changes_state(method) && write_limit.empty())
        throw std::logic_error("route " + pattern + " changes state and names no write limit");
    if (!changes_state(method) && !write_limit.empty())
        throw std::logic_error("route " + pattern + " reads only and names a write limit");
    auto segments = split_path(pattern);
    routes_.push_back(Route{method, std::move(pattern), std::move(segments), std::move(handler), write_limit});
}

Router::Match Router::find(Request& req, const Route*& out) const {
    auto segments = split_path(req.path());
    auto method = req.method() == beast_http::verb::head ? beast_http::verb::get : req.method();
    bool path_known = false;
    for (const auto& route : routes_) {
        std::map<std::string, std::string, std::less<>> params;
        if (!matches(route.segments, segments, &params)) continue;
        path_known = true;
        if (route.method != method) continue;
        req.set_path_params(std::move(params));
        out = &route;
        return Match::found;
    }
    return path_known ? Match::no_method : Match::no_path;
}

std::string Router::allowed_methods(std::string_view path) const {
    auto segments = split_path(path);
    std::string out;
    for (const auto& route : routes_) {
        if (!matches(route.segments, segments, nullptr)) continue;
        if (!out.empty()) out += ", ";
        out += std::string(beast_http::to_string(route.method));
        if (route.method == beast_http::verb::get) out += ", HEAD";
    }
    return out;
}

}  // namespace hearth::http
