#include "features/specialists/profile_api.hpp"

#include <boost/json/array.hpp>

#include "core/error.hpp"
#include "features/specialists/profile_view.hpp"
#include "features/vocabularies/vocabulary.hpp"
#include "http/input.hpp"

namespace hearth::specialists {

namespace bh = boost::beast::http;

http::Response ProfileApi::my_profile(http::Request& req) {
    auto p = profiles_.mine(req.principal);
    if (!p) throw Error::not_found("You have not created a profile yet.");
    return http::json(200, boost::json::object{{"profile", private_profile_json(*p)}});
}

http::Response ProfileApi::save_profile(http::Request& req) {
    http::Input input(req);
    auto p = profiles_.save(req.principal, input, req);
    return http::json(200, boost::json::object{{"profile", private_profile_json(p)}});
}

http::Response ProfileApi::upload_photo(http::Request& req) {
    profiles_.save_photo(req.principal, req.body(), req);
    auto p = profiles_.mine(req.principal);
    return http::json(200, boost::json::object{{"profile", private_profile_json(*p)}});
}

http::Response ProfileApi::publish(http::Request& req) {
    auto p = profiles_.request_publish(req.principal, req);
    return http::json(200, boost::json::object{{"profile", private_profile_json(p)}});
}

http::Response ProfileApi::public_profile(http::Request& req) {
    auto p = profiles_.public_profile(req.path_param("slug"), req.principal);
    return http::json(200, boost::json::object{{"profile", public_profile_json(p)}});
}

http::Response ProfileApi::photo(http::Request& req) {
    auto photo = profiles_.photo(req.path_param("slug"), req.principal);
    if (!photo) throw Error::not_found();
    auto r = http::text(200, std::move(photo->bytes), photo->content_type);
    // Photo URLs do not change with the photo: revalidate after a day.
    r.set(bh::field::cache_control, "public, max-age=86400");
    return r;
}

http::Response ProfileApi::pending(http::Request& req) {
    boost::json::array items;
    for (const auto& p : profiles_.pending(req.principal)) items.push_back(private_profile_json(p));
    const auto total = static_cast<std::int64_t>(items.size());
    return http::json(200, boost::json::object{{"items", std::move(items)}, {"total", total}});
}

http::Response ProfileApi::verify(http::Request& req) {
    auto p = profiles_.verify(req.principal, req.path_param("slug"), req);
    return http::json(200, boost::json::object{{"profile", private_profile_json(p)}});
}

http::Response ProfileApi::suspend(http::Request& req) {
    std::string reason;
    if (!req.body().empty()) {
        http::Input input(req);
        reason = input.optional_text("reason", "Reason", 500);
        input.check();
    }
    auto p = profiles_.suspend(req.principal, req.path_param("slug"), reason, req);
    return http::json(200, boost::json::object{{"profile", private_profile_json(p)}});
}

http::Response ProfileApi::reinstate(http::Request& req) {
    auto p = profiles_.reinstate(req.principal, req.path_param("slug"), req);
    return http::json(200, boost::json::object{{"profile", private_profile_json(p)}});
}

http::Response ProfileApi::vocabularies(http::Request&) {
    using vocabularies::Kind;
    boost::json::object out;
    db_.read([&](db::Session& s) {
        for (auto [kind, key] : {std::pair{Kind::specialty, "specialties"}, std::pair{Kind::modality, "modalities"},
                                 std::pair{Kind::language, "languages"}, std::pair{Kind::topic, "topics"}}) {
            boost::json::array items;
            for (const auto& t : vocabularies::list_terms(s, kind)) {
                items.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}});
            }
            out[key] = std::move(items);
        }
    });
    auto r = http::json(200, out);
    return r;
}

}  // namespace hearth::specialists
