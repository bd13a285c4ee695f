#pragma once
// Questions and answers as JSON: the one place that decides what of an
// asker is shown. An anonymous question carries no name and no account id
// for anyone but its asker and admins (its asker is told "asked_by_you"),
// and no question carries a time of day, only its date. The API sends these objects and the
// pages render from them, so both leave out the same things.
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "features/questions/questions.hpp"

namespace hearth::questions {

// {"id","url","title","body","topics":[{"slug","name"}],"anonymous",
//  "answer_count","accepted_answer_id","created_on" ("2026-03-08", UTC: a
//  question's day, never its time of day),"edited","asker" ({"name"}, null
//  when anonymous)} plus, for the asker, "asked_by_you": true, for
//  admins "asker_id" and "asker_name", and for those who see a hidden one,
//  "hidden": true and "hidden_reason".
boost::json::object question_json(const Question& q, const Viewer& viewer);
// A question in a public list: question_json as a stranger sees it.
boost::json::object question_list_json(const Question& q);
// {"id","question_id","body","helpful_count","created_at","accepted",
//  "marked_helpful","author":{"name","slug","url","credentials","headline",
//  "photo_url","verified","offers_free_consultation","booking_url"}} plus
//  "hidden"/"hidden_reason" for its writer and admins when hidden.
boost::json::object answer_json(const AnswerView& a);
// "8 March 2026": the only way a page writes when a question was asked.
std::string day_of(std::int64_t unix_seconds);
// "2026-03-08": the date in JSON and JSON-LD.
std::string iso_day(std::int64_t unix_seconds);

}  // namespace hearth::questions
