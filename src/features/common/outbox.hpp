#pragma once
// E-mail goes through an outbox table written in the same transaction as
// the change that causes it; a delivery worker on any node claims due rows
// and sends them (SMTP via libcurl, or .eml files in development), so a
// message is neither lost when a node dies nor sent twice by two nodes.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <boost/json/object.hpp>

#include "db/database.hpp"
#include "render/view.hpp"

namespace hearth::mail {

struct Attachment {
    std::string filename;
    std::string content_type;  // "text/calendar; method=REQUEST"
    std::string body;
};

struct Email {
    std::string to;
    std::string subject;
    std::string body_text;
    std::optional<Attachment> attachment;
    std::int64_t not_before = 0;  // unix seconds; 0: now
};

void enqueue(db::Session& s, const Email& email);

// An e-mail from its template, templates/emails/<name>.mustache: plain text
// whose first line is "Subject: ...", then a blank line, then the body.
// Values are not HTML-escaped there. Throws std::out_of_range for an
// unknown name and std::runtime_error for a template without a subject.
Email from_template(const render::Templates& templates, std::string_view name, const boost::json::object& data,
                    std::string to);

// "Hearth <no-reply@example.org>" -> "no-reply@example.org" (RFC 5322
// section 3.4 name-addr to addr-spec); a bare address is returned as it is.
std::string address_only(const std::string& from);

struct MailSettings {
    std::string smtp_url;   // empty: write .eml files to outbox_dir
    std::string smtp_user;
    std::string smtp_password;
    std::string from = "Hearth <no-reply@hearth.localhost>";
    std::filesystem::path outbox_dir;
};

// Renders an RFC 5322 message (multipart/mixed when there is an attachment).
std::string format_message(const MailSettings& settings, const Email& email, std::int64_t id, std::int64_t date);

class Mailer {
public:
    Mailer(db::Database& db, MailSettings settings);
    ~Mailer();
    // Sends what is due now; returns how many were sent. Safe to call from
    // several nodes at once: rows are claimed before sending.
    int deliver_due();
    void start();  // a background thread calling deliver_due every few seconds
    void stop();

private:
    void send(const Email& email, std::int64_t id);
    db::Database& db_;
    MailSettings settings_;
    std::string node_id_;
    std::thread worker_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

}  // namespace hearth::mail
