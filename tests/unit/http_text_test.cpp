// The text check at the boundary (http/text.hpp) and the places that apply
// it when a request is parsed: path, query, headers, cookies, urlencoded and
// multipart forms, JSON.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "http/form.hpp"
#include "http/input.hpp"
#include "http/request.hpp"
#include "http/text.hpp"

using namespace hearth;
using namespace hearth::http;
using namespace std::string_literals;

namespace {

Request request(beast_http::verb method, std::string target, std::string content_type = {}, std::string body = {}) {
    BeastRequest raw{method, target, 11};
    if (!content_type.empty()) raw.set(beast_http::field::content_type, content_type);
    raw.body() = std::move(body);
    raw.prepare_payload();
    return Request(std::move(raw), "127.0.0.1");
}

Request get(std::string target) { return request(beast_http::verb::get, std::move(target)); }

Request form_post(std::string body) {
    return request(beast_http::verb::post, "/login", "application/x-www-form-urlencoded", std::move(body));
}

Request json_post(std::string body) {
    return request(beast_http::verb::post, "/api/v1/users", "application/json", std::move(body));
}

// The status and field of the Error `fn` throws; {0, ""} when it throws none.
template <class F>
std::pair<int, std::string> refusal(F fn) {
    try {
        fn();
    } catch (const Error& e) {
        return {e.status(), e.field().value_or("")};
    }
    return {0, ""};
}

}  // namespace

TEST(CheckText, AcceptsWellFormedText) {
    for (auto kind : {TextKind::line, TextKind::multiline, TextKind::secret}) {
        EXPECT_EQ(check_text("", kind), TextProblem::none);
        EXPECT_EQ(check_text("Zoë Ünal, 東京 🙂 \U0010FFFF \uFFFD", kind), TextProblem::none);
        EXPECT_EQ(check_text("tab\there", kind), TextProblem::none);
    }
}

TEST(CheckText, RefusesMalformedUtf8) {
    const std::string bad[] = {
        "\xff",              // never in UTF-8
        "\xc0\x80",          // overlong NUL
        "\xc1\xbf",          // overlong
        "\xe0\x80\xaf",      // overlong 3-byte
        "\xf0\x80\x80\xaf",  // overlong 4-byte
        "\xed\xa0\x80",      // surrogate U+D800
        "\xed\xbf\xbf",      // surrogate U+DFFF
        "\xf4\x90\x80\x80",  // above U+10FFFF
        "\xf5\x80\x80\x80",  // F5..FF lead bytes
        "\xc3",              // truncated
        "\xe2\x82",          // truncated
        "\x80",              // lone continuation
        "a\xc3(",            // bad continuation
    };
    for (const auto& s : bad) {
        for (auto kind : {TextKind::line, TextKind::multiline, TextKind::secret}) {
            EXPECT_EQ(check_text(s, kind), TextProblem::invalid_utf8) << testing::PrintToString(s);
        }
        EXPECT_FALSE(valid_utf8(s)) << testing::PrintToString(s);
    }
    EXPECT_TRUE(valid_utf8("\xed\x9f\xbf"));      // U+D7FF, just below the surrogates
    EXPECT_TRUE(valid_utf8("\xee\x80\x80"));      // U+E000, just above
    EXPECT_TRUE(valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
}

TEST(CheckText, ControlCharactersByKind) {
    const auto c = TextProblem::control_character;
    const auto ok = TextProblem::none;
    // NUL is refused everywhere, passwords included.
    EXPECT_EQ(check_text("a\0b"s, TextKind::secret), c);
    EXPECT_EQ(check_text("a\0b"s, TextKind::multiline), c);
    // Line breaks only where a field may span lines.
    EXPECT_EQ(check_text("a\r\nb", TextKind::multiline), ok);
    EXPECT_EQ(check_text("a\nb", TextKind::line), c);
    EXPECT_EQ(check_text("a\rb", TextKind::line), c);
    // ESC, DEL and C1 (U+0085, U+009F) are refused except in secrets.
    for (const std::string s : {"\x1b[31m", "a\x7f", "a\xc2\x85", "a\xc2\x9f", "\x01"}) {
        EXPECT_EQ(check_text(s, TextKind::line), c) << testing::PrintToString(s);
        EXPECT_EQ(check_text(s, TextKind::multiline), c) << testing::PrintToString(s);
        EXPECT_EQ(check_text(s, TextKind::secret), ok) << testing::PrintToString(s);
    }
    EXPECT_EQ(check_text("\xc2\xa0", TextKind::line), ok);  // U+00A0 is not a control character
}

TEST(CheckText, SecretFieldsAreNamedForPasswords) {
    EXPECT_TRUE(is_secret_field("password"));
    EXPECT_TRUE(is_secret_field("current_password"));
    EXPECT_TRUE(is_secret_field("new_password"));
    EXPECT_FALSE(is_secret_field("display_name"));
    EXPECT_FALSE(is_secret_field("note"));
}

TEST(RequestText, PathWithBadBytesIsNotFound) {
    for (const std::string path :
         {"/api/v1/specialists/%ff", "/api/v1/specialists/%c0%80", "/api/v1/specialists/%ed%a0%80",
          "/api/v1/specialists/%00", "/api/v1/specialists/a%1bb", "/specialists/%c2%85"}) {
        const auto req = get(path);
        ASSERT_TRUE(req.boundary_error().has_value()) << path;
        EXPECT_EQ(req.boundary_error()->status(), 404) << path;
    }
    EXPECT_FALSE(get("/api/v1/specialists/z%C3%BC").boundary_error().has_value());
}

TEST(RequestText, QueryWithBadBytesIsBadRequest) {
    for (const std::string target :
         {"/specialists?q=%ff", "/specialists?q=%c0%80", "/specialists?q=%ed%a0%80", "/specialists?q=a%00b",
          "/specialists?q=a%1bb", "/specialists?q=a%0ab", "/specialists?%ff=1", "/specialists?page=1&city=%7f"}) {
        const auto req = get(target);
        ASSERT_TRUE(req.boundary_error().has_value()) << target;
        EXPECT_EQ(req.boundary_error()->status(), 400) << target;
    }
    const auto fine = get("/specialists?q=Z%C3%BCrich+trauma&page=2");
    EXPECT_FALSE(fine.boundary_error().has_value());
    EXPECT_EQ(fine.query_param("q"), "Zürich trauma");
}

TEST(RequestText, RedirectTargetsNeedOnlyBeText) {
    // return_to is read only through safe_local_target, which falls back on anything odd.
    EXPECT_FALSE(get("/login?return_to=/a%00b%0a").boundary_error().has_value());
    EXPECT_EQ(get("/login?return_to=/a%ff").boundary_error()->status(), 400);
    EXPECT_EQ(form_post("return_to=/a%00%0b%c2%85&email=a%40b.org").form_value("return_to"), "/a\0\x0b\xc2\x85"s);
    EXPECT_EQ(refusal([&] { form_post("return_to=/a%ff").form(); }).first, 400);
    EXPECT_EQ(refusal([&] { form_post("return_to=/a&next=%c2%85").form(); }).first, 422);
}

TEST(RequestText, HeaderWithBadBytesIsBadRequest) {
    for (const std::string& value : {"\xff"s, "a\x1b"s, "\xed\xa0\x80"s, "a\x7f"s}) {
        BeastRequest raw{beast_http::verb::get, "/", 11};
        raw.set("User-Agent", value);
        const Request req(std::move(raw), "127.0.0.1");
        ASSERT_TRUE(req.boundary_error().has_value()) << testing::PrintToString(value);
        EXPECT_EQ(req.boundary_error()->status(), 400);
    }
    BeastRequest raw{beast_http::verb::get, "/", 11};
    raw.set("User-Agent", "Mozilla/5.0 (X11)\tÜ");
    EXPECT_FALSE(Request(std::move(raw), "127.0.0.1").boundary_error().has_value());
}

TEST(RequestText, CookieWithBadBytesIsIgnored) {
    BeastRequest raw{beast_http::verb::get, "/", 11};
    raw.set(beast_http::field::cookie, "bad=a\xff; good=abc; ctl=a\x1b");
    const Request req(std::move(raw), "127.0.0.1");
    EXPECT_FALSE(req.boundary_error().has_value());  // another site's cookie does not refuse the request
    EXPECT_EQ(req.cookie("good"), "abc");
    EXPECT_EQ(req.cookie("bad"), std::nullopt);
    EXPECT_EQ(req.cookie("ctl"), std::nullopt);
}

TEST(RequestText, UrlencodedForm) {
    for (const std::string body : {"note=%ff", "note=%c0%80", "note=%ed%a0%80", "note%ff=1"}) {
        EXPECT_EQ(refusal([&] { form_post(body).form(); }).first, 400) << body;
    }
    // C1 controls are refused as the form is parsed, naming the field.
    for (const std::string body : {"note=a%c2%85", "note=a%c2%9fb"}) {
        EXPECT_EQ(refusal([&] { form_post(body).form(); }), (std::pair<int, std::string>{422, "note"})) << body;
    }
    // A field name with a line break is not a name a form has.
    EXPECT_EQ(refusal([&] { form_post("a%0ab=1").form(); }).first, 400);
    // Line breaks and tabs in a value are fine.
    EXPECT_EQ(form_post("note=one%0D%0Atwo%09three").form_value("note"), "one\r\ntwo\tthree");
    // The whole form is refused, however late the bad field.
    EXPECT_EQ(refusal([&] { form_post("_csrf=abc&email=x%40y.org&note=%c2%85").form_value("_csrf"); }).first, 422);
}

TEST(RequestText, FormControlCharactersAreFieldErrorsOfInput) {
    // C0 and DEL in a page's form reach http::Input, which refuses them as a
    // field error, so the page shows its form again with what was typed.
    for (const std::string body : {"note=a%00b", "note=a%1bb", "note=a%7f"}) {
        auto req = form_post(body + "&email=x%40y.org");
        Input input(req);
        EXPECT_EQ(input.text("note"), "") << body;
        EXPECT_EQ(input.text("email"), "x@y.org");
        ASSERT_EQ(input.errors().size(), 1u) << body;
        EXPECT_EQ(input.errors()[0].field, "note");
        EXPECT_EQ(refusal([&] { input.check(); }).first, 422);
    }
    // Passwords keep anything but NUL.
    auto ok = form_post("password=a%1b%7fb");
    Input with_escape(ok);
    EXPECT_EQ(with_escape.raw("password"), "a\x1b\x7f" "b");
    EXPECT_TRUE(with_escape.ok());
    auto nul = form_post("password=a%00b");
    Input with_nul(nul);
    EXPECT_EQ(with_nul.raw("password"), "");
    EXPECT_FALSE(with_nul.ok());
}

TEST(RequestText, MultipartTextParts) {
    auto multipart = [](std::string name, std::string value) {
        std::string body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n--XyZ--\r\n";
        return request(beast_http::verb::post, "/account/profile/photo", "multipart/form-data; boundary=XyZ", body);
    };
    EXPECT_EQ(refusal([&] { multipart("note", "\xff").form(); }).first, 400);
    EXPECT_EQ(refusal([&] { multipart("note", "\xed\xa0\x80").form(); }).first, 400);
    EXPECT_EQ(refusal([&] { multipart("note", "\xc0\x80").form(); }).first, 400);
    EXPECT_EQ(refusal([&] { multipart("note", "a\xc2\x85").form(); }), (std::pair<int, std::string>{422, "note"}));
    EXPECT_EQ(multipart("note", "line one\r\nline two").form_value("note"), "line one\r\nline two");
    auto esc = multipart("note", "a\x1b");
    Input input(esc);
    EXPECT_EQ(input.text("note"), "");
    EXPECT_FALSE(input.ok());
    // A refused form leaves no files behind.
    auto req = multipart("note", "a\xc2\x85");
    EXPECT_EQ(refusal([&] { req.files(); }).first, 422);
}

TEST(RequestText, JsonStrings) {
    using P = std::pair<int, std::string>;
    EXPECT_EQ(refusal([&] { json_post(R"({"note":"a\u0000b"})").json(); }), (P{422, "note"}));
    EXPECT_EQ(refusal([&] { json_post(R"({"note":"a\u001bb"})").json(); }), (P{422, "note"}));
    EXPECT_EQ(refusal([&] { json_post(R"({"note":"a\u0085b"})").json(); }), (P{422, "note"}));
    EXPECT_EQ(refusal([&] { json_post(R"({"note":"a\u007fb"})").json(); }), (P{422, "note"}));
    // Nested strings count for their top-level field.
    EXPECT_EQ(refusal([&] { json_post(R"({"specialties":["ok","a\u0000"]})").json(); }), (P{422, "specialties"}));
    EXPECT_EQ(refusal([&] { json_post(R"({"weekly":[{"start":"a\u001b"}]})").json(); }), (P{422, "weekly"}));
    // Bytes that are not UTF-8, raw or escaped as a lone surrogate, are not JSON.
    EXPECT_EQ(refusal([&] { json_post("{\"note\":\"\xff\"}").json(); }).first, 400);
    EXPECT_EQ(refusal([&] { json_post("{\"note\":\"\xc0\x80\"}").json(); }).first, 400);
    EXPECT_EQ(refusal([&] { json_post("{\"note\":\"\xed\xa0\x80\"}").json(); }).first, 400);
    EXPECT_EQ(refusal([&] { json_post(R"({"note":"\ud800"})").json(); }).first, 400);
    // Names must be clean.
    EXPECT_EQ(refusal([&] { json_post(R"({"a\u0000":"x"})").json(); }).first, 400);
    // Line breaks in values are fine; passwords keep anything but NUL.
    EXPECT_EQ(json_post(R"({"note":"one\ntwo"})").json().at("note").as_string(), "one\ntwo");
    EXPECT_EQ(json_post(R"({"password":"a\u001bb"})").json().at("password").as_string(),
              "a\x1b"
              "b");
    EXPECT_EQ(refusal([&] { json_post(R"({"password":"a\u0000b"})").json(); }), (P{422, "password"}));
}

TEST(RequestText, InputSeesOnlyCheckedText) {
    // Input parses the body when it is made, so the refusal comes before any field is read.
    EXPECT_EQ(refusal([&] {
                  auto req = json_post(R"({"display_name":"Bad\u0000Name"})");
                  Input input(req);
              }),
              (std::pair<int, std::string>{422, "display_name"}));
    auto req = json_post(R"({"password":" spaced\u001b ","display_name":" Ann "})");
    Input input(req);
    EXPECT_EQ(input.raw("password"), " spaced\x1b ");
    EXPECT_EQ(input.text("display_name"), "Ann");
    EXPECT_TRUE(input.ok());
}
