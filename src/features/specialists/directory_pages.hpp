#pragma once
// The specialist directory over HTTP: the search page (a GET form, so a
// search lives in its URL and works without JavaScript) and its API.
#include <map>
#include <mutex>
#include <string>

#include "features/specialists/directory.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::specialists {

class DirectoryPages {
public:
    DirectoryPages(Directory& directory, const render::View& view) : directory_(directory), view_(view) {}

    http::Response page(http::Request& req);  // GET /specialists
    http::Response api(http::Request& req);   // GET /api/v1/specialists

private:
    const std::string& country_options(const std::string& selected);

    Directory& directory_;
    const render::View& view_;
    // The ~250 <option>s of the country list, rendered once per selected
    // country: they come from places.cpp, so they never change at run time.
    std::mutex countries_mutex_;
    std::map<std::string, std::string, std::less<>> country_options_;
};

}  // namespace hearth::specialists
