#pragma once
// Questions for `hearth seed`: the demo questions and answers
// (templates/demo/questions.json, added through the questions services as
// the demo people) and N synthetic questions with answers for load tests.
#include <cstdint>
#include <filesystem>

#include "db/database.hpp"
#include "render/view.hpp"

namespace hearth::app {

struct QuestionSeedReport {
    std::int64_t created = 0;
    std::int64_t existing = 0;  // already there (the same asker and title; synthetic: by number)
    std::int64_t answers = 0;
};

// Adds the demo questions of `file` (templates/demo/questions.json) as the
// demo members, with the demo specialists' answers and the asker's chosen
// answer, through Questions and Answers (so validation, counts and the
// search index are theirs). Run after seed_demo. Idempotent: a question its
// asker already has (same title) is skipped with its answers. Throws
// std::runtime_error when the file names a person the demo lacks.
QuestionSeedReport seed_demo_questions(db::Database& db, const render::Templates& templates,
                                       const std::filesystem::path& file, const std::string& base_url);

// Makes sure synthetic questions #1..#count exist (deterministic: the same
// on every machine and run), each with 0-2 answers by synthetic
// specialists (seeding 40 of them when fewer exist), indexed for search.
// Batches of 1,000 questions per transaction; idempotent, and a larger
// count adds the rest.
QuestionSeedReport seed_questions(db::Database& db, std::int64_t count);

}  // namespace hearth::app
