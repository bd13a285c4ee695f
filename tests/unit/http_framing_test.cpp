// Request framing (http/framing.hpp): the header forms a body may be
// delimited by, and the ones refused so that no two readers can disagree.
#include <gtest/gtest.h>

#include <boost/beast/http/message.hpp>
#include <initializer_list>
#include <string>
#include <utility>

#include "http/framing.hpp"

namespace bh = boost::beast::http;
using hearth::http::check_framing;
using hearth::http::has_obs_fold;

namespace {

bh::request_header<> header(std::initializer_list<std::pair<std::string, std::string>> fields, unsigned version = 11) {
    bh::request_header<> h;
    h.method(bh::verb::post);
    h.target("/api/v1/session");
    h.version(version);
    for (const auto& [name, value] : fields) h.insert(name, value);
    return h;
}

int status(const bh::request_header<>& h) {
    auto refusal = check_framing(h);
    return refusal ? refusal->status : 0;
}

}  // namespace

TEST(Framing, PlainFormsPass) {
    EXPECT_EQ(status(header({})), 0);
    EXPECT_EQ(status(header({{"Content-Length", "12"}})), 0);
    EXPECT_EQ(status(header({{"Transfer-Encoding", "chunked"}})), 0);
    EXPECT_EQ(status(header({{"Transfer-Encoding", "Chunked"}})), 0);
    EXPECT_EQ(status(header({{"Transfer-Encoding", " chunked , "}})), 0);
}

TEST(Framing, OnlyASingleFinalChunkedCoding) {
    for (const std::string te : {"xchunked", "chunkedx", "chunked, chunked", "chunked, gzip", "gzip", "identity",
                                 "chunked;ext=1", "", ",", "foo, chunked"}) {
        EXPECT_EQ(status(header({{"Transfer-Encoding", te}})), 400) << te;
    }
    // Two Transfer-Encoding lines are one list.
    EXPECT_EQ(status(header({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}})), 400);
    EXPECT_EQ(status(header({{"Transfer-Encoding", "xchunked"}, {"Transfer-Encoding", "chunked"}})), 400);
}

TEST(Framing, KnownButUnsupportedCodingsAre501) {
    EXPECT_EQ(status(header({{"Transfer-Encoding", "gzip, chunked"}})), 501);
    EXPECT_EQ(status(header({{"Transfer-Encoding", "deflate, chunked"}})), 501);
    EXPECT_EQ(status(header({{"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}})), 501);
}

TEST(Framing, LengthAndCodingTogetherAre400) {
    EXPECT_EQ(status(header({{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}})), 400);
    EXPECT_EQ(status(header({{"Transfer-Encoding", "xchunked"}, {"Content-Length", "5"}})), 400);
}

TEST(Framing, OneContentLengthWithOneValue) {
    EXPECT_EQ(status(header({{"Content-Length", "5"}, {"Content-Length", "5"}})), 400);
    EXPECT_EQ(status(header({{"Content-Length", "5"}, {"Content-Length", "6"}})), 400);
    EXPECT_EQ(status(header({{"Content-Length", "5, 5"}})), 400);
}

TEST(Framing, TransferEncodingInHttp10Is400) { EXPECT_EQ(status(header({{"Transfer-Encoding", "chunked"}}, 10)), 400); }

TEST(Framing, ObsFold) {
    EXPECT_FALSE(has_obs_fold("POST / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n"));
    EXPECT_TRUE(has_obs_fold("POST / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n"));
    EXPECT_TRUE(has_obs_fold("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: x\r\n\tchunked\r\n"));
    EXPECT_FALSE(has_obs_fold("POST / HTTP/1.1\r\nX-A: b c\r\n"));
}
