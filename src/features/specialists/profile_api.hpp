#pragma once
// /api/v1 for specialist profiles, verification, and profile photos; and
// what the profile pages share with it: reading fields into a ProfileDraft,
// a refusal as an error, and the cache headers of a profile's responses.
#include <span>
#include <string_view>

#include "core/error.hpp"
#include "db/database.hpp"
#include "features/specialists/profiles.hpp"
#include "http/input.hpp"
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
    http::Response suspend(http::Request& req);          // POST /api/v1/admin/specialists/{slug}/suspend {"reason"}
    http::Response reinstate(http::Request& req);        // POST /api/v1/admin/specialists/{slug}/reinstate
    http::Response vocabularies(http::Request& req);     // GET /api/v1/vocabularies

private:
    Profiles& profiles_;
    db::Database& db_;
};


// Every editable field's name, as forms and JSON bodies spell it.
std::span<const std::string_view> profile_field_names();
// Copies the fields named in `names` from a form or JSON body into `draft`
// (an absent box or list is false / empty), nothing more: Profiles::save
// checks them. Only what cannot be read at all (a JSON number where text
// belongs, "abc" for a fee, control characters) is recorded on `input`.
void read_profile_fields(http::Input& input, std::span<const std::string_view> names, ProfileDraft& draft);

// Reads accepting_new_clients and messages_open: JSON true / false or a
// form's "1" / "0", anything else a field error on `input` naming the
// field; an absent one stays nullopt, keeping the stored value (unlike the
// fields above, which a PUT replaces: a client written before these
// settings existed must not reopen a closed profile).
void read_profile_settings(const http::Request& req, http::Input& input, ProfileDraft& draft);

// A refusal as the error the API answers with (and pages show when they
// have no form to show it on): 422 invalid / incomplete / no_profile, 413
// photo_too_large, 409 not_requested.
Error refusal_error(const ProfileRefusal& refusal);

// Cache-Control for a response that shows a profile or its photo. Public to
// everyone (a listed profile): `public_max_age` seconds in any cache (0:
// leave the server's default). Otherwise only its owner and admins see it:
// "private, no-store", and Vary names the credentials it depends on.
void set_profile_caching(http::Response& response, bool public_to_everyone, int public_max_age = 0);

}  // namespace hearth::specialists
