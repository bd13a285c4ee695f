// The device a person sees beside each of their sessions, named from the
// User-Agent header, and the public id of a session.
#include "features/accounts/account_sessions_device.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "security/tokens.hpp"

using hearth::accounts::describe_device;
using hearth::accounts::session_public_id;

TEST(DescribeDevice, NamesTodaysBrowsersAndSystems) {
    EXPECT_EQ(describe_device("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"),
              "Firefox on Windows");
    EXPECT_EQ(describe_device("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                              "Chrome/120.0.0.0 Safari/537.36"),
              "Chrome on Windows");
    EXPECT_EQ(describe_device("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                              "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61"),
              "Edge on Windows");
    EXPECT_EQ(describe_device("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
                              "Gecko) Version/17.1 Safari/605.1.15"),
              "Safari on macOS");
    EXPECT_EQ(describe_device("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
                              "like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"),
              "Safari on iPhone");
    EXPECT_EQ(describe_device("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
                              "like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1"),
              "Chrome on iPhone");
    EXPECT_EQ(describe_device("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                              "Gecko) FxiOS/120.0 Mobile/15E148 Safari/605.1.15"),
              "Firefox on iPad");
    EXPECT_EQ(describe_device("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                              "Chrome/120.0.6099.144 Mobile Safari/537.36"),
              "Chrome on Android");
    EXPECT_EQ(describe_device("Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
                              "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36"),
              "Samsung Internet on Android");
    EXPECT_EQ(describe_device("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                              "Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0"),
              "Opera on Linux");
    EXPECT_EQ(describe_device("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"),
              "Firefox on Linux");
    EXPECT_EQ(describe_device("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
                              "Chrome/120.0.0.0 Safari/537.36"),
              "Chrome on ChromeOS");
}

TEST(DescribeDevice, HeadlessChromiumIsChrome) {
    EXPECT_EQ(describe_device("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                              "HeadlessChrome/120.0.6099.109 Safari/537.36"),
              "Chrome on Linux");
}

TEST(DescribeDevice, PartlyKnownHeaders) {
    EXPECT_EQ(describe_device("Mozilla/5.0 (Windows NT 10.0) SomeBrowser/1.0"), "A browser on Windows");
    EXPECT_EQ(describe_device("Firefox/99.0"), "Firefox");
}

TEST(DescribeDevice, ProgramsAreNamedAsSuch) {
    EXPECT_EQ(describe_device("curl/7.88.1"), "curl");
    EXPECT_EQ(describe_device("Python-urllib/3.11"), "A Python program");
    EXPECT_EQ(describe_device("python-requests/2.31.0"), "A Python program");
    EXPECT_EQ(describe_device("Wget/1.21.3"), "Wget");
}

TEST(DescribeDevice, UnknownOrEmptyIsUnknownDevice) {
    EXPECT_EQ(describe_device(""), "Unknown device");
    EXPECT_EQ(describe_device("hello"), "Unknown device");
    EXPECT_EQ(describe_device(std::string(300, 'x')), "Unknown device");
    // A program's name elsewhere than at the start is not the program.
    EXPECT_EQ(describe_device("not curl/7.0"), "Unknown device");
}

TEST(SessionPublicId, IsShortStableAndNotTheHash) {
    const auto hash = hearth::security::token_hash("a session token");
    const auto id = session_public_id(hash);
    EXPECT_EQ(id.size(), 16u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(id, session_public_id(hash));
    EXPECT_EQ(hash.find(id), std::string::npos);  // not a prefix or part of the stored hash
    std::set<std::string> ids;
    for (int i = 0; i < 100; ++i) ids.insert(session_public_id(hearth::security::token_hash(std::to_string(i))));
    EXPECT_EQ(ids.size(), 100u);
}
