#include "http/conditional.hpp"

#include <array>
#include <chrono>
#include <fmt/format.h>

namespace hearth::http {

namespace bh = boost::beast::http;

namespace {

constexpr std::array<std::string_view, 7> weekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string_view opaque(std::string_view tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; }

bool number(std::string_view s, int& out) {
    if (s.empty()) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

}  // namespace

bool client_has_current(const Request& req, const Validators& v) {
    const std::string_view none_match = req.header("If-None-Match");
    if (!none_match.empty()) {
        if (v.etag.empty()) return false;
        std::string_view rest = none_match;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto tag = trim(rest.substr(0, comma));
            if (tag == "*" || (!tag.empty() && opaque(tag) == opaque(v.etag))) return true;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        return false;  // If-Modified-Since is ignored when If-None-Match is present
    }
    const std::string_view since = req.header("If-Modified-Since");
    if (since.empty() || v.last_modified <= 0) return false;
    const auto when = parse_http_date(since);
    return when && v.last_modified <= *when;
}

void set_validators(Response& res, const Validators& v) {
    if (!v.etag.empty()) res.set(bh::field::etag, v.etag);
    if (v.last_modified > 0) res.set(bh::field::last_modified, http_date(v.last_modified));
}

Response not_modified(const Validators& v) {
    Response res{bh::status::not_modified, 11};
    set_validators(res, v);
    return res;
}

std::string http_date(std::int64_t unix_seconds) {
    using namespace std::chrono;
    const sys_seconds t{seconds{unix_seconds}};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t - day};
    const weekday wd{day};
    return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", weekdays[wd.c_encoding()],
                       static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1],
                       static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(),
                       hms.seconds().count());
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
    // "Sun, 06 Nov 1994 08:49:37 GMT": 29 characters, fixed places.
    text = trim(text);
    if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT" || text[7] != ' ' ||
        text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':') {
        return std::nullopt;
    }
    int d = 0, y = 0, h = 0, mi = 0, s = 0;
    if (!number(text.substr(5, 2), d) || !number(text.substr(12, 4), y) || !number(text.substr(17, 2), h) ||
        !number(text.substr(20, 2), mi) || !number(text.substr(23, 2), s)) {
        return std::nullopt;
    }
    unsigned m = 0;
    while (m < months.size() && months[m] != text.substr(8, 3)) ++m;
    if (m == months.size() || h > 23 || mi > 59 || s > 60) return std::nullopt;
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{m + 1}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd}.time_since_epoch() / seconds{1} + h * 3600 + mi * 60 + s;
}

}  // namespace hearth::http
