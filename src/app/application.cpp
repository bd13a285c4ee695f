#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/routes.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/migrations.hpp"
#include "features/common/content_version.hpp"
#include "features/accounts/account_api.hpp"
#include "features/accounts/account_changes.hpp"
#include "features/accounts/account_changes_api.hpp"
#include "features/accounts/account_changes_pages.hpp"
#include "features/accounts/account_pages.hpp"
#include "features/accounts/account_store.hpp"
#include "features/accounts/session_cookies.hpp"
#include "features/accounts/two_factor_api.hpp"
#include "features/accounts/two_factor_pages.hpp"
#include "features/admin/admin_pages.hpp"
#include "features/common/outbox.hpp"
#include "features/articles/article_moderation.hpp"
#include "features/articles/article_editor_pages.hpp"
#include "features/articles/articles.hpp"
#include "features/articles/articles_api.hpp"
#include "features/contact/contact.hpp"
#include "features/contact/contact_api.hpp"
#include "features/contact/contact_pages.hpp"
// Questions and answers
#include "features/questions/answers.hpp"
#include "features/questions/question_moderation.hpp"
#include "features/questions/question_pages.hpp"
#include "features/questions/question_search_index.hpp"
#include "features/questions/question_sitemap.hpp"
#include "features/questions/questions.hpp"
#include "features/questions/questions_api.hpp"
#include "features/reports/reports.hpp"
#include "features/reports/reports_api.hpp"
#include "features/reports/reports_pages.hpp"
#include "features/messages/message_moderation.hpp"
#include "features/reports/target_registry.hpp"
#include "features/specialists/profile_moderation.hpp"
#include "features/common/secrets.hpp"
#include "features/accounts/account_store.hpp"
#include "features/consultations/booking_handoff.hpp"
#include "features/consultations/consultation_api.hpp"
#include "features/consultations/consultation_pages.hpp"
#include "features/messages/message_pages.hpp"
#include "features/consultations/consultations.hpp"
#include "features/live/live_api.hpp"
#include "features/live/live_events.hpp"
#include "features/live/live_hub.hpp"
#include "features/live/live_watch.hpp"
#include "features/common/crisis_phrases.hpp"
#include "features/messages/messages.hpp"
#include "features/messages/messages_api.hpp"
#include "features/site/feeds.hpp"
#include "features/site/site_pages.hpp"
#include "features/articles/article_catalog_api.hpp"
#include "features/articles/article_pages.hpp"
#include "features/site/site_search_pages.hpp"
#include "features/specialists/directory_site_search.hpp"
#include "features/questions/question_site_search.hpp"
#include "features/site/sitemap.hpp"
#include "features/articles/article_feed_store.hpp"
#include "features/specialists/profile_sitemap.hpp"
#include "features/campaign/campaign.hpp"
#include "features/campaign/campaign_pages.hpp"
#include "features/specialists/admin_specialist_pages.hpp"
#include "features/specialists/directory_pages.hpp"
#include "features/specialists/profile_api.hpp"
#include "features/specialists/profile_pages.hpp"
#include "features/specialists/profiles.hpp"
#include "features/specialists/reply_time_refresh.hpp"
// questions: followed topics, "unanswered in my topics", the daily digest
#include "features/questions/question_digest.hpp"
#include "features/questions/topic_follows.hpp"
#include "features/questions/unanswered_pages.hpp"
#include "http/access_log.hpp"
// Account deletion and the admin's view of a person
#include "features/privacy/account_deletion.hpp"
#include "features/privacy/account_deletion_api.hpp"
#include "features/privacy/account_deletion_pages.hpp"
#include "features/privacy/admin_person_pages.hpp"
// Data exports (GDPR articles 15 and 20)
#include "features/privacy/data_export.hpp"
#include "features/privacy/data_export_pages.hpp"
#include "http/form.hpp"
#include "http/log_redaction.hpp"
#include "http/redirect.hpp"
#include "http/router.hpp"
#include "http/security_headers.hpp"
#include "http/static_files.hpp"
#include "render/view.hpp"
#include "features/messages/message_rekey.hpp"
#include "security/message_keys.hpp"
#include "security/rate_limit.hpp"
#include "security/tokens.hpp"

namespace hearth::app {

namespace bh = boost::beast::http;

consultations::BookingSettings booking_settings(const Config& config, db::Database& db) {
    return consultations::BookingSettings{config.max_upcoming_consultations, config.base_url,
                                          secrets::shared_secret(db, "link_signing_key"),
                                          mail::address_only(config.mail_from)};
}

namespace {

// Reminders are checked often; pruning old sessions and counters rarely.
constexpr std::chrono::seconds maintenance_interval{30};
constexpr int prune_every = 20;  // x 30 s = 10 minutes
// Outlooks (who is bookable, their next open time, run-out e-mails) are
// computed ahead by consultations::outlook_lookahead_seconds (2 minutes),
// so once a minute keeps the directory from ever trailing the clock.
constexpr int outlook_every = 2;  // x 30 s = 1 minute
// "Usually replies within" changes slowly (a 90-day median): every 10 minutes.
constexpr int reply_time_every = 20;  // x 30 s
// The question digest is at most daily per specialist; looking every 10
// minutes sends each one soon after its day is over.
constexpr int question_digest_every = 20;  // x 30 s
// Data exports: waiting requests are built, expired archives deleted, every round (30 s).
constexpr int data_export_every = 1;

// Moderation: the kinds of item the reports queue knows, and what follows
// an account's suspension (a suspended specialist is unlisted).
reports::TargetRegistry moderation_targets(security::MessageKeyring& message_keys,
                                           consultations::Consultations& bookings) {
    reports::TargetRegistry targets;
    targets.add(std::make_shared<messages::MessageModeration>(message_keys));
    targets.add(std::make_shared<specialists::ProfileModeration>());
    targets.add(std::make_shared<articles::ArticleModerationTarget>());
    // Questions and answers
    targets.add(std::make_shared<questions::QuestionModeration>());
    targets.add(std::make_shared<questions::AnswerModeration>());
    targets.on_suspension(specialists::refresh_listing_of_user);
    // articles: a suspended author's articles leave the public and search
    targets.on_suspension(articles::refresh_articles_of_user);
    // consultations: nobody waits for a call that cannot happen; both sides
    // are told, as for any cancellation.
    targets.on_suspended([&bookings](db::Session& s, std::int64_t user_id) {
        bookings.cancel_upcoming_of_account(
            s, user_id, "Hearth cancelled this consultation: the other person's account is paused for now.",
            now_seconds());
    });
    return targets;
}

// Two-factor sign-in: the paths only admins with a second factor reach.
bool in_admin_area(std::string_view path) {
    const auto under = [&](std::string_view prefix) {
        return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
    };
    return under("/admin") || under("/api/v1/admin");
}

}  // namespace

// Those of `paths` that a GET route answers exactly, in the order given:
// a page a feature has not been built for yet is left out of the sitemap.
static std::vector<std::string> public_pages_routed(const http::Router& router, std::vector<std::string> paths) {
    std::erase_if(paths, [&](const std::string& path) {
        return std::none_of(router.routes().begin(), router.routes().end(), [&](const http::Router::Route& r) {
            return r.method == bh::verb::get && r.pattern == path;
        });
    });
    return paths;
}

struct Application::Parts {
    Config config;
    std::unique_ptr<db::Database> db;
    security::MessageKeyring message_keys;
    security::RateLimiter limiter;
    render::Templates templates;
    render::View view;
    http::StaticFiles static_files;
    accounts::Accounts accounts;
    accounts::SessionCookies session_cookies;
    site::SitePages site;
    accounts::AccountPages account_pages;
    accounts::AccountApi account_api;
    admin::AdminPages admin;
    content_version::Watch version_watch;
    specialists::Profiles profiles;
    specialists::ProfileApi profile_api;
    specialists::ProfilePages profile_pages;
    specialists::AdminSpecialistPages admin_specialists;
    campaign::Campaigns campaigns;
    campaign::CampaignPages campaign_pages;
    campaign::FeaturedStrip featured_strip;
    consultations::Consultations consultations;
    consultations::ConsultationApi consultation_api;
    consultations::ConsultationPages consultation_pages;
    messages::Messages messages;
    messages::MessagesApi messages_api;
    specialists::Directory directory;
    specialists::DirectoryPages directory_pages;
    messages::MessagePages message_pages;
    contact::ContactDesk contact_desk;
    contact::ContactApi contact_api;
    contact::ContactPages contact_pages;
    reports::TargetRegistry moderation;  // before reports_desk, which keeps a reference
    reports::ReportsDesk reports_desk;
    reports::ReportsApi reports_api;
    reports::ReportsPages reports_pages;
    // Articles (reading side) and the site-wide search
    articles::ArticlePages article_pages;
    articles::ArticleCatalogApi article_catalog_api;
    site::SiteSearchPages site_search_pages;
    // Questions and answers
    questions::Questions questions;
    questions::Answers answers;
    questions::QuestionsApi questions_api;
    questions::QuestionPages question_pages;
    live::Hub live_hub;
    live::LiveEvents live_events;
    live::LiveApi live_api;
    live::EventWatch live_watch;
    // articles, the writing side
    articles::Articles articles;
    articles::ArticlesApi articles_api;
    articles::ArticleEditorPages article_editor;
    // Feeds, sitemap and robots.txt (issue 12)
    site::Feeds feeds;
    site::Sitemaps sitemaps;
    // questions: followed topics and the daily digest
    questions::TopicFollows topic_follows;
    questions::UnansweredPages unanswered_pages;
    questions::TopicFollowsApi topic_follows_api;
    questions::QuestionDigest question_digest;
    // Account changes: sessions, password, e-mail address
    accounts::AccountChanges account_changes;
    accounts::AccountChangesApi account_changes_api;
    accounts::AccountChangesPages account_changes_pages;
    // Account deletion and the admin's view of a person
    privacy::AccountDeletion account_deletion;
    privacy::AccountDeletionPages deletion_pages;
    privacy::AccountDeletionApi deletion_api;
    privacy::AdminPersonPages admin_people;
    // Data exports (GDPR articles 15 and 20)
    privacy::DataExports data_exports;
    privacy::DataExportPages data_export_pages;
    // Two-factor sign-in (issue 14)
    accounts::TwoFactor two_factor;
    accounts::DeviceCookie device_cookie;
    accounts::TwoFactorApi two_factor_api;
    accounts::TwoFactorPages two_factor_pages;
    http::Router router;
    mail::Mailer mailer;
    std::string csrf_cookie;

    std::thread maintenance;
    std::mutex maintenance_mutex;
    std::condition_variable maintenance_wake;
    bool stopping = false;

    explicit Parts(Config c)
        : config(std::move(c)),
          db(db::Database::open(config.database_url)),
          message_keys(messages::open_message_keys(
              *db, config.message_key_file.empty() ? config.data_dir / "message_keys" : config.message_key_file)),
          limiter(*db, config.rate_limits),
          templates(config.assets_dir / "templates"),
          view(templates, site_info(config)),
          static_files(config.assets_dir / "static", "/static"),
          accounts(*db, limiter, templates,
                   accounts::SessionSettings{config.session_idle, config.session_absolute},
                   config.base_url),
          session_cookies(config.secure_cookies),
          site(*db, view, featured_strip, static_files, profiles, retention_periods(config)),
          account_pages(accounts, session_cookies, view),
          account_api(accounts, session_cookies),
          admin(*db, view),
          version_watch(*db),
          profiles(*db, config.data_dir / "photos", config.directory_cache, version_watch, &templates, config.base_url),
          profile_api(profiles, *db),
          profile_pages(profiles, *db, view),
          admin_specialists(profiles, view),
          campaigns(*db, &version_watch),
          campaign_pages(campaigns, view),
          featured_strip(campaigns, templates),
          consultations(*db, templates, limiter, booking_settings(config, *db)),
          consultation_api(consultations),
          consultation_pages(consultations, profiles, view, config.secure_cookies),
          // Each committed event wakes its person's open streams on this node at once.
          messages(*db, message_keys, templates, limiter, messages::MessageSettings{config.base_url},
                   [this](std::int64_t user_id) { live_hub.notify(user_id); }),
          messages_api(messages),
          directory(*db, config.directory_cache, version_watch),
          directory_pages(directory, view),
          message_pages(messages, profiles, view, config.secure_cookies),
          contact_desk(*db, limiter, templates, contact::ContactSettings{config.contact_email, config.base_url}),
          contact_api(contact_desk),
          contact_pages(contact_desk, view),
          moderation(moderation_targets(message_keys, consultations)),
          reports_desk(*db, limiter, moderation),
          reports_api(reports_desk),
          reports_pages(reports_desk, view),
          // Articles (reading side) and the site-wide search: the kinds /search shows, in order.
          article_pages(*db, view, &version_watch),
          article_catalog_api(*db),
          site_search_pages(*db, view, {specialists::specialist_search_source(), articles::article_search_source(),
                                        questions::question_search_source()}),
          // Questions and answers
          questions(*db, limiter, templates, questions::QaSettings{config.base_url}),
          answers(*db, limiter, templates, questions::QaSettings{config.base_url}),
          questions_api(questions, answers),
          question_pages(questions, answers, view),
          live_hub(live::StreamLimits{5, config.live_max_streams}),
          live_events(*db, live_hub, [this](std::int64_t user_id) { return messages.unread_total(user_id); },
                      [this](const Principal& who) {
                          return db->read([&](db::Session& s) {
                              auto found = accounts::find_live_session(s, who.session_key_hash, now_seconds());
                              return found && found->user.id == who.user_id;
                          });
                      }),
          live_api(live_events),
          live_watch(*db, live_hub),
          articles(*db, config.data_dir / "covers"),
          articles_api(articles),
          article_editor(articles, view),
          feeds(*db, config.base_url, site_info(config).name),
          sitemaps(*db, config.base_url, config.sitemap_urls_per_file),
          // questions: followed topics and the daily digest
          topic_follows(*db),
          unanswered_pages(topic_follows, view),
          topic_follows_api(topic_follows),
          question_digest(*db, templates, questions::DigestSettings{config.base_url}),
          // Account changes: sessions, password, e-mail address
          account_changes(*db, limiter, templates, config.base_url),
          account_changes_api(account_changes, session_cookies),
          account_changes_pages(account_changes, session_cookies, view),
          // Account deletion and the admin's view of a person
          account_deletion(*db, limiter, templates, consultations,
                           privacy::DeletionSettings{config.deletion_grace, config.data_dir / "photos",
                                                     config.data_dir / "covers", config.base_url,
                                                     config.data_dir / "exports"}),
          deletion_pages(account_deletion, session_cookies, view),
          deletion_api(account_deletion),
          admin_people(account_deletion, view),
          // Data exports (GDPR articles 15 and 20)
          data_exports(*db, message_keys, consultations, templates, limiter,
                       privacy::ExportSettings{config.data_dir, config.base_url, config.export_build_at_once_records}),
          data_export_pages(data_exports, view, config.assets_dir / "docs" / "export-schema.json"),
          // Two-factor sign-in
          two_factor(*db, limiter, secrets::shared_secret(*db, "recovery_code_key")),
          device_cookie(config.secure_cookies),
          two_factor_api(two_factor, device_cookie),
          two_factor_pages(two_factor, accounts, session_cookies, device_cookie, view),
          mailer(*db, mail::MailSettings{config.smtp_url, config.smtp_user, config.smtp_password, config.mail_from,
                                         config.data_dir / "outbox", config.smtp_ca_file,
                                         config.mail_retry_base.count()}),
          csrf_cookie(config.secure_cookies ? "__Host-hearth_csrf" : "hearth_csrf") {
        static_files.alias("/favicon.ico", "/static/favicon.svg");
        // Messages (and later questions) show crisis resources by this list.
        crisis::load_phrases_file(crisis::phrases_file(config.assets_dir));
        // The sign-up and log-in pages name the booking a visitor is part-way through.
        account_pages.describe_returns_with([this](const http::Request& req, std::string_view return_to) {
            return consultations::describe_booking_return(profiles, req.principal, return_to);
        });
        // /account: the message e-mail setting and the person's "Contact us"
        // requests with their answers. Every signed-in page shows the unread
        // count beside "Messages".
        view.set_signed_in_extras([this](const http::Request& req) { return message_pages.nav_extras(req); });
        account_pages.add_section([this](const http::Request& req, boost::json::object& data) {
            message_pages.add_account_section(req, data);
        });
        account_pages.add_section([this](const http::Request& req, boost::json::object& data) {
            data["contact_requests"] = contact_pages.account_section(req.actor());
        });
        // Articles (reading side): pages link the Atom feeds served above;
        // the article page offers "Report" (articles are a moderation target).
        view.set_feed_links(true);
        article_pages.set_reports_accept_articles(true);
        // A listed profile lists its author's newest articles.
        profile_pages.set_author_articles([this](const specialists::Profile& p) {
            return article_pages.by_author_json(p.id, p.slug);
        });
        account_pages.add_section([this](const http::Request& req, boost::json::object& data) {
            article_editor.add_account_section(req, data);
        });
        // /account: "Your reports" with their status.
        account_pages.add_section([this](const http::Request& req, boost::json::object& data) {
            data["my_reports"] = reports_pages.account_section(req.actor());
        });
        // Questions and answers: their search documents, built once after an upgrade.
        questions::rebuild_question_index_if_stale(*db);
        // questions: a specialist's followed topics
        account_pages.add_section([this](const http::Request& req, boost::json::object& data) {
            unanswered_pages.add_account_section(req, data);
        });
        // Account changes: /account's "Signing in" section (password, e-mail, sessions).
        account_pages.add_section([this](const http::Request& req, boost::json::object& data) {
            account_changes_pages.add_account_section(req, data);
        });
        // Data exports: "Your data" on /account.
        account_pages.add_section([this](const http::Request& req, boost::json::object& data) {
            data_export_pages.add_account_section(req, data);
        });
        // Account deletion: "Delete your account" on /account.
        account_pages.add_section([this](const http::Request& req, boost::json::object& data) {
            deletion_pages.add_account_section(req, data);
        });
        // Two-factor sign-in: the code step after the password (pages and
        // API), and its panel on /account.
        account_pages.after_password_with(
            [this](http::Request& req, const accounts::User& user, const std::string& landing) {
                return two_factor_pages.after_password(req, user, landing);
            });
        account_api.after_password_with([this](http::Request& req, const accounts::User& user, std::string_view otp) {
            return two_factor_api.sign_in_step(req, user, otp);
        });
        account_pages.add_section([this](const http::Request& req, boost::json::object& data) {
            two_factor_pages.add_account_section(req, data);
        });
        // Deleting an account asks for the second factor where there is one.
        account_deletion.use_second_factor(privacy::SecondFactor{
            [this](std::int64_t user_id) {
                return two_factor.after_password(user_id, Role::member, "") == accounts::SignInStep::needs_code;
            },
            [this](std::int64_t user_id, std::string_view code) {
                return static_cast<bool>(two_factor.check_code(Actor{}, user_id, code));
            }});
        add_routes(router, Handlers{site, account_pages, account_api, admin, profile_api, profile_pages,
                                    admin_specialists, campaign_pages, consultation_api,
                                    consultation_pages, directory_pages, messages_api, message_pages, contact_api,
                                    contact_pages, reports_api, reports_pages, live_api, articles_api,
                                    article_editor, feeds, sitemaps, questions_api, question_pages,
                                    unanswered_pages, topic_follows_api,
                                    article_pages, article_catalog_api, site_search_pages,
                                    account_changes_api, account_changes_pages,
                                    deletion_pages, deletion_api, admin_people, data_export_pages,
                                    two_factor_api, two_factor_pages});
        // The sitemap: the site's own pages that have a route, then each
        // feature's public records.
        sitemaps.set_sources({site::static_pages_source(public_pages_routed(
                                  router, {"/", "/specialists", "/free-consultation", "/articles", "/questions",
                                           "/help", "/contact", "/privacy"})),
                              specialists::profile_sitemap_source(), articles::article_sitemap_source(),
                              questions::question_sitemap_source()});
    }

    void check_csrf(const http::Request& req) const;
    void count_write(const http::Request& req, const http::Router::Route& route);
    http::Response dispatch(http::Request& req, bool& new_csrf_cookie);
    bool give_visitor_csrf_token(http::Request& req) const;
    http::Response error_page(http::Request& req, const Error& e);
    void finish(const http::Request& req, http::Response& res, bool new_csrf_cookie) const;
};

void Application::Parts::check_csrf(const http::Request& req) const {
    if (!http::changes_state(req.method()) || req.principal.via_bearer) return;
    // An API call that carries no cookie has no ambient authority to abuse.
    if (req.is_api() && !req.cookie(session_cookies.name())) return;
    std::string sent(req.header("X-CSRF-Token"));
    if (sent.empty() && !req.is_api() && req.has_form_body()) sent = req.form_value("_csrf");
    if (sent.empty() || req.csrf_token.empty() || !security::constant_time_equal(sent, req.csrf_token)) {
        throw Error::csrf();
    }
}

// Every state-changing route names a write limit (app/routes.cpp); each
// request is counted here, once CSRF has passed and before the handler runs,
// so a refused request (429 with Retry-After) has changed nothing. Signed-in
// people are counted by user id, visitors by client address.
void Application::Parts::count_write(const http::Request& req, const http::Router::Route& route) {
    if (!http::changes_state(route.method)) return;
    const security::WriteLimit* limit = security::write_limits::find(route.write_limit);
    if (!limit) throw std::logic_error("route " + route.pattern + " names an unknown write limit");
    limiter.hit(*limit, req.actor());
}

http::Response Application::Parts::error_page(http::Request& req, const Error& e) {
    if (req.is_api()) return http::json_error(e);
    if (e.status() == 401) {
        // Visitors are sent to log in and then back where they were.
        const std::string back = req.method() == bh::verb::get ? http::safe_local_target(req.target(), "/") : "/";
        return http::redirect("/login?gated=1&return_to=" + http::url_encode(back),
                              req.method() == bh::verb::get ? 302 : 303);
    }
    std::string title = e.status() == 404   ? "We could not find that page"
                        : e.status() == 403 ? "You can't do that here"
                        : e.status() == 429 ? "Please wait a moment"
                                            : "Something is not right with that request";
    render::PageMeta meta;
    meta.title = title;
    meta.noindex = true;
    boost::json::object data{{"status", e.status()}, {"title", title}, {"message", e.message()}};
    // A form refused before its handler ran (text at the boundary) names
    // each refused field, as the form itself would.
    if (!e.fields().empty()) {
        boost::json::array fields;
        for (const auto& f : e.fields()) fields.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
        data["fields"] = std::move(fields);
    }
    auto r = http::html(e.status(), view.page(req, "errors/error", std::move(data), meta));
    if (e.status() == 429) r.set(bh::field::retry_after, std::to_string(e.retry_after()));
    return r;
}

// Visitors' forms (log in, sign up) are protected by a double-submit token:
// a random value in a __Host- cookie that each form must echo.
bool Application::Parts::give_visitor_csrf_token(http::Request& req) const {
    auto existing = req.cookie(csrf_cookie);
    if (existing && existing->size() >= 32 && existing->size() <= 64) {
        req.csrf_token = *existing;
        return false;
    }
    req.csrf_token = security::random_token(32);
    return true;
}

// Text is checked before anything reads the request (a bad path is a 404,
// a bad query or header a 400), and the route before the CSRF token: an
// unknown path is a 404 and a known path's other method a 405, whoever asks.
http::Response Application::Parts::dispatch(http::Request& req, bool& new_csrf_cookie) {
    try {
        if (const auto& refused = req.boundary_error()) throw *refused;
        session_cookies.authenticate(accounts, req);
        if (!req.principal.signed_in()) new_csrf_cookie = give_visitor_csrf_token(req);
        const http::Router::Route* route = nullptr;
        switch (router.find(req, route)) {
            case http::Router::Match::found:
                check_csrf(req);
                count_write(req, *route);
                // Admins reach the admin area only with two-factor sign-in on.
                if (in_admin_area(req.path())) two_factor.require_for_admin(req.principal);
                return route->handler(req);
            case http::Router::Match::no_method: {
                auto r = error_page(req, Error(405, "method_not_allowed", "That method is not allowed here."));
                r.set(bh::field::allow, router.allowed_methods(req.path()));
                return r;
            }
            case http::Router::Match::no_path:
                break;
        }
        throw Error::not_found();
    } catch (const Error& e) {
        return error_page(req, e);
    } catch (const db::ConstraintViolation& e) {
        // The constraint's name, not the message: engines quote the values.
        spdlog::warn("constraint {} refused a write on {}", e.constraint(),
                     http::redact_target(req.target(), loggable_query_names()));
        return error_page(req, Error::conflict("conflict", "That conflicts with something that already exists."));
    } catch (const std::exception& e) {
        spdlog::error("error on {} {}: {}", req.method_name(),
                      http::redact_target(req.target(), loggable_query_names()), http::redact_message(e.what()));
        Error bug(500, "internal_error", "Something went wrong on our side. Please try again in a moment.");
        try {
            return error_page(req, bug);
        } catch (const std::exception&) {
            return http::text(500, "Something went wrong on our side.");
        }
    }
}

// Where the site is served over https, every cookie it sets is Secure, the
// ones a feature set without the flag too (a draft's "sent" marker names the
// form, and so whom a booking was with): none is ever sent in clear text
// (RFC 6265 section 4.1.2.5).
static void require_secure_cookies(http::Response& res) {
    std::vector<std::string> lines;
    const auto [first, last] = res.base().equal_range(bh::field::set_cookie);
    for (auto it = first; it != last; ++it) {
        std::string line(it->value());
        std::string lower = line;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower.find("; secure") == std::string::npos) line += "; Secure";
        lines.push_back(std::move(line));
    }
    if (lines.empty()) return;
    res.erase(bh::field::set_cookie);
    for (const auto& line : lines) res.insert(bh::field::set_cookie, line);
}

void Application::Parts::finish(const http::Request& req, http::Response& res, bool new_csrf_cookie) const {
    if (new_csrf_cookie) http::set_cookie(res, csrf_cookie, req.csrf_token, {true, config.secure_cookies, "Lax", -1});
    if (config.secure_cookies) require_secure_cookies(res);
    http::apply_security_headers(res, req.is_secure());
    if (!res.count(bh::field::cache_control)) {
        // Pages carry per-person CSRF tokens and names: never in a shared
        // cache, and nothing of a signed-in person's kept anywhere (RFC 9111
        // section 5.2.2.5 no-store, 5.2.2.7 private).
        const bool personal = req.principal.signed_in() || res.count(bh::field::set_cookie);
        res.set(bh::field::cache_control, personal ? "private, no-store" : "private, no-cache");
    }
    // Who is asking (the session cookie or a bearer token) changes the answer.
    if (!res.count(bh::field::vary)) res.set(bh::field::vary, "Cookie, Authorization");
}

Application::Application(Config config) {
    auto db_probe = db::Database::open(config.database_url);
    auto applied = db::migrate(*db_probe, config.assets_dir / "migrations");
    if (!applied.empty()) spdlog::info("applied {} migration(s)", applied.size());
    db_probe.reset();
    parts_ = std::make_unique<Parts>(std::move(config));
    consultations::valid_timezone("UTC");  // loads the zone list now, not on the first request
    if (!parts_->config.rate_limits) {
        spdlog::warn("RATE LIMITS ARE OFF (HEARTH_RATE_LIMITS=off): use this only for load tests and experiments");
    }
}

Application::~Application() { stop_workers(); }

const Config& Application::config() const noexcept { return parts_->config; }

std::size_t Application::body_limit(bh::verb method, std::string_view target) const {
    const auto& p = *parts_;
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return p.config.max_body_bytes;
    const auto size = p.router.body_size(method, parsed->path());
    return size == http::BodySize::upload ? p.config.max_upload_bytes : p.config.max_body_bytes;
}

db::Database& Application::database() noexcept { return *parts_->db; }
const http::Router& Application::router() const noexcept { return parts_->router; }

http::Response Application::handle(http::Request& req) {
    auto& p = *parts_;
    if (auto file = p.static_files.serve(req)) {
        p.finish(req, *file, false);
        return std::move(*file);
    }
    bool new_csrf_cookie = false;
    auto res = p.dispatch(req, new_csrf_cookie);
    // Only pages carry forms; JSON and health checks need no visitor token.
    const bool is_page = res[bh::field::content_type].starts_with("text/html");
    p.finish(req, res, new_csrf_cookie && is_page);
    return res;
}

void Application::start_workers() {
    auto& p = *parts_;
    p.mailer.start();
    p.live_watch.start();
    p.maintenance = std::thread([&p] {
        std::unique_lock lock(p.maintenance_mutex);
        for (int round = 0; !p.stopping; ++round) {
            lock.unlock();
            try {
                p.consultations.send_due_reminders();
                if (round % outlook_every == 0) p.consultations.refresh_due_outlooks();
                if (round % reply_time_every == 0) specialists::refresh_reply_times(*p.db, now_seconds());
                if (round % question_digest_every == 0) p.question_digest.run_round(now_seconds());
                // Account deletion: erase the accounts whose grace period is over.
                p.account_deletion.purge_due(now_seconds());
                if (round % data_export_every == 0) p.data_exports.run_round(now_seconds());
                if (round % prune_every == 0) {
                    p.limiter.prune();
                    p.db->write([](db::Session& s) { accounts::delete_expired_sessions(s, now_seconds()); });
                    p.account_changes.prune(now_seconds());  // e-mail changes no link can use any more
                    // Retention: sent e-mail and old access-log files (the privacy page states both).
                    mail::prune_outbox(*p.db, now_seconds(), p.config.outbox_retention, p.config.data_dir / "outbox");
                    if (p.config.access_log && p.config.access_log_file != "-") {
                        http::prune_access_logs(p.config.access_log_file, p.config.access_log_days, now_seconds());
                    }
                    p.two_factor.prune();  // expired sign-in challenges and remembered browsers
                }
            } catch (const std::exception& e) {
                spdlog::error("maintenance failed: {}", e.what());
            }
            lock.lock();
            p.maintenance_wake.wait_for(lock, maintenance_interval, [&p] { return p.stopping; });
        }
    });
}

void Application::stop_workers() {
    if (!parts_) return;
    auto& p = *parts_;
    {
        std::lock_guard lock(p.maintenance_mutex);
        p.stopping = true;
    }
    p.maintenance_wake.notify_all();
    if (p.maintenance.joinable()) p.maintenance.join();
    p.live_watch.stop();
    p.mailer.stop();
}

}  // namespace hearth::app
