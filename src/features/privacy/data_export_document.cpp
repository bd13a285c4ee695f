#include "features/privacy/data_export_document.hpp"

#include <boost/json/array.hpp>
#include <string>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "security/message_keys.hpp"

namespace hearth::privacy {

namespace json = boost::json;

namespace {

// A stored UTC-seconds column as RFC 3339 text, or null when NULL.
json::value time_at(const db::Row& r, std::size_t col) {
    if (r.is_null(col)) return nullptr;
    return json::value(rfc3339(r.integer(col)));
}

json::value optional_integer(const db::Row& r, std::size_t col) {
    if (r.is_null(col)) return nullptr;
    return r.integer(col);
}

json::object account_section(db::Session& s, std::int64_t user_id) {
    const auto rows = s.query(
        "SELECT id, email, display_name, role, created_at, email_verified_at, message_emails, suspended_at "
        "FROM users WHERE id = $1 AND deleted_at IS NULL",
        {user_id});
    if (rows.empty()) throw Error::not_found();
    const auto& r = rows.front();
    return {{"id", r.integer(0)},           {"email", r.text(1)},
            {"display_name", r.text(2)},    {"role", r.text(3)},
            {"created_at", time_at(r, 4)},  {"verified", !r.is_null(5)},
            {"verified_at", time_at(r, 5)}, {"message_emails", r.flag(6)},
            {"suspended_at", time_at(r, 7)}};
}

json::array text_list(db::Session& s, std::string_view sql, std::int64_t id) {
    json::array out;
    for (const auto& r : s.query(sql, {id})) out.push_back(json::value(r.text(0)));
    return out;
}

// The specialist profile and its hours; null members when there is none.
void profile_sections(db::Session& s, std::int64_t user_id, json::object& doc, ExportDocument& out) {
    const auto rows = s.query(
        "SELECT id, slug, full_name, credentials, licence_number, licence_region, headline, bio, approach, "
        "online, in_person, city, country, timezone, fee_min, fee_max, currency, offers_free_consultation, "
        "photo_file, website, phone, contact_email, sliding_scale, reduced_fees, accepting_new_clients, "
        "messages_open, publish_requested_at, verified_at, listed, created_at, updated_at "
        "FROM specialist_profiles WHERE user_id = $1",
        {user_id});
    if (rows.empty()) {
        doc["profile"] = nullptr;
        doc["availability"] = nullptr;
        return;
    }
    const auto& r = rows.front();
    const auto profile_id = r.integer(0);
    json::array photos;
    if (!r.is_null(18) && !r.text(18).empty()) {
        photos.push_back(json::value("photos/" + r.text(18)));
        out.photo_files.push_back(r.text(18));
    }
    json::array terms;
    for (const auto& t : s.query("SELECT v.kind, v.slug, v.name FROM profile_terms pt "
                                 "JOIN vocabulary_terms v ON v.id = pt.term_id WHERE pt.profile_id = $1 "
                                 "ORDER BY v.kind, v.position, v.slug",
                                 {profile_id})) {
        terms.push_back(json::object{{"kind", t.text(0)}, {"slug", t.text(1)}, {"name", t.text(2)}});
    }
    doc["profile"] = json::object{
        {"slug", r.text(1)},
        {"full_name", r.text(2)},
        {"credentials", r.text(3)},
        {"licence_number", r.text(4)},
        {"licence_region", r.text(5)},
        {"headline", r.text(6)},
        {"bio", r.text(7)},
        {"approach", r.text(8)},
        {"online", r.flag(9)},
        {"in_person", r.flag(10)},
        {"city", r.text(11)},
        {"country", r.text(12)},
        {"timezone", r.text(13)},
        {"fee_min", optional_integer(r, 14)},
        {"fee_max", optional_integer(r, 15)},
        {"currency", r.text(16)},
        {"offers_free_consultation", r.flag(17)},
        {"photos", std::move(photos)},
        {"website", r.text(19)},
        {"phone", r.text(20)},
        {"contact_email", r.text(21)},
        {"sliding_scale", r.flag(22)},
        {"reduced_fees", r.flag(23)},
        {"accepting_new_clients", r.flag(24)},
        {"messages_open", r.flag(25)},
        {"publish_requested_at", time_at(r, 26)},
        {"verified_at", time_at(r, 27)},
        {"listed", r.flag(28)},
        {"created_at", time_at(r, 29)},
        {"updated_at", time_at(r, 30)},
        {"terms", std::move(terms)},
    };

    const auto hours = s.query(
        "SELECT timezone, min_notice_minutes, horizon_days, mode, video_url, address, "
        "updated_at FROM availability WHERE profile_id = $1",
        {profile_id});
    if (hours.empty()) {
        doc["availability"] = nullptr;
        return;
    }
    const auto& h = hours.front();
    json::array weekly;
    for (const auto& w : s.query("SELECT weekday, start_minute, end_minute FROM availability_windows "
                                 "WHERE profile_id = $1 ORDER BY weekday, start_minute",
                                 {profile_id})) {
        weekly.push_back(
            json::object{{"weekday", w.integer(0)}, {"start_minute", w.integer(1)}, {"end_minute", w.integer(2)}});
    }
    json::array time_off;
    for (const auto& o : s.query("SELECT starts_at, ends_at FROM availability_time_off WHERE profile_id = $1 "
                                 "ORDER BY starts_at",
                                 {profile_id})) {
        time_off.push_back(json::object{{"starts_at", time_at(o, 0)}, {"ends_at", time_at(o, 1)}});
    }
    doc["availability"] = json::object{{"timezone", h.text(0)},          {"min_notice_minutes", h.integer(1)},
                                       {"horizon_days", h.integer(2)},   {"mode", h.text(3)},
                                       {"video_url", h.text(4)},         {"address", h.text(5)},
                                       {"updated_at", time_at(h, 6)},    {"weekly", std::move(weekly)},
                                       {"time_off", std::move(time_off)}};
}

// Both sides: the member's own note and phone number only on their side;
// a cancel reason only when they gave it; the other side by name.
json::array consultations_section(db::Session& s, std::int64_t user_id, ExportDocument& out) {
    json::array list;
    for (const auto& r : s.query(
             "SELECT c.id, c.starts_at, c.ends_at, c.status, c.note, c.member_timezone, c.mode, c.member_phone, "
             "c.cancelled_at, c.cancelled_by, c.cancel_reason, c.created_at, c.member_id, p.full_name, "
             "m.display_name FROM consultations c JOIN specialist_profiles p ON p.id = c.profile_id "
             "JOIN users m ON m.id = c.member_id WHERE c.member_id = $1 OR p.user_id = $1 ORDER BY c.starts_at, c.id",
             {user_id})) {
        const auto id = r.integer(0);
        const bool as_member = r.integer(12) == user_id;
        const bool cancelled_by_them = !r.is_null(9) && r.integer(9) == user_id;
        out.consultation_ids.push_back(id);
        list.push_back(json::object{
            {"id", id},
            {"role", as_member ? "member" : "specialist"},
            {"with", as_member ? r.text(13) : r.text(14)},
            {"starts_at", time_at(r, 1)},
            {"ends_at", time_at(r, 2)},
            {"status", r.text(3)},
            {"mode", r.text(6)},
            {"note", as_member ? json::value(r.text(4)) : json::value(nullptr)},
            {"phone", as_member ? json::value(r.text(7)) : json::value(nullptr)},
            {"timezone", as_member ? json::value(r.text(5)) : json::value(nullptr)},
            {"booked_at", time_at(r, 11)},
            {"cancelled_at", time_at(r, 8)},
            {"cancelled_by_you", cancelled_by_them},
            {"cancel_reason", cancelled_by_them ? json::value(r.text(10)) : json::value(nullptr)},
            {"calendar_file", "consultations/consultation-" + std::to_string(id) + ".ics"},
        });
    }
    return list;
}

// Their conversations, every message opened; the other participant by
// display name only.
json::array conversations_section(db::Session& s, std::int64_t user_id, security::MessageKeyring& keys) {
    json::array list;
    for (const auto& c :
         s.query("SELECT c.id, c.created_at, c.member_id, c.specialist_id, cm.archived_at, cm.blocked_at, "
                 "o.display_name FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id "
                 "JOIN users o ON o.id = CASE WHEN c.member_id = $1 THEN c.specialist_id ELSE c.member_id END "
                 "WHERE cm.user_id = $1 ORDER BY c.id",
                 {user_id})) {
        const auto conversation_id = c.integer(0);
        json::array messages;
        for (const auto& m : s.query("SELECT id, sender_id, key_id, sealed, created_at FROM messages "
                                     "WHERE conversation_id = $1 ORDER BY id",
                                     {conversation_id})) {
            const auto body = keys.open(security::SealedText{m.integer(2), m.text(3)},
                                        security::message_associated_data(conversation_id, m.integer(0)));
            messages.push_back(json::object{{"id", m.integer(0)},
                                            {"from_you", m.integer(1) == user_id},
                                            {"sent_at", time_at(m, 4)},
                                            {"text", body}});
        }
        list.push_back(json::object{{"id", conversation_id},
                                    {"role", c.integer(2) == user_id ? "member" : "specialist"},
                                    {"with", c.text(6)},
                                    {"started_at", time_at(c, 1)},
                                    {"archived_at", time_at(c, 4)},
                                    {"blocked_at", time_at(c, 5)},
                                    {"messages", std::move(messages)}});
    }
    return list;
}

json::array questions_section(db::Session& s, std::int64_t user_id) {
    json::array list;
    for (const auto& r : s.query("SELECT id, anonymous, title, body, answer_count, accepted_answer_id, created_at, "
                                 "edited_at, hidden_at, hidden_reason FROM questions WHERE asker_id = $1 ORDER BY id",
                                 {user_id})) {
        list.push_back(json::object{
            {"id", r.integer(0)},
            {"anonymous", r.flag(1)},
            {"title", r.text(2)},
            {"body", r.text(3)},
            {"topics",
             text_list(s, "SELECT topic FROM question_topics WHERE question_id = $1 ORDER BY topic", r.integer(0))},
            {"answer_count", r.integer(4)},
            {"accepted_answer_id", optional_integer(r, 5)},
            {"asked_at", time_at(r, 6)},
            {"edited_at", time_at(r, 7)},
            {"hidden_at", time_at(r, 8)},
            {"hidden_reason", r.is_null(8) ? json::value(nullptr) : json::value(r.text(9))},
        });
    }
    return list;
}

json::array answers_section(db::Session& s, std::int64_t user_id) {
    json::array list;
    for (const auto& r : s.query("SELECT a.id, a.question_id, q.title, a.body, a.helpful_count, a.created_at, "
                                 "a.updated_at, a.hidden_at, q.accepted_answer_id FROM answers a "
                                 "JOIN questions q ON q.id = a.question_id WHERE a.author_id = $1 ORDER BY a.id",
                                 {user_id})) {
        list.push_back(json::object{{"id", r.integer(0)},
                                    {"question_id", r.integer(1)},
                                    {"question_title", r.text(2)},
                                    {"body", r.text(3)},
                                    {"helpful_count", r.integer(4)},
                                    {"accepted", !r.is_null(8) && r.integer(8) == r.integer(0)},
                                    {"answered_at", time_at(r, 5)},
                                    {"updated_at", time_at(r, 6)},
                                    {"hidden_at", time_at(r, 7)}});
    }
    return list;
}

json::array helpful_marks_section(db::Session& s, std::int64_t user_id) {
    json::array list;
    for (const auto& r : s.query("SELECT h.answer_id, a.question_id, h.created_at FROM answer_helpful h "
                                 "JOIN answers a ON a.id = h.answer_id WHERE h.user_id = $1 ORDER BY h.created_at",
                                 {user_id})) {
        list.push_back(
            json::object{{"answer_id", r.integer(0)}, {"question_id", r.integer(1)}, {"marked_at", time_at(r, 2)}});
    }
    return list;
}

// Answers they chose as "helped most" on their own questions.
json::array accepted_marks_section(db::Session& s, std::int64_t user_id) {
    json::array list;
    for (const auto& r : s.query("SELECT id, accepted_answer_id FROM questions "
                                 "WHERE asker_id = $1 AND accepted_answer_id IS NOT NULL ORDER BY id",
                                 {user_id})) {
        list.push_back(json::object{{"question_id", r.integer(0)}, {"answer_id", r.integer(1)}});
    }
    return list;
}

json::array topic_follows_section(db::Session& s, std::int64_t user_id) {
    json::array list;
    for (const auto& r :
         s.query("SELECT topic, created_at FROM topic_follows WHERE user_id = $1 ORDER BY topic", {user_id})) {
        list.push_back(json::object{{"topic", r.text(0)}, {"followed_at", time_at(r, 1)}});
    }
    return list;
}

json::array articles_section(db::Session& s, std::int64_t user_id, ExportDocument& out) {
    json::array list;
    for (const auto& r : s.query("SELECT id, slug, status, title, summary, body_markdown, adapted_from, cover_file, "
                                 "cover_alt, created_at, updated_at, published_at, hidden_at FROM articles "
                                 "WHERE author_id = $1 ORDER BY id",
                                 {user_id})) {
        const auto id = r.integer(0);
        if (!r.is_null(7) && !r.text(7).empty()) out.cover_files.push_back(r.text(7));
        json::array references;
        for (const auto& ref : s.query("SELECT authors, year, title, publisher, url, note FROM article_references "
                                       "WHERE article_id = $1 ORDER BY position",
                                       {id})) {
            references.push_back(json::object{{"authors", ref.text(0)},
                                              {"year", ref.text(1)},
                                              {"title", ref.text(2)},
                                              {"publisher", ref.text(3)},
                                              {"url", ref.text(4)},
                                              {"note", ref.text(5)}});
        }
        list.push_back(json::object{
            {"id", id},
            {"slug", r.text(1)},
            {"status", r.text(2)},
            {"title", r.text(3)},
            {"summary", r.text(4)},
            {"body_markdown", r.text(5)},
            {"adapted_from", r.text(6)},
            {"cover_file", r.is_null(7) ? json::value(nullptr) : json::value("covers/" + r.text(7))},
            {"cover_alt", r.text(8)},
            {"topics", text_list(s, "SELECT topic FROM article_topics WHERE article_id = $1 ORDER BY topic", id)},
            {"references", std::move(references)},
            {"created_at", time_at(r, 9)},
            {"updated_at", time_at(r, 10)},
            {"published_at", time_at(r, 11)},
            {"hidden_at", time_at(r, 12)},
        });
    }
    return list;
}

// What they reported and why: never the reported content itself.
json::array reports_section(db::Session& s, std::int64_t user_id) {
    json::array list;
    for (const auto& r : s.query("SELECT id, target_type, target_id, reason, note, status, created_at, resolved_at "
                                 "FROM reports WHERE reporter_id = $1 ORDER BY id",
                                 {user_id})) {
        list.push_back(json::object{{"id", r.integer(0)},
                                    {"target_type", r.text(1)},
                                    {"target_id", r.integer(2)},
                                    {"reason", r.text(3)},
                                    {"note", r.text(4)},
                                    {"status", r.text(5)},
                                    {"reported_at", time_at(r, 6)},
                                    {"resolved_at", time_at(r, 7)}});
    }
    return list;
}

json::array contact_requests_section(db::Session& s, std::int64_t user_id) {
    json::array list;
    for (const auto& r : s.query("SELECT id, subject, body, status, answer, answered_at, created_at "
                                 "FROM contact_requests WHERE user_id = $1 ORDER BY id",
                                 {user_id})) {
        list.push_back(json::object{{"id", r.integer(0)},
                                    {"subject", r.text(1)},
                                    {"body", r.text(2)},
                                    {"status", r.text(3)},
                                    {"answer", r.is_null(5) ? json::value(nullptr) : json::value(r.text(4))},
                                    {"answered_at", time_at(r, 5)},
                                    {"sent_at", time_at(r, 6)}});
    }
    return list;
}

// Sessions as the person would recognise them; never their tokens.
json::array sessions_section(db::Session& s, std::int64_t user_id) {
    json::array list;
    for (const auto& r : s.query("SELECT kind, created_at, last_seen_at, absolute_expires_at, user_agent, ip "
                                 "FROM sessions WHERE user_id = $1 ORDER BY created_at",
                                 {user_id})) {
        list.push_back(json::object{{"kind", r.text(0)},
                                    {"created_at", time_at(r, 1)},
                                    {"last_seen_at", time_at(r, 2)},
                                    {"expires_at", time_at(r, 3)},
                                    {"device", r.text(4)},
                                    {"client_address", r.text(5)}});
    }
    return list;
}

// Entries they made or that are about their account: what and when, with
// no detail (which may name someone else) and no other person's address.
json::array audit_section(db::Session& s, std::int64_t user_id) {
    json::array list;
    for (const auto& r : s.query("SELECT action, target_type, target_id, created_at, actor_user_id, ip "
                                 "FROM audit_log WHERE actor_user_id = $1 OR (target_type = 'user' AND target_id = $2) "
                                 "ORDER BY created_at, id",
                                 {user_id, std::to_string(user_id)})) {
        const bool by_them = !r.is_null(4) && r.integer(4) == user_id;
        list.push_back(json::object{{"action", r.text(0)},
                                    {"target_type", r.text(1)},
                                    {"target_id", r.text(2)},
                                    {"done_at", time_at(r, 3)},
                                    {"by_you", by_them},
                                    {"client_address", by_them ? json::value(r.text(5)) : json::value(nullptr)}});
    }
    return list;
}

}  // namespace

ExportDocument build_export_document(db::Session& s, std::int64_t user_id, security::MessageKeyring& keys,
                                     std::int64_t generated_at) {
    ExportDocument out;
    json::object doc;
    doc["format"] = export_format;
    doc["generated_at"] = rfc3339(generated_at);
    doc["account"] = account_section(s, user_id);
    profile_sections(s, user_id, doc, out);
    doc["consultations"] = consultations_section(s, user_id, out);
    doc["conversations"] = conversations_section(s, user_id, keys);
    doc["questions"] = questions_section(s, user_id);
    doc["answers"] = answers_section(s, user_id);
    doc["helpful_marks"] = helpful_marks_section(s, user_id);
    doc["accepted_marks"] = accepted_marks_section(s, user_id);
    doc["topic_follows"] = topic_follows_section(s, user_id);
    doc["articles"] = articles_section(s, user_id, out);
    doc["reports"] = reports_section(s, user_id);
    doc["contact_requests"] = contact_requests_section(s, user_id);
    doc["sessions"] = sessions_section(s, user_id);
    doc["audit_log"] = audit_section(s, user_id);
    out.json = std::move(doc);
    return out;
}

std::int64_t export_record_count(db::Session& s, std::int64_t user_id) {
    return s
        .query(
            "SELECT (SELECT COUNT(*) FROM messages m JOIN conversation_members cm "
            "ON cm.conversation_id = m.conversation_id WHERE cm.user_id = $1) + "
            "(SELECT COUNT(*) FROM questions WHERE asker_id = $1) + "
            "(SELECT COUNT(*) FROM answers WHERE author_id = $1) + "
            "(SELECT COUNT(*) FROM articles WHERE author_id = $1) + "
            "(SELECT COUNT(*) FROM consultations WHERE member_id = $1) + "
            "(SELECT COUNT(*) FROM audit_log WHERE actor_user_id = $1)",
            {user_id})
        .front()
        .integer(0);
}

}  // namespace hearth::privacy
