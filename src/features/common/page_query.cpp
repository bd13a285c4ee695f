#include "features/common/page_query.hpp"

namespace hearth::paging {

Page from_query(const http::Request& req) { return parse(req.query_param("page"), req.query_param("per_page")); }

}  // namespace hearth::paging
