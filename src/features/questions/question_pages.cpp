#include "features/questions/question_pages.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/form_view.hpp"
#include "features/common/page_query.hpp"
#include "db/search_snippet.hpp"
#include "features/questions/question_views.hpp"
#include "features/questions/questions_api.hpp"
#include "features/specialists/profile_view.hpp"
#include "http/form.hpp"
#include "http/input.hpp"

namespace hearth::questions {

namespace {

constexpr std::string_view draft_key = "question-new";
constexpr std::size_t description_chars = 160;

render::PageMeta meta_of(std::string title, bool noindex) {
    render::PageMeta meta;
    meta.title = std::move(title);
    meta.noindex = noindex;
    meta.nav_section = "questions";
    return meta;
}

std::string count_label(std::int64_t n, std::string_view one, std::string_view many) {
    return n == 1 ? fmt::format("1 {}", one) : fmt::format("{} {}", n, many);
}

// The start of `text` as one line of at most `max` characters (UTF-8 safe).
std::string excerpt(const std::string& text, std::size_t max) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80) {
            if (chars == max) {
                out += "…";
                break;
            }
            ++chars;
        }
        out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : text[i];
    }
    return out;
}

// What a page says about who asked; for an anonymous question, nothing
// about the person (not even to admins here: the admin line is separate).
std::string asker_line(const Question& q, const Viewer& v) {
    if (v.is_asker && q.anonymous) return "You asked this anonymously";
    if (v.is_asker) return "You asked this";
    if (q.anonymous || !q.asker_id) return "Asked anonymously";
    return "Asked by " + q.asker_name;
}

boost::json::object page_question(const Question& q, const Viewer& v) {
    auto o = question_json(q, v);
    o["asked_on"] = day_of(q.created_at);
    o["asked_on_iso"] = iso_day(q.created_at);
    o["asker_line"] = asker_line(q, v);
    o["has_topics"] = !q.topics.empty();
    o["answers_label"] =
        q.answer_count == 0 ? std::string("No answers yet") : count_label(q.answer_count, "answer", "answers");
    if (v.is_admin && q.anonymous && q.asker_id) {
        o["admin_asker_line"] = "Asked anonymously by " + q.asker_name + " (only admins see this)";
    }
    return o;
}

boost::json::object page_answer(const AnswerView& v, const Viewer& viewer, std::int64_t question_id) {
    auto o = answer_json(v);
    const auto& a = v.answer;
    o["answered_on"] = day_of(a.created_at);
    o["initials"] = specialists::initials(a.author.full_name);
    o["by_viewer"] = v.by_viewer;
    o["may_report"] = v.may_report;
    o["may_mark_helpful"] = v.may_mark_helpful;
    o["may_accept"] = viewer.may_manage && !a.hidden();
    o["helpful_label"] = a.helpful_count == 0
                             ? std::string()
                             : count_label(a.helpful_count, "person found this helpful", "people found this helpful");
    if (v.may_report) {
        // templates/reports/report_form, the one report form of every feature.
        o["report"] = boost::json::object{
            {"target_type", "answer"},
            {"target_id", a.id},
            {"return_to", fmt::format("/questions/{}#answer-{}", question_id, a.id)},
            {"summary", "Report"},
            {"subject", "the answer by " + a.author.full_name},
            {"hint", "Our team reads reports. " + a.author.full_name + " is not told who reported it."}};
    }
    return o;
}

// schema.org QAPage: the question, and its visible answers. No author at
// all for an anonymous question; the question's date only (question_views.hpp).
std::string qa_json_ld(const QuestionPage& page, const std::string& base_url) {
    const auto& q = page.question;
    const std::string url = base_url + "/questions/" + std::to_string(q.id);
    boost::json::object question{{"@type", "Question"},
                                 {"name", q.title},
                                 {"text", q.body},
                                 {"answerCount", q.answer_count},
                                 {"dateCreated", iso_day(q.created_at)}};
    if (!q.anonymous && q.asker_id) {
        question["author"] = boost::json::object{{"@type", "Person"}, {"name", q.asker_name}};
    }
    boost::json::array suggested;
    for (const auto& v : page.answers) {
        const auto& a = v.answer;
        if (a.hidden()) continue;
        boost::json::object answer{{"@type", "Answer"},
                                   {"text", a.body},
                                   {"dateCreated", rfc3339(a.created_at)},
                                   {"upvoteCount", a.helpful_count},
                                   {"url", url + "#answer-" + std::to_string(a.id)}};
        boost::json::object author{{"@type", "Person"}, {"name", a.author.full_name}};
        if (!a.author.slug.empty() && a.author.listed) author["url"] = base_url + "/specialists/" + a.author.slug;
        answer["author"] = std::move(author);
        if (v.accepted) {
            question["acceptedAnswer"] = std::move(answer);
        } else {
            suggested.push_back(std::move(answer));
        }
    }
    if (!suggested.empty()) question["suggestedAnswer"] = std::move(suggested);
    boost::json::object ld{
        {"@context", "https://schema.org"}, {"@type", "QAPage"}, {"mainEntity", std::move(question)}};
    return boost::json::serialize(ld);
}

// A 422 from reading the form (a missing choice) as the form's field errors.
std::vector<FieldError> field_errors_of(const Error& e) {
    if (!e.fields().empty()) return e.fields();
    return {{e.field().value_or("body"), e.message()}};
}

// The notice a page shows after a form sent to it (?done=).
std::string notice_of(std::string_view done) {
    if (done == "asked") return "Your question is published. We will e-mail you when a specialist answers.";
    if (done == "edited") return "Your changes are saved.";
    if (done == "answered") return "Your answer is published. Thank you.";
    if (done == "accepted") return "Thank you: the answer that helped you most is now shown first.";
    if (done == "cleared") return "No answer is marked as the one that helped most now.";
    if (done == "reported") return "Thank you for telling us. Our team will look at what you reported.";
    if (done == "deleted") return "Your question was deleted, with its answers.";
    return "";
}

}  // namespace

boost::json::object QuestionPages::form_data(const QuestionFields& values, bool anonymous_chosen) {
    boost::json::array topics;
    for (const auto& t : questions_.topics()) {
        const bool chosen = std::find(values.topics.begin(), values.topics.end(), t.slug) != values.topics.end();
        topics.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}, {"checked", chosen}});
    }
    return {{"values", boost::json::object{{"title", values.title}, {"body", values.body}}},
            {"topics", std::move(topics)},
            {"anonymous_checked", anonymous_chosen && values.anonymous},
            {"named_checked", anonymous_chosen && !values.anonymous}};
}

http::Response QuestionPages::list(http::Request& req) {
    const auto query = list_query(req);
    const auto found = questions_.list(req.actor(), query);
    boost::json::array items;
    for (const auto& q : found.items) {
        auto o = page_question(q, Viewer{});
        if (!found.words.empty()) {
            o["snippet_html"] = db::search_snippet(q.body, found.words, 220);
        } else {
            o["snippet"] = excerpt(q.body, 220);
        }
        o["answered"] = q.answer_count > 0;
        items.push_back(std::move(o));
    }
    boost::json::array topics;
    for (const auto& t : questions_.topics()) {
        topics.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}, {"selected", t.slug == query.topic}});
    }
    std::string base = "/questions?q=" + http::url_encode(query.q) + "&topic=" + http::url_encode(query.topic) +
                       "&status=" + http::url_encode(query.status);
    boost::json::object data{{"items", std::move(items)},
                             {"has_items", !found.items.empty()},
                             {"topics", std::move(topics)},
                             {"q", query.q},
                             {"status_any", query.status.empty()},
                             {"status_answered", query.status == "answered"},
                             {"status_unanswered", query.status == "unanswered"},
                             {"filtered", !query.q.empty() || !query.topic.empty() || !query.status.empty()},
                             {"results_label", count_label(found.total, "question", "questions")},
                             {"may_ask", questions_.may_ask(req.actor()) || !req.principal.signed_in()}};
    if (auto notice = notice_of(req.query_param("done")); !notice.empty()) data["notice"] = notice;
    paging::add_links(data, query.page, found.total, base);
    auto meta = meta_of("Questions and answers", query.page.page > 1 || !query.q.empty());
    meta.description =
        "Questions about relationships and trauma, asked by members of Hearth and answered by verified specialists.";
    meta.canonical_path = "/questions";
    return http::html(200, view_.page(req, "questions/list", std::move(data), meta));
}

http::Response QuestionPages::new_form(http::Request& req) {
    auto data = form_data(QuestionFields{}, false);
    if (req.query_param("gated") == "1" && !req.principal.signed_in()) data["gated"] = true;
    data["may_ask"] = questions_.may_ask(req.actor()) || !req.principal.signed_in();
    data["action"] = "/questions/new";
    data["draft"] = draft_key;
    data["is_new"] = true;
    return http::html(200, view_.page(req, "questions/ask", std::move(data), meta_of("Ask a question", true)));
}

http::Response QuestionPages::ask(http::Request& req) {
    if (!req.principal.signed_in()) {
        // Log in or sign up first, then back to the form: the words stay in
        // the browser's draft of it (static/js/offline.js), never in a URL
        // or on the server before the person has an account.
        return http::redirect("/login?gated=1&return_to=%2Fquestions%2Fnew", 303);
    }
    QuestionFields typed;
    typed.title = req.form_value("title");
    typed.body = req.form_value("body");
    typed.topics = req.form_values("topics");
    const auto visibility = req.form_value("visibility");
    typed.anonymous = visibility == "anonymous";
    const auto again = [&](const std::vector<FieldError>& errors, forms::Again how) {
        auto data = form_data(typed, visibility == "anonymous" || visibility == "named");
        data["may_ask"] = true;
        data["action"] = "/questions/new";
        data["draft"] = draft_key;
        data["is_new"] = true;
        return forms::show_again(view_, req, "questions/ask", std::move(data), errors, meta_of("Ask a question", true),
                                 how);
    };
    std::optional<QuestionOutcome<Saved>> outcome;
    try {
        outcome.emplace(questions_.ask(req.actor(), question_fields(req)));
    } catch (const Error& e) {
        if (e.status() == 422) return again(field_errors_of(e), {});
        if (e.status() != 429) throw;
        return again({{"body",
                       "You have asked several questions today. Please wait a little and send this again: "
                       "what you wrote is still here."}},
                     {429, e.retry_after()});
    }
    if (!*outcome) return again(outcome->refusal().fields, {status_of(outcome->refusal()), 0});
    const auto& saved = outcome->value();
    const auto target =
        fmt::format("/questions/{}?done=asked{}", saved.question.id, saved.crisis_resources ? "&support=1" : "");
    return forms::draft_accepted(http::redirect(target, 303), draft_key);
}

http::Response QuestionPages::question_page(http::Request& req, const QuestionPage& page, boost::json::object data,
                                            int status, const std::vector<FieldError>& errors) {
    const auto& q = page.question;
    const auto& v = page.viewer;
    data["question"] = page_question(q, v);
    boost::json::array answers;
    for (const auto& a : page.answers) answers.push_back(page_answer(a, v, q.id));
    data["answers"] = std::move(answers);
    data["has_answers"] = !page.answers.empty();
    data["viewer"] = boost::json::object{{"is_asker", v.is_asker},         {"may_edit", v.may_edit},
                                         {"may_manage", v.may_manage},     {"may_answer", v.may_answer},
                                         {"has_answered", v.has_answered}, {"may_report", v.may_report}};
    if (v.may_report) {
        data["question_report"] = boost::json::object{
            {"target_type", "question"},
            {"target_id", q.id},
            {"return_to", fmt::format("/questions/{}", q.id)},
            {"summary", "Report"},
            {"subject", "this question"},
            {"hint", "Our team reads reports. The person who asked is not told who reported it."}};
    }
    if (!data.contains("values")) data["values"] = boost::json::object{{"body", ""}};
    // Visitors and members are invited to ask; specialists who are not
    // listed are told why there is no answer form.
    data["signed_in"] = req.principal.signed_in();
    data["specialist_not_listed"] =
        req.principal.signed_in() && req.principal.role == Role::specialist && !v.may_answer && !v.has_answered;
    auto meta = meta_of(q.title, q.hidden());
    meta.description = excerpt(q.body, description_chars);
    meta.og_type = "article";
    meta.canonical_path = fmt::format("/questions/{}", q.id);
    if (!q.hidden()) meta.json_ld = qa_json_ld(page, view_.site().base_url);
    if (!errors.empty()) {
        return forms::show_again(view_, req, "questions/question", std::move(data), errors, meta, {status, 0});
    }
    return http::html(status, view_.page(req, "questions/question", std::move(data), meta));
}

http::Response QuestionPages::show(http::Request& req) {
    const auto page = questions_.read(req.actor(), question_id(req));
    boost::json::object data;
    if (auto notice = notice_of(req.query_param("done")); !notice.empty()) data["notice"] = notice;
    // Crisis resources for the writer whose words spoke of self-harm, at once.
    if (req.query_param("support") == "1" && req.principal.signed_in()) {
        data["crisis_resources"] = true;
        // Not a message to anyone: what was written waits for answers (or review).
        data["crisis_note"] = "What you wrote is saved, but nobody may read it straight away.";
    }
    return question_page(req, page, std::move(data), 200, {});
}

http::Response QuestionPages::edit_form(http::Request& req) {
    const auto id = question_id(req);
    const auto page = questions_.read(req.actor(), id);
    if (!page.viewer.may_manage) throw Error::not_found("We could not find that question.");
    QuestionFields values{page.question.title, page.question.body, {}, page.question.anonymous};
    for (const auto& t : page.question.topics) values.topics.push_back(t.slug);
    auto data = form_data(values, true);
    data["may_ask"] = true;
    data["action"] = fmt::format("/questions/{}/edit", id);
    data["draft"] = fmt::format("question-edit:{}", id);
    data["question_url"] = fmt::format("/questions/{}", id);
    data["locked"] = !page.viewer.may_edit;
    return http::html(200, view_.page(req, "questions/ask", std::move(data), meta_of("Edit your question", true)));
}

http::Response QuestionPages::edit(http::Request& req) {
    const auto id = question_id(req);
    QuestionFields typed;
    typed.title = req.form_value("title");
    typed.body = req.form_value("body");
    typed.topics = req.form_values("topics");
    const auto visibility = req.form_value("visibility");
    typed.anonymous = visibility == "anonymous";
    const auto again = [&](const std::vector<FieldError>& errors, int status) {
        auto data = form_data(typed, visibility == "anonymous" || visibility == "named");
        data["may_ask"] = true;
        data["action"] = fmt::format("/questions/{}/edit", id);
        data["draft"] = fmt::format("question-edit:{}", id);
        data["question_url"] = fmt::format("/questions/{}", id);
        data["locked"] = status == 409;
        return forms::show_again(view_, req, "questions/ask", std::move(data), errors,
                                 meta_of("Edit your question", true), {status, 0});
    };
    std::optional<QuestionOutcome<Saved>> outcome;
    try {
        outcome.emplace(questions_.edit(req.actor(), id, question_fields(req)));
    } catch (const Error& e) {
        if (e.status() != 422) throw;
        return again(field_errors_of(e), 422);
    }
    if (!*outcome) return again(outcome->refusal().fields, status_of(outcome->refusal()));
    const auto target =
        fmt::format("/questions/{}?done=edited{}", id, outcome->value().crisis_resources ? "&support=1" : "");
    return forms::draft_accepted(http::redirect(target, 303), fmt::format("question-edit:{}", id));
}

http::Response QuestionPages::remove(http::Request& req) {
    questions_.remove(req.actor(), question_id(req));
    return http::redirect("/questions?done=deleted", 303);
}

http::Response QuestionPages::answer(http::Request& req) {
    const auto id = question_id(req);
    std::string body = req.form_value("body");
    const auto typed = body;
    const auto again = [&](const std::vector<FieldError>& errors, int status) {
        const auto page = questions_.read(req.actor(), id);
        boost::json::object data{{"values", boost::json::object{{"body", typed}}}};
        return question_page(req, page, std::move(data), status, errors);
    };
    std::optional<QuestionOutcome<SavedAnswer>> outcome;
    try {
        outcome.emplace(answers_.answer(req.actor(), id, std::move(body)));
    } catch (const Error& e) {
        if (e.status() != 429) throw;
        return again({{"body",
                       "You have answered many questions in the last hour. Please wait a little and send this "
                       "again: what you wrote is still here."}},
                     429);
    }
    if (!*outcome) return again(outcome->refusal().fields, status_of(outcome->refusal()));
    const auto& saved = outcome->value();
    const auto target = fmt::format("/questions/{}?done=answered{}#answer-{}", id,
                                    saved.crisis_resources ? "&support=1" : "", saved.answer.id);
    return forms::draft_accepted(http::redirect(target, 303), fmt::format("answer:{}", id));
}

http::Response QuestionPages::accept(http::Request& req) {
    const auto id = question_id(req);
    http::Input in(req);
    const auto chosen = in.text("answer_id").empty() ? std::nullopt : in.integer("answer_id");
    in.check();
    questions_.choose_accepted(req.actor(), id, chosen);
    return http::redirect(fmt::format("/questions/{}?done={}{}", id, chosen ? "accepted" : "cleared",
                                      chosen ? fmt::format("#answer-{}", *chosen) : std::string()),
                          303);
}

http::Response QuestionPages::helpful(http::Request& req) {
    const auto id = answer_id(req);
    const bool on = req.form_value("helpful") != "0";
    const auto a = answers_.mark_helpful(req.actor(), id, on);
    return http::redirect(fmt::format("/questions/{}#answer-{}", a.question_id, a.id), 303);
}

}  // namespace hearth::questions
