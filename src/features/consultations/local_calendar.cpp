#include "features/consultations/local_calendar.hpp"

#include <date/tz.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <chrono>

#include "features/specialists/places.hpp"

namespace hearth::consultations {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

}  // namespace

std::int64_t local_day(std::int64_t instant, const std::string& tz) {
    const auto info = date::locate_zone(tz)->get_info(date::sys_seconds{std::chrono::seconds{instant}});
    return floor_div(instant + info.offset.count(), day_seconds);
}

std::int64_t local_midnight(std::int64_t day, const std::string& tz) {
    const date::local_seconds midnight{std::chrono::seconds{day * day_seconds}};
    return date::locate_zone(tz)->to_sys(midnight, date::choose::earliest).time_since_epoch().count();
}

std::optional<std::int64_t> local_instant(int year, int month, int day, int minutes, const std::string& tz) {
    if (month < 1 || month > 12 || day < 1 || day > 31 || minutes < 0 || minutes >= 1440) return std::nullopt;
    const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                   date::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    const date::local_seconds local{date::local_days{ymd}.time_since_epoch() + std::chrono::minutes{minutes}};
    return date::locate_zone(tz)->to_sys(local, date::choose::earliest).time_since_epoch().count();
}

std::string zone_label(std::string_view zone) {
    std::string out(zone);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

boost::json::array timezone_groups(const std::string& selected) {
    boost::json::array groups;
    const auto zones = specialists::common_timezones();
    if (std::find(zones.begin(), zones.end(), selected) == zones.end()) {
        groups.push_back(boost::json::object{
            {"label", "Your current time zone"},
            {"zones", boost::json::array{boost::json::object{
                          {"value", selected}, {"label", zone_label(selected)}, {"selected", true}}}}});
    }
    for (const auto zone : zones) {
        const auto slash = zone.find('/');
        const std::string region(slash == std::string_view::npos ? std::string_view("Universal") : zone.substr(0, slash));
        if (groups.empty() || groups.back().as_object().at("label").as_string() != region) {
            groups.push_back(boost::json::object{{"label", region}, {"zones", boost::json::array{}}});
        }
        groups.back().as_object()["zones"].as_array().push_back(
            boost::json::object{{"value", zone},
                                {"label", zone_label(slash == std::string_view::npos ? zone : zone.substr(slash + 1))},
                                {"selected", zone == selected}});
    }
    return groups;
}

}  // namespace hearth::consultations
