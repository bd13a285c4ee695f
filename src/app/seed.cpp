#include "app/seed.hpp"

#include "core/clock.hpp"
#include "features/accounts/account_store.hpp"
#include "features/consultations/consultation_store.hpp"
#include "features/consultations/outlook_store.hpp"
#include "features/specialists/profile_store.hpp"
#include "features/vocabularies/vocabulary.hpp"
#include "security/password.hpp"

namespace hearth::app {

namespace {

struct DemoUser {
    const char* email;
    const char* display_name;
    Role role;
};

// Names, addresses and texts are invented for Hearth's demo.
const DemoUser demo_users[] = {
    {"admin@hearth.localhost", "Hearth Admin", Role::admin},
    {"amara.okafor@hearth.localhost", "Dr Amara Okafor", Role::specialist},
    {"jonas.lindqvist@hearth.localhost", "Jonas Lindqvist", Role::specialist},
    {"priya.raman@hearth.localhost", "Priya Raman", Role::specialist},
    {"lucia.ferreira@hearth.localhost", "Lúcia Ferreira", Role::specialist},
    {"sam@hearth.localhost", "Sam", Role::member},
    {"noor@hearth.localhost", "Noor", Role::member},
    {"alex.m@hearth.localhost", "Alex M.", Role::member},
};

struct DemoProfile {
    const char* email;
    specialists::ProfileFields fields;
    std::vector<consultations::WeeklyWindow> weekly;
};

std::vector<DemoProfile> demo_profiles() {
    using consultations::WeeklyWindow;
    std::vector<DemoProfile> out;
    {
        specialists::ProfileFields f;
        f.full_name = "Dr Amara Okafor";
        f.credentials = "Clinical psychologist, DClinPsy";
        f.licence_number = "PYL-048213";
        f.licence_region = "Health and Care Professions Council (UK)";
        f.headline = "Helping couples find their way back to each other after betrayal or long silence";
        f.bio =
            "I have worked with couples and individuals for fourteen years, first in a hospital trauma service and "
            "now in private practice in Manchester.\n\n"
            "Many of the people I see are in relationships where one or both partners carry old hurt: a childhood "
            "where love was unpredictable, an earlier relationship that was frightening, a loss no one talked "
            "about. That history often shows up as arguments that escalate fast, or as distance that neither "
            "person chose.\n\n"
            "You do not need to know exactly what is wrong before we talk.";
        f.approach =
            "I work in an **emotionally focused** way, slowing conversations down so each partner can hear what "
            "sits underneath the anger or the withdrawal. With individuals I draw on **EMDR** when memories keep "
            "intruding.\n\n"
            "- We start with what feels most pressing to you\n"
            "- I will tell you honestly whether I think I am the right fit\n"
            "- Sessions are 50 minutes, online or in person";
        f.specialties = {"relationships-and-couples", "trauma-and-ptsd", "attachment"};
        f.modalities = {"emotionally-focused-therapy", "emdr"};
        f.languages = {"en", "fr"};
        f.online = true;
        f.in_person = true;
        f.city = "Manchester";
        f.country = "GB";
        f.timezone = "Europe/London";
        f.fee_min = 70;
        f.fee_max = 110;
        f.currency = "GBP";
        f.offers_free_consultation = true;
        out.push_back({"amara.okafor@hearth.localhost", f, {{1, 9 * 60, 12 * 60}, {3, 13 * 60, 17 * 60}, {5, 9 * 60, 11 * 60}}});
    }
    {
        specialists::ProfileFields f;
        f.full_name = "Jonas Lindqvist";
        f.credentials = "Licensed psychotherapist (leg. psykoterapeut)";
        f.licence_number = "SE-PT-77190";
        f.licence_region = "Socialstyrelsen (Sweden)";
        f.headline = "For partners of people living with trauma: you matter in this too";
        f.bio =
            "Loving someone whose past still frightens them can be lonely. Partners often tell me they feel like "
            "they are walking on eggshells, or that their own needs have quietly disappeared.\n\n"
            "I offer a space that is about you: your exhaustion, your questions, your hopes for the relationship.";
        f.approach =
            "My work is grounded in **acceptance and commitment therapy** and in what we know about "
            "**attachment**. Together we look at what you can influence, what you cannot, and how to stay kind "
            "to yourself while you support someone else.";
        f.specialties = {"codependency", "boundaries", "anxiety"};
        f.modalities = {"act", "trauma-informed-therapy"};
        f.languages = {"sv", "en", "de"};
        f.online = true;
        f.in_person = false;
        f.city = "Gothenburg";
        f.country = "SE";
        f.timezone = "Europe/Stockholm";
        f.fee_min = 900;
        f.fee_max = 1200;
        f.currency = "SEK";
        f.offers_free_consultation = true;
        out.push_back({"jonas.lindqvist@hearth.localhost", f, {{2, 8 * 60, 12 * 60}, {4, 16 * 60, 20 * 60}}});
    }
    {
        specialists::ProfileFields f;
        f.full_name = "Priya Raman";
        f.credentials = "Licensed Marriage and Family Therapist (LMFT)";
        f.licence_number = "LMFT 120455";
        f.licence_region = "California Board of Behavioral Sciences";
        f.headline = "Breaking family patterns without breaking your family";
        f.bio =
            "I grew up between two cultures, and much of my work is with people who feel the pull of family "
            "expectations while trying to build a different kind of relationship for themselves.\n\n"
            "Intergenerational trauma rarely announces itself. It can look like perfectionism, a fear of conflict, "
            "or a sense that rest has to be earned.";
        f.approach =
            "I use **Internal Family Systems** to get curious about the parts of you that protect, criticise or "
            "hide, and **somatic** awareness to notice what your body already knows.";
        f.specialties = {"family-of-origin", "childhood-emotional-neglect", "self-esteem"};
        f.modalities = {"internal-family-systems", "somatic-experiencing"};
        f.languages = {"en", "ta", "hi"};
        f.online = true;
        f.in_person = true;
        f.city = "San Jose";
        f.country = "US";
        f.timezone = "America/Los_Angeles";
        f.fee_min = 140;
        f.fee_max = 190;
        f.currency = "USD";
        f.offers_free_consultation = true;
        out.push_back({"priya.raman@hearth.localhost", f, {{1, 10 * 60, 14 * 60}, {2, 10 * 60, 14 * 60}, {4, 12 * 60, 18 * 60}}});
    }
    {
        specialists::ProfileFields f;
        f.full_name = "Lúcia Ferreira";
        f.credentials = "Psicóloga clínica, Ordem dos Psicólogos Portugueses";
        f.licence_number = "OPP-33108";
        f.licence_region = "Ordem dos Psicólogos Portugueses";
        f.headline = "Rebuilding safety after an abusive relationship";
        f.bio =
            "After an abusive relationship, it is common to doubt your own judgement, to feel on guard even when "
            "you are safe, or to miss the person who hurt you and feel ashamed of that. None of this means you "
            "are weak.\n\n"
            "I have supported survivors of emotional and domestic abuse for over a decade, in shelters and now "
            "in my own practice in Lisbon.";
        f.approach =
            "We go at your pace. I use **trauma-informed** and **schema therapy** approaches to understand old "
            "patterns and to rebuild trust in yourself first.";
        f.specialties = {"abuse-recovery", "complex-trauma", "boundaries"};
        f.modalities = {"trauma-informed-therapy", "schema-therapy"};
        f.languages = {"pt", "es", "en"};
        f.online = true;
        f.in_person = true;
        f.city = "Lisbon";
        f.country = "PT";
        f.timezone = "Europe/Lisbon";
        f.fee_min = 55;
        f.fee_max = 75;
        f.currency = "EUR";
        f.offers_free_consultation = false;
        out.push_back({"lucia.ferreira@hearth.localhost", f, {}});
    }
    return out;
}

std::vector<vocabularies::Term> resolve_terms(db::Session& s, const specialists::ProfileFields& f) {
    std::vector<vocabularies::Term> terms;
    std::vector<std::string> unknown;
    for (auto [kind, slugs] : {std::pair{vocabularies::Kind::specialty, &f.specialties},
                               std::pair{vocabularies::Kind::modality, &f.modalities},
                               std::pair{vocabularies::Kind::language, &f.languages}}) {
        auto found = vocabularies::resolve_slugs(s, kind, *slugs, unknown);
        terms.insert(terms.end(), found.begin(), found.end());
    }
    return terms;
}

void seed_profile(db::Session& s, std::int64_t admin_id, const DemoProfile& demo) {
    auto user = accounts::find_user_by_email(s, demo.email);
    if (!user || specialists::find_profile_of_user(s, user->id)) return;
    auto id = specialists::upsert_profile(s, user->id, demo.fields, resolve_terms(s, demo.fields), false);
    specialists::set_publish_requested(s, id);
    specialists::set_verified(s, id, admin_id);
    if (!demo.weekly.empty()) {
        consultations::AvailabilityRules rules;
        rules.timezone = demo.fields.timezone;
        rules.weekly = demo.weekly;
        consultations::save_rules(s, id, rules);
        // Its first open time, then its search document (bookable: the free mark).
        consultations::compute_outlooks(s, id, id, now_seconds());
        specialists::refresh_listing(s, id);
    }
}

}  // namespace

SeedReport seed_demo(db::Database& db) {
    SeedReport report;
    // One hash for all demo users: hashing is deliberately slow.
    const auto hash = security::hash_password(demo_password);
    for (const auto& u : demo_users) {
        db.write([&](db::Session& s) {
            if (accounts::find_user_by_email(s, u.email)) {
                ++report.users_existing;
                return;
            }
            accounts::insert_user(s, u.email, u.display_name, hash, u.role, true);
            ++report.users_created;
        });
    }
    db.write([&](db::Session& s) {
        auto admin = accounts::find_user_by_email(s, "admin@hearth.localhost");
        for (const auto& demo : demo_profiles()) seed_profile(s, admin ? admin->id : 0, demo);
    });
    return report;
}

}  // namespace hearth::app
