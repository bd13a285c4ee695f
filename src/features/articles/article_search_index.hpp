#pragma once
// Keeps the articles' search documents (article_search.hpp) in step with
// the articles; declared with the service in articles.hpp
// (index_articles, rebuild_article_index_if_stale).
#include "features/articles/articles.hpp"
