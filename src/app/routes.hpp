#pragma once
#include "http/router.hpp"

namespace hearth::accounts {
class AccountPages;
class AccountApi;
}  // namespace hearth::accounts
namespace hearth::site {
class SitePages;
}
namespace hearth::admin {
class AdminPages;
}

namespace hearth::app {

struct Handlers {
    site::SitePages& site;
    accounts::AccountPages& account_pages;
    accounts::AccountApi& account_api;
    admin::AdminPages& admin;
};

// The one routing table: every page and API path of Hearth.
void add_routes(http::Router& r, Handlers h);

}  // namespace hearth::app
