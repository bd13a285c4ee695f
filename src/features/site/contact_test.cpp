// /contact's view model and template: with the operators' address, and
// without one (the page must still say something true, never a 404).
#include "features/site/contact.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "render/view.hpp"

namespace {

using hearth::render::SiteInfo;
using hearth::render::Templates;
using hearth::site::contact_view;

std::string render_contact(const SiteInfo& site) {
    static const Templates templates(std::filesystem::path(HEARTH_SOURCE_DIR) / "templates");
    return templates.render("pages/contact", contact_view(site));
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(Contact, WithAnAddressGivesMailtoLinksAndTheReplyTime) {
    SiteInfo site;
    site.contact_email = "care@hearth.example";
    site.contact_reply_time = "within two working days";
    const auto v = contact_view(site);
    EXPECT_TRUE(v.at("has_email").as_bool());
    EXPECT_EQ(v.at("mailto").as_string(), "mailto:care@hearth.example");
    EXPECT_EQ(v.at("deletion_mailto").as_string(),
              "mailto:care@hearth.example?subject=Please%20delete%20my%20Hearth%20account");

    const auto html = render_contact(site);
    EXPECT_TRUE(contains(html, "<a href=\"mailto:care@hearth.example\">care@hearth.example</a>")) << html;
    EXPECT_TRUE(contains(html, "We usually answer within two working days."));
    EXPECT_TRUE(contains(html, "subject=Please%20delete%20my%20Hearth%20account\">write to care@hearth.example</a>"));
    EXPECT_TRUE(contains(html, "href=\"/help\""));
    EXPECT_FALSE(contains(html, "published a contact address"));
}

TEST(Contact, WithoutAReplyTimePromisesNothing) {
    SiteInfo site;
    site.contact_email = "care@hearth.example";
    const auto html = render_contact(site);
    EXPECT_FALSE(contains(html, "We usually answer"));
    EXPECT_TRUE(contains(html, "can't always answer straight away")) << html;
}

TEST(Contact, WithoutAnAddressSaysSoAndOffersNoLink) {
    const auto v = contact_view(SiteInfo{});
    EXPECT_FALSE(v.at("has_email").as_bool());
    EXPECT_EQ(v.at("mailto").as_string(), "");
    const auto html = render_contact(SiteInfo{});
    EXPECT_TRUE(contains(html, "published a contact address yet")) << html;
    EXPECT_FALSE(contains(html, "mailto:"));
    EXPECT_TRUE(contains(html, "href=\"/help\""));
    EXPECT_TRUE(contains(html, "href=\"/privacy\""));
}

// The form: a signed-in person gets the send button, the key and the CSRF
// field; a visitor the gate with log-in and sign-up links back to /contact,
// and the same fields (kept as the draft "contact"), never a key.
TEST(Contact, SignedInPeopleGetTheFormWithItsKey) {
    static const Templates templates(std::filesystem::path(HEARTH_SOURCE_DIR) / "templates");
    auto v = contact_view(SiteInfo{});
    hearth::site::add_contact_form(v, true, "About <Dr A>", "", "key-123456");
    v["csrf_token"] = "tok";
    const auto html = templates.render("pages/contact", v);
    EXPECT_TRUE(contains(html, "data-draft=\"contact\"")) << html;
    EXPECT_TRUE(contains(html, "name=\"idempotency_key\" value=\"key-123456\""));
    EXPECT_TRUE(contains(html, "value=\"About &lt;Dr A&gt;\""));
    EXPECT_TRUE(contains(html, "Send to Hearth"));
    EXPECT_FALSE(contains(html, "You need to be logged in to contact us"));
}

TEST(Contact, VisitorsGetTheGateAndTheFieldsWithoutASendButton) {
    static const Templates templates(std::filesystem::path(HEARTH_SOURCE_DIR) / "templates");
    auto v = contact_view(SiteInfo{});
    hearth::site::add_contact_form(v, false, "", "", "");
    const auto html = templates.render("pages/contact", v);
    EXPECT_TRUE(contains(html, "You need to be logged in to contact us")) << html;
    EXPECT_TRUE(contains(html, "href=\"/login?return_to=%2Fcontact\""));
    EXPECT_TRUE(contains(html, "href=\"/signup?return_to=%2Fcontact\""));
    EXPECT_TRUE(contains(html, "data-draft=\"contact\""));
    EXPECT_FALSE(contains(html, "idempotency_key"));
    EXPECT_FALSE(contains(html, "Send to Hearth"));
}

}  // namespace
