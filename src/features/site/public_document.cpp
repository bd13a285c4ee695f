#include "features/site/public_document.hpp"

#include "security/tokens.hpp"

namespace hearth::site {

namespace bh = boost::beast::http;

PublicDocument PublicDocument::of(std::string body, std::int64_t last_modified) {
    // A fingerprint of the bytes: equal documents, equal tags, on every node.
    auto etag = "\"" + security::token_hash(body).substr(0, 32) + "\"";
    return {std::move(body), std::move(etag), last_modified};
}

http::Response public_response(const http::Request& req, const PublicDocument& doc, std::string_view content_type) {
    const http::Validators validators{doc.etag, doc.last_modified};
    http::Response res = http::client_has_current(req, validators) ? http::not_modified(validators)
                                                                   : http::text(200, doc.body, content_type);
    http::set_validators(res, validators);
    res.set(bh::field::cache_control, "public, max-age=" + std::to_string(kPublicDocumentMaxAge));
    // The same bytes whoever asks: not varied by cookie or authorization.
    res.set(bh::field::vary, "Accept-Encoding");
    return res;
}

http::Response public_document(const http::Request& req, std::string body, std::string_view content_type,
                               std::int64_t last_modified) {
    return public_response(req, PublicDocument::of(std::move(body), last_modified), content_type);
}

}  // namespace hearth::site
