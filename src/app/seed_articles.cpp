#include "app/seed_articles.hpp"

#include <boost/json/parse.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/field_checks.hpp"
#include "core/error.hpp"
#include "features/articles/articles.hpp"
#include "features/common/content_version.hpp"
#include "features/specialists/profile_store.hpp"
#include "features/vocabularies/vocabulary.hpp"

namespace hearth::app {

namespace {

namespace json = boost::json;
using articles::ArticleContent;

constexpr std::int64_t day_seconds = 24 * 60 * 60;
constexpr std::int64_t synthetic_batch = 500;

std::string string_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::vector<std::string> strings_of(const json::object& o, std::string_view key) {
    std::vector<std::string> out;
    const auto* v = o.if_contains(key);
    if (!v || !v->is_array()) return out;
    for (const auto& item : v->as_array()) {
        if (item.is_string()) out.emplace_back(item.as_string());
    }
    return out;
}

ArticleContent demo_content(const json::object& o) {
    ArticleContent c;
    c.title = string_of(o, "title");
    c.summary = string_of(o, "summary");
    c.body = string_of(o, "body");
    c.key_points = strings_of(o, "key_points");
    c.topics = strings_of(o, "topics");
    c.content_notes = strings_of(o, "content_notes");
    c.adapted_from = string_of(o, "adapted_from");
    if (const auto* refs = o.if_contains("references"); refs && refs->is_array()) {
        for (const auto& r : refs->as_array()) {
            if (!r.is_object()) continue;
            const auto& ro = r.as_object();
            std::string year = string_of(ro, "year");
            if (const auto* y = ro.if_contains("year"); y && y->is_int64()) year = std::to_string(y->as_int64());
            c.references.push_back({string_of(ro, "authors"), year, string_of(ro, "title"), string_of(ro, "publisher"),
                                    string_of(ro, "url"), string_of(ro, "note")});
        }
    }
    return c;
}

// Stores `c` as a published article of `profile`, first published at
// `published_at`; the content is already checked.
void store_published(db::Session& s, const specialists::Profile& profile, const ArticleContent& c,
                     std::int64_t published_at) {
    const auto id = articles::insert_article(s, profile.user_id, profile.id, articles::unique_slug(s, c.title), c,
                                             articles::render_body(c.body), published_at);
    articles::set_status(s, id, true, published_at);
}

// A small deterministic generator (numbers from the article's own number),
// so article #n is the same everywhere.
struct Dice {
    std::uint64_t state;
    explicit Dice(std::int64_t seed) : state(static_cast<std::uint64_t>(seed) * 0x9E3779B97F4A7C15ull + 1) {}
    std::size_t next(std::size_t n) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return static_cast<std::size_t>(state % n);
    }
    template <std::size_t N>
    const char* pick(const char* const (&list)[N]) {
        return list[next(N)];
    }
};

const char* const openings[] = {"When", "Why", "How", "What happens when", "Learning how", "Noticing when"};
const char* const subjects[] = {"a partner withdraws",      "old fears return",        "trust has been broken",
                                "boundaries feel selfish",  "conflict feels dangerous", "family patterns repeat",
                                "rest feels undeserved",    "a loved one shuts down",   "therapy feels daunting",
                                "apologies do not land",    "closeness feels unsafe",  "you are always the helper",
                                "arguments escalate fast",  "silence fills the house", "you start to doubt yourself",
                                "care turns into control",  "grief has no words",      "you both feel alone",
                                "your body remembers",      "saying no feels risky"};
const char* const endings[] = {"a guide for partners", "first steps",          "what research says",
                               "small daily practices", "questions to ask",     "a therapist's view",
                               "notes from practice",   "where to begin",       "gentle ways forward",
                               "what helps and what does not"};
const char* const paragraphs[] = {
    "Many people who come to therapy after a difficult relationship describe the same thing: a sense that the ground "
    "could shift at any moment. That feeling is not a flaw in character. It is a nervous system that learned, for "
    "good reasons, to stay alert, and it can learn again that some moments are safe.",
    "It helps to separate what happened from what it meant. What happened may be a single argument, a broken promise "
    "or years of unpredictability. What it meant is the story the mind built to make sense of it, and that story "
    "can be looked at, questioned and slowly rewritten with care.",
    "Partners often ask what they should say. There is rarely a perfect sentence. What matters more is steadiness: "
    "staying present, naming what you see without blame, and letting the other person set the pace of what they "
    "share. Curiosity tends to open doors that reassurance alone cannot.",
    "Boundaries are not walls. They are information about what you can offer and what you cannot, given kindly and "
    "early. A boundary said calmly on a good day is easier to hear than one shouted at the end of a long week, and it "
    "protects the relationship as much as it protects you.",
    "Research on attachment suggests that secure bonds are built less by avoiding ruptures than by repairing them. "
    "Couples who fight and then come back to each other, acknowledging the hurt, often feel closer afterwards than "
    "before. Repair is a skill, and it can be practised.",
    "Self-care can sound like a luxury when someone you love is struggling. Yet exhaustion narrows attention and "
    "shortens patience. Sleep, food, movement and time with people who know you are not extras; they are what lets "
    "you keep showing up without losing yourself.",
    "Starting therapy is a step many people postpone for years. A first conversation does not commit you to "
    "anything. It is a chance to ask how a therapist works, what a session looks like and whether you feel at ease, "
    "which is one of the best predictors of whether therapy will help.",
    "Patterns from the family we grew up in often show up in the families we build. Noticing them is not about "
    "blaming parents; it is about choosing which habits to keep. Many people find that naming a pattern out loud is "
    "the first time it loosens its grip.",
    "Conflict itself is not the problem. Most couples disagree about the same few topics for decades. What predicts "
    "distress is how those disagreements go: whether criticism turns into contempt, or whether each person can say "
    "what they need and still feel heard.",
    "Healing is rarely a straight line. There will be weeks that feel like going backwards. Those weeks are part of "
    "the process, not proof that nothing is changing. Keeping a few notes about small shifts can make progress "
    "visible when memory only holds the hard days."};
const char* const headings[] = {"What is going on underneath",  "Why it makes sense",      "What you can try",
                                "When to ask for help",         "A note for partners",     "Small steps",
                                "What the research says",       "Questions to reflect on", "Looking after yourself"};
const char* const list_items[] = {"Notice where in your body you feel tension before a difficult conversation.",
                                  "Agree on a pause word that either of you can use when things escalate.",
                                  "Write down one thing that went well each day, however small.",
                                  "Ask rather than assume what the other person needs right now.",
                                  "Keep promises small enough that you can keep them every time.",
                                  "Plan something restful before you need it, not after."};
const char* const ref_authors[] = {"Johnson, S.",  "Gottman, J. and Silver, N.", "Herman, J. L.", "van der Kolk, B.",
                                   "Levine, A. and Heller, R.", "Siegel, D. J.", "Linehan, M. M.", "Hayes, S. C."};
const char* const ref_titles[] = {"Hold Me Tight",
                                  "The Seven Principles for Making Marriage Work",
                                  "Trauma and Recovery",
                                  "The Body Keeps the Score",
                                  "Attached",
                                  "The Developing Mind",
                                  "Building a Life Worth Living",
                                  "Get Out of Your Mind and Into Your Life"};
const char* const ref_publishers[] = {"Little, Brown", "Harmony", "Basic Books", "Viking", "TarcherPerigee",
                                      "Guilford Press", "Random House", "New Harbinger"};

std::string synthetic_title(std::int64_t number) {
    // 6 x 20 x 10 = 1,200 distinct titles, then numbered parts.
    const auto n = static_cast<std::size_t>(number - 1);
    const auto combos = std::size(openings) * std::size(subjects) * std::size(endings);
    std::string title = std::string(openings[n % std::size(openings)]) + " " +
                        subjects[(n / std::size(openings)) % std::size(subjects)] + ": " +
                        endings[(n / (std::size(openings) * std::size(subjects))) % std::size(endings)];
    if (n >= combos) title += " (part " + std::to_string(n / combos + 1) + ")";
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    return title;
}

ArticleContent synthetic_article(std::int64_t number, const std::vector<std::string>& topics) {
    Dice dice(number);
    ArticleContent c;
    c.title = synthetic_title(number);
    c.summary = std::string(paragraphs[dice.next(std::size(paragraphs))]).substr(0, 240);
    c.summary = c.summary.substr(0, c.summary.rfind(' ')) + "...";
    // 16 to 25 paragraphs of about 50 words: 800-1,500 words with headings and lists.
    const auto sections = 4 + dice.next(2);
    std::ostringstream body;
    for (std::size_t s = 0; s < sections; ++s) {
        body << "## " << headings[(s + number) % std::size(headings)] << "\n\n";
        const auto count = 4 + dice.next(2);
        for (std::size_t p = 0; p < count; ++p) body << dice.pick(paragraphs) << "\n\n";
        if (s % 2 == 1) {
            for (int i = 0; i < 3; ++i) body << "- " << dice.pick(list_items) << "\n";
            body << "\n";
        }
    }
    body << "If any of this feels familiar, a [free first conversation](https://hearth.example/free-consultation) "
            "can be a gentle place to start.[^1]\n\n"
         << "[^1]: A first conversation lasts about thirty minutes and commits you to nothing.\n";
    c.body = body.str();
    for (int i = 0; i < 3; ++i) c.key_points.push_back(dice.pick(list_items));
    std::sort(c.key_points.begin(), c.key_points.end());
    c.key_points.erase(std::unique(c.key_points.begin(), c.key_points.end()), c.key_points.end());
    if (!topics.empty()) {
        c.topics.push_back(topics[static_cast<std::size_t>(number - 1) % topics.size()]);
        c.topics.push_back(topics[dice.next(topics.size())]);
    }
    const auto refs = 2 + dice.next(4);
    for (std::size_t i = 0; i < refs; ++i) {
        const auto k = dice.next(std::size(ref_titles));
        c.references.push_back({ref_authors[k], std::to_string(1992 + dice.next(32)), ref_titles[k], ref_publishers[k],
                                "", ""});
    }
    return c;
}

}  // namespace

ArticleSeedReport seed_demo_articles(db::Database& db, const std::filesystem::path& file) {
    ArticleSeedReport report;
    std::ifstream in(file);
    if (!in) return report;
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    const auto doc = json::parse(text.str(), ec);
    if (ec || !doc.is_array()) throw Error(500, "bad_demo_articles", file.string() + " is not a JSON array.");
    db.write([&](db::Session& s) {
        const auto now = now_seconds();
        for (const auto& entry : doc.as_array()) {
            if (!entry.is_object()) continue;
            const auto& o = entry.as_object();
            const auto profile = specialists::find_profile_by_slug(s, string_of(o, "author_slug"));
            auto c = demo_content(o);
            FieldChecks check;
            articles::check_content(c, false, check);
            std::vector<std::string> unknown;
            vocabularies::resolve_slugs(s, vocabularies::Kind::topic, c.topics, unknown);
            if (!profile || !profile->verified_at || !check.ok() || !unknown.empty()) {
                ++report.skipped;
                continue;
            }
            if (!s.query("SELECT 1 FROM articles WHERE author_id = $1 AND title = $2", {profile->user_id, c.title})
                     .empty()) {
                ++report.existing;
                continue;
            }
            std::int64_t days = 0;
            if (const auto* d = o.if_contains("published_days_ago"); d && d->is_int64()) days = d->as_int64();
            store_published(s, *profile, c, now - days * day_seconds);
            ++report.created;
        }
        if (report.created > 0) {
            articles::index_articles(s, 1, s.query("SELECT COALESCE(MAX(id), 0) FROM articles").front().integer(0));
            content_version::raise(s);
        }
    });
    return report;
}

ArticleSeedReport seed_articles(db::Database& db, std::int64_t count) {
    ArticleSeedReport report;
    struct Author {
        std::int64_t user_id, profile_id;
    };
    std::vector<Author> authors;
    std::vector<std::string> topics;
    std::set<std::string> titles;
    db.read([&](db::Session& s) {
        for (const auto& r : s.query("SELECT user_id, id FROM specialist_profiles WHERE verified_at IS NOT NULL "
                                     "AND suspended_at IS NULL ORDER BY id")) {
            authors.push_back({r.integer(0), r.integer(1)});
        }
        for (const auto& t : vocabularies::list_terms(s, vocabularies::Kind::topic)) topics.push_back(t.slug);
        for (const auto& r : s.query("SELECT title FROM articles")) titles.insert(r.text(0));
    });
    if (authors.empty()) {
        throw Error(422, "no_authors", "Seed verified specialists first (hearth seed --demo or --specialists N).");
    }
    const auto now = now_seconds();
    for (std::int64_t first = 1; first <= count; first += synthetic_batch) {
        const auto last = std::min(count, first + synthetic_batch - 1);
        db.write([&](db::Session& s) {
            std::int64_t low = 0, high = 0;
            for (std::int64_t n = first; n <= last; ++n) {
                auto c = synthetic_article(n, topics);
                if (titles.contains(c.title)) {
                    ++report.existing;
                    continue;
                }
                const auto& author = authors[static_cast<std::size_t>(n - 1) % authors.size()];
                // Spread over the last two years, newest for the highest numbers.
                const auto published_at = now - (count - n + 1) * (2 * 365 * day_seconds) / std::max<std::int64_t>(count, 1);
                const auto id = articles::insert_article(s, author.user_id, author.profile_id,
                                                         articles::unique_slug(s, c.title), c,
                                                         articles::render_body(c.body), published_at);
                articles::set_status(s, id, true, published_at);
                if (low == 0) low = id;
                high = id;
                titles.insert(c.title);
                ++report.created;
            }
            if (low != 0) {
                articles::index_articles(s, low, high);
                content_version::raise(s);
            }
        });
    }
    return report;
}

}  // namespace hearth::app
