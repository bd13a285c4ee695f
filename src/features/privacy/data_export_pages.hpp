#pragma once
// The export pages: /account/export (ask for an export, see how it is
// going, the one-time download link), the download itself, the account
// page's section, the published schema (/export-schema.json) and, for API
// clients, GET /api/v1/me/export (the JSON document itself).
#include <boost/json/object.hpp>
#include <filesystem>
#include <string>

#include "features/privacy/data_export.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::privacy {

class DataExportPages {
public:
    // `schema_file`: docs/export-schema.json, read once here; "" when absent
    // (the schema route then answers 404).
    DataExportPages(DataExports& exports, const render::View& view, const std::filesystem::path& schema_file);

    http::Response show(http::Request& req);          // GET /account/export[?key=]
    http::Response request(http::Request& req);       // POST /account/export
    http::Response download(http::Request& req);      // GET /account/export/download?key=
    http::Response schema(http::Request& req);        // GET /export-schema.json
    http::Response api_document(http::Request& req);  // GET /api/v1/me/export

    // The account page's "Your data" section (templates/privacy/account_section).
    void add_account_section(const http::Request& req, boost::json::object& data) const;

private:
    http::Response page(http::Request& req, int status, boost::json::object data);

    DataExports& exports_;
    const render::View& view_;
    std::string schema_;
};

}  // namespace hearth::privacy
