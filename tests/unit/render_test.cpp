#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "http/request.hpp"
#include "render/view.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using hearth::render::PageMeta;
using hearth::render::SiteInfo;
using hearth::render::Templates;
using hearth::render::View;

namespace {

const fs::path kTemplates = fs::path(HEARTH_SOURCE_DIR) / "templates";

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

std::size_t count(const std::string& haystack, std::string_view needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
    return n;
}

const Templates& real_templates() {
    static const Templates t(kTemplates);
    return t;
}

// A throw-away template directory for one test.
class TempDir {
public:
    TempDir() {
        static int serial = 0;
        path_ = fs::temp_directory_path() /
                ("hearth-render-test-" + std::to_string(::getpid()) + "-" + std::to_string(++serial) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    void write(const std::string& rel, const std::string& text) const {
        fs::create_directories((path_ / rel).parent_path());
        std::ofstream(path_ / rel) << text;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

hearth::http::Request make_request(const std::string& target, bool signed_in = false) {
    hearth::http::BeastRequest raw{boost::beast::http::verb::get, target, 11};
    raw.set(boost::beast::http::field::host, "localhost");
    hearth::http::Request req(std::move(raw), "127.0.0.1");
    req.csrf_token = "csrf-token-123";
    if (signed_in) {
        req.principal.user_id = 42;
        req.principal.role = hearth::Role::member;
        req.principal.display_name = "Robin <b>";
        req.principal.email = "robin@example.org";
    }
    return req;
}

PageMeta page_meta(std::string title, std::string nav_section = "", bool noindex = false) {
    PageMeta m;
    m.title = std::move(title);
    m.nav_section = std::move(nav_section);
    m.noindex = noindex;
    return m;
}

// Sample view models, one per page template: the data contracts in use.
std::vector<std::pair<std::string, json::value>> sample_pages() {
    return {
        {"home/index", json::parse(R"({"featured_html":"<section id=\"featured-title\">kept strip</section>"})")},
        {"home/featured", json::parse(R"({"featured":[{"full_name":"Dr Amara Okafor","url":"/specialists/dr-amara-okafor","headline":"When trust feels hard","initials":"AO","verified":true}]})")},
        {"accounts/signup",
         json::parse(R"({"values":{"display_name":"Sam","email":"sam@example","role_member":true,"role_specialist":false},
                         "errors":{"email":"Enter an e-mail address like name@example.org","password":"Use at least 12 characters"},
                         "errors_list":[{"field":"email","message":"Enter an e-mail address like name@example.org"},
                                        {"field":"password","message":"Use at least 12 characters"}],
                         "return_to":"/articles"})")},
        {"accounts/login",
         json::parse(R"({"values":{"email":"sam@example.org"},"error":"That e-mail address and password don't match.",
                         "notice":"Please log in to send a message.","return_to":"/messages"})")},
        {"accounts/forgot_password", json::parse(R"({"sent":false,"values":{"email":""},"errors":{}})")},
        {"accounts/reset_password", json::parse(R"({"token":"abc","errors":{"password":"Too short"},"invalid_token":false})")},
        {"accounts/account",
         json::parse(R"({"account":{"display_name":"Sam","email":"sam@example.org","role_label":"Looking for support",
                         "email_verified":false,"created_on":"3 March 2025"},"notice":"Your settings are saved.",
                         "sign_in_panel":{"notice":"That device has been logged out.","sessions":[
                           {"id":"0123456789abcdef","device":"Firefox on Windows","api":false,"current":true,
                            "created":"30 Nov 2026, 09:00 UTC","created_at":"2026-11-30T09:00:00Z",
                            "last_seen":"30 Nov 2026, 09:05 UTC","last_seen_at":"2026-11-30T09:05:00Z"},
                           {"id":"fedcba9876543210","device":"Unknown device","api":true,"current":false,
                            "created":"29 Nov 2026, 18:00 UTC","created_at":"2026-11-29T18:00:00Z",
                            "last_seen":"29 Nov 2026, 18:10 UTC","last_seen_at":"2026-11-29T18:10:00Z"}]}})")},
        {"accounts/password_change",
         json::parse(R"({"errors":{"current_password":"That is not your current password."},
                         "errors_list":[{"field":"current_password","message":"That is not your current password."}]})")},
        {"accounts/email_change",
         json::parse(R"({"current_email":"sam@example.org","values":{"new_email":"sam@example.net"},
                         "errors":{"password":"Please enter your current password."},
                         "errors_list":[{"field":"password","message":"Please enter your current password."}]})")},
        {"accounts/email_change_link", json::parse(R"({"confirm":true,"token":"abc","new_email":"sam@example.net"})")},
        {"accounts/verify_email", json::parse(R"({"verified":true})")},
        {"errors/error", json::parse(R"({"status":404,"title":"We could not find that page","message":"It may have moved."})")},
        {"pages/help", json::object{}},
        {"pages/offline", json::object{}},
        {"pages/privacy", json::object{}},
    };
}

}  // namespace

// --- Templates ---------------------------------------------------------------

TEST(Templates, LoadsTheRealTemplateDirectory) {
    ASSERT_NO_THROW(Templates t(kTemplates));
    const auto& t = real_templates();
    for (const char* name : {"layout/page", "partials/form_errors", "home/index", "accounts/signup", "accounts/login",
                             "accounts/forgot_password", "accounts/reset_password", "accounts/account",
                             "accounts/verify_email", "errors/error", "pages/help", "pages/offline",
                             "pages/contact", "pages/privacy"}) {
        EXPECT_TRUE(t.has(name)) << name;
    }
    EXPECT_FALSE(t.has("nope"));
    EXPECT_FALSE(t.has("layout/page.mustache"));
}

TEST(Templates, UnknownTemplateThrowsOutOfRange) {
    EXPECT_THROW(real_templates().render("no/such", json::object{}), std::out_of_range);
}

TEST(Templates, EscapesValues) {
    TempDir dir;
    dir.write("t.mustache", "<p title=\"{{v}}\">{{v}}</p>{{{raw}}}");
    Templates t(dir.path());
    const auto out = t.render("t", json::parse(R"({"v":"<script>alert('x')</script>&\"","raw":"<b>ok</b>"})"));
    EXPECT_EQ(out,
              "<p title=\"&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;&quot;\">"
              "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;&quot;</p><b>ok</b>");
}

TEST(Templates, ConvertsJsonKinds) {
    TempDir dir;
    dir.write("t.mustache",
              "{{i}}|{{u}}|{{d}}|{{whole}}|{{#yes}}Y{{/yes}}{{^no}}N{{/no}}|{{^nothing}}null-is-false{{/nothing}}|"
              "{{#list}}[{{name}}]{{/list}}|{{^empty}}no-items{{/empty}}|{{#has_list}}H{{/has_list}}"
              "{{^has_empty}}E{{/has_empty}}|{{^blank}}blank-is-false{{/blank}}|{{#zero}}zero-shows{{/zero}}");
    Templates t(dir.path());
    json::object o;
    o["i"] = -3;
    o["u"] = std::uint64_t{18446744073709551615ull};
    o["d"] = 4.5;
    o["whole"] = 2.0;
    o["yes"] = true;
    o["no"] = false;
    o["nothing"] = nullptr;
    o["list"] = json::array{json::object{{"name", "a"}}, json::object{{"name", "b"}}};
    o["empty"] = json::array{};
    o["blank"] = "";
    o["zero"] = 0;
    EXPECT_EQ(t.render("t", o),
              "-3|18446744073709551615|4.5|2|YN|null-is-false|[a][b]|no-items|HE|blank-is-false|zero-shows");
}

TEST(Templates, HasFlagDoesNotOverrideExplicitValue) {
    TempDir dir;
    dir.write("t.mustache", "{{^has_items}}hidden{{/has_items}}");
    Templates t(dir.path());
    EXPECT_EQ(t.render("t", json::parse(R"({"items":[1],"has_items":false})")), "hidden");
}

TEST(Templates, DottedNames) {
    TempDir dir;
    dir.write("t.mustache", "{{user.display_name}}|{{#user.signed_in}}in:{{csrf}}{{/user.signed_in}}|{{a.b.c}}|{{a.x.c}}");
    Templates t(dir.path());
    const auto out =
        t.render("t", json::parse(R"({"user":{"display_name":"Robin","signed_in":true},"csrf":"k","a":{"b":{"c":"deep"}}})"));
    EXPECT_EQ(out, "Robin|in:k|deep|");
}

TEST(Templates, PartialsResolveToLoadedTemplates) {
    TempDir dir;
    dir.write("partials/hello.mustache", "Hello {{name}}{{> partials/inner}}\n");
    dir.write("partials/inner.mustache", "!");
    dir.write("page.mustache", "<{{> partials/hello}}>{{#people}}({{>partials/hello}}){{/people}}");
    Templates t(dir.path());
    EXPECT_EQ(t.render("page", json::parse(R"({"name":"you","people":[{"name":"A"},{"name":"B"}]})")),
              "<Hello you!>(Hello A!)(Hello B!)");
    EXPECT_EQ(t.render("partials/hello", json::parse(R"({"name":"x"})")), "Hello x!\n");
}

TEST(Templates, RealFormErrorsPartial) {
    const auto out = real_templates().render(
        "accounts/signup", json::parse(R"({"errors_list":[{"field":"email","message":"Enter your <e-mail>"}],
                                           "errors":{"email":"Enter your <e-mail>"}})"));
    EXPECT_TRUE(contains(out, "class=\"error-summary\"")) << out;
    EXPECT_TRUE(contains(out, "role=\"alert\""));
    EXPECT_TRUE(contains(out, "Please check the form"));
    EXPECT_TRUE(contains(out, "<a href=\"#email\">Enter your &lt;e-mail&gt;</a>"));
    EXPECT_TRUE(contains(out, "aria-describedby=\"email-hint email-error\""));
    EXPECT_TRUE(contains(out, "aria-invalid=\"true\""));
    const auto clean = real_templates().render("accounts/signup", json::object{});
    EXPECT_FALSE(contains(clean, "error-summary"));
    EXPECT_FALSE(contains(clean, "aria-invalid"));
}

TEST(Templates, ParseErrorNamesTheFile) {
    TempDir dir;
    dir.write("good.mustache", "fine");
    dir.write("sub/broken.mustache", "{{#open}}never closed");
    try {
        Templates t(dir.path());
        FAIL() << "expected a parse error";
    } catch (const std::runtime_error& e) {
        EXPECT_TRUE(contains(e.what(), "broken.mustache")) << e.what();
    }
}

TEST(Templates, UnknownPartialAndCyclesAreErrors) {
    {
        TempDir dir;
        dir.write("a.mustache", "{{> missing}}");
        EXPECT_THROW(Templates t(dir.path()), std::runtime_error);
    }
    {
        TempDir dir;
        dir.write("a.mustache", "{{> b}}");
        dir.write("b.mustache", "{{> a}}");
        try {
            Templates t(dir.path());
            FAIL() << "expected a cycle error";
        } catch (const std::runtime_error& e) {
            EXPECT_TRUE(contains(e.what(), "cycle")) << e.what();
        }
    }
}

TEST(Templates, MissingDirectoryThrows) {
    EXPECT_THROW(Templates t("/nonexistent/hearth/templates"), std::runtime_error);
}

TEST(Templates, EveryPageTemplateRendersWithSampleData) {
    const auto& t = real_templates();
    for (const auto& [name, data] : sample_pages()) {
        std::string out;
        ASSERT_NO_THROW(out = t.render(name, data)) << name;
        EXPECT_GT(out.size(), 100u) << name;
        EXPECT_FALSE(contains(out, "{{")) << name;
        EXPECT_FALSE(contains(out, " style=")) << name << ": inline styles break the CSP";
        EXPECT_FALSE(contains(out, "<script")) << name;
        EXPECT_FALSE(std::regex_search(out, std::regex(R"(\son[a-z]+=)"))) << name << ": inline handlers";
    }
}

TEST(Templates, PageTemplatesMarkUpTheirData) {
    const auto& t = real_templates();
    const auto pages = sample_pages();
    auto render = [&](const std::string& name) {
        for (const auto& [n, d] : pages)
            if (n == name) return t.render(name, d);
        return std::string();
    };
    const auto login = render("accounts/login");
    EXPECT_TRUE(contains(login, "Please log in to send a message."));
    EXPECT_TRUE(contains(login, "don&apos;t match"));
    EXPECT_TRUE(contains(login, "value=\"sam@example.org\""));
    EXPECT_TRUE(contains(login, "autocomplete=\"current-password\""));
    EXPECT_TRUE(contains(login, "href=\"/password/forgot\""));
    EXPECT_TRUE(contains(login, "name=\"return_to\" value=\"/messages\""));

    const auto signup = render("accounts/signup");
    EXPECT_TRUE(contains(signup, "value=\"Sam\""));
    EXPECT_TRUE(contains(signup, "autocomplete=\"new-password\""));
    EXPECT_EQ(count(signup, " checked"), 1u);
    EXPECT_TRUE(contains(signup, "value=\"member\" checked"));
    const auto specialist = t.render("accounts/signup", json::parse(R"({"values":{"role_specialist":true}})"));
    EXPECT_TRUE(contains(specialist, "value=\"specialist\" checked"));
    EXPECT_EQ(count(specialist, " checked"), 1u);

    const auto strip = render("home/featured");
    EXPECT_TRUE(contains(strip, "When trust feels hard"));
    EXPECT_TRUE(contains(strip, "href=\"/specialists/dr-amara-okafor\""));
    const auto home = render("home/index");
    EXPECT_TRUE(contains(home, "<section id=\"featured-title\">kept strip</section>"));  // the kept HTML, as rendered
    for (const char* href : {"/specialists", "/free-consultation", "/help"})
        EXPECT_TRUE(contains(home, std::string("href=\"") + href + "\"")) << href;
    // Sections that do not exist yet are not linked (no page may lead to a 404).
    for (const char* dead : {"/articles", "/questions", "/feed.xml", "/messages"})
        EXPECT_FALSE(contains(home, std::string("href=\"") + dead)) << dead;
    EXPECT_FALSE(contains(t.render("home/index", json::parse(R"({"featured_html":""})")), "featured-title"));

    const auto account = render("accounts/account");
    EXPECT_TRUE(contains(account, "action=\"/account/verify-email/resend\""));
    EXPECT_TRUE(contains(account, "action=\"/account/sessions/revoke\""));
    // Where the person is logged in: each session with its own "Log out", this device marked.
    EXPECT_TRUE(contains(account, "action=\"/account/sessions/0123456789abcdef/end\""));
    EXPECT_TRUE(contains(account, "action=\"/account/sessions/fedcba9876543210/end\""));
    EXPECT_EQ(count(account, "This device"), 1u);
    EXPECT_TRUE(contains(account, "href=\"/account/password\""));
    EXPECT_TRUE(contains(account, "href=\"/account/email\""));
    EXPECT_TRUE(contains(render("accounts/password_change"), "id=\"current_password-error\""));
    const auto email_change = render("accounts/email_change");
    EXPECT_TRUE(contains(email_change, "value=\"sam@example.net\""));
    EXPECT_TRUE(contains(email_change, "id=\"password-error\""));
    const auto confirm = render("accounts/email_change_link");
    EXPECT_TRUE(contains(confirm, "action=\"/account/email/confirm\""));
    EXPECT_TRUE(contains(confirm, "name=\"token\" value=\"abc\""));
    const auto verified = t.render("accounts/account", json::parse(R"({"account":{"email_verified":true}})"));
    EXPECT_FALSE(contains(verified, "verify-email/resend"));

    EXPECT_TRUE(contains(t.render("accounts/forgot_password", json::parse(R"({"sent":true})")),
                         "If an account exists for that address"));
    EXPECT_TRUE(contains(t.render("accounts/reset_password", json::parse(R"({"invalid_token":true})")),
                         "expired or was already used"));
    EXPECT_TRUE(contains(t.render("accounts/verify_email", json::parse(R"({"invalid_token":true})")),
                         "expired or was already used"));
    const auto error = render("errors/error");
    EXPECT_TRUE(contains(error, "We could not find that page"));
    EXPECT_TRUE(contains(error, "404"));
    const auto help = render("pages/help");
    for (const char* n : {"112", "999", "911", "000", "988", "116 123", "findahelpline.com", "not an emergency"})
        EXPECT_TRUE(contains(help, n)) << n;
}

TEST(Templates, ConcurrentRenderingIsIdentical) {
    const auto& t = real_templates();
    const auto pages = sample_pages();
    std::vector<std::string> expected;
    for (const auto& [name, data] : pages) expected.push_back(t.render(name, data));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int th = 0; th < 4; ++th) {
        threads.emplace_back([&, th] {
            for (int round = 0; round < 50; ++round) {
                for (std::size_t i = 0; i < pages.size(); ++i) {
                    const std::size_t k = (i + static_cast<std::size_t>(th)) % pages.size();
                    if (t.render(pages[k].first, pages[k].second) != expected[k]) ++mismatches[th];
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(Templates, InstancesAreIndependentPerThreadCache) {
    TempDir a, b;
    a.write("t.mustache", "A{{x}}");
    b.write("t.mustache", "B{{x}}");
    for (int i = 0; i < 3; ++i) {
        auto ta = std::make_unique<Templates>(a.path());
        Templates tb(b.path());
        EXPECT_EQ(ta->render("t", json::parse(R"({"x":1})")), "A1");
        EXPECT_EQ(tb.render("t", json::parse(R"({"x":2})")), "B2");
        ta.reset();
        Templates tc(b.path());  // may reuse ta's address
        EXPECT_EQ(tc.render("t", json::parse(R"({"x":3})")), "B3");
    }
}

// --- View::page --------------------------------------------------------------

TEST(View, WrapsContentInTheLayout) {
    View view(real_templates(), SiteInfo{"Hearth", "https://hearth.example/"});
    auto req = make_request("/login?return_to=%2Farticles%3Fpage%3D2");
    PageMeta meta;
    meta.title = "Log in";
    meta.description = "Log in to Hearth.";
    meta.noindex = true;
    meta.nav_section = "account";
    const auto html = view.page(req, "accounts/login", json::object{{"return_to", "/articles?page=2"}}, meta);

    EXPECT_TRUE(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
    EXPECT_TRUE(contains(html, "<title>Log in · Hearth</title>"));
    EXPECT_TRUE(contains(html, "<meta name=\"description\" content=\"Log in to Hearth.\">"));
    EXPECT_TRUE(contains(html, "<link rel=\"canonical\" href=\"https://hearth.example/login\">"));
    EXPECT_TRUE(contains(html, "<meta property=\"og:url\" content=\"https://hearth.example/login\">"));
    EXPECT_TRUE(contains(html, "<meta property=\"og:image\" content=\"https://hearth.example/static/favicon.svg\">"));
    EXPECT_TRUE(contains(html, "<meta name=\"twitter:card\" content=\"summary\">"));
    EXPECT_TRUE(contains(html, "<meta name=\"robots\" content=\"noindex\">"));
    EXPECT_TRUE(contains(html, "<a class=\"skip-link\" href=\"#main\">"));
    EXPECT_TRUE(contains(html, "<main id=\"main\" tabindex=\"-1\">"));
    EXPECT_TRUE(contains(html, "id=\"offline-notice\""));
    EXPECT_TRUE(contains(html, "href=\"/help\""));
    EXPECT_TRUE(contains(html, "<script src=\"/static/js/offline.js\" defer></script>"));
    EXPECT_FALSE(contains(html, "application/atom+xml"));  // no feed is advertised until /feed.xml exists
    // Content inserted unescaped, with csrf token merged in.
    EXPECT_TRUE(contains(html, "<form class=\"form\" method=\"post\" action=\"/login\""));
    EXPECT_TRUE(contains(html, "name=\"_csrf\" value=\"csrf-token-123\""));
    // On the log-in page itself, "Log in" and "Sign up" keep the original destination.
    EXPECT_TRUE(contains(html, "href=\"/signup?return_to=/articles%3Fpage%3D2\"")) << html;
    EXPECT_FALSE(contains(html, "ld+json"));
    EXPECT_FALSE(contains(html, " style="));
    EXPECT_EQ(count(html, "aria-current=\"page\""), 0u);  // account link only shows when signed in
}

TEST(View, HomeTitleNavAndSignedInUser) {
    View view(real_templates(), SiteInfo{});
    auto req = make_request("/specialists?q=a%20b&x=<y>", true);
    PageMeta meta;
    meta.nav_section = "free-consultation";
    meta.json_ld = R"({"@context":"https://schema.org","@type":"WebSite","name":"</script><script>alert(1)</script>"})";
    const auto html = view.page(req, "pages/offline", json::object{}, meta);
    // The layout links only to what exists: no feed until the application
    // serves feeds (View::set_feed_links).
    EXPECT_FALSE(contains(html, "/feed.xml"));
    EXPECT_TRUE(contains(html, "<li><a href=\"/articles\">Articles</a></li>"));
    EXPECT_TRUE(contains(html, "<li><a href=\"/questions\">Questions</a></li>"));
    // The header's search box: a GET form to /search with a label.
    EXPECT_TRUE(contains(html, "<form class=\"site-search\" role=\"search\" method=\"get\" action=\"/search\">"));
    EXPECT_TRUE(contains(html, "<label class=\"visually-hidden\" for=\"site-search-q\">Search Hearth</label>"));
    EXPECT_TRUE(contains(html, "<title>Hearth — support after relational trauma</title>"));
    EXPECT_TRUE(contains(html, "href=\"/free-consultation\" aria-current=\"page\""));
    EXPECT_EQ(count(html, "aria-current=\"page\""), 1u);
    EXPECT_TRUE(contains(html, "<link rel=\"canonical\" href=\"http://127.0.0.1:8080/specialists\">"));
    // Signed in: account link and a POST log-out form with the CSRF token.
    EXPECT_TRUE(contains(html, "href=\"/account\""));
    EXPECT_TRUE(contains(html, "action=\"/logout\""));
    EXPECT_FALSE(contains(html, "Sign up"));
    // JSON-LD: one data block, "</script" cannot end it early.
    EXPECT_EQ(count(html, "<script type=\"application/ld+json\">"), 1u);
    EXPECT_EQ(count(html, "</script>"), 4u);  // the JSON-LD block, offline.js, quick-exit.js and live.js
    // Signed-in pages follow live updates (static/js/live.js opens the stream).
    EXPECT_TRUE(contains(html, " data-live>"));
    EXPECT_TRUE(contains(html, "\\u003c/script\\u003e"));
    // Signed in: "Messages", its unread count hidden while nobody gave one.
    EXPECT_TRUE(contains(html, "<li><a href=\"/messages\">Messages"));
    EXPECT_TRUE(contains(html, "data-unread-messages hidden>"));
}

// What a feature adds for signed-in people (the unread count beside
// "Messages") is asked for per request, only for them.
TEST(View, SignedInExtrasShowTheUnreadCountToSignedInPeopleOnly) {
    View view(real_templates(), SiteInfo{});
    int asked = 0;
    view.set_signed_in_extras([&](const hearth::http::Request& req) {
        ++asked;
        EXPECT_EQ(req.principal.user_id, 42);
        return json::object{{"unread_messages", 3}, {"has_unread_messages", true}};
    });
    PageMeta meta;
    meta.title = "Help";
    const auto signed_in = view.page(make_request("/help", true), "pages/offline", json::object{}, meta);
    EXPECT_EQ(asked, 1);
    EXPECT_TRUE(contains(signed_in, "<span class=\"nav-count\" data-unread-messages>3</span>"));
    EXPECT_TRUE(contains(signed_in, "<span class=\"visually-hidden\"> unread</span>"));
    const auto visitor = view.page(make_request("/help"), "pages/offline", json::object{}, meta);
    EXPECT_EQ(asked, 1);
    EXPECT_FALSE(contains(visitor, "href=\"/messages\""));
    EXPECT_FALSE(contains(visitor, "data-unread-messages"));
}

// "Leave this site" is on every page, a plain link (it works without
// JavaScript) to the configured neutral page, which sends no Referer.
TEST(View, EveryPageOffersAQuickExit) {
    SiteInfo site;
    site.quick_exit_url = "https://weather.example/today?city=york&units=c";
    View view(real_templates(), site);
    for (const char* name : {"pages/help", "pages/privacy", "accounts/login"}) {
        const auto html = view.page(make_request("/help"), name, json::object{}, page_meta("Somewhere"));
        EXPECT_EQ(count(html, "data-quick-exit>"), 1u) << name;
        EXPECT_TRUE(contains(html, "<a class=\"quick-exit__link\" href=\"https://weather.example/today?city=york&amp;units=c\" "
                                   "rel=\"noreferrer\" data-quick-exit>Leave this site</a>"))
            << html;
        EXPECT_TRUE(contains(html, "<script src=\"/static/js/quick-exit.js\" defer></script>"));
        EXPECT_FALSE(contains(html, "data-live")) << name;  // visitors open no event stream
        // Before the header, so it is the first thing after the skip link.
        EXPECT_LT(html.find("data-quick-exit>"), html.find("<header"));
    }
    const auto fallback = View(real_templates(), SiteInfo{}).page(make_request("/"), "pages/privacy", json::object{},
                                                                  page_meta("Privacy"));
    EXPECT_TRUE(contains(fallback, "href=\"https://www.bbc.co.uk/weather\" rel=\"noreferrer\" data-quick-exit>"));
}

TEST(View, InvalidJsonLdIsDropped) {
    View view(real_templates(), SiteInfo{});
    auto req = make_request("/");
    PageMeta meta;
    meta.json_ld = "{not json</script>";
    const auto html = view.page(req, "pages/privacy", json::object{}, meta);
    EXPECT_FALSE(contains(html, "ld+json"));
    EXPECT_FALSE(contains(html, "not json"));
}

TEST(View, ContentSeesUserCsrfAndCurrentPath) {
    TempDir dir;
    dir.write("layout/page.mustache", "[{{{content}}}]{{#nav_help}}H{{/nav_help}}{{year}}");
    dir.write("c.mustache", "{{user.display_name}}|{{#user.is_member}}member{{/user.is_member}}|{{csrf_token}}|{{current_path}}|"
                            "{{current_path_encoded}}|{{own}}|{{site.name}}");
    Templates t(dir.path());
    View view(t, SiteInfo{});
    auto req = make_request("/questions?a=1&b=2", true);
    PageMeta meta;
    meta.title = "Q";
    meta.nav_section = "help";
    const auto html = view.page(req, "c", json::object{{"own", "mine"}}, meta);
    EXPECT_TRUE(html.starts_with("[Robin &lt;b&gt;|member|csrf-token-123|/questions?a=1&amp;b=2|"
                                 "/questions%3Fa%3D1%26b%3D2|mine|Hearth]H"))
        << html;
}

TEST(View, ReturnToIsNeverOffSite) {
    View view(real_templates(), SiteInfo{});
    auto req = make_request("/login?return_to=//evil.example/x");
    const auto html = view.page(req, "accounts/login", json::object{}, page_meta("Log in"));
    EXPECT_TRUE(contains(html, "href=\"/signup?return_to=/\"")) << html;
}

// --- Preview ----------------------------------------------------------------
// HEARTH_PREVIEW_DIR=/tmp/hearth-preview writes full pages there, with the
// stylesheet, script and icon copied beside them, to look at in a browser.
TEST(Preview, WritesPagesWhenAsked) {
    const char* out_dir = std::getenv("HEARTH_PREVIEW_DIR");
    if (!out_dir || !*out_dir) GTEST_SKIP() << "set HEARTH_PREVIEW_DIR to write preview pages";
    const fs::path out(out_dir);
    fs::create_directories(out);
    const fs::path src(HEARTH_SOURCE_DIR);
    fs::copy_file(src / "static/css/hearth.css", out / "hearth.css", fs::copy_options::overwrite_existing);
    fs::copy_file(src / "static/js/offline.js", out / "offline.js", fs::copy_options::overwrite_existing);
    fs::copy_file(src / "static/favicon.svg", out / "favicon.svg", fs::copy_options::overwrite_existing);

    View view(real_templates(), SiteInfo{});
    auto write = [&](const std::string& file, const std::string& target, bool signed_in, const std::string& name,
                     const json::value& data, PageMeta meta) {
        auto req = make_request(target, signed_in);
        std::string html = view.page(req, name, data.as_object(), meta);
        for (auto [from, to] : {std::pair{"/static/css/hearth.css", "hearth.css"},
                                std::pair{"/static/js/offline.js", "offline.js"},
                                std::pair{"/static/favicon.svg", "favicon.svg"}}) {
            for (auto p = html.find(from); p != std::string::npos; p = html.find(from)) html.replace(p, strlen(from), to);
        }
        std::ofstream(out / file) << html;
    };
    const auto pages = sample_pages();
    auto data = [&](const std::string& name) {
        for (const auto& [n, d] : pages)
            if (n == name) return d;
        return json::value(json::object{});
    };
    write("home.html", "/", false, "home/index", data("home/index"), PageMeta{});
    write("home-signed-in.html", "/", true, "home/index", json::object{}, PageMeta{});
    write("signup.html", "/signup", false, "accounts/signup", data("accounts/signup"),
          page_meta("Sign up", "signup", true));
    write("login.html", "/login", false, "accounts/login", data("accounts/login"),
          page_meta("Log in", "login", true));
    write("help.html", "/help", false, "pages/help", json::object{},
          page_meta("Need help now?", "help", false));
    write("account.html", "/account", true, "accounts/account", data("accounts/account"),
          page_meta("Your account", "account", true));
    write("error.html", "/nope", false, "errors/error", data("errors/error"), page_meta("Not found"));
    write("privacy.html", "/privacy", false, "pages/privacy", json::object{}, page_meta("Privacy"));
    write("offline.html", "/offline", false, "pages/offline", json::object{}, page_meta("Offline"));
    write("forgot.html", "/password/forgot", false, "accounts/forgot_password", json::parse(R"({"sent":true})"),
          page_meta("Reset your password"));
    write("reset.html", "/password/reset", false, "accounts/reset_password", data("accounts/reset_password"),
          page_meta("Choose a new password"));
}

TEST(View, FeedLinksTwitterCardAndImageAlt) {
    View view(real_templates(), SiteInfo{});
    auto req = make_request("/articles/one", false);
    PageMeta meta;
    meta.title = "One";
    meta.og_image = "/articles/one/cover?v=2";
    meta.og_image_alt = "A quiet <room>";
    meta.twitter_card = "summary_large_image";
    meta.feeds.push_back({"Hearth articles on Boundaries", "/topics/boundaries/feed.xml"});
    auto html = view.page(req, "pages/offline", json::object{}, meta);
    EXPECT_FALSE(contains(html, "application/atom+xml"));  // feeds not served yet
    EXPECT_TRUE(contains(html, "<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    EXPECT_TRUE(contains(html, "<meta property=\"og:image:alt\" content=\"A quiet &lt;room&gt;\">"));
    EXPECT_TRUE(contains(html, "content=\"http://127.0.0.1:8080/articles/one/cover?v=2\""));

    view.set_feed_links(true);
    html = view.page(req, "pages/offline", json::object{}, meta);
    EXPECT_TRUE(contains(html, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Hearth articles\" "
                               "href=\"/feed.xml\">"));
    EXPECT_TRUE(contains(html, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Hearth articles on "
                               "Boundaries\" href=\"/topics/boundaries/feed.xml\">"));
    EXPECT_LT(html.find("href=\"/feed.xml\""), html.find("/topics/boundaries/feed.xml"));

    // Without a large image, the small card, as before.
    html = view.page(req, "pages/offline", json::object{}, PageMeta{});
    EXPECT_TRUE(contains(html, "<meta name=\"twitter:card\" content=\"summary\">"));
    EXPECT_FALSE(contains(html, "og:image:alt"));
}

TEST(PrivatePage, IsKeptOutOfSearchEnginesUnderItsSection) {
    const auto meta = hearth::render::private_page("Your account", "account");
    EXPECT_EQ(meta.title, "Your account");
    EXPECT_TRUE(meta.noindex);
    EXPECT_EQ(meta.nav_section, "account");
    EXPECT_TRUE(hearth::render::private_page("Admin").nav_section.empty());
}
