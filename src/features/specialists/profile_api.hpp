#pragma once
// /api/v1 for specialist profiles, verification, and profile photos.
#include "db/database.hpp"
#include "features/specialists/profiles.hpp"
#include "http/response.hpp"

namespace hearth::specialists {

class ProfileApi {
public:
    ProfileApi(Profiles& profiles, db::Database& db) : profiles_(profiles), db_(db) {}

    http::Response my_profile(http::Request& req);       // GET /api/v1/me/profile
    http::Response save_profile(http::Request& req);     // PUT /api/v1/me/profile
    http::Response upload_photo(http::Request& req);     // PUT /api/v1/me/profile/photo (raw image body)
    http::Response publish(http::Request& req);          // POST /api/v1/me/profile/publish
    http::Response public_profile(http::Request& req);   // GET /api/v1/specialists/{slug}
    http::Response photo(http::Request& req);            // GET /specialists/{slug}/photo
    http::Response pending(http::Request& req);          // GET /api/v1/admin/specialists/pending
    http::Response verify(http::Request& req);           // POST /api/v1/admin/specialists/{slug}/verify
    http::Response suspend(http::Request& req);          // POST /api/v1/admin/specialists/{slug}/suspend
    http::Response reinstate(http::Request& req);        // POST /api/v1/admin/specialists/{slug}/reinstate
    http::Response vocabularies(http::Request& req);     // GET /api/v1/vocabularies

private:
    Profiles& profiles_;
    db::Database& db_;
};

}  // namespace hearth::specialists
