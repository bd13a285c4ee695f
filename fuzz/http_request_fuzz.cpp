// Bytes as they arrive on a connection: Beast's request parser with the
// server's limits (http/server.cpp), then hearth::http::Request and what
// handlers read from it: path and query, cookies, form and multipart
// bodies, JSON bodies through http::Input, paging, routing, return_to.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "features/common/page_query.hpp"
#include "features/common/paging.hpp"
#include "features/specialists/directory.hpp"
#include "fuzz_check.hpp"
#include "http/form.hpp"
#include "http/input.hpp"
#include "http/request.hpp"
#include "http/router.hpp"
#include "http/text.hpp"

namespace bh = boost::beast::http;
using hearth::fuzz::check;
using hearth::fuzz::check_redirect_target;
using hearth::fuzz::no_controls;

namespace {

// The limits ServerOptions has by default.
constexpr std::uint32_t max_header_bytes = 16 * 1024;
constexpr std::uint64_t max_body_bytes = 1024 * 1024;

// A few routes of each shape the real table (app/routes.cpp) has.
const hearth::http::Router& router() {
    static const hearth::http::Router r = [] {
        hearth::http::Router out;
        const auto none = [](hearth::http::Request&) { return hearth::http::Response{}; };
        out.get("/", none);
        out.get("/api/v1/specialists/{slug}", none);
        out.get("/api/v1/specialists/{slug}/slots", none);
        out.post("/api/v1/consultations/{id}/cancel", "fuzz", none);
        out.put("/api/v1/me/profile", "fuzz", none);
        out.del("/api/v1/session", "fuzz", none);
        return out;
    }();
    return r;
}

// The directory's filter lists, as DirectoryVocabularies::load reads them.
const hearth::specialists::DirectoryVocabularies& vocabularies() {
    using hearth::vocabularies::Kind;
    static const hearth::specialists::DirectoryVocabularies v = [] {
        hearth::specialists::DirectoryVocabularies out;
        out.specialties = {{1, Kind::specialty, "attachment", "Attachment"},
                           {2, Kind::specialty, "complex-trauma", "Complex trauma"}};
        out.modalities = {{3, Kind::modality, "emdr", "EMDR"}};
        out.languages = {{4, Kind::language, "en", "English"}, {5, Kind::language, "de", "German"}};
        return out;
    }();
    return v;
}

// The directory's filters (GET /specialists, /api/v1/specialists): what is
// kept is well-formed, and the words searched are UTF-8 (PostgreSQL's
// to_tsquery refuses anything else).
void directory_query(const hearth::http::Request& req) {
    hearth::specialists::DirectoryParams params;  // as directory_pages.cpp reads the query string
    for (auto [name, value] : {std::pair{"q", &params.q}, std::pair{"specialty", &params.specialty},
                               std::pair{"modality", &params.modality}, std::pair{"language", &params.language},
                               std::pair{"format", &params.format}, std::pair{"country", &params.country},
                               std::pair{"city", &params.city}, std::pair{"fee_max", &params.fee_max},
                               std::pair{"free_consultation", &params.free_consultation},
                               std::pair{"sort", &params.sort}}) {
        *value = req.query_param(name);
    }
    std::vector<hearth::FieldError> problems;
    const auto q = hearth::specialists::read_directory_query(params, vocabularies(), problems);
    check(q.words.size() <= 8, "more than eight search words");
    for (const auto& w : q.words) {
        check(!w.empty() && hearth::http::valid_utf8(w), "a search word is empty or not UTF-8");
        check(w.find_first_of(" '\"&|!:*()<>") == std::string::npos, "a search word carries search syntax");
    }
    check(q.country.empty() || (q.country.size() == 2 && std::isupper(static_cast<unsigned char>(q.country[0])) &&
                                std::isupper(static_cast<unsigned char>(q.country[1]))),
          "a kept country is not two capital letters");
    check(!q.fee_max || (*q.fee_max >= 0 && *q.fee_max <= hearth::specialists::max_fee_filter), "fee_max out of range");
    check(no_controls(q.city) && no_controls(q.text), "a kept filter holds control characters");
    (void)q.key();
}

// Parses one request the way the server does; nullopt when Beast refuses it.
std::optional<hearth::http::BeastRequest> parse(std::string_view bytes) {
    bh::request_parser<bh::string_body> parser;
    parser.header_limit(max_header_bytes);
    parser.body_limit(max_body_bytes);
    parser.eager(true);
    boost::system::error_code ec;
    while (!parser.is_done()) {
        const auto used = bytes.empty() ? 0 : parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
        bytes.remove_prefix(used);
        // need_more asks for the unused bytes again WITH more after them (a
        // socket's next read); offering the same bytes alone breaks Beast's
        // own invariants (an assertion in parse_chunk_header). Nothing more
        // comes here, so the message ends, as at a closed connection.
        const bool wants_more = ec == bh::error::need_more;
        if (wants_more) ec = {};
        if (ec) return std::nullopt;
        if (used == 0 || wants_more) {
            // Everything was offered: the message ends here (or is cut short).
            if (!parser.got_some()) return std::nullopt;  // put_eof needs a started message
            parser.put_eof(ec);
            if (ec || !parser.is_done()) return std::nullopt;
        }
    }
    return parser.release();
}

void read_input(const hearth::http::Request& req) {
    try {
        hearth::http::Input input(req);
        for (const char* name : {"email", "full_name", "timezone", "start", "note"}) {
            const auto text = input.text(name);
            check(no_controls(text, "\t\n\r"), "Input::text lets control characters through");
            check(text.empty() || (text.front() != ' ' && text.back() != ' '), "Input::text is not trimmed");
        }
        (void)input.flag("online");
        (void)input.integer("fee_min");
        (void)input.list("specialties");
    } catch (const hearth::Error& e) {
        check(e.status() == 400 || e.status() == 415 || e.status() == 422,
              "Input refuses a body with a status other than 400/415/422");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto raw = parse(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!raw) return 0;
    hearth::http::Request req(std::move(*raw), "192.0.2.1");

    // A request whose path, query or headers are not text is refused before
    // any handler runs (404 or 400); every other one reaches handlers, which
    // pass these on to the store and into pages: UTF-8 only.
    if (req.boundary_error()) return 0;
    check(hearth::http::valid_utf8(req.path()), "the decoded path is not UTF-8");
    for (const auto& [key, value] : req.query()) {
        check(hearth::http::valid_utf8(key) && hearth::http::valid_utf8(value), "a decoded query is not UTF-8");
    }
    (void)req.is_api();
    (void)req.query_param("tz");
    (void)req.query_params("specialty");
    (void)req.cookie("__Host-hearth_session");
    (void)req.cookie("__Host-hearth_csrf");
    (void)req.header("Authorization");

    check_redirect_target(req.query_param("return_to"));

    try {
        const auto page = hearth::paging::from_query(req);
        check(page.page >= 1 && page.per_page >= 1 && page.per_page <= hearth::paging::max_per_page,
              "paging accepts a value out of range");
        (void)page.offset();
    } catch (const hearth::Error& e) {
        check(e.status() == 422, "paging refuses with a status other than 422");
    }

    directory_query(req);

    const hearth::http::Router::Route* route = nullptr;
    if (router().find(req, route) == hearth::http::Router::Match::found) {
        for (const char* name : {"slug", "id"}) {
            const auto value = req.path_param(name);
            check(value.find('/') == std::string::npos, "a path parameter spans segments");
        }
    } else {
        (void)router().allowed_methods(req.path());
    }

    if (req.has_form_body()) {
        try {
            for (const auto& [name, value] : req.form()) {
                check(hearth::http::valid_utf8(name) && hearth::http::valid_utf8(value),
                      "form() returns a field that is not UTF-8");
            }
            (void)req.file("photo");
        } catch (const hearth::Error& e) {
            // 400: not a form, or not UTF-8; 422: C1 controls, named by field.
            check(e.status() == 400 || e.status() == 422, "form() refuses a form body with a status other than 400/422");
        }
    }
    read_input(req);
    return 0;
}
