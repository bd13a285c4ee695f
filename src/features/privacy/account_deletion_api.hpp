#pragma once
// The JSON API of account deletion (docs/openapi.yaml):
//   GET    /api/v1/me/deletion  -> 200 {"deletion": {"due_at","requested_at"} | null}
//   POST   /api/v1/me/deletion  {"password","otp"?} -> 202 {"deletion": {"due_at"}}
//   DELETE /api/v1/me/deletion  -> 204; 404 no_deletion when none is pending
//   GET    /api/v1/admin/people/{id}          -> counts, never content
//   POST   /api/v1/admin/people/{id}/deletion {"reason"} -> 202 {"deletion": {"due_at"}}
#include "features/privacy/account_deletion.hpp"
#include "core/error.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::privacy {

class AccountDeletionApi {
public:
    explicit AccountDeletionApi(AccountDeletion& deletion) : deletion_(deletion) {}

    http::Response status(http::Request& req);
    http::Response request(http::Request& req);
    http::Response cancel(http::Request& req);
    http::Response person(http::Request& req);
    http::Response start_for(http::Request& req);

private:
    AccountDeletion& deletion_;
};

// {"due_at", "requested_at"} (RFC 3339, UTC) of a deletion.
boost::json::object deletion_json(std::int64_t due_at, std::int64_t requested_at);
// The refusal as the API's error (status_of, code_name, field).
Error as_error(const DeletionRefusal& refusal);

}  // namespace hearth::privacy
