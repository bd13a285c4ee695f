// /account/availability: a specialist's weekly hours for free
// consultations, time zone, notice, horizon and time off, as one form that
// works without JavaScript. Checked field by field here, then by
// validate_availability, the same rules as PUT /api/v1/me/availability.
#include <fmt/format.h>

#include <array>
#include <charconv>

#include "core/error.hpp"
#include "features/common/form_view.hpp"
#include "features/consultations/consultation_api.hpp"
#include "features/consultations/consultation_pages.hpp"
#include "features/consultations/local_calendar.hpp"
#include "features/specialists/profile_pages.hpp"

namespace hearth::consultations {

namespace {

constexpr int blocks_shown = 3;       // per weekday; more are shown when the API saved more
constexpr int max_blocks = 20;        // per weekday read from a form
constexpr int spare_time_off_rows = 2;
constexpr int max_time_off_rows = 102;
constexpr std::array<const char*, 7> weekday_names{"Monday", "Tuesday", "Wednesday", "Thursday",
                                                   "Friday", "Saturday", "Sunday"};

std::string block_name(int weekday, int i, std::string_view end) { return fmt::format("d{}_{}_{}", weekday, i, end); }
std::string off_name(int i, std::string_view end) { return fmt::format("off_{}_{}", i, end); }

bool digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
    int n = 0;
    std::from_chars(s.data(), s.data() + s.size(), n);
    return n;
}

// "9:00" or "09:00" (or "09:00:00" from some browsers) -> minutes; -1 when malformed.
int clock_minutes(std::string text) {
    if (text.size() == 8 && text.substr(5) == ":00") text.resize(5);
    if (text.size() == 4 && text[1] == ':') text = "0" + text;
    return parse_clock(text);
}

// A datetime-local value ("2026-03-08T09:00", seconds optional) read in `tz`.
std::optional<std::int64_t> parse_local(const std::string& text, const std::string& tz) {
    if (text.size() < 16 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
    const auto y = text.substr(0, 4), mo = text.substr(5, 2), d = text.substr(8, 2);
    const int minutes = clock_minutes(text.substr(11));
    if (!digits(y) || !digits(mo) || !digits(d) || minutes < 0 || minutes >= 1440) return std::nullopt;
    return local_instant(number(y), number(mo), number(d), minutes, tz);
}

std::string local_value(std::int64_t instant, const std::string& tz) {
    const auto t = local_time(instant, tz);
    return t.date + "T" + t.time;
}

// <input type="time"> cannot show 24:00: the end of the day is shown, and read, as 00:00.
std::string clock_value(int minutes) { return minutes == 1440 ? "00:00" : format_clock(minutes); }

}  // namespace

struct ConsultationPages::AvailabilityForm {
    std::string timezone;
    std::string min_notice_hours;
    std::string horizon_days;
    std::array<std::vector<std::pair<std::string, std::string>>, 7> blocks;  // [weekday - 1] -> (start, end)
    std::vector<std::pair<std::string, std::string>> time_off;              // local date-times
    std::string mode;  // kind_name, "" until the specialist chooses
    std::string video_url;
    std::string address;

    static AvailabilityForm of(const AvailabilityRules& rules) {
        AvailabilityForm f{rules.timezone, std::to_string(rules.min_notice_seconds / 3600),
                           std::to_string(rules.horizon_seconds / 86400), {}, {}, {}, {}, {}};
        if (const auto& mode = rules.mode) {
            f.mode = std::string(kind_name(mode->kind));
            f.video_url = mode->video_url;
            f.address = mode->address;
        }
        for (const auto& w : rules.weekly) {
            if (w.weekday >= 1 && w.weekday <= 7) {
                f.blocks[w.weekday - 1].emplace_back(clock_value(w.start_minute), clock_value(w.end_minute));
            }
        }
        const auto tz = valid_timezone(rules.timezone) ? rules.timezone : "UTC";
        for (const auto& t : rules.time_off) f.time_off.emplace_back(local_value(t.start, tz), local_value(t.end, tz));
        return f;
    }

    static AvailabilityForm of(const http::Request& req) {
        AvailabilityForm f{req.form_value("timezone"), req.form_value("min_notice_hours"),
                           req.form_value("horizon_days"), {}, {}, req.form_value("mode"),
                           req.form_value("video_url"), req.form_value("address")};
        for (int day = 1; day <= 7; ++day) {
            for (int i = 0; i < max_blocks; ++i) {
                f.blocks[day - 1].emplace_back(req.form_value(block_name(day, i, "start")),
                                               req.form_value(block_name(day, i, "end")));
            }
        }
        for (int i = 0; i < max_time_off_rows; ++i) {
            f.time_off.emplace_back(req.form_value(off_name(i, "start")), req.form_value(off_name(i, "end")));
        }
        return f;
    }

    // The rules these fields describe; every problem is added to `errors`.
    AvailabilityRules rules(std::vector<FieldError>& errors) const {
        AvailabilityRules r;
        r.timezone = timezone;
        // The way is chosen on this form every time: no hours without it.
        if (const auto kind = kind_of(mode)) {
            ConsultationMode chosen{*kind, video_url, address};
            FieldChecks check;
            check_mode(check, chosen);
            for (const auto& e : check.errors()) errors.push_back(e);
            r.mode = std::move(chosen);
        } else {
            errors.push_back({"mode", "Choose how your free consultations take place: by video, by phone or in person."});
        }
        for (int day = 1; day <= 7; ++day) {
            const auto& list = blocks[day - 1];
            for (std::size_t i = 0; i < list.size(); ++i) {
                const auto& [from, until] = list[i];
                if (from.empty() && until.empty()) continue;
                const auto start_field = block_name(day, static_cast<int>(i), "start");
                const auto end_field = block_name(day, static_cast<int>(i), "end");
                const int start = clock_minutes(from);
                int end = clock_minutes(until);
                if (end == 0) end = 1440;
                const auto day_name = weekday_names[day - 1];
                if (from.empty()) errors.push_back({start_field, fmt::format("{}: choose when these hours start.", day_name)});
                else if (start < 0 || start >= 1440) errors.push_back({start_field, fmt::format("{}: write the start like 09:00.", day_name)});
                if (until.empty()) errors.push_back({end_field, fmt::format("{}: choose when these hours end.", day_name)});
                else if (end < 0) errors.push_back({end_field, fmt::format("{}: write the end like 17:30.", day_name)});
                else if (start >= 0 && end - start < 30) {
                    errors.push_back({end_field, fmt::format("{}: end at least 30 minutes after the start.", day_name)});
                }
                r.weekly.push_back(WeeklyWindow{day, start, end});
            }
        }
        auto whole = [&](const std::string& text, const char* field, const char* message) -> std::int64_t {
            if (!digits(text) || text.size() > 6) {
                errors.push_back({field, message});
                return -1;
            }
            return number(text);
        };
        r.min_notice_seconds = whole(min_notice_hours, "min_notice_hours",
                                     "Write the minimum notice as a whole number of hours, for example 12.") * 3600;
        r.horizon_seconds = whole(horizon_days, "horizon_days",
                                  "Write how far ahead people can book as a whole number of days, for example 30.") *
                            86400;
        const bool zone_ok = valid_timezone(timezone);
        for (std::size_t i = 0; i < time_off.size(); ++i) {
            const auto& [from, until] = time_off[i];
            if (from.empty() && until.empty()) continue;
            const auto start = zone_ok ? parse_local(from, timezone) : std::nullopt;
            const auto end = zone_ok ? parse_local(until, timezone) : std::nullopt;
            if (!start && zone_ok) errors.push_back({off_name(static_cast<int>(i), "start"), "Choose when this time off starts."});
            if (!end && zone_ok) errors.push_back({off_name(static_cast<int>(i), "end"), "Choose when this time off ends."});
            if (start && end && *end <= *start) {
                errors.push_back({off_name(static_cast<int>(i), "end"), "Time off must end after it starts."});
            }
            if (start && end) r.time_off.push_back(Interval{*start, *end});
        }
        return r;
    }
};

http::Response ConsultationPages::render_availability(http::Request& req, const AvailabilityForm& form,
                                                      const std::vector<FieldError>& errors, boost::json::object data,
                                                      int status, bool in_wizard) {
    const auto error_of = [&](const std::string& field) -> boost::json::value {
        for (const auto& e : errors) {
            if (e.field == field) return boost::json::value(e.message);
        }
        return nullptr;
    };
    // One row of the form: "From [..] until [..]" (`type`: time or datetime-local).
    const auto row = [&](const std::string& start, const std::string& end, std::string_view type,
                         const std::string& context, const std::pair<std::string, std::string>* values) {
        auto start_error = error_of(start), end_error = error_of(end);
        const bool has_error = !start_error.is_null() || !end_error.is_null();
        return boost::json::object{{"start_name", start},
                                   {"end_name", end},
                                   {"type", type},
                                   {"context", context},
                                   {"start_value", values ? values->first : ""},
                                   {"end_value", values ? values->second : ""},
                                   {"start_error", std::move(start_error)},
                                   {"end_error", std::move(end_error)},
                                   {"has_error", has_error}};
    };
    boost::json::array days;
    for (int day = 1; day <= 7; ++day) {
        const auto& list = form.blocks[day - 1];
        std::size_t shown = blocks_shown;
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (!list[i].first.empty() || !list[i].second.empty()) shown = std::max(shown, i + 1);
        }
        boost::json::array more;
        bool open = false;
        for (std::size_t i = 1; i < shown; ++i) {
            auto block = row(block_name(day, static_cast<int>(i), "start"), block_name(day, static_cast<int>(i), "end"),
                             "time", fmt::format("{}, hours {}", weekday_names[day - 1], i + 1),
                             i < list.size() ? &list[i] : nullptr);
            open = open || block["has_error"].as_bool() || !block["start_value"].as_string().empty() ||
                   !block["end_value"].as_string().empty();
            more.push_back(std::move(block));
        }
        days.push_back(boost::json::object{
            {"name", weekday_names[day - 1]},
            {"first", row(block_name(day, 0, "start"), block_name(day, 0, "end"), "time",
                          fmt::format("{}, hours 1", weekday_names[day - 1]), list.empty() ? nullptr : &list[0])},
            {"more", std::move(more)},
            {"more_open", open}});
    }
    boost::json::array off;
    std::size_t used = 0;
    for (std::size_t i = 0; i < form.time_off.size(); ++i) {
        if (!form.time_off[i].first.empty() || !form.time_off[i].second.empty()) used = i + 1;
    }
    for (std::size_t i = 0; i < used + spare_time_off_rows; ++i) {
        off.push_back(row(off_name(static_cast<int>(i), "start"), off_name(static_cast<int>(i), "end"),
                          "datetime-local", fmt::format("time off {}", i + 1),
                          i < form.time_off.size() ? &form.time_off[i] : nullptr));
    }
    data["days"] = std::move(days);
    data["time_off"] = std::move(off);
    data["values"] = boost::json::object{{"min_notice_hours", form.min_notice_hours},
                                         {"horizon_days", form.horizon_days},
                                         {"video_url", form.video_url},
                                         {"address", form.address}};
    data["mode"] = boost::json::object{{"video", form.mode == "video"},
                                       {"phone", form.mode == "phone"},
                                       {"in_person", form.mode == "in_person"}};
    data["timezone_groups"] = timezone_groups(valid_timezone(form.timezone) ? form.timezone : "UTC");
    forms::add_errors(data, errors);
    const auto profile = profiles_.mine(req.principal);
    if (profile) {
        data["listed"] = profile->listed;
        data["offers"] = profile->fields.offers_free_consultation;
        data["book_url"] = "/specialists/" + profile->slug + "/book";
    }
    if (in_wizard) {
        auto [frame, meta] = specialists::wizard_frame("hours", profile, status != 200);
        for (auto& [key, value] : frame) data[key] = std::move(value);
        data["wizard"] = true;
        data["skip_url"] = specialists::wizard_next_url("hours", profile);
        return http::html(status, view_.page(req, "specialists/edit_hours", std::move(data), meta));
    }
    return page(req, status, "consultations/availability", std::move(data), "Your hours for free consultations");
}

http::Response ConsultationPages::hours_step(http::Request& req) {
    const auto profile = profiles_.mine(req.principal);
    if (!profile) return http::redirect("/account/profile/about", 302);
    if (!profile->fields.offers_free_consultation) return http::redirect(specialists::wizard_next_url("hours", profile), 302);
    const auto rules = consultations_.availability(req.actor());
    if (!rules) return http::redirect("/account/profile/about", 302);
    boost::json::object data;
    if (req.query_param("saved") == "1") data["notice"] = "Saved. You can come back to any step later.";
    return render_availability(req, AvailabilityForm::of(*rules), {}, std::move(data), 200, true);
}

http::Response ConsultationPages::availability_form(http::Request& req) {
    const auto rules = consultations_.availability(req.actor());
    if (!rules) {
        return page(req, 200, "consultations/availability", {{"no_profile", true}}, "Your hours for free consultations");
    }
    boost::json::object data;
    // "People now see these times" only when they do (listed and offering);
    // the page says what is missing otherwise.
    if (req.query_param("saved") == "1") data["saved"] = true;
    return render_availability(req, AvailabilityForm::of(*rules), {}, std::move(data), 200);
}

http::Response ConsultationPages::save_availability(http::Request& req) {
    const auto actor = req.actor();
    // Asks the service first: the policy's 401/403 before any field is read.
    if (!consultations_.availability(actor)) {
        return page(req, 200, "consultations/availability", {{"no_profile", true}}, "Your hours for free consultations");
    }
    const auto form = AvailabilityForm::of(req);
    std::vector<FieldError> errors;
    const auto rules = form.rules(errors);
    try {
        validate_availability(rules);
    } catch (const Error& e) {
        for (const auto& f : e.fields()) {
            // The form's own checks already named the exact field of most problems.
            const bool named = std::any_of(errors.begin(), errors.end(), [&](const FieldError& x) {
                return x.field == f.field || (f.field == "weekly" && x.field[0] == 'd') ||
                       (f.field == "time_off" && x.field.starts_with("off_"));
            });
            if (!named) errors.push_back(f);
        }
    }
    const bool in_wizard = req.form_value("wizard") == "1";
    if (!errors.empty()) return render_availability(req, form, errors, {}, 422, in_wizard);
    consultations_.set_availability(actor, rules);
    if (in_wizard) {
        return forms::draft_accepted(
            http::redirect(specialists::wizard_next_url("hours", profiles_.mine(req.principal)) + "?saved=1"),
            "availability");
    }
    return forms::draft_accepted(http::redirect("/account/availability?saved=1"), "availability");
}

}  // namespace hearth::consultations
