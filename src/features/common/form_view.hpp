#pragma once
// Forms on pages: the view-model shape of field errors, and the one way a
// form is shown again after a refusal, with what the person typed kept.
#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::forms {

// Adds `errors` ({field: message}) and `errors_list` ([{field, message}])
// to a form's view model: what templates/partials/form_errors shows.
void add_errors(boost::json::object& view, const std::vector<FieldError>& errors);

// How a refused form is shown again.
struct Again {
    int status = 422;            // 422 invalid input, 409 a conflict (slot taken), 429 rate-limited
    int retry_after_seconds = 0; // with 429: sent as Retry-After (RFC 9110 section 10.2.3)
};

// Renders the form template `name` again inside the page layout, with the
// person's input already in `data` (under "values", by convention), the
// errors added (add_errors) and the status of `again`. Every form on every
// page goes through this after a refusal, so none is lost or shown twice.
http::Response show_again(const render::View& view, const http::Request& req, std::string_view name,
                          boost::json::object data, const std::vector<FieldError>& errors,
                          const render::PageMeta& meta, Again again = {});

// The server accepted a form that keeps a draft in the browser (the form's
// data-draft="kind:id" attribute, e.g. "booking-note:dr-ana-lima"): adds the
// cookie hearth_draft_sent=<kind:id> to `response` (its redirect or its
// page), which static/js/offline.js reads to forget that draft, then
// deletes. Readable by scripts and short-lived (120 seconds); it holds only
// the form's name, never what was written. A form shown again with errors
// (show_again) never carries it, so its draft stays.
// Returns the response, so a handler writes
// `return forms::draft_accepted(http::redirect(...), "booking-note:" + slug);`.
http::Response draft_accepted(http::Response response, std::string_view draft_key);

}  // namespace hearth::forms
