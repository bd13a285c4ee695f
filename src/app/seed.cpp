#include "app/seed.hpp"

#include "features/accounts/account_store.hpp"
#include "security/password.hpp"

namespace hearth::app {

namespace {

struct DemoUser {
    const char* email;
    const char* display_name;
    http::Role role;
};

// Names and addresses are invented for Hearth's demo.
const DemoUser demo_users[] = {
    {"admin@hearth.localhost", "Hearth Admin", http::Role::admin},
    {"amara.okafor@hearth.localhost", "Dr Amara Okafor", http::Role::specialist},
    {"jonas.lindqvist@hearth.localhost", "Jonas Lindqvist", http::Role::specialist},
    {"priya.raman@hearth.localhost", "Priya Raman", http::Role::specialist},
    {"lucia.ferreira@hearth.localhost", "Lúcia Ferreira", http::Role::specialist},
    {"sam@hearth.localhost", "Sam", http::Role::member},
    {"noor@hearth.localhost", "Noor", http::Role::member},
    {"alex.m@hearth.localhost", "Alex M.", http::Role::member},
};

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
    return report;
}

}  // namespace hearth::app
