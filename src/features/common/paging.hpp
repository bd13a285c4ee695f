#pragma once
// ?page=1&per_page=20 (max 100), the same for every list, page or API.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>


namespace hearth::paging {

inline constexpr std::int64_t default_per_page = 20;
inline constexpr std::int64_t max_per_page = 100;

struct Page {
    std::int64_t page = 1;
    std::int64_t per_page = default_per_page;
    std::int64_t offset() const noexcept { return (page - 1) * per_page; }
};

// Reads ?page= and ?per_page= as given ("" for absent). Throws Error 422
// (field "page" or "per_page") for values that are not positive whole
// numbers; per_page above the maximum is refused too. Handlers call it
// through from_query (page_query.hpp).
Page parse(std::string_view page, std::string_view per_page);
// {"items":[...],"total":N,"page":P,"per_page":K}
boost::json::object list_json(boost::json::array items, std::int64_t total, const Page& page);
// Adds previous/next links for a page template (`base` keeps other filters).
void add_links(boost::json::object& view, const Page& page, std::int64_t total, std::string_view base);

}  // namespace hearth::paging
