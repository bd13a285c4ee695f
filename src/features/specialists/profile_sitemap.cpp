#include "features/specialists/profile_sitemap.hpp"

namespace hearth::specialists {

sitemap::Source profile_sitemap_source() {
    return {"specialists", [](db::Session& s, const std::function<void(const sitemap::Url&)>& emit) {
                // listed = 1 is what the public profile page itself requires
                // (find_listed_profile): never a draft or suspended profile.
                for (const auto& r :
                     s.query("SELECT slug, updated_at FROM specialist_profiles WHERE listed = 1 ORDER BY id")) {
                    emit({"/specialists/" + r.text(0), r.integer(1)});
                }
            }};
}

}  // namespace hearth::specialists
