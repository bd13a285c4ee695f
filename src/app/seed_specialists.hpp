#pragma once
// `hearth seed --specialists N`: realistic, varied, synthetic specialists
// for load tests and for trying the directory with a full catalogue.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace hearth::app {

// One synthetic specialist, as generated (before it is stored). Numbers
// start at 1; specialist #n is the same person on every machine and run.
struct SyntheticSpecialist {
    std::string email;  // specialist-0000042@synthetic.hearth.localhost
    std::string full_name;
    std::string credentials;
    std::string licence_number;
    std::string licence_region;
    std::string headline;
    std::string bio;
    std::string approach;
    std::vector<std::string> specialties;  // vocabulary slugs
    std::vector<std::string> modalities;
    std::vector<std::string> languages;
    bool online = false;
    bool in_person = false;
    std::string city;
    std::string country;  // ISO 3166-1 alpha-2
    std::string timezone;
    std::optional<std::int64_t> fee_min;
    std::optional<std::int64_t> fee_max;
    std::string currency;
    bool offers_free_consultation = false;
    std::int64_t created_at = 0;
    std::int64_t verified_at = 0;
};

SyntheticSpecialist synthetic_specialist(std::int64_t number);

struct SpecialistSeedReport {
    std::int64_t created = 0;
    std::int64_t existing = 0;  // synthetic specialists that were already there
};

// Makes sure synthetic specialists #1..#count exist, listed and verified,
// adding the missing ones (so running it twice adds nothing, and a larger
// count adds the rest). Bulk inserts in large transactions; the password of
// every synthetic account is the demo password.
SpecialistSeedReport seed_specialists(db::Database& db, std::int64_t count);

}  // namespace hearth::app
