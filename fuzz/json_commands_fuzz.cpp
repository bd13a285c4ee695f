// JSON bodies through http::Input into typed commands, as the API reads
// them: the profile draft (specialists::read_profile_fields, PUT
// /api/v1/me/profile, then the text rules of core/field_checks) and weekly availability
// (consultations::parse_availability, PUT /api/v1/me/availability), then
// the open slots those rules give. The same bytes are also read as a
// urlencoded page form, the other way into read_profile_fields.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "core/error.hpp"
#include "features/consultations/consultations.hpp"
#include "features/consultations/slots.hpp"
#include "core/field_checks.hpp"
#include "features/specialists/profile_api.hpp"
#include "fuzz_check.hpp"
#include "http/input.hpp"
#include "http/request.hpp"

namespace bh = boost::beast::http;
using hearth::fuzz::check;
using hearth::fuzz::no_controls;

namespace {

// A fixed "now" (2026-03-02T10:00:00Z, a Monday) keeps runs reproducible.
constexpr std::int64_t now = 1772445600;

hearth::http::Request request(std::string target, std::string_view content_type, std::string_view body) {
    hearth::http::BeastRequest raw{bh::verb::put, target, 11};
    raw.set(bh::field::content_type, content_type);
    raw.body() = std::string(body);
    return hearth::http::Request(std::move(raw), "192.0.2.1");
}

void profile_fields(const hearth::http::Request& req) {
    namespace limits = hearth::specialists::limits;
    try {
        hearth::http::Input input(req);
        hearth::specialists::ProfileDraft draft;
        hearth::specialists::read_profile_fields(input, hearth::specialists::profile_field_names(), draft);
        if (!input.ok()) return;
        // What the handler copies into the command is text without control
        // characters; the service's text rules then accept it only trimmed
        // and within its limit in characters.
        hearth::FieldChecks checks;
        for (auto [field, value, max_chars] : {std::tuple{"full_name", &draft.full_name, limits::full_name},
                                               std::tuple{"credentials", &draft.credentials, limits::credentials},
                                               std::tuple{"licence_number", &draft.licence_number, limits::licence_number},
                                               std::tuple{"licence_region", &draft.licence_region, limits::licence_region},
                                               std::tuple{"headline", &draft.headline, limits::headline},
                                               std::tuple{"bio", &draft.bio, limits::bio},
                                               std::tuple{"approach", &draft.approach, limits::approach},
                                               std::tuple{"city", &draft.city, limits::city}}) {
            check(no_controls(*value, "\t\n\r"), "a profile field read with control characters");
            checks.text(field, field, *value, max_chars, std::string_view(field) == "full_name");
            if (checks.failed(field)) continue;
            check(hearth::character_count(*value) <= max_chars, "an accepted field is over its limit");
            check(value->empty() || (value->front() != ' ' && value->back() != ' '), "an accepted field is not trimmed");
        }
        for (const auto* list : {&draft.specialties, &draft.modalities, &draft.languages}) {
            for (const auto& item : *list) check(item.empty() || item.front() != ' ', "a list item is not trimmed");
        }
    } catch (const hearth::Error& e) {
        check(e.status() == 400 || e.status() == 415 || e.status() == 422, "profile refused with an odd status");
    }
}

// The rules, written back as the API answers them, read the same.
void availability_round_trip(const hearth::consultations::AvailabilityRules& rules) {
    const auto again = hearth::consultations::parse_availability(hearth::consultations::availability_json(rules));
    check(again.timezone == rules.timezone, "availability round trip changes the time zone");
    check(again.weekly.size() == rules.weekly.size(), "availability round trip changes the weekly hours");
    for (std::size_t i = 0; i < rules.weekly.size(); ++i) {
        check(again.weekly[i].weekday == rules.weekly[i].weekday &&
                  again.weekly[i].start_minute == rules.weekly[i].start_minute &&
                  again.weekly[i].end_minute == rules.weekly[i].end_minute,
              "availability round trip changes a window");
    }
    check(again.time_off.size() == rules.time_off.size(), "availability round trip changes the time off");
    for (std::size_t i = 0; i < rules.time_off.size(); ++i) {
        check(again.time_off[i].start == rules.time_off[i].start && again.time_off[i].end == rules.time_off[i].end,
              "availability round trip changes a time off");
    }
    check(again.min_notice_seconds == rules.min_notice_seconds && again.horizon_seconds == rules.horizon_seconds,
          "availability round trip changes notice or horizon");
}

void availability(const hearth::http::Request& req) {
    hearth::consultations::AvailabilityRules rules;
    try {
        rules = hearth::consultations::parse_availability(req.json());
    } catch (const hearth::Error& e) {
        check(e.status() == 400 || e.status() == 415 || e.status() == 422, "availability refused with an odd status");
        return;
    }
    const auto& body = req.json();
    // What was accepted is what was sent, not a wrapped-around number.
    if (const auto* weekly = body.if_contains("weekly"); weekly && weekly->is_array()) {
        const auto& items = weekly->as_array();
        check(items.size() == rules.weekly.size(), "weekly hours lost or added");
        for (std::size_t i = 0; i < items.size(); ++i) {
            check(items[i].at("weekday").as_int64() == rules.weekly[i].weekday, "an accepted weekday is not the one sent");
            check(rules.weekly[i].weekday >= 1 && rules.weekly[i].weekday <= 7, "an accepted weekday is out of range");
        }
    }
    for (const auto& [name, unit] : {std::pair{"min_notice_hours", 3600}, std::pair{"horizon_days", 86400}}) {
        if (const auto* v = body.if_contains(name)) {
            const auto seconds = std::string_view(name) == "min_notice_hours" ? rules.min_notice_seconds : rules.horizon_seconds;
            check(v->as_int64() == seconds / unit && seconds % unit == 0, "an accepted notice/horizon is not the one sent");
        }
    }
    availability_round_trip(rules);

    // Two weeks of slots from a fixed now, as the slots endpoint asks.
    const auto slots = hearth::consultations::open_slots(rules, now, now + 14 * 86400, now, {});
    for (std::size_t i = 0; i < slots.size(); ++i) {
        check(slots[i].end - slots[i].start == hearth::consultations::slot_seconds, "a slot is not 30 minutes");
        check(slots[i].start >= now + rules.min_notice_seconds, "a slot ignores the minimum notice");
        check(i == 0 || slots[i - 1].start < slots[i].start, "slots are not sorted and distinct");
        for (const auto& off : rules.time_off) {
            check(slots[i].end <= off.start || slots[i].start >= off.end, "a slot overlaps time off");
        }
    }
    if (!slots.empty()) {
        check(hearth::consultations::is_open_slot(rules, slots.front().start, now, {}),
              "is_open_slot disagrees with open_slots");
        // Booking the first slot takes away exactly the slots that overlap
        // it: itself, and, when two blocks of one day overlap (accepted: the
        // grids then interleave, 04:00 and 04:04), the other grid's.
        const auto booked = slots.front();
        const auto after = hearth::consultations::open_slots(rules, now, now + 14 * 86400, now, {booked});
        std::size_t overlapping = 0;
        for (const auto& slot : slots) overlapping += slot.start < booked.end && booked.start < slot.end;
        check(after.size() + overlapping == slots.size(), "a booked slot does not remove exactly the slots it overlaps");
        for (const auto& slot : after) {
            check(slot.end <= booked.start || slot.start >= booked.end, "a slot overlapping a booking is still offered");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    const auto api = request("/api/v1/me/profile", "application/json", bytes);
    profile_fields(api);
    try {
        (void)api.json();
        availability(api);
    } catch (const hearth::Error& e) {
        // 400: not JSON, not an object, or not UTF-8; 422: a control
        // character in a string, named by its top-level field.
        check(e.status() == 400 || e.status() == 422, "a JSON body refused with a status other than 400/422");
    }

    profile_fields(request("/account/profile/about", "application/x-www-form-urlencoded", bytes));
    return 0;
}
