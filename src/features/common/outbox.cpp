#include "features/common/outbox.hpp"

#include <curl/curl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <fstream>

#include "core/clock.hpp"
#include "security/tokens.hpp"

namespace hearth::mail {

namespace {

// One SMTP exchange is cut off after smtp_timeout_seconds; a claim lasts
// well beyond that (renewed right before each send), so no other node can
// take a row over while it is still being sent, even with some clock skew.
constexpr long smtp_timeout_seconds = 60;
constexpr std::int64_t claim_seconds = 180;
// A batch is claimed for less: the rows not yet attempted when a node dies
// are free again after this, not after a whole send's claim.
constexpr std::int64_t batch_claim_seconds = 30;
constexpr int batch_size = 20;
// What of a row is the message itself, cleared once it is delivered or
// will never be: the text and the attachment's content (its name and type
// stay, as part of the delivery record).
constexpr std::string_view clear_body = "body_text = '', attachment_body = NULL";

// A reply that says this message will never be accepted.
class PermanentRefusal : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string base64(std::string_view data, bool wrap) {
    std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // trailing NUL
    if (!wrap) return out;
    std::string wrapped;
    for (std::size_t i = 0; i < out.size(); i += 76) wrapped.append(out.substr(i, 76)).append("\r\n");
    return wrapped;
}

bool is_ascii(std::string_view s) {
    for (unsigned char c : s) {
        if (c >= 0x80 || c == '\r' || c == '\n') return false;
    }
    return true;
}

// The longest header line we write unfolded (RFC 5322 section 2.1.1
// recommends 78 characters).
constexpr std::size_t max_plain_header_chars = 70;
// Bytes of text per RFC 2047 encoded word: "=?UTF-8?B?" + base64 + "?="
// stays within 75 characters (12 + 4 * 42 / 3 = 68), and the first line
// with "Subject: " within 78.
constexpr std::size_t encoded_word_bytes = 42;

// RFC 2047 for non-ASCII or long subjects, folded into encoded words of at
// most 75 characters that never split a UTF-8 sequence, so no line comes
// near the 998-octet limit; also keeps CR/LF out of headers.
std::string header_text(std::string_view s) {
    if (is_ascii(s) && s.size() <= max_plain_header_chars) return std::string(s);
    std::string out;
    std::size_t at = 0;
    while (at < s.size()) {
        std::size_t end = std::min(s.size(), at + encoded_word_bytes);
        // Back off to the start of a UTF-8 sequence (a byte not 10xxxxxx).
        while (end < s.size() && end > at + 1 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(s.substr(at, end - at), false) + "?=";
        at = end;
    }
    return out;
}

// A value for an address header or the SMTP envelope: one line, whatever
// it holds (a CR or LF there would start a header of its own).
std::string one_line(std::string_view s) {
    std::string out;
    for (char c : s) out.push_back(c == '\r' || c == '\n' || c == '\0' ? ' ' : c);
    return out;
}

// Normalises line endings to CRLF as SMTP requires.
std::string crlf(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) out.push_back('\r');
        out.push_back(s[i]);
    }
    return out;
}

struct UploadState {
    std::string_view data;
    std::size_t offset = 0;
};

size_t read_chunk(char* buffer, size_t size, size_t n, void* user) {
    auto* state = static_cast<UploadState*>(user);
    size_t room = size * n;
    size_t left = state->data.size() - state->offset;
    size_t take = std::min(room, left);
    std::memcpy(buffer, state->data.data() + state->offset, take);
    state->offset += take;
    return take;
}

}  // namespace

std::string address_only(const std::string& from) {
    auto lt = from.find('<');
    auto gt = from.find('>');
    if (lt == std::string::npos || gt == std::string::npos || gt < lt) return from;
    return from.substr(lt + 1, gt - lt - 1);
}

Email from_template(const render::Templates& templates, std::string_view name, const boost::json::object& data,
                    std::string to) {
    const std::string text = templates.render("emails/" + std::string(name), data);
    constexpr std::string_view prefix = "Subject: ";
    const auto line_end = text.find('\n');
    if (!text.starts_with(prefix) || line_end == std::string::npos) {
        throw std::runtime_error("e-mail template " + std::string(name) + " does not begin with a Subject: line");
    }
    Email e;
    e.to = std::move(to);
    e.subject = text.substr(prefix.size(), line_end - prefix.size());
    std::size_t body = line_end + 1;
    while (body < text.size() && text[body] == '\n') ++body;  // the blank line after the subject
    e.body_text = text.substr(body);
    return e;
}

void enqueue(db::Session& s, const Email& e) {
    const auto now = now_seconds();
    s.query(
        "INSERT INTO outbox (recipient, subject, body_text, attachment_name, attachment_type, attachment_body, "
        "created_at, not_before) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {e.to, e.subject, e.body_text, e.attachment ? db::Value(e.attachment->filename) : db::Value(nullptr),
         e.attachment ? db::Value(e.attachment->content_type) : db::Value(nullptr),
         e.attachment ? db::Value(e.attachment->body) : db::Value(nullptr), now,
         e.not_before > 0 ? e.not_before : now});
}

std::string format_message(const MailSettings& settings, const Email& email, std::int64_t id, std::int64_t date) {
    std::string m;
    m += "From: " + one_line(settings.from) + "\r\n";
    m += "To: " + one_line(email.to) + "\r\n";
    m += "Subject: " + header_text(email.subject) + "\r\n";
    m += fmt::format("Date: {:%a, %d %b %Y %H:%M:%S} +0000\r\n", fmt::gmtime(static_cast<std::time_t>(date)));
    m += fmt::format("Message-ID: <outbox-{}.{}@hearth>\r\n", id, date);
    m += "MIME-Version: 1.0\r\n";
    m += "Auto-Submitted: auto-generated\r\n";
    const std::string text_part_headers =
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    if (!email.attachment) {
        m += text_part_headers + base64(email.body_text, true);
        return m;
    }
    const std::string boundary = fmt::format("hearth-{}-{}", id, date);
    m += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    m += "--" + boundary + "\r\n" + text_part_headers + base64(email.body_text, true);
    m += "--" + boundary + "\r\n";
    std::string filename = one_line(email.attachment->filename);
    std::replace(filename.begin(), filename.end(), '"', '\'');
    m += "Content-Type: " + one_line(email.attachment->content_type) + "; name=\"" + filename + "\"\r\n";
    m += "Content-Disposition: attachment; filename=\"" + filename + "\"\r\n";
    m += "Content-Transfer-Encoding: base64\r\n\r\n" + base64(crlf(email.attachment->body), true);
    m += "--" + boundary + "--\r\n";
    return m;
}

Mailer::Mailer(db::Database& db, MailSettings settings)
    : db_(db), settings_(std::move(settings)), node_id_(security::random_token(9)) {}

Mailer::~Mailer() { stop(); }

std::int64_t retry_delay(std::int64_t base_seconds, int attempt, double jitter) {
    std::int64_t delay = std::max<std::int64_t>(1, base_seconds);
    for (int i = 1; i < attempt && delay < max_retry_delay_seconds; ++i) delay *= 2;
    delay = std::min(delay, max_retry_delay_seconds);
    return delay + static_cast<std::int64_t>(static_cast<double>(delay) / 4 * std::clamp(jitter, 0.0, 1.0));
}

bool is_permanent_refusal(bool login_denied, long reply_code) {
    if (login_denied || reply_code < 500 || reply_code > 599) return false;
    return reply_code != 530 && reply_code != 534 && reply_code != 535 && reply_code != 538;
}

void Mailer::send(const Email& email, std::int64_t id) {
    const std::string message = format_message(settings_, email, id, now_seconds());
    if (settings_.smtp_url.empty()) {
        std::filesystem::create_directories(settings_.outbox_dir);
        std::string safe;
        for (char c : email.to) safe.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '@' || c == '.' ? c : '_');
        auto path = settings_.outbox_dir / fmt::format("{:08}-{}.eml", id, safe);
        auto tmp = path;
        tmp += ".tmp";
        {
            std::ofstream out(tmp, std::ios::binary);
            out << message;
            if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
        }
        std::filesystem::rename(tmp, path);  // readers never see half a file
        return;
    }
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("curl_easy_init failed");
    UploadState state{message};
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + one_line(address_only(email.to)) + ">").c_str());
    const std::string from = "<" + one_line(address_only(settings_.from)) + ">";
    const std::string ca_file = settings_.smtp_ca_file.string();
    curl_easy_setopt(curl, CURLOPT_URL, settings_.smtp_url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_chunk);
    curl_easy_setopt(curl, CURLOPT_READDATA, &state);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    // A password never crosses the wire in clear: with credentials, TLS
    // (STARTTLS, or smtps://) is required and the exchange stops without it.
    const bool credentials = !settings_.smtp_user.empty();
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(credentials ? CURLUSESSL_ALL : CURLUSESSL_TRY));
    if (!ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, smtp_timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (credentials) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.smtp_user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.smtp_password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) return;
    const std::string what = fmt::format("SMTP: {} (reply {})", curl_easy_strerror(rc), reply);
    if (is_permanent_refusal(rc == CURLE_LOGIN_DENIED, reply)) throw PermanentRefusal(what);
    throw std::runtime_error(what);
}

bool Mailer::deliver_one(const std::string& claim, const db::Row& row) {
    const auto id = row.integer(0);
    // Renew the claim for this attempt; if it lapsed and another node took
    // the row, leave it to that node.
    auto renewed = db_.write([&](db::Session& s) {
        const auto now = now_seconds();
        return s.query(
            "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 "
            "WHERE id = $2 AND claimed_by = $3 AND claimed_until >= $4 AND sent_at IS NULL RETURNING attempts",
            {now + claim_seconds, id, claim, now});
    });
    if (renewed.empty()) return false;
    const int attempt = static_cast<int>(renewed.front().integer(0));
    Email e{row.text(1), row.text(2), row.text(3), std::nullopt, 0};
    if (!row.is_null(4)) e.attachment = Attachment{row.text(4), row.text(5), row.text(6)};
    try {
        send(e, id);
    } catch (const PermanentRefusal& ex) {
        spdlog::error("e-mail {} refused for good, not retried: {}", id, ex.what());
        db_.write([&](db::Session& s) {
            // Never sent: its text goes now (the delivery record stays, see prune_outbox).
            s.query("UPDATE outbox SET last_error = $1, attempts = $2, claimed_by = NULL, claimed_until = NULL, "
                    + std::string(clear_body) + " WHERE id = $3 AND claimed_by = $4",
                    {"refused for good: " + std::string(ex.what()), std::int64_t{max_attempts}, id, claim});
        });
        return false;
    } catch (const std::exception& ex) {
        const auto delay = retry_delay(settings_.retry_base_seconds, attempt,
                                       randombytes_uniform(1u << 20) / static_cast<double>(1u << 20));
        if (attempt >= max_attempts) {
            spdlog::error("e-mail {} given up after {} attempts: {}", id, attempt, ex.what());
        } else {
            spdlog::warn("e-mail {} not sent yet (attempt {}), next try in {} s: {}", id, attempt, delay, ex.what());
        }
        // Given up: its text goes now, as for a permanent refusal.
        const std::string given_up = attempt >= max_attempts ? ", " + std::string(clear_body) : "";
        db_.write([&](db::Session& s) {
            s.query("UPDATE outbox SET last_error = $1, not_before = $2, claimed_by = NULL, claimed_until = NULL" +
                        given_up + " WHERE id = $3 AND claimed_by = $4",
                    {std::string(ex.what()), now_seconds() + delay, id, claim});
        });
        return false;
    }
    // Sent: mark it once. A failure to record it would send it again once
    // the claim lapses, so the write is retried for 45 s (1 + 2 + ... + 9),
    // well inside the claim.
    for (int tries = 1;; ++tries) {
        try {
            db_.write([&](db::Session& s) {
                // Delivered: the text is the recipient's now; only the record stays.
                s.query("UPDATE outbox SET sent_at = $1, last_error = NULL, claimed_until = NULL, " +
                            std::string(clear_body) + " WHERE id = $2 AND sent_at IS NULL",
                        {now_seconds(), id});
            });
            return true;
        } catch (const std::exception& ex) {
            if (tries >= 10) throw;
            spdlog::warn("e-mail {} sent but not yet recorded as sent: {}", id, ex.what());
            std::this_thread::sleep_for(std::chrono::seconds(tries));
        }
    }
}

int Mailer::deliver_due() {
    const auto now = now_seconds();
    // Each call claims under its own name, so a later renewal proves the
    // claim is still this call's.
    const std::string claim = node_id_ + "." + security::random_token(6);
    auto claimed = db_.write([&](db::Session& s) {
        return s.query(
            "UPDATE outbox SET claimed_by = $1, claimed_until = $2 "
            "WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND not_before <= $3 "
            "  AND (claimed_until IS NULL OR claimed_until < $3) AND attempts < $4 ORDER BY id LIMIT $5) "
            "AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3) "
            "RETURNING id, recipient, subject, body_text, attachment_name, attachment_type, attachment_body",
            {claim, now + batch_claim_seconds, now, std::int64_t{max_attempts}, std::int64_t{batch_size}});
    });
    int sent = 0;
    for (const auto& row : claimed) {
        if (deliver_one(claim, row)) ++sent;
    }
    return sent;
}

PruneReport prune_outbox(db::Database& db, std::int64_t now, std::chrono::seconds keep,
                         const std::filesystem::path& eml_dir) {
    PruneReport report;
    const std::int64_t cutoff = now - keep.count();
    db.write([&](db::Session& s) {
        report.deleted = s.query("DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at <= $1) "
                                 "OR (sent_at IS NULL AND attempts >= $2 AND created_at <= $1 "
                                 "    AND (claimed_until IS NULL OR claimed_until < $3))",
                                 {cutoff, std::int64_t{max_attempts}, now})
                             .affected();
        // Delivered or given up, and not in a node's hands: a row that
        // missed the clearing at delivery (one sent or given up before
        // this rule existed) loses its text here.
        report.cleared = s.query("UPDATE outbox SET " + std::string(clear_body) +
                                     " WHERE (sent_at IS NOT NULL OR attempts >= $1) "
                                     "AND (claimed_until IS NULL OR claimed_until < $2) "
                                     "AND (body_text <> '' OR attachment_body IS NOT NULL)",
                                 {std::int64_t{max_attempts}, now})
                             .affected();
    });
    report.files = prune_outbox_files(eml_dir, cutoff);
    if (report.cleared + report.deleted + report.files > 0) {
        spdlog::info("outbox retention: {} text(s) cleared, {} record(s) and {} file(s) deleted", report.cleared,
                     report.deleted, report.files);
    }
    return report;
}

std::int64_t prune_outbox_files(const std::filesystem::path& eml_dir, std::int64_t cutoff) {
    namespace fs = std::filesystem;
    const auto file_now = fs::file_time_type::clock::now();
    const auto system_now = std::chrono::system_clock::now();
    std::int64_t removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(eml_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        // The files send() writes: "<id>-<address>.eml", and a ".tmp" a crash left.
        if (!name.ends_with(".eml") && !name.ends_with(".eml.tmp")) continue;
        std::error_code time_ec;
        const auto written = it->last_write_time(time_ec);
        if (time_ec) continue;
        const auto written_at =
            std::chrono::duration_cast<std::chrono::seconds>((system_now + (written - file_now)).time_since_epoch())
                .count();
        if (written_at > cutoff) continue;
        std::error_code remove_ec;
        if (fs::remove(it->path(), remove_ec)) ++removed;
    }
    return removed;
}

void Mailer::start() {
    worker_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            try {
                while (deliver_due() > 0) {
                }
            } catch (const std::exception& e) {
                spdlog::error("outbox delivery failed: {}", e.what());
            }
            lock.lock();
            wake_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; });
        }
    });
}

void Mailer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

}  // namespace hearth::mail
