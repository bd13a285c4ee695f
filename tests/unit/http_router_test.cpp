// The body size each route declares (http/router.hpp), which the server
// asks for before it reads a body.
#include <gtest/gtest.h>

#include "http/router.hpp"

using hearth::http::BodySize;
using hearth::http::Request;
using hearth::http::Response;
using hearth::http::Router;
namespace bh = boost::beast::http;

namespace {

Router table() {
    Router r;
    auto ok = [](Request&) { return Response{}; };
    r.get("/account/profile/photo", ok);
    r.post("/account/profile/photo", "write", ok, BodySize::upload);
    r.put("/api/v1/me/profile/{part}", "write", ok, BodySize::upload);
    r.post("/login", "write", ok);
    return r;
}

}  // namespace

TEST(RouterBodySize, TheRouteOfMethodAndPathDecides) {
    const auto r = table();
    EXPECT_EQ(r.body_size(bh::verb::post, "/account/profile/photo"), BodySize::upload);
    EXPECT_EQ(r.body_size(bh::verb::put, "/api/v1/me/profile/photo"), BodySize::upload);
    EXPECT_EQ(r.body_size(bh::verb::post, "/login"), BodySize::ordinary);
    // The same path with another method is not the upload route.
    EXPECT_EQ(r.body_size(bh::verb::get, "/account/profile/photo"), BodySize::ordinary);
    EXPECT_EQ(r.body_size(bh::verb::put, "/account/profile/photo"), BodySize::ordinary);
    EXPECT_EQ(r.body_size(bh::verb::head, "/account/profile/photo"), BodySize::ordinary);
}

TEST(RouterBodySize, PathsThatOnlyStartLikeAnUploadAreOrdinary) {
    const auto r = table();
    EXPECT_EQ(r.body_size(bh::verb::post, "/account/profile/photo/other"), BodySize::ordinary);
    EXPECT_EQ(r.body_size(bh::verb::post, "/account/profile/photos"), BodySize::ordinary);
    EXPECT_EQ(r.body_size(bh::verb::post, "/no/such/page"), BodySize::ordinary);
}
