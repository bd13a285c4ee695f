#pragma once
// Hearth's configuration: one declarative set of settings with defaults,
// read from hearth.toml and then HEARTH_* environment variables (the
// environment wins). See docs/configuration.md for every key.
#include <chrono>
#include <cstdint>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "features/site/retention.hpp"
#include "render/view.hpp"

namespace hearth::app {

struct Config {
    std::string database_url;                 // default: sqlite://<data_dir>/hearth.db
    std::string listen = "127.0.0.1:8080";
    std::filesystem::path data_dir = "data";  // SQLite file, outbox (.eml), photos, key file
    std::filesystem::path assets_dir;         // templates/, static/, migrations/
    std::string base_url;                     // default: http://<listen>
    bool rate_limits = true;
    unsigned threads = 0;                     // 0: twice the cores, at least 4
    std::chrono::seconds session_idle{30 * 60};
    std::chrono::seconds session_absolute{12 * 3600};
    std::size_t max_body_bytes = 1024 * 1024;
    std::size_t max_upload_bytes = 3 * 1024 * 1024;  // photo uploads (the photo itself: 2 MB)
    // The whole request header must arrive within header_timeout (of the
    // connection opening, or of the first byte of a later request on it);
    // a kept-alive connection may wait idle_timeout for that first byte.
    std::chrono::seconds header_timeout{10};
    std::chrono::seconds idle_timeout{60};
    bool trust_proxy = false;
    bool access_log = true;
    // Cache of directory search results on each node, checked on every
    // request against a version row in the database (off: measure without).
    bool directory_cache = true;
    std::string log_level = "info";
    // E-mail: SMTP when smtp_url is set (smtp://host:587 or smtps://...),
    // otherwise .eml files in <data_dir>/outbox.
    std::string smtp_url;
    std::string smtp_user;
    std::string smtp_password;
    // PEM certificate authorities for the SMTP server's certificate (empty:
    // the system's); verification is never turned off.
    std::filesystem::path smtp_ca_file;
    // The wait before the first retry of an e-mail that could not be sent;
    // it doubles on each failure, up to an hour.
    std::chrono::seconds mail_retry_base{60};
    std::string mail_from = "Hearth <no-reply@hearth.localhost>";
    bool secure_cookies = true;
    std::int64_t max_upcoming_consultations = 3;  // per member, across specialists               // __Host- cookies need Secure; browsers allow it on localhost
    // The people who run this Hearth, shown on /contact: an e-mail address
    // ("care@example.org") and, optionally, how soon they usually answer.
    std::string contact_email;
    std::string contact_reply_time;
    // The message key file (security/message_keys.hpp); default
    // <data_dir>/message_keys, created with mode 0600 on first start.
    std::filesystem::path message_key_file;
    // Live updates (GET /api/v1/events): how many event streams this node
    // holds open at most (beyond: 503), and how often an idle stream sends
    // a heartbeat comment.
    std::size_t live_max_streams = 2000;
    std::chrono::seconds live_heartbeat{20};
    // URLs per sitemap file (1..50,000, the sitemaps.org maximum): past it
    // /sitemap.xml becomes a sitemap index. Smaller only for tests.
    std::size_t sitemap_urls_per_file = 50000;
    // Where "Leave this site" goes: a neutral, well-known http(s) page.
    std::string quick_exit_url = render::SiteInfo{}.quick_exit_url;
    // Account deletion: how long a request waits before the account is
    // erased; logging in meanwhile cancels it ("7d", "2s", ...).
    std::chrono::seconds deletion_grace{7 * 86400};

    // Retention (the privacy page states each period from these values).
    // Sent e-mail: its body is cleared on delivery, the row (recipient,
    // subject, times) deleted this long after it was sent; .eml files in
    // <data_dir>/outbox are deleted after the same period.
    std::chrono::seconds outbox_retention{30 * 86400};
    // The access log's file (access_log on): "<stem>_YYYY-MM-DD<ext>" per
    // UTC day, files older than access_log_days deleted. Default
    // <data_dir>/logs/access.log; "-": standard output, kept by whatever
    // collects it (Hearth then promises no period).
    std::filesystem::path access_log_file;
    int access_log_days = 14;

    std::string listen_host() const;
    unsigned short listen_port() const;
};

// Reads `file` (if given, or ./hearth.toml if it exists), then the
// environment. Throws std::runtime_error with the offending key on bad values.
Config load_config(const std::optional<std::filesystem::path>& file);

// What every page's layout and the site pages need from the configuration:
// the site's name, base URL, quick-exit link and contact details.
render::SiteInfo site_info(const Config& c);

// The periods the privacy page states, from these settings and from the
// fixed lifetimes in code (e-mailed links, rate-limit counters).
site::RetentionPeriods retention_periods(const Config& c);

// "90s", "30m", "12h", "2d" or plain seconds.
std::chrono::seconds parse_duration(const std::string& text);

}  // namespace hearth::app
