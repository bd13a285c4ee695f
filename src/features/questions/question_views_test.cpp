// What of an asker the JSON of a question shows, to whom: an anonymous
// question never carries the asker's name, id or time of day, except to
// the asker ("asked_by_you") and admins.
#include "features/questions/question_views.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace q = hearth::questions;

namespace {

q::Question sample(bool anonymous) {
    q::Question x;
    x.id = 12;
    x.asker_id = 4242;
    x.asker_name = "Wilhelmina Askwell";
    x.anonymous = anonymous;
    x.title = "How do I keep boundaries with my family?";
    x.body = "They call every day.";
    x.created_at = 1772980200;  // 2026-03-08T14:30:00Z
    x.updated_at = x.created_at;
    return x;
}

}  // namespace

TEST(QuestionViews, AnAnonymousQuestionShowsNobodyToStrangers) {
    const auto o = q::question_json(sample(true), q::Viewer{});
    const auto text = boost::json::serialize(o);
    EXPECT_EQ(text.find("Wilhelmina"), std::string::npos) << text;
    EXPECT_EQ(text.find("4242"), std::string::npos) << text;
    EXPECT_EQ(text.find("14:30"), std::string::npos) << text;
    EXPECT_TRUE(o.at("asker").is_null());
    EXPECT_FALSE(o.contains("created_at"));
    EXPECT_EQ(o.at("created_on").as_string(), "2026-03-08");
    EXPECT_FALSE(o.contains("asked_by_you"));
    EXPECT_FALSE(o.contains("asker_id"));
}

TEST(QuestionViews, TheAskerIsToldAndAdminsSeeWhoAsked) {
    q::Viewer asker;
    asker.is_asker = true;
    const auto mine = q::question_json(sample(true), asker);
    EXPECT_TRUE(mine.at("asked_by_you").as_bool());
    EXPECT_FALSE(mine.contains("asker_id"));
    q::Viewer admin;
    admin.is_admin = true;
    const auto theirs = q::question_json(sample(true), admin);
    EXPECT_EQ(theirs.at("asker_id").as_int64(), 4242);
    EXPECT_EQ(theirs.at("asker_name").as_string(), "Wilhelmina Askwell");
}

TEST(QuestionViews, ANamedQuestionShowsTheDisplayNameAndOnlyTheDay) {
    // Ids are in order: a named question's time of day would bound an
    // anonymous neighbour's.
    const auto o = q::question_json(sample(false), q::Viewer{});
    EXPECT_EQ(o.at("asker").at("name").as_string(), "Wilhelmina Askwell");
    EXPECT_EQ(o.at("created_on").as_string(), "2026-03-08");
    EXPECT_EQ(boost::json::serialize(o).find("14:30"), std::string::npos);
    EXPECT_FALSE(o.contains("asker_id"));
}

TEST(QuestionViews, AHiddenQuestionCarriesTheModeratorsReason) {
    auto x = sample(false);
    x.hidden_at = x.created_at + 60;
    x.hidden_reason = "Off topic";
    const auto o = q::question_json(x, q::Viewer{});
    EXPECT_TRUE(o.at("hidden").as_bool());
    EXPECT_EQ(o.at("hidden_reason").as_string(), "Off topic");
}
