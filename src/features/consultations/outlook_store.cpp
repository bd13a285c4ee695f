#include "features/consultations/outlook_store.hpp"

#include "features/consultations/consultation_store.hpp"

namespace hearth::consultations {

namespace {
db::Value optional_value(const std::optional<std::int64_t>& v) { return v ? db::Value(*v) : db::Value(nullptr); }
}  // namespace

std::optional<OutlookRow> load_outlook(db::Session& s, std::int64_t profile_id) {
    auto rows = s.query(
        "SELECT p.id, p.next_open_at, p.hours_ran_out_notice_at, p.offers_free_consultation, p.listed, p.full_name, "
        "u.email FROM specialist_profiles p JOIN users u ON u.id = p.user_id WHERE p.id = $1",
        {profile_id});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows.front();
    return OutlookRow{r.integer(0), r.optional_integer(1), r.optional_integer(2), r.flag(3),
                      r.flag(4),    r.text(5),             r.text(6)};
}

std::vector<std::int64_t> outlooks_due(db::Session& s, std::int64_t until, std::int64_t limit) {
    std::vector<std::int64_t> out;
    for (const auto& r : s.query("SELECT p.id FROM specialist_profiles p JOIN availability a ON a.profile_id = p.id "
                                 "WHERE p.next_open_recheck_at <= $1 ORDER BY p.next_open_recheck_at, p.id LIMIT $2",
                                 {until, limit})) {
        out.push_back(r.integer(0));
    }
    return out;
}

void save_outlook(db::Session& s, std::int64_t profile_id, std::optional<std::int64_t> next_open_at,
                  std::int64_t recheck_at) {
    s.query("UPDATE specialist_profiles SET next_open_at = $1, next_open_recheck_at = $2 WHERE id = $3",
            {optional_value(next_open_at), recheck_at, profile_id});
}

void set_run_out_notice(db::Session& s, std::int64_t profile_id, std::optional<std::int64_t> at) {
    s.query("UPDATE specialist_profiles SET hours_ran_out_notice_at = $1 WHERE id = $2",
            {optional_value(at), profile_id});
}

Outlook outlook_of(db::Session& s, std::int64_t profile_id, const AvailabilityRules& rules, std::int64_t now) {
    const auto busy = busy_intervals(s, profile_id, now - slot_seconds, now + bookable_window_seconds + slot_seconds);
    return outlook(rules, now, busy);
}

void compute_outlooks(db::Session& s, std::int64_t first_id, std::int64_t last_id, std::int64_t now) {
    std::vector<std::int64_t> ids;
    for (const auto& r : s.query("SELECT profile_id FROM availability WHERE profile_id BETWEEN $1 AND $2",
                                 {first_id, last_id})) {
        ids.push_back(r.integer(0));
    }
    for (auto id : ids) {
        const auto rules = load_rules(s, id);
        if (!rules || !valid_timezone(rules->timezone)) continue;  // left to the maintenance round
        const auto o = outlook_of(s, id, *rules, now);
        save_outlook(s, id, o.next_open, o.recheck_at);
    }
}

}  // namespace hearth::consultations
