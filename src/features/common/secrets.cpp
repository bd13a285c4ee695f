#include "features/common/secrets.hpp"

#include <cstdlib>

#include "core/clock.hpp"
#include "security/tokens.hpp"

namespace hearth::secrets {

std::string shared_secret(db::Database& db, std::string_view name) {
    if (const char* env = std::getenv("HEARTH_SECRET_KEY"); env && std::string_view(env).size() >= 32) return env;
    return db.write([&](db::Session& s) {
        // Two nodes starting at once agree: the first insert wins, both read it.
        s.query("INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
                {std::string(name), security::random_token(32), now_seconds()});
        return s.query("SELECT value FROM server_secrets WHERE name = $1", {std::string(name)}).front().text(0);
    });
}

}  // namespace hearth::secrets
