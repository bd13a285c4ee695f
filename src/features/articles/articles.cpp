#include "features/articles/articles.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/clock.hpp"
#include "features/articles/article_cover.hpp"
#include "features/articles/cover_metadata.hpp"
#include "features/common/audit.hpp"
#include "features/common/content_version.hpp"
#include "features/common/policy.hpp"
#include "features/specialists/profile_store.hpp"
#include "features/vocabularies/vocabulary.hpp"
#include "render/markdown.hpp"

namespace hearth::articles {

namespace {

using policy::Action;

constexpr std::int64_t words_per_minute = 200;

policy::Record record_of(const Article& a) { return {a.author_id, 0, a.visible()}; }

std::optional<ArticleRefusal> refusal_of(FieldChecks& check) {
    if (check.ok()) return std::nullopt;
    return ArticleRefusal{ArticleRefusal::Code::invalid_fields, std::move(check).take()};
}

// The content's rules, with the topics checked against the vocabulary.
std::optional<ArticleRefusal> checked(db::Session& s, ArticleContent& c, bool has_cover) {
    FieldChecks check;
    check_content(c, has_cover, check);
    std::vector<std::string> unknown;
    vocabularies::resolve_slugs(s, vocabularies::Kind::topic, c.topics, unknown);
    if (!unknown.empty()) check.fail("topics", "Choose topics from the list (unknown: " + unknown.front() + ").");
    return refusal_of(check);
}

// The article the actor may see; 404 (never 403) for a draft or a hidden
// one of someone else, so nobody learns it exists.
// A missing article and one the actor may not see answer with the same
// status and the same words (policy::require_visible's generic message
// would tell the two apart).
Article visible_to(db::Session& s, const Principal& who, std::string_view slug) {
    auto a = find_article(s, slug);
    if (a && policy::may(who, Action::view_article, record_of(*a))) return std::move(*a);
    throw Error::not_found("We could not find that article.");
}

// The article the actor may change: 404 when they may not see it, 403 when
// they may see it but it is not theirs.
Article editable_by(db::Session& s, const Principal& who, std::string_view slug) {
    auto a = visible_to(s, who, slug);
    policy::require(who, Action::edit_article, record_of(a));
    return a;
}

// Whether the author's profile may put words before the public: its
// licence verified, and its listing not suspended by an admin (a
// suspension is about the person's standing, so it stops their articles
// too). Admins, who have no profile, are not asked.
bool may_write_publicly(db::Session& s, const Principal& who) {
    const auto profile = specialists::find_profile_of_user(s, who.user_id);
    return profile && profile->verified_at.has_value() && !profile->suspended_at.has_value();
}

[[noreturn]] void refuse_writer() {
    throw Error::forbidden("Articles are written by specialists whose licence we have verified and whose "
                           "listing is not suspended.");
}

// Refuses (403) an author whose profile may not write (above); admins pass.
void require_writing_profile(db::Session& s, const Principal& who) {
    if (who.role != Role::admin && !may_write_publicly(s, who)) refuse_writer();
}

// Markdown can multiply: 20,000 "[^1]" (80,000 characters) render to
// about 6 MB of HTML, 99,000 '>' to 2.7 MB, stored with every save and
// sent with every read. An ordinary article of the longest length renders
// to a few hundred kB, its tables to under 1 MB.
constexpr std::size_t max_body_html_bytes = 2'000'000;

// The body rendered, or a refusal (field "body") when its HTML would be too large.
ArticleOutcome<RenderedBody> rendered(std::string_view markdown) {
    auto r = render_body(markdown);
    if (r.html.size() > max_body_html_bytes) {
        return ArticleRefusal{ArticleRefusal::Code::invalid_fields,
                              {{"body", "This text nests or repeats so much that its page would be too large to "
                                        "show. Please simplify it."}}};
    }
    return r;
}

// After every change of an article, in its unit of work: its search
// document follows it, and the content version rises when the public could
// see it before or after (so cached lists and pages refresh); a draft's
// changes raise nothing.
void changed(db::Session& s, const Article& before, std::int64_t id) {
    index_articles(s, id, id);
    const auto after = find_article_by_id(s, id);
    if (before.visible() || (after && after->visible())) content_version::raise(s);
}

}  // namespace

RenderedBody render_body(std::string_view markdown) {
    const auto r = render::render_markdown(markdown, render::MarkdownOptions{});
    boost::json::array toc;
    for (const auto& h : r.headings) toc.push_back(boost::json::object{{"level", h.level}, {"id", h.id}, {"text", h.text}});
    return {r.html, boost::json::serialize(toc), static_cast<std::int64_t>(r.words)};
}

std::int64_t reading_minutes(std::int64_t words) {
    return std::max<std::int64_t>(1, (words + words_per_minute - 1) / words_per_minute);
}

void publish_article(db::Session& s, const Article& a, std::int64_t now) {
    set_status(s, a.id, true, now);
    changed(s, a, a.id);
}

void hide_article(db::Session& s, const Article& a, std::int64_t admin_id, std::string_view reason, std::int64_t at) {
    set_hidden(s, a.id, admin_id, reason, at);
    changed(s, a, a.id);
}

void show_article(db::Session& s, const Article& a) {
    clear_hidden(s, a.id, now_seconds());
    changed(s, a, a.id);
}

Articles::Articles(db::Database& db, std::filesystem::path cover_dir) : db_(db), cover_dir_(std::move(cover_dir)) {
    rebuild_article_index_if_stale(db_);
}

bool Articles::may_edit(const Actor& actor, const Article& a) const {
    return policy::may(actor.who, Action::edit_article, record_of(a));
}

bool Articles::may_take_down(const Actor& actor) const { return policy::may(actor.who, Action::take_down_article); }

bool Articles::may_write(const Actor& actor) {
    if (!policy::may(actor.who, Action::write_article)) return false;
    return db_.read([&](db::Session& s) { return may_write_publicly(s, actor.who); });
}

ArticleOutcome<Article> Articles::create(const Actor& actor, ArticleContent content) {
    policy::require(actor.who, Action::write_article);
    return db_.write([&](db::Session& s) -> ArticleOutcome<Article> {
        // Every article has a profile as its author, so admins too need one.
        if (!may_write_publicly(s, actor.who)) refuse_writer();
        const auto profile = specialists::find_profile_of_user(s, actor.who.user_id);
        if (auto problem = checked(s, content, false)) return std::move(*problem);
        auto body = rendered(content.body);
        if (!body) return body.refusal();
        // Two drafts with the same title created at once would pick the
        // same free slug, and the second insert would break the UNIQUE
        // rule: creations take turns from choosing the slug to commit.
        s.serialize_on("articles.slug", 0);
        const auto now = now_seconds();
        const auto id = insert_article(s, actor.who.user_id, profile->id, unique_slug(s, content.title), content,
                                       body.value(), now);
        return *find_article_by_id(s, id);
    });
}

ArticleOutcome<Preview> Articles::preview(const Actor& actor, ArticleContent content) {
    policy::require(actor.who, Action::edit_article);
    return db_.read([&](db::Session& s) -> ArticleOutcome<Preview> {
        if (auto problem = checked(s, content, false)) return std::move(*problem);
        auto body = rendered(content.body);
        if (!body) return body.refusal();
        return Preview{std::move(content), std::move(body).value()};
    });
}

Article Articles::read(const Actor& actor, std::string_view slug) {
    return db_.read([&](db::Session& s) { return visible_to(s, actor.who, slug); });
}

Article Articles::for_editing(const Actor& actor, std::string_view slug) {
    return db_.read([&](db::Session& s) { return editable_by(s, actor.who, slug); });
}

std::vector<std::pair<std::string, std::string>> Articles::topic_choices() {
    return db_.read([](db::Session& s) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& t : vocabularies::list_terms(s, vocabularies::Kind::topic)) out.emplace_back(t.slug, t.name);
        return out;
    });
}

ArticleOutcome<Article> Articles::update(const Actor& actor, std::string_view slug, ArticleContent content,
                                        std::optional<std::int64_t> expected_version) {
    return db_.write([&](db::Session& s) -> ArticleOutcome<Article> {
        auto a = editable_by(s, actor.who, slug);
        if (expected_version) {
            // Saves of one article take turns, so the version compared is
            // the one this save replaces.
            s.serialize_on("article", a.id);
            a = *find_article_by_id(s, a.id);
            if (a.version != *expected_version) {
                return ArticleRefusal{ArticleRefusal::Code::edited_elsewhere,
                                      {{"version",
                                        "This article was changed somewhere else after you opened it. What you "
                                        "wrote is below and not saved yet: compare it with the article, then save "
                                        "again to keep your version."}}};
            }
        }
        // A live article's words change at once: only while its author may write.
        if (a.published()) require_writing_profile(s, actor.who);
        if (auto problem = checked(s, content, a.cover_file.has_value())) return std::move(*problem);
        auto body = rendered(content.body);
        if (!body) return body.refusal();
        update_article(s, a.id, content, body.value(), a.published(), now_seconds());
        changed(s, a, a.id);
        return *find_article_by_id(s, a.id);
    });
}

Article Articles::publish(const Actor& actor, std::string_view slug) {
    return db_.write([&](db::Session& s) {
        const auto a = editable_by(s, actor.who, slug);
        if (!a.published()) {
            require_writing_profile(s, actor.who);
            publish_article(s, a, now_seconds());
        }
        return *find_article_by_id(s, a.id);
    });
}

Article Articles::unpublish(const Actor& actor, std::string_view slug) {
    return db_.write([&](db::Session& s) {
        const auto a = editable_by(s, actor.who, slug);
        if (a.published()) {
            set_status(s, a.id, false, now_seconds());
            changed(s, a, a.id);
        }
        return *find_article_by_id(s, a.id);
    });
}

ArticleOutcome<bool> Articles::remove(const Actor& actor, std::string_view slug) {
    std::optional<std::string> cover_file;
    auto removed = db_.write([&](db::Session& s) -> ArticleOutcome<bool> {
        const auto a = editable_by(s, actor.who, slug);
        // Once public, an article is kept (unpublished if need be), so links
        // to it and its slug are never taken by another.
        if (a.published_at) {
            return ArticleRefusal{ArticleRefusal::Code::not_a_draft,
                                  {{"status", "Only a draft that was never published can be deleted; unpublish "
                                              "this article instead."}}};
        }
        delete_article(s, a.id);
        index_articles(s, a.id, a.id);
        cover_file = a.cover_file;
        return true;
    });
    // The deleted draft's picture goes too, once the row is gone for good.
    if (removed && cover_file) std::filesystem::remove(cover_dir_ / *cover_file);
    return removed;
}

ArticleOutcome<Article> Articles::take_down(const Actor& actor, std::string_view slug, std::string reason) {
    policy::require(actor.who, Action::take_down_article);
    FieldChecks check;
    check.text("reason", "The reason", reason, max_take_down_reason_chars, true);
    if (auto problem = refusal_of(check)) return std::move(*problem);
    return db_.write([&](db::Session& s) -> ArticleOutcome<Article> {
        auto a = find_article(s, slug);
        if (!a) throw Error::not_found("We could not find that article.");
        hide_article(s, *a, actor.who.user_id, reason, now_seconds());
        audit::record(s, actor.who.user_id, "article.take_down", "article", std::to_string(a->id),
                      audit::reason_detail(reason), actor.client_address);
        return *find_article_by_id(s, a->id);
    });
}

Article Articles::restore(const Actor& actor, std::string_view slug) {
    policy::require(actor.who, Action::take_down_article);
    return db_.write([&](db::Session& s) {
        auto a = find_article(s, slug);
        if (!a) throw Error::not_found("We could not find that article.");
        if (a->hidden()) {
            show_article(s, *a);
            audit::record(s, actor.who.user_id, "article.restore", "article", std::to_string(a->id), "",
                          actor.client_address);
        }
        return *find_article_by_id(s, a->id);
    });
}

ArticleOutcome<Article> Articles::save_cover(const Actor& actor, std::string_view slug, std::string_view bytes,
                                             std::string alt) {
    const auto current = for_editing(actor, slug);
    FieldChecks check;
    check.line("cover_image_alt", "The cover's description", alt, max_cover_alt_chars, true);
    std::string content_type;
    if (auto problem = cover_problem(bytes, content_type)) check.fail(problem->field, problem->message);
    if (auto problem = refusal_of(check)) return std::move(*problem);
    // The file is written before the row points to it, and the old one
    // removed only after the row has moved on.
    const auto name = write_cover_file(cover_dir_, current.id, without_metadata(bytes, content_type), content_type);
    Article saved;
    try {
        saved = db_.write([&](db::Session& s) {
            const auto a = editable_by(s, actor.who, slug);
            // A live article's picture changes at once: only while its author may write.
            if (a.published()) require_writing_profile(s, actor.who);
            set_cover(s, a.id, name, content_type, alt, now_seconds());
            changed(s, a, a.id);
            return *find_article_by_id(s, a.id);
        });
    } catch (...) {
        // Nothing points to the new file: it must not stay behind.
        std::filesystem::remove(cover_dir_ / name);
        throw;
    }
    if (current.cover_file) std::filesystem::remove(cover_dir_ / *current.cover_file);
    return saved;
}

Article Articles::remove_cover(const Actor& actor, std::string_view slug) {
    const auto current = for_editing(actor, slug);
    auto saved = db_.write([&](db::Session& s) {
        const auto a = editable_by(s, actor.who, slug);
        set_cover(s, a.id, std::nullopt, std::nullopt, a.content.cover_alt, now_seconds());
        changed(s, a, a.id);
        return *find_article_by_id(s, a.id);
    });
    if (current.cover_file) std::filesystem::remove(cover_dir_ / *current.cover_file);
    return saved;
}

Articles::Cover Articles::cover(const Actor& actor, std::string_view slug) {
    const auto a = read(actor, slug);
    if (!a.cover_file) throw Error::not_found("This article has no cover image.");
    auto bytes = read_cover_file(cover_dir_, *a.cover_file);
    if (!bytes) throw Error::not_found("This article has no cover image.");
    return Cover{std::move(*bytes), a.cover_type.value_or("image/jpeg"), a.visible()};
}

ArticleList Articles::mine(const Actor& actor, const paging::Page& page) {
    policy::require(actor.who, Action::write_article);
    return db_.read([&](db::Session& s) { return list_by_author(s, actor.who.user_id, page); });
}

}  // namespace hearth::articles
