#pragma once
// The pages of specialist profiles: the specialist's own profile wizard
// (/account/profile/...) and the public profile (/specialists/{slug}).
//
// Each wizard step is a GET page and a POST that saves it. A step's form
// carries only its own fields: the handler starts a ProfileDraft from the
// stored profile, copies the step's fields into it and hands the whole
// draft to Profiles::save, so the pages and the API are checked by exactly
// one path.
#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "features/specialists/profiles.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::specialists {

class ProfilePages {
public:
    ProfilePages(Profiles& profiles, db::Database& db, const render::View& view)
        : profiles_(profiles), db_(db), view_(view) {}

    // GET /account/profile: where the profile stands and "Next step: ..."
    // (where specialists land after signing in: landing.hpp).
    http::Response start(http::Request& req);
    http::Response about_form(http::Request& req);       // GET /account/profile/about
    http::Response save_about(http::Request& req);       // POST
    http::Response work_form(http::Request& req);        // GET /account/profile/work
    http::Response save_work(http::Request& req);        // POST
    http::Response practice_form(http::Request& req);    // GET /account/profile/practice
    http::Response save_practice(http::Request& req);    // POST
    http::Response photo_form(http::Request& req);       // GET /account/profile/photo
    http::Response upload_photo(http::Request& req);     // POST (multipart/form-data)
    http::Response review(http::Request& req);           // GET /account/profile/review
    http::Response publish(http::Request& req);          // POST /account/profile/publish

    http::Response public_profile(http::Request& req);   // GET /specialists/{slug}

    // What a listed profile shows of the specialist's articles (another
    // feature's; null for none): {"items","total","has_more","all_url"}.
    // Set once at start-up.
    using AuthorArticles = std::function<boost::json::value(const Profile& p)>;
    void set_author_articles(AuthorArticles f) { author_articles_ = std::move(f); }

private:
    // `step` indexes the wizard's steps (0 = about ... 5 = review; the hours
    // step, 3, is ConsultationPages::hours_step).
    http::Response show_step(http::Request& req, std::size_t step);
    http::Response save_step(http::Request& req, std::size_t step);
    // The step's page model and metadata, showing `draft`.
    std::pair<boost::json::object, render::PageMeta> step_view(http::Request& req, std::size_t step,
                                                               const std::optional<Profile>& profile,
                                                               const ProfileDraft& draft, bool refused);
    // The step again after a refusal, with what was typed and the errors.
    http::Response step_again(http::Request& req, std::size_t step, const std::optional<Profile>& profile,
                              const ProfileDraft& draft, const std::vector<FieldError>& errors, int status);
    http::Response render_review(http::Request& req, const Profile& profile, const std::vector<FieldError>& missing);

    Profiles& profiles_;
    db::Database& db_;
    const render::View& view_;
    AuthorArticles author_articles_;
};

// public_profile_json plus what pages show: how and where they work ("Online
// and in person", "Berlin, Germany"), a readable time zone, the booking link,
// the "Get in touch" details ("contact": profile_contact.hpp contact_view;
// "show_get_in_touch"; "contact_fallback_url", /contact?about=<slug>, for a
// specialist who gives no detail), and a photo URL that changes whenever the
// profile does (photos are cached for a day).
boost::json::object profile_page_json(const Profile& p);
// The wizard's frame for a step whose form another feature owns (the
// hours step: ConsultationPages::hours_step shows the availability form in
// it): the step list, "Step 4 of 6", the listing state, the back link
// (back_url, back_title) and the page's metadata ("Error: " first when
// `refused`). `step_slug` as in /account/profile/<slug>.
std::pair<boost::json::object, render::PageMeta> wizard_frame(std::string_view step_slug,
                                                              const std::optional<Profile>& profile, bool refused);
// The step after `step_slug` in this profile's wizard, as a URL.
std::string wizard_next_url(std::string_view step_slug, const std::optional<Profile>& profile);
// The Open Graph and JSON-LD (schema.org Person) metadata of a profile page.
render::PageMeta profile_page_meta(const Profile& p, const render::View& view);

}  // namespace hearth::specialists
