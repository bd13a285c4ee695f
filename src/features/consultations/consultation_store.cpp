#include "features/consultations/consultation_store.hpp"

#include "core/clock.hpp"

namespace hearth::consultations {

namespace {

constexpr const char* booking_select =
    "SELECT c.id, c.profile_id, c.member_id, c.starts_at, c.ends_at, c.status, c.note, c.member_timezone, "
    "c.sequence, c.cancelled_at, c.cancel_reason, c.created_at, p.slug, p.full_name, su.email, "
    "COALESCE(a.timezone, p.timezone), p.user_id, mu.display_name, mu.email, c.mode, c.mode_detail, c.member_phone "
    "FROM consultations c JOIN specialist_profiles p ON p.id = c.profile_id "
    "JOIN users su ON su.id = p.user_id JOIN users mu ON mu.id = c.member_id "
    "LEFT JOIN availability a ON a.profile_id = c.profile_id ";

Booking booking_from_row(const db::Row& r) {
    Booking b;
    b.id = r.integer(0);
    b.profile_id = r.integer(1);
    b.member_id = r.integer(2);
    b.starts_at = r.integer(3);
    b.ends_at = r.integer(4);
    b.status = r.text(5);
    b.note = r.text(6);
    b.member_timezone = r.text(7);
    b.sequence = r.integer(8);
    b.cancelled_at = r.optional_integer(9);
    b.cancel_reason = r.text(10);
    b.created_at = r.integer(11);
    b.specialist_slug = r.text(12);
    b.specialist_name = r.text(13);
    b.specialist_email = r.text(14);
    b.specialist_timezone = r.text(15);
    b.specialist_user_id = r.integer(16);
    b.member_name = r.text(17);
    b.member_email = r.text(18);
    b.mode = kind_of(r.text(19)).value_or(MeetingKind::video);
    b.mode_detail = r.text(20);
    b.member_phone = r.text(21);
    return b;
}

std::optional<Booking> first(const db::Result& r) {
    if (r.empty()) return std::nullopt;
    return booking_from_row(r.front());
}

}  // namespace

std::optional<AvailabilityRules> load_rules(db::Session& s, std::int64_t profile_id) {
    auto head = s.query("SELECT timezone, min_notice_minutes, horizon_days, mode, video_url, address "
                        "FROM availability WHERE profile_id = $1",
                        {profile_id});
    if (head.empty()) return std::nullopt;
    AvailabilityRules rules;
    const auto& h = head.front();
    rules.timezone = h.text(0);
    rules.min_notice_seconds = h.integer(1) * 60;
    rules.horizon_seconds = h.integer(2) * 86400;
    rules.mode = ConsultationMode{kind_of(h.text(3)).value_or(MeetingKind::video), h.text(4), h.text(5)};
    for (const auto& r : s.query("SELECT weekday, start_minute, end_minute FROM availability_windows "
                                 "WHERE profile_id = $1 ORDER BY weekday, start_minute",
                                 {profile_id})) {
        rules.weekly.push_back(WeeklyWindow{static_cast<int>(r.integer(0)), static_cast<int>(r.integer(1)),
                                            static_cast<int>(r.integer(2))});
    }
    for (const auto& r : s.query("SELECT starts_at, ends_at FROM availability_time_off WHERE profile_id = $1 "
                                 "AND ends_at > $2 ORDER BY starts_at",
                                 {profile_id, now_seconds() - 86400})) {
        rules.time_off.push_back(Interval{r.integer(0), r.integer(1)});
    }
    return rules;
}

void save_rules(db::Session& s, std::int64_t profile_id, const AvailabilityRules& rules) {
    const auto mode = rules.mode.value_or(ConsultationMode{});
    s.query(
        "INSERT INTO availability (profile_id, timezone, min_notice_minutes, horizon_days, updated_at, mode, "
        "video_url, address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (profile_id) DO UPDATE SET "
        "timezone = $2, min_notice_minutes = $3, horizon_days = $4, updated_at = $5, mode = $6, video_url = $7, "
        "address = $8",
        {profile_id, rules.timezone, rules.min_notice_seconds / 60, rules.horizon_seconds / 86400, now_seconds(),
         std::string(kind_name(mode.kind)), mode.video_url, mode.address});
    s.query("DELETE FROM availability_windows WHERE profile_id = $1", {profile_id});
    s.query("DELETE FROM availability_time_off WHERE profile_id = $1", {profile_id});
    for (const auto& w : rules.weekly) {
        s.query("INSERT INTO availability_windows (profile_id, weekday, start_minute, end_minute) "
                "VALUES ($1, $2, $3, $4)",
                {profile_id, std::int64_t{w.weekday}, std::int64_t{w.start_minute}, std::int64_t{w.end_minute}});
    }
    for (const auto& t : rules.time_off) {
        s.query("INSERT INTO availability_time_off (profile_id, starts_at, ends_at) VALUES ($1, $2, $3)",
                {profile_id, t.start, t.end});
    }
}

std::vector<Interval> busy_intervals(db::Session& s, std::int64_t profile_id, std::int64_t from, std::int64_t to,
                                     std::optional<std::int64_t> except_id) {
    std::vector<Interval> out;
    for (const auto& r : s.query("SELECT starts_at, ends_at FROM consultations WHERE profile_id = $1 "
                                 "AND status = 'booked' AND ends_at > $2 AND starts_at < $3 AND id <> $4 "
                                 "ORDER BY starts_at",
                                 {profile_id, from, to, except_id.value_or(0)})) {
        out.push_back(Interval{r.integer(0), r.integer(1)});
    }
    return out;
}

std::int64_t insert_booking(db::Session& s, std::int64_t profile_id, std::int64_t member_id, std::int64_t start,
                            const std::string& note, const std::string& member_timezone,
                            const std::optional<std::string>& idempotency_key, const BookedMode& how) {
    const auto now = now_seconds();
    return s
        .query("INSERT INTO consultations (profile_id, member_id, starts_at, ends_at, status, note, member_timezone, "
               "idempotency_key, created_at, updated_at, mode, mode_detail, member_phone) "
               "VALUES ($1, $2, $3, $4, 'booked', $5, $6, $7, $8, $8, $9, $10, $11) RETURNING id",
               {profile_id, member_id, start, start + slot_seconds, note, member_timezone,
                idempotency_key ? db::Value(*idempotency_key) : db::Value(nullptr), now,
                std::string(kind_name(how.kind)), how.detail, how.member_phone})
        .front()
        .integer(0);
}

std::optional<Booking> find_by_idempotency_key(db::Session& s, std::int64_t member_id, const std::string& key) {
    return first(s.query(std::string(booking_select) + "WHERE c.member_id = $1 AND c.idempotency_key = $2",
                         {member_id, key}));
}

std::optional<Booking> find_for_participant(db::Session& s, std::int64_t id, std::int64_t user_id) {
    return first(s.query(std::string(booking_select) + "WHERE c.id = $1 AND (c.member_id = $2 OR p.user_id = $2)",
                         {id, user_id}));
}

std::optional<Booking> find_by_id(db::Session& s, std::int64_t id) {
    return first(s.query(std::string(booking_select) + "WHERE c.id = $1", {id}));
}

std::vector<Booking> list_for_user(db::Session& s, std::int64_t user_id) {
    std::vector<Booking> out;
    for (const auto& r : s.query(std::string(booking_select) +
                                     "WHERE c.member_id = $1 OR p.user_id = $1 ORDER BY c.starts_at DESC LIMIT 500",
                                 {user_id})) {
        out.push_back(booking_from_row(r));
    }
    return out;
}

std::int64_t upcoming_count(db::Session& s, std::int64_t member_id, std::int64_t now,
                            std::optional<std::int64_t> profile_id) {
    if (profile_id) {
        return s.query("SELECT COUNT(*) FROM consultations WHERE member_id = $1 AND status = 'booked' "
                       "AND ends_at > $2 AND profile_id = $3",
                       {member_id, now, *profile_id})
            .front()
            .integer(0);
    }
    return s.query("SELECT COUNT(*) FROM consultations WHERE member_id = $1 AND status = 'booked' AND ends_at > $2",
                   {member_id, now})
        .front()
        .integer(0);
}

void mark_cancelled(db::Session& s, std::int64_t id, std::int64_t by_user, const std::string& reason) {
    const auto now = now_seconds();
    s.query("UPDATE consultations SET status = 'cancelled', cancelled_at = $1, cancelled_by = $2, cancel_reason = $3, "
            "sequence = sequence + 1, updated_at = $1 WHERE id = $4",
            {now, by_user, reason, id});
}

void move_booking(db::Session& s, std::int64_t id, std::int64_t new_start) {
    s.query("UPDATE consultations SET starts_at = $1, ends_at = $2, sequence = sequence + 1, updated_at = $3 "
            "WHERE id = $4",
            {new_start, new_start + slot_seconds, now_seconds(), id});
}

void schedule_reminders(db::Session& s, std::int64_t booking_id, std::int64_t start, std::int64_t now) {
    // A moved booking gets fresh reminders, even where the old ones were sent.
    s.query("DELETE FROM consultation_reminders WHERE consultation_id = $1", {booking_id});
    for (auto [kind, before] : {std::pair{"24h", std::int64_t{24 * 3600}}, std::pair{"1h", std::int64_t{3600}}}) {
        if (start - before <= now) continue;
        s.query("INSERT INTO consultation_reminders (consultation_id, kind, due_at) VALUES ($1, $2, $3)",
                {booking_id, std::string(kind), start - before});
    }
}

void drop_reminders(db::Session& s, std::int64_t booking_id) {
    s.query("DELETE FROM consultation_reminders WHERE consultation_id = $1 AND sent_at IS NULL", {booking_id});
}

std::vector<std::pair<std::int64_t, std::string>> claim_due_reminders(db::Session& s, std::int64_t now) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    for (const auto& r : s.query(
             "UPDATE consultation_reminders SET sent_at = $1 WHERE sent_at IS NULL AND due_at <= $1 "
             "AND consultation_id IN (SELECT id FROM consultations WHERE status = 'booked' AND starts_at > $1) "
             "RETURNING consultation_id, kind",
             {now})) {
        out.emplace_back(r.integer(0), r.text(1));
    }
    return out;
}

}  // namespace hearth::consultations
