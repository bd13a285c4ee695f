#pragma once
// Visible questions in /sitemap.xml. A question's last change is given as
// its day only (midnight UTC), like everywhere else its time is.
#include "features/common/sitemap_source.hpp"

namespace hearth::questions {

// The "questions" source; the application hands it to the sitemap.
sitemap::Source question_sitemap_source();

}  // namespace hearth::questions
