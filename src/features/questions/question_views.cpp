#include "features/questions/question_views.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <ctime>

#include "core/time_format.hpp"  // rfc3339, long_date

namespace hearth::questions {

std::string day_of(std::int64_t t) { return long_date(t); }

std::string iso_day(std::int64_t t) { return fmt::format("{:%Y-%m-%d}", fmt::gmtime(static_cast<std::time_t>(t))); }

boost::json::object question_json(const Question& q, const Viewer& viewer) {
    boost::json::array topics;
    for (const auto& t : q.topics) topics.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}});
    boost::json::object o{{"id", q.id},
                          {"url", "/questions/" + std::to_string(q.id)},
                          {"title", q.title},
                          {"body", q.body},
                          {"topics", std::move(topics)},
                          {"anonymous", q.anonymous},
                          {"answer_count", q.answer_count},
                          {"created_on", iso_day(q.created_at)},
                          {"edited", q.edited_at.has_value()}};
    if (q.accepted_answer_id) {
        o["accepted_answer_id"] = *q.accepted_answer_id;
    } else {
        o["accepted_answer_id"] = nullptr;
    }
    // A question carries its day, never its time of day: ids are in order,
    // so a named question's time would bound its neighbours' (an anonymous
    // one among them), which could then be matched with other public records.
    if (q.anonymous || !q.asker_id) {
        o["asker"] = nullptr;
    } else {
        o["asker"] = boost::json::object{{"name", q.asker_name}};
    }
    if (viewer.is_asker) o["asked_by_you"] = true;
    if (viewer.is_admin) {
        o["asker_id"] = q.asker_id ? boost::json::value(*q.asker_id) : boost::json::value(nullptr);
        o["asker_name"] = q.asker_name;
    }
    if (q.hidden()) {
        o["hidden"] = true;
        o["hidden_reason"] = q.hidden_reason;
    }
    return o;
}

boost::json::object question_list_json(const Question& q) { return question_json(q, Viewer{}); }

boost::json::object answer_json(const AnswerView& v) {
    const auto& a = v.answer;
    const auto& who = a.author;
    const bool has_page = !who.slug.empty() && who.listed;
    const std::string url = has_page ? "/specialists/" + who.slug : "";
    boost::json::object author{
        {"name", who.full_name},
        {"slug", has_page ? boost::json::value(who.slug) : boost::json::value(nullptr)},
        {"url", has_page ? boost::json::value(url) : boost::json::value(nullptr)},
        {"credentials", who.credentials},
        {"headline", who.headline},
        {"photo_url", has_page && who.has_photo ? boost::json::value(url + "/photo") : boost::json::value(nullptr)},
        {"verified", who.verified},
        {"offers_free_consultation", has_page && who.bookable},
        {"booking_url", has_page && who.bookable ? boost::json::value(url + "/book") : boost::json::value(nullptr)}};
    boost::json::object o{{"id", a.id},
                          {"question_id", a.question_id},
                          {"body", a.body},
                          {"helpful_count", a.helpful_count},
                          {"created_at", rfc3339(a.created_at)},
                          {"accepted", v.accepted},
                          {"marked_helpful", a.marked_by_viewer},
                          {"author", std::move(author)}};
    if (a.hidden()) {
        o["hidden"] = true;
        o["hidden_reason"] = a.hidden_reason;
    }
    return o;
}

}  // namespace hearth::questions
