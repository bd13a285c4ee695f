#pragma once
// Specialists' side of questions: the topics they follow (a form on
// /questions/unanswered and on /account, and GET/PUT
// /api/v1/me/topic-follows) and "Unanswered in my topics", the questions
// without a visible answer in those topics. Thin handlers over
// TopicFollows (topic_follows.hpp), which asks the policy.
#include <boost/json/object.hpp>

#include "features/questions/topic_follows.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::questions {

class UnansweredPages {
public:
    UnansweredPages(TopicFollows& follows, const render::View& view) : follows_(follows), view_(view) {}

    // GET /questions/unanswered?page=: the follow form and the list, newest
    // first (visitors: log in; members and admins: 403 page).
    http::Response show(http::Request& req);
    // POST /questions/unanswered/topics: topics=<slug> (repeated), back=account
    // to return to /account. 303 to where it came from; unknown topics: the
    // page again (422) with the choice kept.
    http::Response set_topics(http::Request& req);
    // /account's "Questions" section for specialists: adds `topic_follows`
    // ({"topics":[{"slug","name","checked"}],"following","notice"}) to `data`.
    void add_account_section(const http::Request& req, boost::json::object& data);

private:
    boost::json::object follow_form(const std::vector<vocabularies::Term>& followed, bool from_account);
    TopicFollows& follows_;
    const render::View& view_;
};

class TopicFollowsApi {
public:
    explicit TopicFollowsApi(TopicFollows& follows) : follows_(follows) {}

    // GET /api/v1/me/topic-follows -> {"topics":[{"slug","name"}]}
    http::Response get(http::Request& req);
    // PUT /api/v1/me/topic-follows {"topics":["slug",...]} -> the same shape;
    // 422 unknown_topics (field "topics", with "unknown":[...]) changes nothing.
    http::Response put(http::Request& req);

private:
    TopicFollows& follows_;
};

}  // namespace hearth::questions
