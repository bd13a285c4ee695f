#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "http/request.hpp"

using namespace hearth::http;
using namespace std::string_literals;

namespace {

std::string body_of(std::initializer_list<std::string> parts, std::string_view boundary = "XyZ") {
    std::string out;
    for (const auto& p : parts) out += "--" + std::string(boundary) + "\r\n" + p + "\r\n";
    out += "--" + std::string(boundary) + "--\r\n";
    return out;
}

Request multipart_request(std::string body, std::string content_type = "multipart/form-data; boundary=XyZ") {
    BeastRequest raw{beast_http::verb::post, "/account/profile/photo", 11};
    raw.set(beast_http::field::content_type, content_type);
    raw.body() = std::move(body);
    raw.prepare_payload();
    return Request(std::move(raw), "127.0.0.1");
}

}  // namespace

TEST(MultipartBoundary, PlainQuotedAndCaseInsensitive) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundaryA1b2"),
              "----WebKitFormBoundaryA1b2");
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"a b:c\""), "a b:c");
    EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=abc"), "abc");
    EXPECT_EQ(multipart_boundary("multipart/form-data;boundary=abc"), "abc");
}

TEST(MultipartBoundary, RefusesOtherTypesAndBadBoundaries) {
    EXPECT_FALSE(multipart_boundary("application/x-www-form-urlencoded"));
    EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=abc"));
    EXPECT_FALSE(multipart_boundary("multipart/form-data"));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"unterminated"));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"ends with space \""));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=semi{colon}"));
}

TEST(Multipart, TextFieldsAndAFile) {
    auto body = body_of({"Content-Disposition: form-data; name=\"_csrf\"\r\n\r\ntoken123",
                         "Content-Disposition: form-data; name=\"photo\"; filename=\"me.png\"\r\n"
                         "Content-Type: image/png\r\n\r\nPNGDATA",
                         "content-disposition: FORM-DATA; NAME=note\r\n\r\nh\xC3\xA9llo"});
    auto parts = parse_multipart(body, "XyZ");
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 3u);
    EXPECT_EQ((*parts)[0].name, "_csrf");
    EXPECT_FALSE((*parts)[0].is_file());
    EXPECT_EQ((*parts)[0].content_type, "text/plain");
    EXPECT_EQ((*parts)[0].body, "token123");
    EXPECT_EQ((*parts)[1].name, "photo");
    EXPECT_EQ((*parts)[1].filename, "me.png");
    EXPECT_EQ((*parts)[1].content_type, "image/png");
    EXPECT_EQ((*parts)[1].body, "PNGDATA");
    EXPECT_EQ((*parts)[2].name, "note");
    EXPECT_EQ((*parts)[2].body, "h\xC3\xA9llo");
}

TEST(Multipart, BinaryBodiesKeepCrLfNulAndDashes) {
    const std::string binary = "\x89PNG\r\n\x1a\n\0\0\r\n--XY\r\n\r\n--\xff"s;
    auto body = body_of({"Content-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n\r\n" + binary});
    auto parts = parse_multipart(body, "XyZ");
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].body, binary);
    EXPECT_EQ((*parts)[0].body.size(), binary.size());
}

TEST(Multipart, EmptyBodiesAndEmptyFilename) {
    auto body = body_of({"Content-Disposition: form-data; name=\"a\"\r\n\r\n",
                         "Content-Disposition: form-data; name=\"photo\"; filename=\"\"\r\n"
                         "Content-Type: application/octet-stream\r\n\r\n"});
    auto parts = parse_multipart(body, "XyZ");
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[0].body, "");
    EXPECT_TRUE((*parts)[1].is_file());
    EXPECT_EQ((*parts)[1].filename, "");
    EXPECT_EQ((*parts)[1].body, "");
}

TEST(Multipart, PreambleEpilogueAndTransportPadding) {
    std::string body =
        "This is a preamble.\r\n--XyZ  \r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--\r\nepilogue";
    auto parts = parse_multipart(body, "XyZ");
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].body, "1");
}

TEST(Multipart, QuotedBoundaryWithSpaces) {
    const std::string boundary = "gc0p4Jq0M2Yt08j34c0p ab'()+_,-./:=?";
    auto ct = "multipart/form-data; boundary=\"" + boundary + "\"";
    auto b = multipart_boundary(ct);
    ASSERT_TRUE(b);
    EXPECT_EQ(*b, boundary);
    auto parts = parse_multipart(body_of({"Content-Disposition: form-data; name=\"x\"\r\n\r\nvalue"}, boundary), *b);
    ASSERT_TRUE(parts);
    EXPECT_EQ((*parts)[0].body, "value");
}

TEST(Multipart, FilenameWithSemicolonsAndBackslashes) {
    auto body = body_of({"Content-Disposition: form-data; name=\"photo\"; filename=\"C:\\my; photos\\a.jpg\"\r\n\r\nx"});
    auto parts = parse_multipart(body, "XyZ");
    ASSERT_TRUE(parts);
    EXPECT_EQ((*parts)[0].filename, "C:\\my; photos\\a.jpg");
}

TEST(Multipart, MalformedBodiesAreRefused) {
    const std::string disposition = "Content-Disposition: form-data; name=\"a\"\r\n\r\n";
    // No final boundary: the body was cut short.
    EXPECT_FALSE(parse_multipart("--XyZ\r\n" + disposition + "value", "XyZ"));
    EXPECT_FALSE(parse_multipart("--XyZ\r\n" + disposition + "value\r\n--XyZ", "XyZ"));
    EXPECT_FALSE(parse_multipart("--XyZ\r\n" + disposition + "value\r\n--XyZ\r\n", "XyZ"));
    // No opening boundary at all, or another boundary.
    EXPECT_FALSE(parse_multipart("hello", "XyZ"));
    EXPECT_FALSE(parse_multipart(body_of({disposition + "v"}, "Other"), "XyZ"));
    // The boundary must be followed by a line break (not more boundary characters).
    EXPECT_FALSE(parse_multipart("--XyZabc\r\n" + disposition + "v\r\n--XyZ--", "XyZ"));
    // Headers without an end, a part without headers, without a name, or not form-data.
    EXPECT_FALSE(parse_multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n--XyZ--", "XyZ"));
    EXPECT_FALSE(parse_multipart(body_of({"\r\nvalue"}), "XyZ"));
    EXPECT_FALSE(parse_multipart(body_of({"Content-Disposition: form-data\r\n\r\nv"}), "XyZ"));
    EXPECT_FALSE(parse_multipart(body_of({"Content-Disposition: attachment; name=\"a\"\r\n\r\nv"}), "XyZ"));
    EXPECT_FALSE(parse_multipart(body_of({"Content-Disposition: form-data; name=\"a\r\n\r\nv"}), "XyZ"));
    EXPECT_FALSE(parse_multipart(body_of({"No colon here\r\n\r\nv"}), "XyZ"));
}

TEST(Multipart, LimitsAreEnforced) {
    std::vector<std::string> many(5, "Content-Disposition: form-data; name=\"a\"\r\n\r\nv");
    std::string body;
    for (const auto& p : many) body += "--XyZ\r\n" + p + "\r\n";
    body += "--XyZ--";
    EXPECT_TRUE(parse_multipart(body, "XyZ", {.max_parts = 5}));
    EXPECT_FALSE(parse_multipart(body, "XyZ", {.max_parts = 4}));
    auto long_header = body_of({"Content-Disposition: form-data; name=\"" + std::string(9000, 'a') + "\"\r\n\r\nv"});
    EXPECT_FALSE(parse_multipart(long_header, "XyZ"));
}

TEST(MultipartRequest, FormReadsTextFieldsAndFilesApart) {
    auto req = multipart_request(body_of({"Content-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc",
                                          "Content-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n"
                                          "Content-Type: image/jpeg\r\n\r\n\xFF\xD8\xFF\r\n"}));
    EXPECT_TRUE(req.has_form_body());
    EXPECT_EQ(req.form_value("_csrf"), "abc");
    EXPECT_EQ(req.form_value("photo"), "");
    ASSERT_EQ(req.files().size(), 1u);
    const auto* photo = req.file("photo");
    ASSERT_NE(photo, nullptr);
    EXPECT_EQ(photo->body, "\xFF\xD8\xFF\r\n");
    EXPECT_EQ(req.file("other"), nullptr);
}

TEST(MultipartRequest, MalformedOrInvalidUtf8TextIs400) {
    auto cut = multipart_request("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue");
    try {
        (void)cut.form();
        FAIL() << "expected an error";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 400);
    }
    auto bad_text = multipart_request(body_of({"Content-Disposition: form-data; name=\"a\"\r\n\r\n\xC3\x28"}));
    EXPECT_THROW((void)bad_text.form(), hearth::Error);
    // Files are bytes: invalid UTF-8 there is fine.
    auto bad_file = multipart_request(
        body_of({"Content-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n\xC3\x28"}));
    EXPECT_NO_THROW((void)bad_file.form());
}

TEST(MultipartRequest, OtherBodiesHaveNoFiles) {
    BeastRequest raw{beast_http::verb::post, "/login", 11};
    raw.set(beast_http::field::content_type, "application/x-www-form-urlencoded");
    raw.body() = "a=1";
    Request req(std::move(raw), "127.0.0.1");
    EXPECT_TRUE(req.files().empty());
    EXPECT_EQ(req.form_value("a"), "1");
    BeastRequest json{beast_http::verb::post, "/x", 11};
    json.set(beast_http::field::content_type, "application/json");
    json.body() = "{}";
    Request jreq(std::move(json), "127.0.0.1");
    EXPECT_FALSE(jreq.has_form_body());
    EXPECT_TRUE(jreq.files().empty());
}
