#include "features/common/form_view.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/array.hpp>
#include <string>

#include "http/form.hpp"

namespace hearth::forms {

void add_errors(boost::json::object& view, const std::vector<FieldError>& errors) {
    boost::json::object by_field;
    boost::json::array list;
    for (const auto& e : errors) {
        by_field[e.field] = e.message;
        list.push_back(boost::json::object{{"field", e.field}, {"message", e.message}});
    }
    view["errors"] = std::move(by_field);
    view["errors_list"] = std::move(list);
    view["has_errors"] = !errors.empty();
}

http::Response show_again(const render::View& view, const http::Request& req, std::string_view name,
                          boost::json::object data, const std::vector<FieldError>& errors,
                          const render::PageMeta& meta, Again again) {
    add_errors(data, errors);
    auto response = http::html(again.status, view.page(req, name, std::move(data), meta));
    if (again.status == 429 && again.retry_after_seconds > 0) {
        response.set(boost::beast::http::field::retry_after, std::to_string(again.retry_after_seconds));
    }
    return response;
}

http::Response draft_accepted(http::Response response, std::string_view draft_key) {
    // Not HttpOnly: the script that keeps drafts must read it. Lax and
    // short-lived; it names a form, so it needs no Secure flag to be safe.
    constexpr long lifetime_seconds = 120;
    http::set_cookie(response, "hearth_draft_sent", http::url_encode(draft_key),
                     {false, false, "Lax", lifetime_seconds});
    return response;
}

}  // namespace hearth::forms
