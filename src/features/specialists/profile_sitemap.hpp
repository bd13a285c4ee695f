#pragma once
// The directory's part of /sitemap.xml: the public profile of every listed
// specialist.
#include "features/common/sitemap_source.hpp"

namespace hearth::specialists {

// "specialists": /specialists/<slug> of every listed profile, by id, last
// modified when the profile was last saved.
sitemap::Source profile_sitemap_source();

}  // namespace hearth::specialists
