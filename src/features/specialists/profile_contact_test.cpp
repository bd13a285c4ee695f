// The shapes of a specialist's public contact details, and what a page shows of them.
#include "features/specialists/profile_contact.hpp"

#include <gtest/gtest.h>

namespace hearth::specialists {
namespace {

TEST(ProfileContact, WebAddressesAreHttpOrHttpsWithARealHost) {
    for (const char* good : {"https://www.example.org", "http://example.org/", "https://example.org/about?x=1#top",
                             "https://praxis-mueller.de:8443/termine", "https://192.0.2.10/"}) {
        EXPECT_TRUE(is_web_address(good)) << good;
    }
    for (const char* bad : {"", "example.org", "www.example.org", "ftp://example.org", "javascript:alert(1)",
                            "https://", "https:///path", "https://localhost/", "https://exa mple.org",
                            "https://example.org/\"onmouseover=x", "https://example.org/<b>",
                            "https://bank.example@evil.example/", "https://example.org:port/", "https://.example.org",
                            "https://example..org", "https://exämple.org", "data:text/html,hi",
                            "https://example.org/a\\b"}) {
        EXPECT_FALSE(is_web_address(bad)) << bad;
    }
}

TEST(ProfileContact, PublicEmailsNeedNoEscapingInAMailtoLink) {
    for (const char* good : {"hello@example.org", "o'brien.care+hearth@praxis-mueller.de", "a_b-c@x.co"}) {
        EXPECT_TRUE(is_public_email(good)) << good;
    }
    for (const char* bad : {"", "hello", "@example.org", "hello@", "hello@example", "a@b@example.org",
                            "hello@example.org?cc=x@evil.example", "hello world@example.org", "hel\"lo@example.org",
                            "hello@exa_mple.org", "hello@.example.org", "mailto:hello@example.org"}) {
        EXPECT_FALSE(is_public_email(bad)) << bad;
    }
}

TEST(ProfileContact, TheViewShowsOnlyWhatWasGiven) {
    ProfileFields none;
    const auto empty = contact_view(none);
    EXPECT_FALSE(empty.at("has_contact").as_bool());
    EXPECT_FALSE(empty.contains("website"));
    EXPECT_FALSE(empty.contains("phone_href"));

    ProfileFields f;
    f.website = "https://www.example.org/";
    f.phone = "+44 20 7946 0018";
    f.contact_email = "hello@example.org";
    const auto v = contact_view(f);
    EXPECT_TRUE(v.at("has_contact").as_bool());
    EXPECT_EQ(v.at("website").as_string(), "https://www.example.org/");
    EXPECT_EQ(v.at("website_label").as_string(), "www.example.org");
    EXPECT_EQ(v.at("phone_href").as_string(), "tel:+442079460018");
    EXPECT_EQ(v.at("contact_mailto").as_string(), "mailto:hello@example.org");

    ProfileFields phone_only;
    phone_only.phone = "030 1234567";
    const auto p = contact_view(phone_only);
    EXPECT_TRUE(p.at("has_contact").as_bool());
    EXPECT_FALSE(p.contains("contact_mailto"));
}

}  // namespace
}  // namespace hearth::specialists
