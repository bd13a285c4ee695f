// The periods the privacy page states: described as a person reads them,
// and taken from the configuration (so a changed setting changes the page).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "app/config.hpp"
#include "features/site/retention.hpp"

namespace site = hearth::site;
using std::chrono::seconds;

namespace {

TEST(RetentionPeriod, UsesTheLargestWholeUnit) {
    EXPECT_EQ(site::describe_period(seconds(30 * 86400)), "30 days");
    EXPECT_EQ(site::describe_period(seconds(86400)), "1 day");
    EXPECT_EQ(site::describe_period(seconds(48 * 3600)), "2 days");
    EXPECT_EQ(site::describe_period(seconds(12 * 3600)), "12 hours");
    EXPECT_EQ(site::describe_period(seconds(36 * 3600)), "36 hours");
    EXPECT_EQ(site::describe_period(seconds(3600)), "1 hour");
    EXPECT_EQ(site::describe_period(seconds(30 * 60)), "30 minutes");
    EXPECT_EQ(site::describe_period(seconds(60)), "1 minute");
    EXPECT_EQ(site::describe_period(seconds(90)), "90 seconds");
    EXPECT_EQ(site::describe_period(seconds(1)), "1 second");
    EXPECT_EQ(site::describe_period(seconds(0)), "0 seconds");
}

TEST(RetentionPeriod, TheViewNamesOneAccessLogSentence) {
    site::RetentionPeriods p;
    auto view = site::privacy_view(p);
    EXPECT_EQ(view.at("outbox").as_string(), "30 days");
    EXPECT_EQ(view.at("access_log_days").as_string(), "14 days");
    EXPECT_TRUE(view.at("access_log_file").as_bool());
    EXPECT_FALSE(view.at("access_log_stdout").as_bool());
    EXPECT_FALSE(view.at("access_log_off").as_bool());
    EXPECT_EQ(view.at("deletion_grace").as_string(), "7 days");

    p.access_log_days = 0;  // standard output: Hearth keeps no files
    view = site::privacy_view(p);
    EXPECT_FALSE(view.at("access_log_file").as_bool());
    EXPECT_TRUE(view.at("access_log_stdout").as_bool());

    p.access_log = false;
    view = site::privacy_view(p);
    EXPECT_TRUE(view.at("access_log_off").as_bool());
    EXPECT_FALSE(view.at("access_log_stdout").as_bool());
    EXPECT_FALSE(view.at("access_log_file").as_bool());
}

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

TEST(RetentionConfig, DefaultsAndSettingsReachThePage) {
    {
        const auto c = hearth::app::load_config(std::nullopt);
        EXPECT_EQ(c.outbox_retention, seconds(30 * 86400));
        EXPECT_EQ(c.access_log_days, 14);
        EXPECT_EQ(c.access_log_file, c.data_dir / "logs" / "access.log");
        const auto p = hearth::app::retention_periods(c);
        EXPECT_EQ(p.verify_link, seconds(48 * 3600));
        EXPECT_EQ(p.reset_link, seconds(3600));
        EXPECT_EQ(p.rate_limit_counters, seconds(86400));
    }
    ScopedEnv outbox("HEARTH_OUTBOX_RETENTION", "3d");
    ScopedEnv days("HEARTH_ACCESS_LOG_DAYS", "5");
    ScopedEnv idle("HEARTH_SESSION_IDLE_TIMEOUT", "45m");
    const auto c = hearth::app::load_config(std::nullopt);
    const auto view = site::privacy_view(hearth::app::retention_periods(c));
    EXPECT_EQ(view.at("outbox").as_string(), "3 days");
    EXPECT_EQ(view.at("access_log_days").as_string(), "5 days");
    EXPECT_EQ(view.at("session_idle").as_string(), "45 minutes");
    {
        ScopedEnv to_output("HEARTH_ACCESS_LOG_FILE", "-");
        EXPECT_TRUE(site::privacy_view(hearth::app::retention_periods(hearth::app::load_config(std::nullopt)))
                        .at("access_log_stdout")
                        .as_bool());
    }
}

std::string start_error(const char* name, const std::string& value) {
    ScopedEnv env(name, value);
    try {
        hearth::app::load_config(std::nullopt);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

TEST(RetentionConfig, BadValuesAreRefusedWithTheKeyNamed) {
    for (const char* bad : {"banana", "0s", "3w", "-1d", ""}) {
        EXPECT_NE(start_error("HEARTH_OUTBOX_RETENTION", bad).find("HEARTH_OUTBOX_RETENTION"), std::string::npos)
            << bad;
    }
    for (const char* bad : {"0", "3651", "many", "-2"}) {
        EXPECT_NE(start_error("HEARTH_ACCESS_LOG_DAYS", bad).find("HEARTH_ACCESS_LOG_DAYS"), std::string::npos) << bad;
    }
}

}  // namespace
