#pragma once
// Listed specialists in the site-wide search (/search): the directory's
// own search collection, asked with words only, ranked as the directory
// ranks a text search (those who offer a free consultation lifted a little).
#include "features/common/site_search.hpp"

namespace hearth::specialists {

site_search::Source specialist_search_source();

}  // namespace hearth::specialists
