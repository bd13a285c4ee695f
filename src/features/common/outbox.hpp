#pragma once
// E-mail goes through an outbox table written in the same transaction as
// the change that causes it; a delivery worker on any node claims due rows
// and sends them (SMTP via libcurl, or .eml files in development), so a
// message is neither lost when a node dies nor sent twice by two nodes.
//
// Delivery of one row: a node claims it (claimed_by/claimed_until), renews
// the claim for one attempt right before sending (the claim outlasts the
// SMTP exchange, whose time is bounded), sends, and marks it sent once. A
// temporary failure (no connection, a 4xx reply) sets not_before to a
// backoff (retry_delay) and frees the claim; a permanent refusal (a 5xx
// reply to the message) ends the row at once, recorded in last_error; after
// max_attempts the row is given up. docs/architecture.md, "Outbox".
#include <atomic>
#include <chrono>
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
    std::string smtp_user;  // set: STARTTLS (or smtps://) is required before AUTH
    std::string smtp_password;
    std::string from = "Hearth <no-reply@hearth.localhost>";
    std::filesystem::path outbox_dir;
    // PEM file of the certificate authorities that may sign the SMTP
    // server's certificate; empty: the system's. Verification is never off.
    std::filesystem::path smtp_ca_file;
    std::int64_t retry_base_seconds = 60;  // first retry after this; doubles each time
};

// Attempts at one e-mail before it is given up (about a day with the
// default retry base: 1, 2, 4 ... 32 minutes, then hourly).
constexpr int max_attempts = 30;
// The longest wait between two attempts.
constexpr std::int64_t max_retry_delay_seconds = 3600;

// Seconds to wait after failed attempt number `attempt` (1-based):
// base * 2^(attempt-1), at most max_retry_delay_seconds, plus `jitter`
// (a fraction in [0, 1)) of a quarter of that, so nodes and rows that
// failed together do not retry in step.
std::int64_t retry_delay(std::int64_t base_seconds, int attempt, double jitter);

// How an SMTP exchange ended, from libcurl's result and the server's last
// reply code: permanent (a 5xx reply to the message: never retry) or
// temporary (no connection, TLS or login trouble, a 4xx reply: retry).
// Login refusals (530, 534, 535, 538) count as temporary: they are the
// relay's settings, not this message, and fixing them should not lose mail.
bool is_permanent_refusal(bool login_denied, long reply_code);

// Renders an RFC 5322 message (multipart/mixed when there is an attachment).
std::string format_message(const MailSettings& settings, const Email& email, std::int64_t id, std::int64_t date);

// Retention of e-mail (the privacy page states it from the same setting):
// a row's text and attachment are cleared as soon as it is delivered or
// given up (max_attempts, or a permanent refusal), keeping the delivery
// record (recipient, subject, attachment name, times, last error); the
// record itself is deleted `keep` after it was sent, and a given-up one
// `keep` after it was queued. Rows still waiting to be sent are never
// touched, nor rows a node holds a claim on. In development (no SMTP) the
// .eml files in `eml_dir` older than `keep` are deleted too: they are the
// delivered copies. One round; safe beside running nodes. `now` in UTC
// seconds.
struct PruneReport {
    std::int64_t cleared = 0;  // rows whose text was cleared by this round
    std::int64_t deleted = 0;  // rows deleted
    std::int64_t files = 0;    // .eml files deleted
};
PruneReport prune_outbox(db::Database& db, std::int64_t now, std::chrono::seconds keep,
                         const std::filesystem::path& eml_dir);

// Deletes the .eml (and left-over .eml.tmp) files in `eml_dir` last written
// at or before `cutoff` (UTC seconds); a missing folder is nothing to do.
// Returns how many were deleted; never throws.
std::int64_t prune_outbox_files(const std::filesystem::path& eml_dir, std::int64_t cutoff);

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
    // Attempts one claimed row; true when it was sent (false: it failed and
    // waits for its retry, or the claim lapsed and another node has it).
    bool deliver_one(const std::string& claim, const db::Row& row);
    db::Database& db_;
    MailSettings settings_;
    std::string node_id_;
    std::thread worker_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

}  // namespace hearth::mail
