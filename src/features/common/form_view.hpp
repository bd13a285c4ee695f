#pragma once
#include <boost/json/object.hpp>
#include <vector>

#include "core/error.hpp"

namespace hearth::forms {

// Adds `errors` ({field: message}) and `errors_list` ([{field, message}])
// to a form's view model: what templates/partials/form_errors shows.
void add_errors(boost::json::object& view, const std::vector<FieldError>& errors);

}  // namespace hearth::forms
