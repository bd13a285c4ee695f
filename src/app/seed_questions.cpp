#include "app/seed_questions.hpp"

#include <boost/json/parse.hpp>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "app/seed.hpp"
#include "app/seed_specialists.hpp"
#include "core/clock.hpp"
#include "features/accounts/account_store.hpp"
#include "features/questions/answer_store.hpp"
#include "features/questions/answers.hpp"
#include "features/questions/question_search_index.hpp"
#include "features/questions/question_store.hpp"
#include "features/questions/questions.hpp"
#include "features/specialists/profile_store.hpp"
#include "security/password.hpp"
#include "security/rate_limit.hpp"

namespace hearth::app {

namespace {

// ------------------------------------------------------------------ demo --

Actor actor_of(const accounts::User& u) {
    Principal p;
    p.user_id = u.id;
    p.role = u.role;
    p.email = u.email;
    p.display_name = u.display_name;
    p.email_verified = true;
    return Actor{p, "127.0.0.1"};
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string text_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) throw std::runtime_error("demo question without \"" + std::string(key) + "\"");
    return std::string(v->as_string());
}

// --------------------------------------------------------------- synthetic --

constexpr std::string_view synthetic_domain = "@synthetic.hearth.localhost";
constexpr std::int64_t synthetic_askers = 500;
constexpr std::int64_t synthetic_specialists_wanted = 40;
constexpr std::int64_t batch_size = 1000;
// Question #n was asked at first_asked + n * asked_every (UTC seconds):
// the same times on every run, about 15 minutes apart from 1 January 2025.
constexpr std::int64_t first_asked = 1735689600;
constexpr std::int64_t asked_every = 900;

std::string asker_email(std::int64_t n) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "asker-%06lld", static_cast<long long>(n));
    return std::string(buf) + std::string(synthetic_domain);
}

struct TopicText {
    std::string_view slug;
    std::vector<std::string_view> titles;
    std::vector<std::string_view> situations;
    std::vector<std::string_view> answer_points;
};

// Original sentences, recombined. Each topic's own, so a question and its
// answers speak of the same thing.
const std::vector<TopicText>& topic_texts() {
    static const std::vector<TopicText> texts = {
        {"supporting-a-partner",
         {"How do I support my partner without losing myself", "My partner shuts down when I ask about the past",
          "Supporting a partner who startles easily and sleeps badly"},
         {"my partner has nightmares and I never know whether to wake them",
          "my partner gets angry out of nowhere and apologises later, and I feel I walk on eggshells",
          "I have stopped seeing friends because I worry about leaving my partner alone"},
         {"Looking after yourself is part of supporting your partner, not a betrayal of them.",
          "A few agreed words for hard moments give you both a way out that is not a fight.",
          "Your partner's recovery is theirs; you can encourage it without being their therapist."}},
        {"boundaries",
         {"How do I say no to my family without the guilt", "Setting boundaries with a parent who calls every day",
          "Why do I give in every time I try to hold a boundary"},
         {"my mother is hurt whenever I say no, and the guilt lasts for days",
          "my father criticises my work and my home whenever we talk",
          "I agree to everything at work and then feel resentful and exhausted"},
         {"Guilt is often the old rule speaking, not a sign that you did something wrong.",
          "Start smaller than feels necessary, and decide what you will do rather than what they must do.",
          "Expect some protest when a long pattern changes, and plan support for the days after."}},
        {"attachment",
         {"Why do I panic when my partner needs space", "I go quiet and distant when someone gets close",
          "Is my anxious attachment ruining my relationship"},
         {"I feel panic when a message goes unanswered for an hour",
          "I pull away whenever a relationship starts to feel serious",
          "silence after an argument makes me feel sick and afraid of being left"},
         {"The alarm you feel is older and faster than the reassuring thought, so it helps to calm the body first.",
          "Closeness can be practised in small, chosen doses until it feels less unfamiliar.",
          "Naming the pattern together, at a calm time, often changes more than any single argument."}},
        {"healing-family-trauma",
         {"How do I heal from a childhood nobody talks about", "My family pretends nothing happened",
          "Can I heal from family trauma without cutting contact"},
         {"my family never speaks about what happened when I was a child",
          "I feel like a child again every time I visit my parents",
          "my siblings remember our childhood very differently and say I exaggerate"},
         {"You do not need your family to agree with your memories for your feelings to be real.",
          "Healing often begins with making sense of your own story, at your own pace.",
          "Contact can be shaped rather than ended: shorter visits, clearer topics, a plan to leave."}},
        {"breaking-the-cycle",
         {"I shout at my children the way I was shouted at", "How do I stop repeating my parents",
          "Breaking the cycle when I never saw another way"},
         {"I hear my father's anger in my own voice when my children do not listen",
          "I swore I would parent differently, and under stress I sound just like my mother",
          "I apologise to my children after I lose my temper and feel ashamed for days"},
         {"Noticing the pattern and repairing afterwards is exactly where breaking a cycle begins.",
          "Learn your early signs, and have one small action ready for the moment they come.",
          "A calm apology teaches children that ruptures can be mended."}},
        {"self-care-and-burnout",
         {"I am exhausted from holding everyone together", "Burnout from caring for a partner with trauma",
          "How do I rest when I feel guilty for resting"},
         {"I cannot sleep, I am short with everyone, and I feel I have nothing left",
          "work and home both need me and I have stopped doing anything for myself",
          "I feel guilty whenever I take an evening for myself"},
         {"Rest is not a reward for finishing everything; it is what lets you keep going.",
          "Protect one or two small things that are yours, every week.",
          "Exhaustion this deep deserves support of its own, not only more effort."}},
        {"communication-and-conflict",
         {"Every small disagreement turns into a huge argument", "How do we argue without hurting each other",
          "My partner goes silent for days after we argue"},
         {"we argue about the dishes and within minutes we are shouting about everything",
          "I apologise just to end the silence, even when I do not think I was wrong",
          "my partner says I attack and I feel I am never heard"},
         {"Agree on a time-out with a promised return, so a pause does not feel like disappearing.",
          "Talk about the pattern at a calm time, not in the middle of the argument.",
          "Underneath anger there is often fear or hurt that is hard to say out loud."}},
        {"trust-and-repair",
         {"Can trust come back after an affair", "How do we repair after years of distance",
          "I want to trust my partner again but I keep checking"},
         {"I found out about an affair and some days I am fine and the next I am furious",
          "we have drifted into a distance neither of us chose",
          "I check my partner's phone and hate myself for it"},
         {"Trust grows from many small moments of reliability rather than one big promise.",
          "Waves of anger months later are common and do not mean you are failing.",
          "Repair needs room for the hurt partner's pain without every conversation becoming a trial."}},
        {"starting-therapy",
         {"I have never been to therapy and do not know where to start", "How do I know a therapist is right for me",
          "Is it worth starting therapy if I am not in crisis"},
         {"I am nervous I will freeze and not know what to say",
          "I tried therapy once and it did not feel safe",
          "I am not sure my problems are serious enough for therapy"},
         {"You do not need a prepared story; not knowing where to start is a fine beginning.",
          "Notice whether you feel listened to: that sense of fit matters a great deal.",
          "Therapy is not only for crises; many people come to understand a pattern before it grows."}},
        {"free-consultations",
         {"What happens in a free consultation", "What should I ask in a first consultation",
          "Is a free consultation a therapy session"},
         {"I have found two specialists and do not know how to choose",
          "I worry I will have to tell my whole history in thirty minutes",
          "I am not sure what I am allowed to ask in a free consultation"},
         {"A free consultation is a short conversation to see whether working together makes sense.",
          "Ask how they work, what the first sessions would look like, and about fees.",
          "It is fine to talk to more than one specialist before you decide, or to decide not yet."}},
    };
    return texts;
}

constexpr std::string_view openings[] = {"For a while now,", "Since we moved in together,",
                                         "Ever since my last relationship ended,", "Over the past year,",
                                         "Lately,", "Since our first child was born,",
                                         "After years of trying on my own,", "For as long as I can remember,"};
constexpr std::string_view asks[] = {"How do I start to change this?", "Is this something therapy can help with?",
                                     "What would you suggest as a first step?", "How do other people get through this?",
                                     "Is it normal to feel this way?", "Where do I even begin?"};
constexpr std::string_view answer_openings[] = {
    "Thank you for putting this into words; many people recognise themselves in it.",
    "What you describe is common, and it makes sense given what you have lived through.",
    "This is a thoughtful question, and it is a good sign that you are asking it."};
constexpr std::string_view answer_closings[] = {
    "If you would like to explore this with someone, a free consultation is a gentle first step.",
    "Be patient with yourself: patterns that took years to form take time to loosen.",
    "If things ever feel unsafe, the help page lists people you can reach at any hour."};

struct SyntheticQuestion {
    questions::QuestionFields fields;
    std::int64_t asker = 0;  // 1..synthetic_askers
    std::int64_t asked_at = 0;
    std::vector<std::string> answers;
};

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& pool) {
    return pool[rng() % pool.size()];
}
template <class T, std::size_t N>
const T& pick(std::mt19937_64& rng, const T (&pool)[N]) {
    return pool[rng() % N];
}

// Question #n: the same on every machine and run.
SyntheticQuestion synthetic_question(std::int64_t n) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(n) * 0x9E3779B97F4A7C15ULL + 17);
    const auto& all = topic_texts();
    SyntheticQuestion q;
    const auto& main = all[rng() % all.size()];
    q.fields.topics.emplace_back(main.slug);
    const auto extra = rng() % 3;  // 0-2 more topics
    for (std::uint64_t i = 0; i < extra; ++i) {
        const auto& t = all[rng() % all.size()];
        if (std::find(q.fields.topics.begin(), q.fields.topics.end(), t.slug) == q.fields.topics.end())
            q.fields.topics.emplace_back(t.slug);
    }
    q.fields.title = std::string(pick(rng, main.titles)) + (rng() % 2 ? "?" : " (question " + std::to_string(n) + ")?");
    q.fields.body = std::string(pick(rng, openings)) + " " + std::string(pick(rng, main.situations)) + ". " +
                    std::string(pick(rng, asks));
    q.fields.anonymous = rng() % 4 == 0;
    q.asker = 1 + static_cast<std::int64_t>(rng() % synthetic_askers);
    q.asked_at = first_asked + n * asked_every;
    const int answers = n % 5 < 2 ? 0 : n % 5 < 4 ? 1 : 2;  // 40 % wait for an answer
    for (int i = 0; i < answers; ++i) {
        q.answers.push_back(std::string(pick(rng, answer_openings)) + " " + std::string(pick(rng, main.answer_points)) +
                            " " + std::string(pick(rng, main.answer_points)) + " " +
                            std::string(pick(rng, answer_closings)));
    }
    return q;
}

struct Author {
    std::int64_t user_id = 0;
    std::int64_t profile_id = 0;
};

}  // namespace

QuestionSeedReport seed_demo_questions(db::Database& db, const render::Templates& templates,
                                       const std::filesystem::path& file, const std::string& base_url) {
    QuestionSeedReport report;
    const auto doc = boost::json::parse(read_file(file)).as_object();
    security::RateLimiter off(db, false);
    questions::Questions qs(db, off, templates, questions::QaSettings{base_url});
    questions::Answers as(db, off, templates, questions::QaSettings{base_url});
    for (const auto& item : doc.at("questions").as_array()) {
        const auto& o = item.as_object();
        const auto asker_email = text_of(o, "asker");
        const auto asker = db.read([&](db::Session& s) { return accounts::find_user_by_email(s, asker_email); });
        if (!asker) throw std::runtime_error("no demo member " + asker_email + "; run `hearth seed --demo`");
        const auto title = text_of(o, "title");
        const bool exists = db.read([&](db::Session& s) {
            return !s.query("SELECT 1 FROM questions WHERE asker_id = $1 AND title = $2", {asker->id, title}).empty();
        });
        if (exists) {
            ++report.existing;
            continue;
        }
        questions::QuestionFields f;
        f.title = title;
        f.body = text_of(o, "body");
        for (const auto& t : o.at("topics").as_array()) f.topics.emplace_back(t.as_string());
        f.anonymous = o.at("anonymous").as_bool();
        auto saved = qs.ask(actor_of(*asker), f);
        if (!saved) throw std::runtime_error("demo question refused: " + title);
        const auto question_id = saved->question.id;
        ++report.created;
        for (const auto& a : o.at("answers").as_array()) {
            const auto& ao = a.as_object();
            const auto slug = text_of(ao, "specialist");
            const auto author = db.read([&](db::Session& s) -> std::optional<accounts::User> {
                auto profile = specialists::find_profile_by_slug(s, slug);
                if (!profile) return std::nullopt;
                return accounts::find_user_by_id(s, profile->user_id);
            });
            if (!author) throw std::runtime_error("no demo specialist " + slug + "; run `hearth seed --demo`");
            auto answered = as.answer(actor_of(*author), question_id, text_of(ao, "body"));
            if (!answered) throw std::runtime_error("demo answer refused: " + title);
            ++report.answers;
            if (const auto* accepted = ao.if_contains("accepted"); accepted && accepted->as_bool()) {
                qs.choose_accepted(actor_of(*asker), question_id, answered->answer.id);
            }
        }
    }
    return report;
}

QuestionSeedReport seed_questions(db::Database& db, std::int64_t count) {
    QuestionSeedReport report;
    if (count <= 0) return report;
    // Answers come from synthetic specialists; make sure there are some.
    seed_specialists(db, synthetic_specialists_wanted);
    const auto authors = db.read([](db::Session& s) {
        std::vector<Author> out;
        for (const auto& r : s.query("SELECT u.id, p.id FROM users u JOIN specialist_profiles p ON p.user_id = u.id"
                                     " WHERE u.email_normalized LIKE $1 AND p.listed = 1 ORDER BY u.id LIMIT 200",
                                     {"%" + std::string(synthetic_domain)})) {
            out.push_back(Author{r.integer(0), r.integer(1)});
        }
        return out;
    });
    if (authors.empty()) throw std::runtime_error("no listed synthetic specialists to answer");

    // The askers: members made once, with one (slow) password hash.
    const auto hash = security::hash_password(demo_password);
    const auto askers = db.write([&](db::Session& s) {
        std::vector<std::int64_t> ids(synthetic_askers + 1, 0);
        for (std::int64_t n = 1; n <= synthetic_askers; ++n) {
            const auto email = asker_email(n);
            auto found = accounts::find_user_by_email(s, email);
            ids[n] = found ? found->id
                           : accounts::insert_user(s, email, "Member " + std::to_string(n), hash, Role::member, true);
        }
        return ids;
    });

    // Synthetic questions are numbered by their askers' order of creation:
    // the ones there are count, the rest are added.
    const auto existing = db.read([&](db::Session& s) {
        return s.query("SELECT COUNT(*) FROM questions q JOIN users u ON u.id = q.asker_id WHERE u.email_normalized "
                       "LIKE $1 AND u.role = 'member'",
                       {"%" + std::string(synthetic_domain)})
            .front()
            .integer(0);
    });
    report.existing = std::min(existing, count);
    for (auto first = existing + 1; first <= count; first += batch_size) {
        const auto last = std::min(count, first + batch_size - 1);
        db.write([&](db::Session& s) {
            for (auto n = first; n <= last; ++n) {
                const auto q = synthetic_question(n);
                const auto id = questions::insert_question(s, askers[q.asker], q.fields, q.asked_at);
                std::int64_t at = q.asked_at;
                std::size_t k = static_cast<std::size_t>(n);
                for (const auto& body : q.answers) {
                    const auto& a = authors[k++ % authors.size()];
                    at += 3600 * (1 + static_cast<std::int64_t>(k % 30));
                    questions::insert_answer(s, id, a.user_id, a.profile_id, body, at);
                    ++report.answers;
                }
                if (!q.answers.empty()) questions::recount_answers(s, id, at);
                questions::reindex_question(s, id);
                ++report.created;
            }
        });
    }
    return report;
}

}  // namespace hearth::app
