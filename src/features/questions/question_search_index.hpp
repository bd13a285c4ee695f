#pragma once
// Questions in the search index (db/search.hpp): one document per visible
// question; hidden and deleted questions have none, so a search (and the
// /questions list, which is a search without words) only ever finds what
// the public may read. Nothing about who asked is put into a document.
#include <cstdint>
#include <string>
#include <string_view>

#include "db/search.hpp"

namespace hearth::questions {

// The "questions" collection. Fields, in order and weight: the title (4),
// the body (2), the topics' names (1.5), the visible answers' text (1).
// Key: "created_at" (UTC seconds), for newest-first lists. Facets:
// "topic:<slug>" per topic and "answered:1" / "answered:0".
const db::SearchCollection& question_collection();

inline constexpr std::string_view created_at_key = "created_at";
std::string topic_facet(std::string_view topic_slug);
std::string answered_facet(bool answered);

// Puts the question's current document into the index, or removes it when
// the question is hidden or gone; in the caller's write transaction. Call
// after every change to a question or its answers.
void reindex_question(db::Session& s, std::int64_t question_id);

// Rebuilds every document when the collection's format changed (or was
// never built); cheap when it is current. Called at start-up.
void rebuild_question_index_if_stale(db::Database& db);

}  // namespace hearth::questions
