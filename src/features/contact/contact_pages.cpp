#include "features/contact/contact_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/form_view.hpp"
#include "features/common/page_query.hpp"
#include "features/contact/contact_api.hpp"
#include "features/site/contact.hpp"
#include "http/input.hpp"
#include "security/tokens.hpp"

namespace hearth::contact {

namespace {

struct Tab {
    std::string_view status;
    std::string_view label;
};
constexpr Tab tabs[] = {{"open", "Open"}, {"answered", "Answered"}, {"closed", "Closed"}};

std::string day_of(std::int64_t t) {
    return fmt::format("{:%d %B %Y}", fmt::gmtime(static_cast<std::time_t>(t)));
}

std::string_view status_label(const std::string& status) {
    if (status == "answered") return "Answered";
    if (status == "closed") return "Closed";
    return "Waiting for an answer";
}

boost::json::object row_view(const ContactRequest& c) {
    boost::json::object o{{"id", c.id},
                          {"subject", c.subject},
                          {"body", c.body},
                          {"status", c.status},
                          {"status_label", status_label(c.status)},
                          {"sent_on", day_of(c.created_at)},
                          {"author_name", c.author_name},
                          {"author_email", c.author_email},
                          {"url", "/admin/contact/" + std::to_string(c.id)},
                          {"is_closed", c.status == "closed"}};
    if (c.answered_at) {
        o["answer"] = c.answer;
        o["answered_on"] = day_of(*c.answered_at);
        o["answered_at"] = rfc3339(*c.answered_at);  // the answer form's replaces_answer_at
    }
    return o;
}

render::PageMeta meta_of(std::string title) { return render::private_page(std::move(title)); }

}  // namespace

http::Response ContactPages::send(http::Request& req) {
    if (!req.principal.signed_in()) {
        // Log in or sign up first, then back to the form: the words stay in
        // the browser's draft of it (static/js/offline.js), never in a URL
        // or on the server before the person has an account.
        return http::redirect("/login?gated=1&return_to=%2Fcontact", 303);
    }
    http::Input in(req);
    SendRequest r;
    r.subject = in.raw("subject");
    r.body = in.raw("body");
    auto key = in.raw("idempotency_key");
    if (!key.empty()) r.idempotency_key = key;
    const auto again = [&](const std::vector<FieldError>& errors, forms::Again how) {
        auto data = site::contact_view(view_.site());
        site::add_contact_form(data, true, r.subject, r.body, key);
        auto meta = meta_of("Contact");
        meta.nav_section = "contact";
        return forms::show_again(view_, req, "pages/contact", std::move(data), errors, meta, how);
    };
    std::optional<ContactOutcome<Sent>> outcome;
    try {
        outcome.emplace(desk_.send(req.actor(), r));
    } catch (const Error& e) {
        if (e.status() != 429) throw;
        return again({{"body", "You have sent several requests in a short time. Please wait a little and send "
                               "this again: what you wrote is still here."}},
                     {429, e.retry_after()});
    }
    if (!*outcome && outcome->refusal().code == ContactRefusal::Code::idempotency_key_reused) {
        // A form sent before, then changed (the browser's Back): kept, with
        // a fresh key so sending it again makes it a request of its own.
        key = security::random_token(18);
        return again({{"body", outcome->refusal().fields.front().message}}, {409, 0});
    }
    if (!*outcome) return again(outcome->refusal().fields, {});
    return forms::draft_accepted(
        http::redirect("/contact/sent/" + std::to_string((*outcome)->request.id), 303), "contact");
}

http::Response ContactPages::sent(http::Request& req) {
    const auto id = request_id(req);
    const auto c = desk_.own_request(req.actor(), id);
    boost::json::object data{{"request", row_view(c)}, {"reply_time", view_.site().contact_reply_time}};
    return http::html(200, view_.page(req, "contact/sent", std::move(data), meta_of("We have your message")));
}

http::Response ContactPages::inbox(http::Request& req) {
    std::string status(req.query_param("status"));
    if (status.empty()) status = "open";
    const auto page = paging::from_query(req);
    const auto list = desk_.inbox(req.actor(), status, page);
    const auto counts = desk_.counts(req.actor());
    boost::json::array tab_views;
    std::string_view current_label;
    for (const auto& t : tabs) {
        const auto n = t.status == "open" ? counts.open : t.status == "answered" ? counts.answered : counts.closed;
        if (t.status == status) current_label = t.label;
        tab_views.push_back(boost::json::object{{"label", t.label},
                                                {"count", n},
                                                {"url", "/admin/contact?status=" + std::string(t.status)},
                                                {"current", t.status == status}});
    }
    boost::json::array rows;
    for (const auto& c : list.items) rows.push_back(row_view(c));
    boost::json::object data{{"tabs", std::move(tab_views)},
                             {"tab_label", current_label},
                             {"total", list.total},
                             {"rows", std::move(rows)},
                             {"has_rows", !list.items.empty()}};
    if (req.query_param("done") == "answered") data["notice"] = "Your answer was saved and e-mailed.";
    if (req.query_param("done") == "closed") data["notice"] = "The request was closed.";
    paging::add_links(data, page, list.total, "/admin/contact?status=" + status);
    return http::html(200, view_.page(req, "contact/inbox", std::move(data), meta_of("Contact requests")));
}

http::Response ContactPages::show(http::Request& req) {
    const auto c = desk_.read(req.actor(), request_id(req));
    boost::json::object data{{"request", row_view(c)}, {"values", boost::json::object{{"answer", ""}}}};
    return http::html(200, view_.page(req, "contact/request", std::move(data), meta_of("Contact request")));
}

http::Response ContactPages::answer(http::Request& req) {
    const auto id = request_id(req);
    http::Input in(req);
    AnswerRequest a;
    a.text = in.raw("answer");
    a.replaces_answer_at = replaces_answer_at(in);
    in.check();
    const std::string typed = a.text;
    auto outcome = desk_.answer(req.actor(), id, std::move(a));
    if (!outcome) {
        // Shown again as it is now (with any answer given meanwhile), and
        // what the admin typed kept, not sent.
        const auto c = desk_.read(req.actor(), id);
        boost::json::object data{{"request", row_view(c)}, {"values", boost::json::object{{"answer", typed}}}};
        const int status = outcome.refusal().code == ContactRefusal::Code::invalid_fields ? 422 : 409;
        return forms::show_again(view_, req, "contact/request", std::move(data), outcome.refusal().fields,
                                 meta_of("Contact request"), {status, 0});
    }
    return http::redirect("/admin/contact?status=answered&done=answered", 303);
}

http::Response ContactPages::close(http::Request& req) {
    desk_.close(req.actor(), request_id(req));
    return http::redirect("/admin/contact?status=closed&done=closed", 303);
}

boost::json::object ContactPages::account_section(const Actor& actor) {
    if (!actor.signed_in()) return {};
    const auto list = desk_.own_requests(actor, paging::Page{1, paging::default_per_page});
    boost::json::array items;
    for (const auto& c : list.items) items.push_back(row_view(c));
    return {{"items", std::move(items)},
            {"has_items", !list.items.empty()},
            {"total", list.total},
            {"more", list.total > static_cast<std::int64_t>(list.items.size())}};
}

}  // namespace hearth::contact
