#include "features/site/contact.hpp"

#include <string>

namespace hearth::site {

namespace {

// The subject line of a deletion request, percent-encoded for a mailto: URL,
// so the operators can find such requests at a glance.
constexpr const char* deletion_subject = "Please%20delete%20my%20Hearth%20account";

}  // namespace

boost::json::object contact_view(const render::SiteInfo& site) {
    boost::json::object v;
    const std::string& email = site.contact_email;
    v["has_email"] = !email.empty();
    v["email"] = email;
    v["mailto"] = email.empty() ? std::string() : "mailto:" + email;
    v["deletion_mailto"] = email.empty() ? std::string() : "mailto:" + email + "?subject=" + deletion_subject;
    v["reply_time"] = site.contact_reply_time;
    return v;
}

void add_contact_form(boost::json::object& view, bool signed_in, std::string subject, std::string body,
                      std::string idempotency_key) {
    view["form"] = boost::json::object{
        {"signed_in", signed_in},
        {"idempotency_key", std::move(idempotency_key)},
        {"values", boost::json::object{{"subject", std::move(subject)}, {"body", std::move(body)}}}};
}

}  // namespace hearth::site
