#include "features/questions/unanswered_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json/array.hpp>

#include <algorithm>
#include <ctime>

#include "core/error.hpp"
#include "features/common/form_view.hpp"
#include "features/common/policy.hpp"
#include "features/common/page_query.hpp"
#include "http/input.hpp"

namespace hearth::questions {

namespace {

using vocabularies::Term;

std::string day_of(std::int64_t t) {
    return fmt::format("{:%d %B %Y}", fmt::gmtime(static_cast<std::time_t>(t)));
}

bool contains(const std::vector<Term>& terms, const std::string& slug) {
    return std::any_of(terms.begin(), terms.end(), [&](const Term& t) { return t.slug == slug; });
}

// "Boundaries, Attachment": for a sentence.
std::string names_of(const std::vector<Term>& terms) {
    std::string out;
    for (const auto& t : terms) out += (out.empty() ? "" : ", ") + t.name;
    return out;
}

boost::json::array term_list(const std::vector<Term>& terms) {
    boost::json::array out;
    for (const auto& t : terms) out.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}});
    return out;
}

// Titles, dates and topics only: nothing of who asked, named or not.
boost::json::object question_view(const UnansweredQuestion& q) {
    return {{"id", q.id},
            {"title", q.title},
            {"url", "/questions/" + std::to_string(q.id)},
            {"asked_on", day_of(q.created_at)},
            {"topics", term_list(q.topics)}};
}

render::PageMeta unanswered_meta() {
    render::PageMeta meta;
    meta.title = "Unanswered in my topics";
    meta.noindex = true;
    meta.nav_section = "questions";
    return meta;
}

}  // namespace

boost::json::object UnansweredPages::follow_form(const std::vector<Term>& followed, bool from_account) {
    boost::json::array topics;
    for (const auto& t : follows_.all_topics()) {
        topics.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}, {"checked", contains(followed, t.slug)}});
    }
    return {{"topics", std::move(topics)}, {"following", !followed.empty()}, {"from_account", from_account}};
}

http::Response UnansweredPages::show(http::Request& req) {
    const auto page = paging::from_query(req);
    const auto result = follows_.unanswered(req.actor(), page);
    boost::json::array items;
    for (const auto& q : result.list.items) items.push_back(question_view(q));
    auto form = follow_form(result.followed, false);
    if (req.query_param("done") == "topics") form["notice"] = "Your topics are saved.";
    boost::json::object data{{"topic_follows", std::move(form)},
                             {"following", !result.followed.empty()},
                             {"followed_names", names_of(result.followed)},
                             {"items", std::move(items)},
                             {"has_items", !result.list.items.empty()},
                             {"total", result.list.total}};
    paging::add_links(data, page, result.list.total, "/questions/unanswered");
    return http::html(200, view_.page(req, "questions/unanswered", std::move(data), unanswered_meta()));
}

http::Response UnansweredPages::set_topics(http::Request& req) {
    http::Input in(req);
    const auto slugs = in.list("topics");
    const bool from_account = in.raw("back") == "account";
    in.check();
    auto outcome = follows_.set_followed(req.actor(), slugs);
    if (!outcome) {
        // Shown again with the known topics of the choice still ticked.
        std::vector<Term> kept;
        for (const auto& t : follows_.all_topics()) {
            if (std::find(slugs.begin(), slugs.end(), t.slug) != slugs.end()) kept.push_back(t);
        }
        boost::json::object data{{"topic_follows", follow_form(kept, false)},
                                 {"following", false},
                                 {"has_items", false}};
        return forms::show_again(view_, req, "questions/unanswered", std::move(data),
                                 {{"topics", outcome.refusal().message}}, unanswered_meta());
    }
    return http::redirect(from_account ? "/account?done=topics#questions-topics" : "/questions/unanswered?done=topics",
                          303);
}

void UnansweredPages::add_account_section(const http::Request& req, boost::json::object& data) {
    if (!policy::may(req.principal, policy::Action::follow_topics)) return;
    auto form = follow_form(follows_.followed(req.actor()), true);
    if (req.query_param("done") == "topics") form["notice"] = "Your topics are saved.";
    data["topic_follows"] = std::move(form);
}

http::Response TopicFollowsApi::get(http::Request& req) {
    return http::json(200, boost::json::object{{"topics", term_list(follows_.followed(req.actor()))}});
}

http::Response TopicFollowsApi::put(http::Request& req) {
    const auto actor = req.actor();
    follows_.followed(actor);  // 401/403 before the body is judged
    const auto* v = req.json().if_contains("topics");
    if (!v || !v->is_array()) throw Error::invalid("topics", "Send the topics as a list of slugs.");
    std::vector<std::string> slugs;
    for (const auto& e : v->as_array()) {
        if (!e.is_string()) throw Error::invalid("topics", "Each topic is a slug, such as \"boundaries\".");
        slugs.emplace_back(e.as_string());
    }
    auto outcome = follows_.set_followed(actor, slugs);
    if (!outcome) {
        const auto& r = outcome.refusal();
        boost::json::array unknown;
        for (const auto& u : r.unknown) unknown.emplace_back(u);
        return http::json(422, boost::json::object{{"error", boost::json::object{{"code", "unknown_topics"},
                                                                                 {"message", r.message},
                                                                                 {"field", r.field},
                                                                                 {"unknown", std::move(unknown)}}}});
    }
    return http::json(200, boost::json::object{{"topics", term_list(outcome.value())}});
}

}  // namespace hearth::questions
