#pragma once
// The remembered-browser cookie of two-factor sign-in: a random token
// (only its hash is stored) that lets this browser skip the code for one
// account for 30 days. HttpOnly, SameSite=Lax, Secure (and __Host-) over HTTPS.
#include <string>

#include "features/accounts/two_factor.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::accounts {

class DeviceCookie {
public:
    explicit DeviceCookie(bool secure_cookies)
        : name_(secure_cookies ? "__Host-hearth_device" : "hearth_device"), secure_(secure_cookies) {}

    // The token the request carries, "" for none.
    std::string from(const http::Request& req) const { return req.cookie(name_).value_or(""); }
    void set(http::Response& r, const std::string& token) const {
        http::set_cookie(r, name_, token, {true, secure_, "Lax", static_cast<long>(remembered_device_seconds)});
    }
    void clear(http::Response& r) const { http::set_cookie(r, name_, "", {true, secure_, "Lax", 0}); }

private:
    std::string name_;
    bool secure_;
};

}  // namespace hearth::accounts
