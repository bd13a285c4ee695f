#pragma once
// The specialist directory over HTTP: the search page (a GET form, so a
// search lives in its URL and works without JavaScript) and its API.
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
    Directory& directory_;
    const render::View& view_;
};

}  // namespace hearth::specialists
