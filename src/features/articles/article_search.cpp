#include "features/articles/article_search.hpp"

namespace hearth::articles {

const db::SearchCollection& article_collection() {
    static const db::SearchCollection c{"articles", {4.0, 2.5, 1.5, 1.0}, {std::string(published_at_key)}, 1};
    return c;
}

std::string topic_facet(std::string_view topic_slug) { return "topic:" + std::string(topic_slug); }

}  // namespace hearth::articles
