#include "app/config.hpp"

#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <toml.hpp>

#include "features/accounts/accounts.hpp"
#include "security/rate_limit.hpp"

#ifndef HEARTH_DEFAULT_ASSETS_DIR
#define HEARTH_DEFAULT_ASSETS_DIR "/usr/share/hearth"
#endif

namespace hearth::app {

std::chrono::seconds parse_duration(const std::string& text) {
    if (text.empty()) throw std::runtime_error("empty duration");
    std::size_t used = 0;
    long long n = std::stoll(text, &used);
    std::string unit = text.substr(used);
    if (n < 0) throw std::runtime_error("negative duration: " + text);
    if (unit.empty() || unit == "s") return std::chrono::seconds(n);
    if (unit == "m") return std::chrono::seconds(n * 60);
    if (unit == "h") return std::chrono::seconds(n * 3600);
    if (unit == "d") return std::chrono::seconds(n * 86400);
    throw std::runtime_error("unknown duration unit in '" + text + "' (use s, m, h or d)");
}

namespace {

bool parse_bool(const std::string& key, const std::string& v) {
    if (v == "1" || v == "true" || v == "on" || v == "yes") return true;
    if (v == "0" || v == "false" || v == "off" || v == "no") return false;
    throw std::runtime_error(key + ": expected on/off, got '" + v + "'");
}

// An address that can go into a mailto: link as it is: one '@', something on
// both sides, at most 254 bytes (the longest address SMTP carries), and no
// spaces, double quotes, angle brackets or URL delimiters. Empty means unset.
std::string checked_email(const std::string& key, const std::string& v) {
    const auto at = v.find('@');
    const bool shape = at != std::string::npos && at > 0 && at + 1 < v.size() && v.find('@', at + 1) == std::string::npos;
    const bool clean = v.find_first_of(" \t\r\n\"<>?&#%,;:()[]\\/") == std::string::npos;
    if (v.empty() || (shape && clean && v.size() <= 254)) return v;
    throw std::runtime_error(key + ": expected one e-mail address such as care@example.org, got '" + v + "'");
}

// A short phrase shown as it is ("within two working days"), on one line.
std::string checked_phrase(const std::string& key, const std::string& v) {
    if (v.size() <= 120 && v.find_first_of("\r\n") == std::string::npos) return v;
    throw std::runtime_error(key + ": expected a short phrase on one line (at most 120 characters)");
}

// An absolute http(s) URL with no spaces or quotes: it goes into an href.
std::string checked_web_url(const std::string& key, const std::string& v) {
    const bool scheme = v.starts_with("https://") || v.starts_with("http://");
    const auto host_at = v.find("//") + 2;
    const bool host = scheme && host_at < v.size() && v[host_at] != '/';
    if (host && v.find_first_of(" \t\r\n\"'<>\\") == std::string::npos) return v;
    throw std::runtime_error(key + ": expected an http:// or https:// address such as https://www.bbc.co.uk/weather, got '" +
                             v + "'");
}

// One table of settings: the key in hearth.toml, its HEARTH_* variable, and
// how a text value is applied.
struct Setting {
    const char* toml_key;
    const char* env;
    void (*apply)(Config&, const std::string& key, const std::string& value);
};

const Setting settings[] = {
    {"database_url", "HEARTH_DATABASE_URL", [](Config& c, auto&, auto& v) { c.database_url = v; }},
    {"listen", "HEARTH_LISTEN", [](Config& c, auto&, auto& v) { c.listen = v; }},
    {"data_dir", "HEARTH_DATA_DIR", [](Config& c, auto&, auto& v) { c.data_dir = v; }},
    {"assets_dir", "HEARTH_ASSETS_DIR", [](Config& c, auto&, auto& v) { c.assets_dir = v; }},
    {"base_url", "HEARTH_BASE_URL", [](Config& c, auto&, auto& v) { c.base_url = v; }},
    {"rate_limits", "HEARTH_RATE_LIMITS", [](Config& c, auto& k, auto& v) { c.rate_limits = parse_bool(k, v); }},
    {"threads", "HEARTH_THREADS", [](Config& c, auto&, auto& v) { c.threads = static_cast<unsigned>(std::stoul(v)); }},
    {"session_idle_timeout", "HEARTH_SESSION_IDLE_TIMEOUT",
     [](Config& c, auto&, auto& v) { c.session_idle = parse_duration(v); }},
    {"session_absolute_timeout", "HEARTH_SESSION_ABSOLUTE_TIMEOUT",
     [](Config& c, auto&, auto& v) { c.session_absolute = parse_duration(v); }},
    {"max_body_bytes", "HEARTH_MAX_BODY_BYTES", [](Config& c, auto&, auto& v) { c.max_body_bytes = std::stoul(v); }},
    {"max_upload_bytes", "HEARTH_MAX_UPLOAD_BYTES",
     [](Config& c, auto&, auto& v) { c.max_upload_bytes = std::stoul(v); }},
    {"header_timeout", "HEARTH_HEADER_TIMEOUT",
     [](Config& c, auto&, auto& v) { c.header_timeout = parse_duration(v); }},
    {"idle_timeout", "HEARTH_IDLE_TIMEOUT", [](Config& c, auto&, auto& v) { c.idle_timeout = parse_duration(v); }},
    {"trust_proxy", "HEARTH_TRUST_PROXY", [](Config& c, auto& k, auto& v) { c.trust_proxy = parse_bool(k, v); }},
    {"access_log", "HEARTH_ACCESS_LOG", [](Config& c, auto& k, auto& v) { c.access_log = parse_bool(k, v); }},
    {"directory_cache", "HEARTH_DIRECTORY_CACHE",
     [](Config& c, auto& k, auto& v) { c.directory_cache = parse_bool(k, v); }},
    {"log_level", "HEARTH_LOG_LEVEL", [](Config& c, auto&, auto& v) { c.log_level = v; }},
    {"smtp_url", "HEARTH_SMTP_URL", [](Config& c, auto&, auto& v) { c.smtp_url = v; }},
    {"smtp_user", "HEARTH_SMTP_USER", [](Config& c, auto&, auto& v) { c.smtp_user = v; }},
    {"smtp_password", "HEARTH_SMTP_PASSWORD", [](Config& c, auto&, auto& v) { c.smtp_password = v; }},
    {"smtp_ca_file", "HEARTH_SMTP_CA_FILE", [](Config& c, auto&, auto& v) { c.smtp_ca_file = v; }},
    {"mail_retry_base", "HEARTH_MAIL_RETRY_BASE",
     [](Config& c, auto& k, auto& v) {
         c.mail_retry_base = parse_duration(v);
         if (c.mail_retry_base.count() < 1) throw std::runtime_error(k + ": must be at least 1s");
     }},
    {"mail_from", "HEARTH_MAIL_FROM", [](Config& c, auto&, auto& v) { c.mail_from = v; }},
    {"max_upcoming_consultations", "HEARTH_MAX_UPCOMING_CONSULTATIONS",
     [](Config& c, auto&, auto& v) { c.max_upcoming_consultations = std::stoll(v); }},
    {"contact_email", "HEARTH_CONTACT_EMAIL",
     [](Config& c, auto& k, auto& v) { c.contact_email = checked_email(k, v); }},
    {"contact_reply_time", "HEARTH_CONTACT_REPLY_TIME",
     [](Config& c, auto& k, auto& v) { c.contact_reply_time = checked_phrase(k, v); }},
    {"message_key_file", "HEARTH_MESSAGE_KEY_FILE", [](Config& c, auto&, auto& v) { c.message_key_file = v; }},
    {"live_max_streams", "HEARTH_LIVE_MAX_STREAMS",
     [](Config& c, auto&, auto& v) { c.live_max_streams = std::stoul(v); }},
    {"sitemap_urls_per_file", "HEARTH_SITEMAP_URLS_PER_FILE",
     [](Config& c, auto& k, auto& v) {
         const auto n = std::stoul(v);
         if (n < 1 || n > 50000) throw std::runtime_error(k + ": expected 1 to 50000 (sitemaps.org protocol)");
         c.sitemap_urls_per_file = n;
     }},
    {"live_heartbeat", "HEARTH_LIVE_HEARTBEAT", [](Config& c, auto&, auto& v) { c.live_heartbeat = parse_duration(v); }},
    {"quick_exit_url", "HEARTH_QUICK_EXIT_URL",
     [](Config& c, auto& k, auto& v) { c.quick_exit_url = checked_web_url(k, v); }},
    {"secure_cookies", "HEARTH_SECURE_COOKIES",
     [](Config& c, auto& k, auto& v) { c.secure_cookies = parse_bool(k, v); }},
    // Retention
    {"outbox_retention", "HEARTH_OUTBOX_RETENTION",
     [](Config& c, auto& k, auto& v) {
         c.outbox_retention = parse_duration(v);
         if (c.outbox_retention.count() < 1) throw std::runtime_error(k + ": must be at least 1s");
     }},
    {"access_log_file", "HEARTH_ACCESS_LOG_FILE", [](Config& c, auto&, auto& v) { c.access_log_file = v; }},
    {"access_log_days", "HEARTH_ACCESS_LOG_DAYS",
     [](Config& c, auto& k, auto& v) {
         const auto n = std::stol(v);
         if (n < 1 || n > 3650) throw std::runtime_error(k + ": expected 1 to 3650 days");
         c.access_log_days = static_cast<int>(n);
     }},
    // Account deletion: the grace period before an account is erased.
    {"deletion_grace", "HEARTH_DELETION_GRACE",
     [](Config& c, auto& k, auto& v) {
         c.deletion_grace = parse_duration(v);
         if (c.deletion_grace.count() < 1) throw std::runtime_error(k + ": must be at least 1s");
     }},
};

std::string toml_text(const toml::value& v) {
    if (v.is_string()) return v.as_string().str;
    if (v.is_boolean()) return v.as_boolean() ? "true" : "false";
    if (v.is_integer()) return std::to_string(v.as_integer());
    throw std::runtime_error("unsupported value type");
}

}  // namespace

std::string Config::listen_host() const {
    auto colon = listen.rfind(':');
    return colon == std::string::npos ? listen : listen.substr(0, colon);
}

unsigned short Config::listen_port() const {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) return 8080;
    return static_cast<unsigned short>(std::stoul(listen.substr(colon + 1)));
}

render::SiteInfo site_info(const Config& c) {
    render::SiteInfo site;
    site.base_url = c.base_url;
    site.quick_exit_url = c.quick_exit_url;
    site.contact_email = c.contact_email;
    site.contact_reply_time = c.contact_reply_time;
    return site;
}

site::RetentionPeriods retention_periods(const Config& c) {
    site::RetentionPeriods p;
    p.outbox = c.outbox_retention;
    p.session_idle = c.session_idle;
    p.session_absolute = c.session_absolute;
    p.verify_link = std::chrono::seconds(accounts::verify_token_lifetime);
    p.reset_link = std::chrono::seconds(accounts::reset_token_lifetime);
    p.rate_limit_counters = std::chrono::seconds(security::rate_rules::longest_window_seconds);
    p.access_log = c.access_log;
    p.access_log_days = c.access_log_file == "-" ? 0 : c.access_log_days;
    p.deletion_grace = c.deletion_grace;  // account deletion: the page states the configured wait
    return p;
}

Config load_config(const std::optional<std::filesystem::path>& file) {
    Config c;
    c.assets_dir = HEARTH_DEFAULT_ASSETS_DIR;
    std::optional<std::filesystem::path> path = file;
    if (!path && std::filesystem::exists("hearth.toml")) path = "hearth.toml";
    if (path) {
        auto doc = toml::parse(path->string());
        for (const auto& s : settings) {
            if (!doc.contains(s.toml_key)) continue;
            try {
                s.apply(c, s.toml_key, toml_text(doc.at(s.toml_key)));
            } catch (const std::exception& e) {
                throw std::runtime_error(path->string() + ": " + s.toml_key + ": " + e.what());
            }
        }
    }
    for (const auto& s : settings) {
        const char* v = std::getenv(s.env);
        if (!v) continue;
        try {
            s.apply(c, s.env, v);
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string(s.env) + ": " + e.what());
        }
    }
    if (c.database_url.empty()) c.database_url = "sqlite://" + (c.data_dir / "hearth.db").string();
    if (c.base_url.empty()) c.base_url = "http://" + c.listen;
    if (c.message_key_file.empty()) c.message_key_file = c.data_dir / "message_keys";
    if (c.access_log_file.empty()) c.access_log_file = c.data_dir / "logs" / "access.log";
    if (c.threads == 0) c.threads = std::max(4u, 2 * std::max(1u, std::thread::hardware_concurrency()));
    return c;
}

}  // namespace hearth::app
