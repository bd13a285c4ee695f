#pragma once
// The page a list request asks for (?page=1&per_page=20), read from the
// query string by handlers; services take the paging::Page it makes.
#include "features/common/paging.hpp"
#include "http/request.hpp"

namespace hearth::paging {

// paging::parse of the request's page and per_page; throws Error 422 as it does.
Page from_query(const http::Request& req);

}  // namespace hearth::paging
