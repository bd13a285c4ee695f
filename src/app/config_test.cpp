// The contact and quick-exit settings: checked at start, so a mistyped value
// stops the server with the key named instead of putting a broken link on
// every page; and carried into the SiteInfo the layout and /contact read.
#include "app/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

using hearth::app::load_config;
using hearth::app::site_info;

// Sets one HEARTH_* variable for the life of the object.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
    ~ScopedEnv() { ::unsetenv(name_); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
};

std::string start_error(const char* name, const std::string& value) {
    ScopedEnv env(name, value);
    try {
        load_config(std::nullopt);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

TEST(ConfigSite, DefaultsHaveNoAddressAndANeutralExit) {
    const auto c = load_config(std::nullopt);
    EXPECT_EQ(c.contact_email, "");
    EXPECT_EQ(c.contact_reply_time, "");
    EXPECT_EQ(c.quick_exit_url, "https://www.bbc.co.uk/weather");
    const auto site = site_info(c);
    EXPECT_EQ(site.quick_exit_url, "https://www.bbc.co.uk/weather");
    EXPECT_EQ(site.base_url, c.base_url);
}

TEST(ConfigSite, SettingsReachTheSiteInfo) {
    ScopedEnv email("HEARTH_CONTACT_EMAIL", "o'brien.care+hearth@example.org");
    ScopedEnv reply("HEARTH_CONTACT_REPLY_TIME", "within two working days");
    ScopedEnv exit("HEARTH_QUICK_EXIT_URL", "https://weather.example/today?city=york&units=c");
    const auto site = site_info(load_config(std::nullopt));
    EXPECT_EQ(site.contact_email, "o'brien.care+hearth@example.org");
    EXPECT_EQ(site.contact_reply_time, "within two working days");
    EXPECT_EQ(site.quick_exit_url, "https://weather.example/today?city=york&units=c");
}

TEST(ConfigSite, BadAddressesAreRefusedWithTheKeyNamed) {
    for (const char* bad : {"care", "@example.org", "care@", "a@b@c", "care @example.org",
                                  "care@example.org?cc=x@example.net", "care@example.org\n", "<care@example.org>"}) {
        const auto error = start_error("HEARTH_CONTACT_EMAIL", bad);
        EXPECT_NE(error.find("HEARTH_CONTACT_EMAIL"), std::string::npos) << bad << ": " << error;
    }
}

TEST(ConfigSite, BadExitPagesAreRefusedWithTheKeyNamed) {
    for (const char* bad : {"", "/help", "javascript:alert(1)", "www.bbc.co.uk", "https://", "https:///x",
                                  "https://example.com/\"><script>", "https://exa mple.com"}) {
        const auto error = start_error("HEARTH_QUICK_EXIT_URL", bad);
        EXPECT_NE(error.find("HEARTH_QUICK_EXIT_URL"), std::string::npos) << bad << ": " << error;
    }
}

TEST(ConfigSite, AReplyTimeIsOneShortLine) {
    EXPECT_NE(start_error("HEARTH_CONTACT_REPLY_TIME", "soon\nSubject: x").find("HEARTH_CONTACT_REPLY_TIME"),
              std::string::npos);
    EXPECT_NE(start_error("HEARTH_CONTACT_REPLY_TIME", std::string(121, 'a')).find("HEARTH_CONTACT_REPLY_TIME"),
              std::string::npos);
    EXPECT_EQ(start_error("HEARTH_CONTACT_REPLY_TIME", "within a day"), "");
}

}  // namespace
