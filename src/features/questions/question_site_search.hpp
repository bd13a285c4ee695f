#pragma once
// Questions in the site-wide search (/search, GET /api/v1/search?type=question):
// visible questions only, best match first, with a highlighted excerpt of
// the question. Nothing about who asked, so anonymous questions are safe here.
#include "features/common/site_search.hpp"

namespace hearth::questions {

// The "question" source; the application hands it to the site search.
site_search::Source question_search_source();

}  // namespace hearth::questions
