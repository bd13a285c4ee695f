#include "features/privacy/data_export_summary.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <array>
#include <boost/json/array.hpp>
#include <ctime>
#include <string>

#include "core/time_format.hpp"

namespace hearth::privacy {

namespace json = boost::json;

namespace {

std::string readable_time(std::int64_t t) {
    return fmt::format("{:%d %B %Y, %H:%M} UTC", fmt::gmtime(static_cast<std::time_t>(t)));
}

std::string clock_of(std::int64_t minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

void add_readable_times(json::value& v) {
    if (auto* o = v.if_object()) {
        json::object extra;
        for (auto& [key, value] : *o) {
            if (key.ends_with("_at") && value.is_string()) {
                if (auto t = parse_rfc3339(value.as_string())) {
                    extra[std::string(key) + "_text"] = readable_time(*t);
                }
            } else {
                add_readable_times(value);
            }
        }
        for (auto& [key, value] : extra) (*o)[key] = value;
    } else if (auto* a = v.if_array()) {
        for (auto& item : *a) add_readable_times(item);
    }
}

}  // namespace

json::object summary_view(const json::object& doc) {
    json::value copy = doc;
    add_readable_times(copy);
    auto& out = copy.as_object();
    if (auto* hours = out["availability"].if_object()) {
        static constexpr std::array<const char*, 7> days{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                         "Friday", "Saturday", "Sunday"};
        for (auto& w : (*hours)["weekly"].as_array()) {
            auto& window = w.as_object();
            const auto day = window["weekday"].to_number<std::int64_t>();
            window["day"] = day >= 1 && day <= 7 ? days[static_cast<std::size_t>(day - 1)] : "";
            window["from"] = clock_of(window["start_minute"].to_number<std::int64_t>());
            window["until"] = clock_of(window["end_minute"].to_number<std::int64_t>());
        }
    }
    json::object counts;
    for (const char* section :
         {"consultations", "conversations", "questions", "answers", "helpful_marks", "accepted_marks", "topic_follows",
          "articles", "reports", "contact_requests", "sessions", "audit_log"}) {
        const auto* list = out.if_contains(section);
        counts[section] = list && list->is_array() ? list->as_array().size() : 0;
    }
    out["counts"] = std::move(counts);
    return out;
}

}  // namespace hearth::privacy
