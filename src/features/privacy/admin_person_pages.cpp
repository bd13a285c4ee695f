#include "features/privacy/admin_person_pages.hpp"

#include <boost/json/array.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/time_format.hpp"
#include "features/common/form_view.hpp"
#include "features/privacy/account_deletion_pages.hpp"

namespace hearth::privacy {

namespace {

render::PageMeta meta_of(std::string title) { return render::private_page(std::move(title)); }

std::string day_of(std::int64_t t) { return fmt::format("{:%d %B %Y}", fmt::gmtime(static_cast<std::time_t>(t))); }

boost::json::object summary_json(const PersonSummary& p) {
    return {{"id", p.id},           {"email", p.email}, {"display_name", p.display_name},
            {"role", p.role},       {"since", day_of(p.created_at)}, {"suspended", p.suspended}};
}

// Each count with the words the page shows beside it, in the page's order.
std::vector<std::pair<const char*, std::int64_t>> labelled(const PersonCounts& c) {
    return {{"Consultations (either side, any status)", c.consultations},
            {"Consultations still to come", c.upcoming_consultations},
            {"Conversations", c.conversations},
            {"Messages sent", c.messages_sent},
            {"Questions asked", c.questions},
            {"Answers written", c.answers},
            {"Articles", c.articles},
            {"Reports made", c.reports_made},
            {"Contact requests", c.contact_requests},
            {"Active sessions", c.sessions},
            {"Specialist profile", c.has_profile ? 1 : 0}};
}

}  // namespace

boost::json::object person_json(const PersonView& v) {
    const auto& c = v.counts;
    boost::json::object counts{{"consultations", c.consultations},
                               {"upcoming_consultations", c.upcoming_consultations},
                               {"conversations", c.conversations},
                               {"messages_sent", c.messages_sent},
                               {"questions", c.questions},
                               {"answers", c.answers},
                               {"articles", c.articles},
                               {"reports_made", c.reports_made},
                               {"contact_requests", c.contact_requests},
                               {"sessions", c.sessions},
                               {"has_profile", c.has_profile}};
    boost::json::object o{{"id", v.person.id},
                          {"email", v.person.email},
                          {"display_name", v.person.display_name},
                          {"role", v.person.role},
                          {"created_at", rfc3339(v.person.created_at)},
                          {"counts", std::move(counts)},
                          {"deletion", nullptr}};
    if (v.deletion) {
        o["deletion"] = boost::json::object{{"due_at", rfc3339(v.deletion->due_at)},
                                            {"requested_at", rfc3339(v.deletion->requested_at)}};
    }
    return o;
}

http::Response AdminPersonPages::people(http::Request& req) {
    const auto email = req.query_param("email");
    auto found = deletion_.find_people(req.actor(), email);
    boost::json::array people;
    for (const auto& p : found) people.push_back(summary_json(p));
    boost::json::object data{{"email", email}, {"searched", !email.empty()}, {"found", !people.empty()},
                             {"people", std::move(people)}};
    return http::html(200, view_.page(req, "privacy/admin_people", std::move(data), meta_of("People")));
}

http::Response AdminPersonPages::show(http::Request& req, const PersonView& v, boost::json::object data, int status,
                                      const std::vector<FieldError>& errors) {
    data["person"] = summary_json(v.person);
    boost::json::array counts;
    for (const auto& [label, n] : labelled(v.counts)) counts.push_back(boost::json::object{{"label", label}, {"count", n}});
    data["counts"] = std::move(counts);
    data["grace"] = grace_text(deletion_.grace());
    if (v.deletion) {
        data["deletion"] = boost::json::object{{"due", due_text(v.deletion->due_at)},
                                               {"requested", day_of(v.deletion->requested_at)}};
    }
    auto meta = meta_of("Person: " + v.person.email);
    if (!errors.empty()) {
        return forms::show_again(view_, req, "privacy/admin_person", std::move(data), errors, meta,
                                 forms::Again{status, 0});
    }
    return http::html(status, view_.page(req, "privacy/admin_person", std::move(data), meta));
}

http::Response AdminPersonPages::person(http::Request& req) {
    const auto id = req.path_id("id", "We could not find that person.");
    const auto v = deletion_.person(req.actor(), id);
    boost::json::object data;
    if (req.query_param("done") == "deletion") {
        data["notice"] = "The deletion has started. The person has been logged out and e-mailed the day.";
    }
    return show(req, v, std::move(data), 200, {});
}

http::Response AdminPersonPages::start_deletion(http::Request& req) {
    const auto id = req.path_id("id", "We could not find that person.");
    const auto reason = req.form_value("reason");
    auto outcome = deletion_.start_for(req.actor(), AdminDeletionRequest{id, reason});
    if (!outcome) {
        const auto& refusal = outcome.refusal();
        const auto v = deletion_.person(req.actor(), id);
        boost::json::object data{{"values", boost::json::object{{"reason", reason}}}};
        return show(req, v, std::move(data), status_of(refusal.code),
                    {FieldError{refusal.field.empty() ? "reason" : refusal.field, refusal.message}});
    }
    return http::redirect("/admin/people/" + std::to_string(id) + "?done=deletion");
}

}  // namespace hearth::privacy
