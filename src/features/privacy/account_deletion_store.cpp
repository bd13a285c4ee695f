#include "features/privacy/account_deletion_store.hpp"

#include <algorithm>
#include <cctype>

#include "features/articles/articles.hpp"
#include "features/common/content_version.hpp"
#include "features/specialists/profile_store.hpp"

namespace hearth::privacy {

namespace {

std::int64_t count(db::Session& s, std::string_view sql, const std::vector<db::Value>& params) {
    return s.query(sql, params).front().integer(0);
}

PersonSummary summary_of(const db::Row& r) {
    PersonSummary p;
    p.id = r.integer(0);
    p.email = r.text(1);
    p.display_name = r.text(2);
    p.role = r.text(3);
    p.created_at = r.integer(4);
    p.suspended = !r.is_null(5);
    return p;
}

constexpr const char* person_columns = "id, email, display_name, role, created_at, suspended_at";

// `text` for a LIKE pattern that matches it literally, with `\` as the escape.
std::string like_literal(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

// Replaces every copy of `words` (when not empty) in `table`.`column` by
// `by`, in the rows that hold it.
void replace_everywhere(db::Session& s, std::string_view table, std::string_view column, const std::string& words,
                        const std::string& by) {
    if (words.empty()) return;
    const std::string t(table), c(column);
    s.query("UPDATE " + t + " SET " + c + " = REPLACE(" + c + ", $1, $2) WHERE " + c + " LIKE $3 ESCAPE '\\'",
            {words, by, "%" + like_literal(words) + "%"});
}

void erase_profile(db::Session& s, std::int64_t profile_id, const std::string& slug, std::int64_t now) {
    for (const char* table : {"profile_terms", "availability_windows", "availability_time_off", "availability"}) {
        s.query(std::string("DELETE FROM ") + table + " WHERE profile_id = $1", {profile_id});
    }
    s.query(
        "UPDATE specialist_profiles SET slug = $2, full_name = $3, credentials = '', licence_number = '', "
        "licence_region = '', headline = '', bio = '', approach = '', bio_html = '', approach_html = '', "
        "online = 0, in_person = 0, city = '', country = '', timezone = 'UTC', fee_min = NULL, fee_max = NULL, "
        "offers_free_consultation = 0, photo_file = NULL, photo_type = NULL, publish_requested_at = NULL, "
        "verified_at = NULL, verified_by = NULL, suspended_at = NULL, suspended_reason = NULL, website = '', "
        "phone = '', contact_email = '', accepting_new_clients = 0, messages_open = 0, sliding_scale = 0, "
        "reduced_fees = 0, next_open_at = NULL, hours_ran_out_notice_at = NULL, usual_reply_seconds = NULL, "
        "updated_at = $4 WHERE id = $1",
        {profile_id, slug, std::string(deleted_account_name), now});
    // Unlisted now: its search document goes, and cached directory pages with it.
    specialists::refresh_listing(s, profile_id);
    content_version::raise(s);
}

// The articles they wrote, with their covers' files; their search documents go.
std::vector<std::string> erase_articles(db::Session& s, std::int64_t user_id) {
    std::vector<std::string> covers;
    std::vector<std::int64_t> ids;
    for (const auto& r : s.query("SELECT id, cover_file FROM articles WHERE author_id = $1 ORDER BY id", {user_id})) {
        ids.push_back(r.integer(0));
        if (auto f = r.optional_text(1)) covers.push_back(*f);
    }
    for (auto id : ids) {
        s.query("DELETE FROM article_topics WHERE article_id = $1", {id});
        s.query("DELETE FROM article_references WHERE article_id = $1", {id});
        s.query("DELETE FROM articles WHERE id = $1", {id});
        articles::index_articles(s, id, id);
    }
    if (!ids.empty()) content_version::raise(s);
    return covers;
}

}  // namespace

std::optional<PendingDeletion> find_deletion(db::Session& s, std::int64_t user_id) {
    auto r = s.query(
        "SELECT user_id, requested_at, due_at, requested_by, reason, cancelled_at FROM account_deletions "
        "WHERE user_id = $1",
        {user_id});
    if (r.empty()) return std::nullopt;
    const auto& row = r.front();
    return PendingDeletion{row.integer(0), row.integer(1), row.integer(2),
                           row.integer(3), row.text(4),    row.optional_integer(5)};
}

bool insert_deletion(db::Session& s, std::int64_t user_id, std::int64_t requested_by, std::string_view reason,
                     std::int64_t now, std::int64_t due_at) {
    if (auto existing = find_deletion(s, user_id)) {
        if (!existing->cancelled_at) return false;
        s.query("DELETE FROM account_deletions WHERE user_id = $1", {user_id});
    }
    s.query(
        "INSERT INTO account_deletions (user_id, requested_at, due_at, requested_by, reason) "
        "VALUES ($1, $2, $3, $4, $5)",
        {user_id, now, due_at, requested_by == 0 ? db::Value(nullptr) : db::Value(requested_by), std::string(reason)});
    return true;
}

bool cancel_deletion(db::Session& s, std::int64_t user_id, std::int64_t now) {
    return s.query("UPDATE account_deletions SET cancelled_at = $2, reason = '' "
                   "WHERE user_id = $1 AND cancelled_at IS NULL",
                   {user_id, now})
               .affected() > 0;
}

void forget_cancelled(db::Session& s, std::int64_t user_id) {
    s.query("DELETE FROM account_deletions WHERE user_id = $1 AND cancelled_at IS NOT NULL", {user_id});
}

bool claim_due_deletion(db::Session& s, std::int64_t user_id, std::int64_t now) {
    return s.query("UPDATE account_deletions SET due_at = due_at "
                   "WHERE user_id = $1 AND cancelled_at IS NULL AND due_at <= $2",
                   {user_id, now})
               .affected() == 1;
}

std::vector<std::int64_t> due_deletions(db::Session& s, std::int64_t now, std::int64_t limit) {
    std::vector<std::int64_t> out;
    for (const auto& r : s.query("SELECT user_id FROM account_deletions WHERE cancelled_at IS NULL AND due_at <= $1 "
                                 "ORDER BY due_at, user_id LIMIT $2",
                                 {now, limit})) {
        out.push_back(r.integer(0));
    }
    return out;
}

std::optional<Identity> scrub_account(db::Session& s, std::int64_t user_id, const std::string& husk_name,
                                      std::int64_t now) {
    auto r = s.query("SELECT email, display_name FROM users WHERE id = $1 AND deleted_at IS NULL", {user_id});
    if (r.empty()) return std::nullopt;
    Identity who{r.front().text(0), r.front().text(1)};
    const std::string husk = husk_name + "@deleted.invalid";
    s.query(
        "UPDATE users SET email = $2, email_normalized = $2, display_name = $3, password_hash = '!', "
        "email_verified_at = NULL, suspended_at = NULL, suspended_reason = '', suspended_by = NULL, "
        "message_emails = 0, deleted_at = $4, updated_at = $4 WHERE id = $1",
        {user_id, husk, std::string(deleted_account_name), now});
    // Consultation notes, numbers and reasons they wrote: before the
    // cancellations that follow, which keep only Hearth's own reason.
    s.query("UPDATE consultations SET note = '', member_phone = '', idempotency_key = NULL WHERE member_id = $1",
            {user_id});
    s.query("UPDATE consultations SET cancel_reason = '' WHERE cancelled_by = $1", {user_id});
    return who;
}

Erased erase_person(db::Session& s, std::int64_t user_id, const Identity& who, const std::string& husk_name,
                    const std::string& pseudonym, std::int64_t now) {
    Erased out;
    const std::string husk = husk_name + "@deleted.invalid";
    const std::string name = deleted_account_name;

    // The specialist profile, its photo and hours; the address and video
    // link of their consultations.
    auto profile = s.query(
        "SELECT id, photo_file, slug, full_name, licence_number FROM specialist_profiles WHERE user_id = $1", {user_id});
    std::string old_slug, full_name, licence;
    if (!profile.empty()) {
        out.profile_id = profile.front().integer(0);
        if (auto f = profile.front().optional_text(1)) out.photo_files.push_back(*f);
        old_slug = profile.front().text(2);
        full_name = profile.front().text(3);
        licence = profile.front().text(4);
        s.query("UPDATE consultations SET mode_detail = '' WHERE profile_id = $1", {out.profile_id});
        erase_profile(s, out.profile_id, husk_name, now);
    }
    out.cover_files = erase_articles(s, user_id);
    // Their data exports: the archives hold everything above.
    for (const auto& r : s.query("SELECT file_name FROM data_exports WHERE user_id = $1 AND file_name IS NOT NULL",
                                 {user_id})) {
        out.export_files.push_back(r.text(0));
    }
    s.query("DELETE FROM data_exports WHERE user_id = $1", {user_id});

    // Questions and answers: anonymous questions lose the account; named
    // ones and answers stay, under the scrubbed name. Their helpful marks go.
    s.query("UPDATE questions SET asker_id = NULL WHERE asker_id = $1 AND anonymous = 1", {user_id});
    // Every address the account had or asked for (e-mail changes): mail to
    // those is theirs too, and their rows go below.
    std::vector<std::string> addresses{who.email};
    for (const auto& r : s.query("SELECT old_email, new_email FROM email_changes WHERE user_id = $1", {user_id})) {
        for (int i = 0; i < 2; ++i) {
            const auto a = r.text(i);
            if (!a.empty() && std::find(addresses.begin(), addresses.end(), a) == addresses.end()) {
                addresses.push_back(a);
            }
        }
    }
    s.query("UPDATE answers SET helpful_count = helpful_count - 1 "
            "WHERE id IN (SELECT answer_id FROM answer_helpful WHERE user_id = $1)",
            {user_id});
    for (const char* table : {"answer_helpful", "topic_follows", "question_digests", "contact_requests",
                              "conversation_members", "user_events", "sessions", "account_tokens", "user_totp",
                              "totp_recovery_codes", "remembered_devices", "two_factor_challenges",
                              "email_changes"}) {
        s.query(std::string("DELETE FROM ") + table + " WHERE user_id = $1", {user_id});
    }

    // Reports they made stay for moderation without them. Where Hearth has
    // flagged the same item for the same reason (reporter_id NULL, open:
    // unique), their copy adds nothing and goes.
    s.query(
        "DELETE FROM reports WHERE reporter_id = $1 AND status = 'open' AND EXISTS ("
        "SELECT 1 FROM reports o WHERE o.reporter_id IS NULL AND o.status = 'open' "
        "AND o.target_type = reports.target_type AND o.target_id = reports.target_id AND o.reason = reports.reason)",
        {user_id});
    s.query("UPDATE reports SET reporter_id = NULL WHERE reporter_id = $1", {user_id});

    // E-mail: nothing more goes to them; other people's mail names them no more.
    s.query("DELETE FROM outbox WHERE recipient = $1", {husk});
    for (const auto& address : addresses) {
        s.query("DELETE FROM outbox WHERE recipient = $1 OR recipient LIKE $2 ESCAPE '\\'",
                {address, "%<" + like_literal(address) + ">%"});
    }
    // Calendar files fold long lines (CRLF and a space, RFC 5545 section
    // 3.1), which can cut an address in two: unfolded where they name them.
    const std::string fold = "\r\n ";
    s.query("UPDATE outbox SET attachment_body = REPLACE(attachment_body, $1, '') WHERE attachment_body IS NOT NULL "
            "AND (REPLACE(attachment_body, $1, '') LIKE $2 ESCAPE '\\' "
            "OR REPLACE(attachment_body, $1, '') LIKE $3 ESCAPE '\\' "
            "OR REPLACE(attachment_body, $1, '') LIKE $4 ESCAPE '\\')",
            {fold, "%" + like_literal(who.email) + "%", "%" + like_literal(who.display_name) + "%",
             "%" + like_literal(full_name.empty() ? who.display_name : full_name) + "%"});
    for (const char* column : {"subject", "body_text", "attachment_body"}) {
        for (const auto& address : addresses) replace_everywhere(s, "outbox", column, address, husk);
        replace_everywhere(s, "outbox", column, who.display_name, name);
        replace_everywhere(s, "outbox", column, full_name, name);  // a specialist's name on their profile
    }

    // The audit log keeps what happened, under the pseudonym only.
    s.query("UPDATE audit_log SET actor_user_id = NULL, actor_pseudonym = $2, ip = '' WHERE actor_user_id = $1",
            {user_id, pseudonym});
    s.query("UPDATE audit_log SET target_id = $2 WHERE target_type = 'user' AND target_id = $1",
            {std::to_string(user_id), pseudonym});
    if (out.profile_id != 0) {
        // Entries about their profile (by slug or id): the licence number
        // an admin checked is theirs alone, so it goes from those details.
        if (!licence.empty()) {
            s.query("UPDATE audit_log SET detail = REPLACE(detail, $3, $4) WHERE target_type = 'specialist_profile' "
                    "AND (target_id = $1 OR target_id = $2)",
                    {old_slug, std::to_string(out.profile_id), licence, pseudonym});
        }
        // Each verification's detail is "licence / region" as checked then:
        // after a change of licence, an earlier number the profile no longer
        // holds. Those details go whole.
        s.query("UPDATE audit_log SET detail = '' WHERE action = 'specialist.verify' "
                "AND target_type = 'specialist_profile' AND (target_id = $1 OR target_id = $2)",
                {old_slug, std::to_string(out.profile_id)});
        s.query("UPDATE audit_log SET target_id = $3 WHERE target_type = 'specialist_profile' "
                "AND (target_id = $1 OR target_id = $2)",
                {old_slug, std::to_string(out.profile_id), pseudonym});
        replace_everywhere(s, "audit_log", "detail", old_slug, pseudonym);
        replace_everywhere(s, "audit_log", "detail", full_name, pseudonym);
    }
    for (const auto& address : addresses) replace_everywhere(s, "audit_log", "detail", address, pseudonym);
    replace_everywhere(s, "audit_log", "detail", who.display_name, pseudonym);

    s.query("DELETE FROM account_deletions WHERE user_id = $1", {user_id});
    return out;
}

// --- the admin's view of a person ---

std::optional<PersonSummary> find_person(db::Session& s, std::int64_t user_id) {
    auto r = s.query(std::string("SELECT ") + person_columns + " FROM users WHERE id = $1 AND deleted_at IS NULL",
                     {user_id});
    if (r.empty()) return std::nullopt;
    return summary_of(r.front());
}

std::vector<PersonSummary> search_people(db::Session& s, const std::string& fragment) {
    std::string lowered;
    for (unsigned char c : fragment) lowered += static_cast<char>(std::tolower(c));
    std::vector<PersonSummary> out;
    for (const auto& r : s.query(std::string("SELECT ") + person_columns +
                                     " FROM users WHERE deleted_at IS NULL AND email_normalized LIKE $1 ESCAPE '\\' "
                                     "ORDER BY email_normalized LIMIT 50",
                                 {"%" + like_literal(lowered) + "%"})) {
        out.push_back(summary_of(r));
    }
    return out;
}

PersonCounts count_records(db::Session& s, std::int64_t user_id, std::int64_t now) {
    PersonCounts c;
    const std::vector<db::Value> id{user_id};
    constexpr const char* theirs =
        "FROM consultations c JOIN specialist_profiles p ON p.id = c.profile_id WHERE (c.member_id = $1 OR p.user_id = $1)";
    c.consultations = count(s, std::string("SELECT COUNT(*) ") + theirs, id);
    c.upcoming_consultations =
        count(s, std::string("SELECT COUNT(*) ") + theirs + " AND c.status = 'booked' AND c.ends_at > $2", {user_id, now});
    c.conversations = count(s, "SELECT COUNT(*) FROM conversation_members WHERE user_id = $1", id);
    c.messages_sent = count(s, "SELECT COUNT(*) FROM messages WHERE sender_id = $1", id);
    c.questions = count(s, "SELECT COUNT(*) FROM questions WHERE asker_id = $1", id);
    c.answers = count(s, "SELECT COUNT(*) FROM answers WHERE author_id = $1", id);
    c.articles = count(s, "SELECT COUNT(*) FROM articles WHERE author_id = $1", id);
    c.reports_made = count(s, "SELECT COUNT(*) FROM reports WHERE reporter_id = $1", id);
    c.contact_requests = count(s, "SELECT COUNT(*) FROM contact_requests WHERE user_id = $1", id);
    c.sessions = count(s,
                       "SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND idle_expires_at > $2 "
                       "AND absolute_expires_at > $2",
                       {user_id, now});
    c.has_profile = count(s, "SELECT COUNT(*) FROM specialist_profiles WHERE user_id = $1", id) > 0;
    return c;
}

}  // namespace hearth::privacy
