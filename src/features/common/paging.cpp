#include "features/common/paging.hpp"

#include <charconv>
#include <string>

#include "core/error.hpp"

namespace hearth::paging {

namespace {

std::int64_t positive(std::string_view text, std::string_view name, std::int64_t fallback, std::int64_t max) {
    if (text.empty()) return fallback;
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size() || v < 1 || v > max) {
        throw Error::invalid(std::string(name),
                             std::string(name) + " must be a whole number from 1 to " + std::to_string(max) + ".");
    }
    return v;
}

}  // namespace

Page parse(std::string_view page, std::string_view per_page) {
    Page p;
    p.page = positive(page, "page", 1, 1'000'000);
    p.per_page = positive(per_page, "per_page", default_per_page, max_per_page);
    return p;
}

boost::json::object list_json(boost::json::array items, std::int64_t total, const Page& page) {
    return {{"items", std::move(items)}, {"total", total}, {"page", page.page}, {"per_page", page.per_page}};
}

void add_links(boost::json::object& view, const Page& page, std::int64_t total, std::string_view base) {
    const std::string sep = std::string(base).find('?') == std::string::npos ? "?" : "&";
    const auto pages = total == 0 ? 1 : (total + page.per_page - 1) / page.per_page;
    view["page"] = page.page;
    view["pages"] = pages;
    view["total"] = total;
    if (page.page > 1) view["prev_url"] = std::string(base) + sep + "page=" + std::to_string(page.page - 1);
    if (page.page < pages) view["next_url"] = std::string(base) + sep + "page=" + std::to_string(page.page + 1);
}

}  // namespace hearth::paging
