#include "features/common/form_view.hpp"

#include <boost/json/array.hpp>

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

}  // namespace hearth::forms
