#include "features/articles/article_moderation.hpp"

#include "core/utf8.hpp"
#include "features/articles/articles.hpp"

namespace hearth::articles {

namespace {

constexpr std::size_t excerpt_chars = 2000;

// The first `max_chars` characters of valid UTF-8 text, never cutting one
// in two (a cut character would make the queue's JSON and page invalid).
std::string first_characters(std::string_view text, std::size_t max_chars) {
    std::size_t i = 0;
    for (std::size_t n = 0; n < max_chars && i < text.size(); ++n) {
        if (next_code_point(text, i) < 0) break;
    }
    return std::string(text.substr(0, i));
}

reports::TargetView view_of(const Article& a) {
    reports::TargetView v;
    v.author_id = a.author_id;
    v.title = "Article: " + a.content.title;
    v.text = a.content.summary.empty() ? first_characters(a.content.body, excerpt_chars) : a.content.summary;
    v.public_path = "/articles/" + a.slug;
    v.hidden = a.hidden();
    v.hidden_reason = a.hidden_reason;
    return v;
}

}  // namespace

std::optional<reports::TargetView> ArticleModerationTarget::for_reporter(db::Session& s, const Principal& reporter,
                                                                         std::int64_t id) const {
    const auto a = find_article_by_id(s, id);
    if (!a || !a->visible()) return std::nullopt;
    if (reporter.signed_in() && a->author_id == reporter.user_id) return std::nullopt;
    return view_of(*a);
}

std::optional<reports::TargetView> ArticleModerationTarget::for_admin(db::Session& s, std::int64_t id) const {
    const auto a = find_article_by_id(s, id);
    if (!a) return std::nullopt;
    return view_of(*a);
}

bool ArticleModerationTarget::set_hidden(db::Session& s, std::int64_t id,
                                         const std::optional<reports::Hide>& hide) const {
    const auto a = find_article_by_id(s, id);
    if (!a) return false;
    if (hide) hide_article(s, *a, hide->admin_id, hide->reason, hide->at);
    else if (a->hidden()) show_article(s, *a);
    return true;
}

}  // namespace hearth::articles
