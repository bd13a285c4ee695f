#include "features/contact/contact_api.hpp"

#include <boost/json/array.hpp>
#include <charconv>

#include "core/time_format.hpp"
#include "features/common/page_query.hpp"
#include "http/input.hpp"

namespace hearth::contact {

boost::json::object request_json(const ContactRequest& c, bool with_author) {
    boost::json::object o{{"id", c.id},
                          {"subject", c.subject},
                          {"body", c.body},
                          {"status", c.status},
                          {"created_at", rfc3339(c.created_at)},
                          {"updated_at", rfc3339(c.updated_at)}};
    if (c.answered_at) {
        o["answer"] = c.answer;
        o["answered_at"] = rfc3339(*c.answered_at);
    } else {
        o["answer"] = nullptr;
        o["answered_at"] = nullptr;
    }
    if (with_author) o["author"] = boost::json::object{{"name", c.author_name}, {"email", c.author_email}};
    return o;
}

std::int64_t request_id(const http::Request& req) { return req.path_id("id", "We could not find that request."); }

Error as_error(const ContactRefusal& refusal) {
    const auto& first = refusal.fields.front();
    switch (refusal.code) {
        case ContactRefusal::Code::request_closed: return Error::conflict("request_closed", first.message, first.field);
        case ContactRefusal::Code::answered_meanwhile:
            return Error::conflict("answered_meanwhile", first.message, first.field);
        case ContactRefusal::Code::idempotency_key_reused:
            return Error::conflict("idempotency_key_reused", first.message, first.field);
        case ContactRefusal::Code::invalid_fields: break;
    }
    return Error::invalid_fields(refusal.fields);
}

std::optional<std::int64_t> replaces_answer_at(http::Input& in) {
    const auto text = in.text("replaces_answer_at");
    if (text.empty()) return std::nullopt;
    auto at = parse_rfc3339(text);
    if (!at) in.fail("replaces_answer_at", "Give the answered_at of the answer you are replacing, as it was sent.");
    return at;
}

namespace {

boost::json::object list_json(const RequestList& list, const paging::Page& page, bool with_author) {
    boost::json::array items;
    for (const auto& c : list.items) items.push_back(request_json(c, with_author));
    return paging::list_json(std::move(items), list.total, page);
}

}  // namespace

http::Response ContactApi::send(http::Request& req) {
    http::Input in(req);
    SendRequest r;
    r.subject = in.raw("subject");
    r.body = in.raw("body");
    if (auto key = in.raw("idempotency_key"); !key.empty()) r.idempotency_key = std::move(key);
    in.check();
    auto outcome = desk_.send(req.actor(), std::move(r));
    if (!outcome) throw as_error(outcome.refusal());
    return http::json(outcome->created ? 201 : 200, request_json(outcome->request, false));
}

http::Response ContactApi::own(http::Request& req) {
    const auto page = paging::from_query(req);
    return http::json(200, list_json(desk_.own_requests(req.actor(), page), page, false));
}

http::Response ContactApi::inbox(http::Request& req) {
    const auto page = paging::from_query(req);
    std::string status(req.query_param("status"));
    if (status.empty()) status = "open";
    return http::json(200, list_json(desk_.inbox(req.actor(), status, page), page, true));
}

http::Response ContactApi::show(http::Request& req) {
    return http::json(200, request_json(desk_.read(req.actor(), request_id(req)), true));
}

http::Response ContactApi::answer(http::Request& req) {
    const auto id = request_id(req);
    http::Input in(req);
    AnswerRequest a;
    a.text = in.raw("answer");
    a.replaces_answer_at = replaces_answer_at(in);
    in.check();
    auto outcome = desk_.answer(req.actor(), id, std::move(a));
    if (!outcome) throw as_error(outcome.refusal());
    return http::json(200, request_json(outcome.value(), true));
}

http::Response ContactApi::close(http::Request& req) {
    return http::json(200, request_json(desk_.close(req.actor(), request_id(req)), true));
}

}  // namespace hearth::contact
