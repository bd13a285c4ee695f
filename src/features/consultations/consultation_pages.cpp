#include "features/consultations/consultation_pages.hpp"

#include "features/consultations/local_calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <charconv>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/form_view.hpp"
#include "features/common/policy.hpp"
#include "features/consultations/consultation_api.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/profile_pages.hpp"
#include "http/form.hpp"
#include "security/tokens.hpp"

namespace hearth::consultations {

namespace bh = boost::beast::http;

namespace {

constexpr std::int64_t days_per_page = 14;
constexpr int max_page = 13;                           // 14 x 14 days: past the longest horizon (180 days)
constexpr std::int64_t lookahead = 62 * day_seconds;   // the most open_slots_for answers at once
constexpr long zone_cookie_seconds = 365L * day_seconds;

// Two weeks of local days; page 0 starts now.
struct Window {
    int page = 0;
    std::int64_t from = 0;
    std::int64_t to = 0;
};

Window window_for(int page, const std::string& tz, std::int64_t now) {
    const auto today = local_day(now, tz);
    return Window{page, page == 0 ? now : local_midnight(today + page * days_per_page, tz),
                  local_midnight(today + (page + 1) * days_per_page, tz)};
}

// ?page=N when given, else the page holding the chosen time, else the first.
int page_of(const http::Request& req, std::optional<std::int64_t> chosen, const std::string& tz, std::int64_t now) {
    const auto text = req.method() == bh::verb::post ? req.form_value("page") : req.query_param("page");
    int page = 0;
    if (!text.empty()) {
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), page);
        if (ec != std::errc{} || p != text.data() + text.size()) page = 0;
    } else if (chosen && *chosen > now) {
        page = static_cast<int>((local_day(*chosen, tz) - local_day(now, tz)) / days_per_page);
    }
    return std::clamp(page, 0, max_page);
}

std::optional<std::int64_t> chosen_start(const http::Request& req) {
    const auto text = req.method() == bh::verb::post ? req.form_value("start") : req.query_param("start");
    return text.empty() ? std::nullopt : parse_rfc3339(text);
}

std::string day_heading(const LocalTime& t) { return t.human.substr(0, t.human.rfind(',')); }

// "Monday 9 March, 14:00–14:30"
std::string when_text(std::int64_t start, std::int64_t end, const std::string& tz) {
    return local_time(start, tz).human + "–" + local_time(end, tz).time;
}

// "Monday 9 March, 14:00–14:30 (Europe/London time)": a time told to someone
// on its own, away from a page that names the zone once.
std::string when_text_with_zone(std::int64_t start, std::int64_t end, const std::string& tz) {
    return when_text(start, end, tz) + " (" + zone_label(tz) + " time)";
}

// The radio buttons of a slot picker, one group per local day, and the
// links to the two weeks before and after.
boost::json::object slot_picker(const std::vector<Interval>& slots, const Window& w, const std::string& tz,
                                std::optional<std::int64_t> chosen, const std::string& path) {
    boost::json::array days;
    bool later = false, first = true;
    for (const auto& slot : slots) {
        if (slot.start < w.from) continue;
        if (slot.start >= w.to) {
            later = true;
            break;
        }
        const auto local = local_time(slot.start, tz);
        if (days.empty() || days.back().as_object().at("date").as_string() != local.date) {
            days.push_back(boost::json::object{{"date", local.date},
                                               {"heading", day_heading(local)},
                                               {"slots", boost::json::array{}}});
        }
        auto& list = days.back().as_object()["slots"].as_array();
        std::string label = local.time;
        // A local time that happens twice (the clocks go back) says which one it is.
        if (!list.empty() && list.back().as_object().at("time").as_string() == local.time) {
            label += " (UTC" + local.offset + ")";
        }
        list.push_back(boost::json::object{{"id", first ? std::string("start") : fmt::format("slot-{}", slot.start)},
                                           {"value", rfc3339(slot.start)},
                                           {"time", local.time},
                                           {"label", label},
                                           {"checked", chosen && *chosen == slot.start}});
        first = false;
    }
    const auto link = [&](int page) {
        return fmt::format("{}?tz={}&page={}", path, http::url_encode(tz), page);
    };
    boost::json::object o{{"days", std::move(days)}, {"zone_label", zone_label(tz)}, {"page", w.page}};
    o["has_days"] = !o["days"].as_array().empty();
    if (w.page > 0) o["earlier_url"] = link(w.page - 1);
    if (later && w.page < max_page) o["later_url"] = link(w.page + 1);
    o["has_paging"] = o.contains("earlier_url") || o.contains("later_url");
    return o;
}

render::PageMeta meta_for(std::string title, std::string nav = "account") {
    render::PageMeta meta;
    meta.title = std::move(title);
    meta.noindex = true;
    meta.nav_section = std::move(nav);
    return meta;
}

// The one field a refusal is about, for forms::show_again.
std::vector<FieldError> field_errors(const BookingRefusal& r, std::string_view fallback_field) {
    return {FieldError{r.field.empty() ? std::string(fallback_field) : r.field, r.message}};
}

std::vector<Interval> slots_from(Consultations& c, const std::string& slug, const Window& w) {
    return c.open_slots_for(slug, w.from, w.from + lookahead);
}

// One booking as a row of the list (or a link page); `may_move`: the viewer
// may reschedule it (policy reschedule_booking).
boost::json::object booking_view(const Booking& b, std::int64_t viewer, const std::string& tz, std::int64_t now,
                                 bool may_move, const std::string& base_url) {
    const bool as_member = b.member_id == viewer;
    const bool upcoming = b.status == "booked" && b.ends_at > now;
    boost::json::object o{{"id", b.id},
                          {"when", when_text(b.starts_at, b.ends_at, tz)},
                          {"datetime", rfc3339(b.starts_at)},
                          {"as_member", as_member},
                          {"with_name", as_member ? b.specialist_name : b.member_name},
                          {"note", b.note},
                          {"cancelled", b.status == "cancelled"},
                          {"cancel_reason", b.cancel_reason},
                          {"upcoming", upcoming},
                          {"can_reschedule", upcoming && may_move}};
    if (as_member) o["with_url"] = "/specialists/" + b.specialist_slug;
    // Only the two participants reach this view (the queries filter by them).
    if (viewer == b.member_id || viewer == b.specialist_user_id) o["how"] = meeting_json(b, viewer, base_url, false);
    return o;
}

// The zone a participant's e-mails use: what a signed link's page shows.
std::string party_zone(const Booking& b, const std::string& party) {
    const auto& zone = party == "member" ? b.member_timezone : b.specialist_timezone;
    return valid_timezone(zone) ? zone : "UTC";
}

}  // namespace

// --- helpers ---

http::Response ConsultationPages::page(http::Request& req, int status, std::string_view name,
                                       boost::json::object data, std::string title, std::string nav) {
    return http::html(status, view_.page(req, name, std::move(data), meta_for(std::move(title), std::move(nav))));
}

http::Response ConsultationPages::render(http::Request& req, std::string_view name, PageData p) {
    return http::html(p.status, view_.page(req, name, std::move(p.data), p.meta));
}

ConsultationPages::Zone ConsultationPages::zone_of(const http::Request& req, const std::string& fallback) const {
    Zone z;
    const auto asked = req.method() == bh::verb::post ? req.form_value("tz") : req.query_param("tz");
    if (!asked.empty()) {
        if (valid_timezone(asked)) return Zone{asked, true, ""};
        z.error = "We don't know that time zone. Please choose one from the list.";
        z.chosen = true;
    }
    if (auto remembered = req.cookie(zone_cookie_); remembered && valid_timezone(*remembered)) {
        z.name = *remembered;
        z.chosen = true;
    } else {
        z.name = valid_timezone(fallback) ? fallback : "UTC";
    }
    return z;
}

void ConsultationPages::remember_zone(http::Response& res, const Zone& zone) const {
    if (!zone.chosen || !zone.error.empty()) return;
    http::set_cookie(res, zone_cookie_, zone.name, {true, secure_cookies_, "Lax", zone_cookie_seconds});
}

// --- booking ---

ConsultationPages::PageData ConsultationPages::book_page(http::Request& req, const std::string& slug,
                                                         const Zone& zone, std::optional<std::int64_t> chosen,
                                                         int page_index, boost::json::object data) {
    const auto profile = profiles_.public_profile(slug, req.principal);
    const auto& name = profile.fields.full_name;
    data["profile"] = specialists::profile_page_json(profile);
    data["tz"] = zone.name;
    data["timezone_groups"] = timezone_groups(zone.name);
    data["tz_auto"] = !zone.chosen;
    if (!zone.error.empty()) data["tz_error"] = zone.error;
    if (chosen) data["start"] = rfc3339(*chosen);
    auto meta = meta_for("Book a free consultation with " + name, "specialists");
    if (!profile.fields.offers_free_consultation) {
        data["not_offered"] = true;
        return PageData{std::move(data), std::move(meta), 403};
    }
    const auto path = "/specialists/" + slug + "/book";
    // The kind alone before booking; the link or the address come once booked.
    const auto kind = consultations_.meeting_kind(slug);
    data["how_label"] = public_label(kind, profile.fields.city);
    data["asks_phone"] = kind == MeetingKind::phone;
    data["zone_label"] = zone_label(zone.name);
    const auto w = window_for(page_index, zone.name, now_seconds());
    const auto open = slots_from(consultations_, slug, w);
    data["picker"] = slot_picker(open, w, zone.name, chosen, path);
    data["action"] = path;
    data["idempotency_key"] = security::random_token(18);
    const auto& who = req.principal;
    const bool may_book = policy::may(who, policy::Action::book_consultation, profile_record(profile));
    data["can_book"] = !who.signed_in() || may_book;
    data["visitor"] = !who.signed_in();
    // A member who has chosen an open time (most often on coming back from
    // logging in or signing up) sees that time, the note and the button
    // first; choosing another time is one step away.
    const bool chosen_is_open =
        chosen && std::any_of(open.begin(), open.end(), [&](const Interval& i) { return i.start == *chosen; });
    if (who.signed_in() && may_book && chosen_is_open) {
        data["confirm"] = boost::json::object{{"when", local_time(*chosen, zone.name).human},
                                              {"zone", zone_label(zone.name)}};
    }
    return PageData{std::move(data), std::move(meta), 200};
}

http::Response ConsultationPages::book_form(http::Request& req) {
    const auto zone = zone_of(req);
    const auto chosen = chosen_start(req);
    auto res = render(req, "consultations/book",
                      book_page(req, req.path_param("slug"), zone, chosen,
                                page_of(req, chosen, zone.name, now_seconds()), {}));
    if (!req.query_param("tz").empty()) remember_zone(res, zone);
    return res;
}

http::Response ConsultationPages::book(http::Request& req) {
    const auto slug = req.path_param("slug");
    const auto zone = zone_of(req);
    const auto start_text = req.form_value("start");
    if (!req.principal.signed_in()) {
        if (!chosen_start(req)) {
            // Nothing chosen yet: say so here, before any account is asked for.
            auto p = book_page(req, slug, zone, std::nullopt, page_of(req, std::nullopt, zone.name, now_seconds()), {});
            return forms::show_again(view_, req, "consultations/book", std::move(p.data),
                                     {{"start", "Please choose a time for your consultation."}}, p.meta, {422});
        }
        // An account first (a new one by default: most people booking are
        // new here), then back to this page with the chosen time selected.
        auto back = fmt::format("/specialists/{}/book?tz={}", slug, http::url_encode(zone.name));
        if (!start_text.empty()) back += "&start=" + http::url_encode(start_text);
        return http::redirect("/signup?return_to=" + http::url_encode(back));
    }
    const auto actor = req.actor();
    consultations_.check_may_book(actor);

    const auto chosen = chosen_start(req);
    const int page_index = page_of(req, chosen, zone.name, now_seconds());
    const auto note = req.form_value("note");
    const auto phone = req.form_value("phone");
    boost::json::object data{{"values", boost::json::object{{"note", note}, {"phone", phone}}}};
    const auto show_again = [&](std::optional<std::int64_t> keep, const std::vector<FieldError>& errors, int status) {
        auto p = book_page(req, slug, zone, keep, page_index, std::move(data));
        return forms::show_again(view_, req, "consultations/book", std::move(p.data), errors, p.meta, {status});
    };
    if (!chosen) return show_again(std::nullopt, {{"start", "Please choose a time for your consultation."}}, 422);

    BookingRequest r;
    r.specialist_slug = slug;
    r.start = *chosen;
    r.note = note;
    r.phone = phone;
    r.timezone = zone.name;
    if (auto key = req.form_value("idempotency_key"); !key.empty()) r.idempotency_key = key;
    auto outcome = consultations_.book(actor, r);
    if (outcome) {
        auto res = http::redirect(fmt::format("/consultations?booked={}", outcome->booking.id));
        remember_zone(res, Zone{zone.name, true, ""});
        return forms::draft_accepted(std::move(res), "booking-note:" + slug);
    }
    const auto& refusal = outcome.refusal();
    using Code = BookingRefusal::Code;
    switch (refusal.code) {
        case Code::invalid:
        case Code::not_available:
            return show_again(chosen, field_errors(refusal, "start"), status_of(refusal.code));
        case Code::slot_taken:
            data["taken"] = true;  // the picker shows the times still open
            return show_again(std::nullopt, {}, status_of(refusal.code));
        default:
            data["refused"] = refusal.message;  // already_booked, too_many_bookings
            return show_again(std::nullopt, {}, status_of(refusal.code));
    }
}

// --- the list ---

http::Response ConsultationPages::render_list(http::Request& req, boost::json::object data, int status) {
    const auto bookings = consultations_.mine(req.actor());
    const auto viewer = req.principal.user_id;
    std::string fallback = "UTC";
    if (!bookings.empty()) {
        const auto& b = bookings.front();
        fallback = b.member_id == viewer ? b.member_timezone : b.specialist_timezone;
    }
    const auto zone = zone_of(req, fallback);
    const auto now = now_seconds();
    boost::json::array upcoming, past;
    // Newest first from the store; upcoming ones read better soonest first.
    for (auto it = bookings.rbegin(); it != bookings.rend(); ++it) {
        const bool may_move = policy::may(req.principal, policy::Action::reschedule_booking, booking_record(*it));
        auto view = booking_view(*it, viewer, zone.name, now, may_move, consultations_.base_url());
        if (req.query_param("booked") == std::to_string(it->id) && view["upcoming"].as_bool()) {
            data["confirmed"] = view;  // the confirmation: how it happens and what comes next
        }
        (view["upcoming"].as_bool() ? upcoming : past).push_back(std::move(view));
    }
    std::reverse(past.begin(), past.end());
    const auto notice_for = [&](std::string_view param, auto text) {
        const auto id = req.query_param(param);
        for (const auto& b : bookings) {
            if (!id.empty() && std::to_string(b.id) == id) data["notice"] = text(b);
        }
    };
    notice_for("booked", [&](const Booking& b) {
        return fmt::format("Your free consultation with {} is booked for {}. We have sent a confirmation e-mail with "
                           "a calendar file to you and to {}.",
                           b.specialist_name, when_text_with_zone(b.starts_at, b.ends_at, zone.name), b.specialist_name);
    });
    notice_for("moved", [&](const Booking& b) {
        return fmt::format("Your consultation with {} has moved to {}. We have let them know.", b.specialist_name,
                           when_text_with_zone(b.starts_at, b.ends_at, zone.name));
    });
    notice_for("cancelled", [&](const Booking& b) {
        return fmt::format("The consultation with {} on {} is cancelled. We have let them know.",
                           b.member_id == viewer ? b.specialist_name : b.member_name,
                           when_text_with_zone(b.starts_at, b.ends_at, zone.name));
    });
    data["has_any"] = !bookings.empty();
    data["has_upcoming"] = !upcoming.empty();
    data["has_past"] = !past.empty();
    data["upcoming"] = std::move(upcoming);
    data["past"] = std::move(past);
    data["action"] = "/consultations";
    data["tz"] = zone.name;
    data["zone_label"] = zone_label(zone.name);
    data["timezone_groups"] = timezone_groups(zone.name);
    if (!zone.error.empty()) data["tz_error"] = zone.error;
    data["is_member"] = req.principal.role == Role::member;
    data["is_specialist"] = req.principal.role == Role::specialist;
    auto res = page(req, status, "consultations/list", std::move(data), "Your free consultations");
    if (!req.query_param("tz").empty()) remember_zone(res, zone);
    return res;
}

http::Response ConsultationPages::list(http::Request& req) { return render_list(req, {}, 200); }

http::Response ConsultationPages::calendar(http::Request& req) {
    const auto id = booking_id(req);
    auto r = http::text(200, consultations_.ics(req.actor(), id), calendar_content_type);
    r.set(bh::field::content_disposition, fmt::format("attachment; filename=\"hearth-consultation-{}.ics\"", id));
    return r;
}

// --- a new time ---

ConsultationPages::PageData ConsultationPages::reschedule_page(http::Request& req, const Booking& b,
                                                               const Zone& zone, std::optional<std::int64_t> chosen,
                                                               int page_index, boost::json::object data) {
    const auto path = fmt::format("/consultations/{}/reschedule", b.id);
    const auto w = window_for(page_index, zone.name, now_seconds());
    data["booking"] = booking_view(b, req.principal.user_id, zone.name, now_seconds(), true, consultations_.base_url());
    data["picker"] = slot_picker(slots_from(consultations_, b.specialist_slug, w), w, zone.name, chosen, path);
    data["action"] = path;
    data["tz"] = zone.name;
    data["timezone_groups"] = timezone_groups(zone.name);
    data["tz_auto"] = !zone.chosen;
    data["zone_label"] = zone_label(zone.name);
    if (!zone.error.empty()) data["tz_error"] = zone.error;
    return PageData{std::move(data), meta_for("Choose a new time"), 200};
}

http::Response ConsultationPages::reschedule_form(http::Request& req) {
    const auto b = consultations_.movable(req.actor(), booking_id(req));
    if (b.status != "booked" || b.ends_at <= now_seconds()) return http::redirect("/consultations", 302);
    const auto zone = zone_of(req, b.member_timezone);
    const auto chosen = chosen_start(req);
    return render(req, "consultations/reschedule",
                  reschedule_page(req, b, zone, chosen, page_of(req, chosen, zone.name, now_seconds()), {}));
}

http::Response ConsultationPages::reschedule(http::Request& req) {
    const auto actor = req.actor();
    const auto id = booking_id(req);
    const auto chosen = chosen_start(req);
    boost::json::object data;
    std::vector<FieldError> errors;
    int status = 422;
    if (!chosen) {
        errors.push_back({"start", "Please choose a new time."});
    } else {
        auto outcome = consultations_.reschedule(actor, RescheduleRequest{id, *chosen});
        if (outcome)
            return forms::draft_accepted(http::redirect(fmt::format("/consultations?moved={}", id)),
                                         fmt::format("reschedule:{}", id));
        const auto& refusal = outcome.refusal();
        using Code = BookingRefusal::Code;
        status = status_of(refusal.code);
        if (refusal.code == Code::already_cancelled || refusal.code == Code::in_the_past) {
            // Nothing left to choose: an error page that says why.
            throw Error(status, std::string(code_name(refusal.code)), refusal.message);
        }
        if (refusal.code == Code::slot_taken) data["taken"] = true;
        else errors = field_errors(refusal, "start");
    }
    const auto b = consultations_.movable(actor, id);
    const auto zone = zone_of(req, b.member_timezone);
    auto p = reschedule_page(req, b, zone, std::nullopt, page_of(req, chosen, zone.name, now_seconds()),
                             std::move(data));
    return forms::show_again(view_, req, "consultations/reschedule", std::move(p.data), errors, p.meta, {status});
}

// --- cancelling ---

ConsultationPages::PageData ConsultationPages::cancel_link_page(const Booking& b, const std::string& party,
                                                                const std::string& sig, boost::json::object data) {
    const auto zone = party_zone(b, party);
    data["booking"] = booking_view(b, party == "member" ? b.member_id : 0, zone, now_seconds(), false,
                                   consultations_.base_url());
    data["zone_label"] = zone_label(zone);
    data["party"] = party;
    data["sig"] = sig;
    data["action"] = fmt::format("/consultations/{}/cancel", b.id);
    return PageData{std::move(data), meta_for("Cancel your free consultation"), 200};
}

http::Response ConsultationPages::link_expired(http::Request& req) {
    return page(req, 404, "consultations/link_expired", {}, "This link no longer works");
}

http::Response ConsultationPages::cancel_form(http::Request& req) {
    const auto party = req.query_param("party");
    const auto sig = req.query_param("sig");
    if (sig.empty()) return http::redirect("/consultations", 302);
    const auto b = consultations_.booking_for_link(booking_id(req), party, sig);
    if (!b) return link_expired(req);
    return render(req, "consultations/cancel_link", cancel_link_page(*b, party, sig, {}));
}

http::Response ConsultationPages::cancel(http::Request& req) {
    const auto id = booking_id(req);
    const auto reason = req.form_value("reason");
    if (const auto sig = req.form_value("sig"); !sig.empty()) {
        const auto party = req.form_value("party");
        const auto b = consultations_.booking_for_link(id, party, sig);
        if (!b) return link_expired(req);
        auto outcome = consultations_.cancel_by_link(id, party, sig, reason, req.remote_address());
        if (!outcome) {
            const auto& refusal = outcome.refusal();
            if (refusal.code != BookingRefusal::Code::invalid) return link_expired(req);  // cancelled meanwhile
            auto p = cancel_link_page(*b, party, sig, {{"values", boost::json::object{{"reason", reason}}}});
            return forms::show_again(view_, req, "consultations/cancel_link", std::move(p.data),
                                     field_errors(refusal, "reason"), p.meta, {status_of(refusal.code)});
        }
        const auto& cancelled = outcome.value();
        const auto zone = party_zone(cancelled, party);
        boost::json::object data{
            {"booking", booking_view(cancelled, party == "member" ? cancelled.member_id : 0, zone, now_seconds(), false,
                                     consultations_.base_url())},
            {"zone_label", zone_label(zone)}};
        return forms::draft_accepted(
            page(req, 200, "consultations/cancelled", std::move(data), "Your consultation is cancelled"),
            fmt::format("cancel-reason:{}", id));
    }
    auto outcome = consultations_.cancel(req.actor(), CancelRequest{id, reason});
    if (outcome)
        return forms::draft_accepted(http::redirect(fmt::format("/consultations?cancelled={}", id)),
                                     fmt::format("cancel-reason:{}", id));
    return render_list(req, {{"refused", outcome.refusal().message}}, status_of(outcome.refusal().code));
}

}  // namespace hearth::consultations
