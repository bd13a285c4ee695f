#include "features/accounts/account_sessions_device.hpp"

#include <array>
#include <optional>
#include <utility>

#include "security/tokens.hpp"

namespace hearth::accounts {

namespace {

bool has(std::string_view text, std::string_view token) { return text.find(token) != std::string_view::npos; }

// Order matters: Edge, Opera and Samsung Internet also say "Chrome/", and
// Chrome also says "Safari/"; Chrome on iOS says "CriOS/" and "Safari/".
std::optional<std::string_view> browser_of(std::string_view ua) {
    if (has(ua, "Edg/") || has(ua, "EdgA/") || has(ua, "EdgiOS/")) return "Edge";
    if (has(ua, "OPR/") || has(ua, "Opera")) return "Opera";
    if (has(ua, "SamsungBrowser/")) return "Samsung Internet";
    if (has(ua, "Firefox/") || has(ua, "FxiOS/")) return "Firefox";
    if (has(ua, "Chrome/") || has(ua, "CriOS/") || has(ua, "Chromium/")) return "Chrome";
    if (has(ua, "Safari/") && has(ua, "Version/")) return "Safari";
    return std::nullopt;
}

// iPhone and iPad before macOS (their strings say "like Mac OS X"),
// Android before Linux (Android strings say "Linux").
std::optional<std::string_view> system_of(std::string_view ua) {
    if (has(ua, "iPhone")) return "iPhone";
    if (has(ua, "iPad")) return "iPad";
    if (has(ua, "Android")) return "Android";
    if (has(ua, "Windows")) return "Windows";
    if (has(ua, "CrOS")) return "ChromeOS";
    if (has(ua, "Macintosh") || has(ua, "Mac OS X")) return "macOS";
    if (has(ua, "Linux") || has(ua, "X11")) return "Linux";
    return std::nullopt;
}

// Clients that are not browsers, by how their header starts.
std::optional<std::string_view> program_of(std::string_view ua) {
    constexpr std::array<std::pair<std::string_view, std::string_view>, 5> programs{{
        {"curl/", "curl"},
        {"Wget/", "Wget"},
        {"python-requests/", "A Python program"},
        {"Python-urllib/", "A Python program"},
        {"okhttp/", "An Android app"},
    }};
    for (const auto& [prefix, name] : programs) {
        if (ua.substr(0, prefix.size()) == prefix) return name;
    }
    return std::nullopt;
}

}  // namespace

std::string describe_device(std::string_view user_agent) {
    if (auto program = program_of(user_agent)) return std::string(*program);
    const auto browser = browser_of(user_agent);
    const auto system = system_of(user_agent);
    if (browser && system) return std::string(*browser) + " on " + std::string(*system);
    if (browser) return std::string(*browser);
    if (system) return "A browser on " + std::string(*system);
    return "Unknown device";
}

std::string session_public_id(std::string_view token_hash) {
    return security::token_hash(token_hash).substr(0, 16);
}

}  // namespace hearth::accounts
