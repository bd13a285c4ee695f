#pragma once
// The specialist directory over HTTP: the search page (a GET form, so a
// search lives in its URL and works without JavaScript) and its API.
#include <boost/json/array.hpp>
#include <functional>
#include <string>

#include "core/versioned_cache.hpp"
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
    // The listing's cards with next free times in `zone` (IANA name).
    std::shared_ptr<const DirectoryListing::Html> cards_html(const DirectoryListing& listing,
                                                             const std::string& zone) const;
    std::string options_html(std::int64_t version, const std::string& key,
                             const std::function<boost::json::array()>& build);
    boost::json::object form_json(const DirectoryResult& r, std::int64_t per_page);

    Directory& directory_;
    const render::View& view_;
    // The <option>s of the select boxes, rendered once per list and
    // selected value: the ~250 countries come from places.cpp and never
    // change (kept at version 0); the vocabularies at the content version
    // they were read at (any change to a term raises it).
    VersionedCache<std::string> options_{512};
};

// The search parameters of a request's query string, as typed (q,
// specialty, modality, language, format, country, city, fee_min, fee_max,
// currency, free_consultation, reduced_fees, sort), and the currency its
// Accept-Language region suggests: what the page and the API hand the
// directory.
DirectoryParams params_of(const http::Request& req);

}  // namespace hearth::specialists
