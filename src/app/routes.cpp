#include "app/routes.hpp"

#include <set>
#include <stdexcept>
#include <string>

#include "features/accounts/account_api.hpp"
#include "features/accounts/account_changes_api.hpp"
#include "features/accounts/account_changes_pages.hpp"
#include "features/accounts/account_pages.hpp"
#include "features/accounts/two_factor_api.hpp"
#include "features/accounts/two_factor_pages.hpp"
#include "features/admin/admin_pages.hpp"
#include "features/articles/article_editor_pages.hpp"
#include "features/articles/articles_api.hpp"
#include "features/contact/contact_api.hpp"
#include "features/contact/contact_pages.hpp"
#include "features/privacy/data_export_pages.hpp"
#include "features/reports/reports_api.hpp"
#include "features/reports/reports_pages.hpp"
#include "features/consultations/consultation_api.hpp"
#include "features/messages/messages_api.hpp"
#include "features/consultations/consultation_pages.hpp"
#include "features/live/live_api.hpp"
#include "features/messages/message_pages.hpp"
#include "features/site/feeds.hpp"
#include "features/site/site_pages.hpp"
#include "features/articles/article_catalog_api.hpp"
#include "features/articles/article_pages.hpp"
#include "features/site/site_search_pages.hpp"
#include "features/site/sitemap.hpp"
#include "features/questions/question_pages.hpp"
#include "features/questions/questions_api.hpp"
#include "features/campaign/campaign_pages.hpp"
#include "features/specialists/admin_specialist_pages.hpp"
#include "features/specialists/directory_pages.hpp"
#include "features/specialists/profile_api.hpp"
#include "features/specialists/profile_pages.hpp"
#include "features/questions/unanswered_pages.hpp"
#include "features/privacy/account_deletion_api.hpp"
#include "features/privacy/account_deletion_pages.hpp"
#include "features/privacy/admin_person_pages.hpp"
#include "security/rate_limit.hpp"

namespace hearth::app {

// Binds a member function of a handler object to a route.
template <class T>
static http::Handler to(T& object, http::Response (T::*method)(http::Request&)) {
    return [&object, method](http::Request& req) { return (object.*method)(req); };
}

void add_routes(http::Router& r, Handlers h) {
    // Every state-changing route names the write limit it is counted under
    // (security/rate_limit.hpp); the router refuses one that does not.
    constexpr std::string_view writes = security::write_limits::ordinary.name;
    constexpr std::string_view uploads = security::write_limits::upload.name;
    using site::SitePages;
    using accounts::AccountPages;
    using accounts::AccountApi;
    using admin::AdminPages;

    // Site
    r.get("/", to(h.site, &SitePages::home));
    r.get("/help", to(h.site, &SitePages::help));
    r.get("/privacy", to(h.site, &SitePages::privacy));
    r.get("/contact", to(h.site, &SitePages::contact));
    r.get("/offline", to(h.site, &SitePages::offline));
    r.get("/sw.js", to(h.site, &SitePages::service_worker));
    r.get("/healthz", to(h.site, &SitePages::health));

    // Feeds, sitemap and robots.txt: public documents for machines (issue 12)
    r.get("/feed.xml", to(h.feeds, &site::Feeds::latest));
    r.get("/topics/{topic}/feed.xml", to(h.feeds, &site::Feeds::topic));
    r.get("/specialists/{slug}/feed.xml", to(h.feeds, &site::Feeds::specialist));
    r.get("/sitemap.xml", to(h.sitemaps, &site::Sitemaps::sitemap));
    r.get("/sitemaps/{file}", to(h.sitemaps, &site::Sitemaps::part));
    r.get("/robots.txt", to(h.sitemaps, &site::Sitemaps::robots));
    // Questions: the topics a specialist follows and "unanswered in my
    // topics". Before any /questions/{id}: the first route that matches wins.
    using questions::UnansweredPages;
    using questions::TopicFollowsApi;
    r.get("/questions/unanswered", to(h.unanswered_pages, &UnansweredPages::show));
    r.post("/questions/unanswered/topics", writes, to(h.unanswered_pages, &UnansweredPages::set_topics));
    r.get("/api/v1/me/topic-follows", to(h.topic_follows_api, &TopicFollowsApi::get));
    r.put("/api/v1/me/topic-follows", writes, to(h.topic_follows_api, &TopicFollowsApi::put));

    // Accounts (pages)
    r.get("/signup", to(h.account_pages, &AccountPages::signup_form));
    r.post("/signup", writes, to(h.account_pages, &AccountPages::signup));
    r.get("/login", to(h.account_pages, &AccountPages::login_form));
    r.post("/login", writes, to(h.account_pages, &AccountPages::login));
    r.post("/logout", writes, to(h.account_pages, &AccountPages::logout));
    r.get("/account", to(h.account_pages, &AccountPages::account));
    r.post("/account/verify-email/resend", writes, to(h.account_pages, &AccountPages::resend_verification));
    r.post("/account/sessions/revoke", writes, to(h.account_pages, &AccountPages::revoke_sessions));
    // Data exports (GDPR articles 15 and 20): the page, the one-time
    // download, the published schema and the JSON document for API clients.
    using privacy::DataExportPages;
    r.get("/account/export", to(h.data_export, &DataExportPages::show));
    r.post("/account/export", writes, to(h.data_export, &DataExportPages::request));
    r.get("/account/export/download", to(h.data_export, &DataExportPages::download));
    r.get("/export-schema.json", to(h.data_export, &DataExportPages::schema));
    r.get("/api/v1/me/export", to(h.data_export, &DataExportPages::api_document));
    r.get("/verify-email", to(h.account_pages, &AccountPages::verify_email));
    r.post("/verify-email", writes, to(h.account_pages, &AccountPages::confirm_email));
    r.get("/password/forgot", to(h.account_pages, &AccountPages::forgot_form));
    r.post("/password/forgot", writes, to(h.account_pages, &AccountPages::forgot));
    r.get("/password/reset", to(h.account_pages, &AccountPages::reset_form));
    r.post("/password/reset", writes, to(h.account_pages, &AccountPages::reset));

    // Accounts (API)
    r.post("/api/v1/users", writes, to(h.account_api, &AccountApi::sign_up));
    r.post("/api/v1/session", writes, to(h.account_api, &AccountApi::log_in));
    r.del("/api/v1/session", writes, to(h.account_api, &AccountApi::log_out));
    r.get("/api/v1/me", to(h.account_api, &AccountApi::me));
    r.post("/api/v1/email/verify", writes, to(h.account_api, &AccountApi::verify_email));
    r.post("/api/v1/password/forgot", writes, to(h.account_api, &AccountApi::forgot_password));
    r.post("/api/v1/password/reset", writes, to(h.account_api, &AccountApi::reset_password));

    // Two-factor sign-in: the code step of /login, the account's page, the API
    using accounts::TwoFactorApi;
    using accounts::TwoFactorPages;
    r.post("/login/two-factor", writes, to(h.two_factor_pages, &TwoFactorPages::answer_code));
    r.get("/account/two-factor", to(h.two_factor_pages, &TwoFactorPages::show));
    r.post("/account/two-factor/start", writes, to(h.two_factor_pages, &TwoFactorPages::start));
    r.post("/account/two-factor/confirm", writes, to(h.two_factor_pages, &TwoFactorPages::confirm));
    r.post("/account/two-factor/disable", writes, to(h.two_factor_pages, &TwoFactorPages::disable));
    r.get("/api/v1/me/totp", to(h.two_factor_api, &TwoFactorApi::status));
    r.post("/api/v1/me/totp", writes, to(h.two_factor_api, &TwoFactorApi::begin));
    r.post("/api/v1/me/totp/confirm", writes, to(h.two_factor_api, &TwoFactorApi::confirm));
    r.del("/api/v1/me/totp", writes, to(h.two_factor_api, &TwoFactorApi::disable));
    // Account changes: sessions, password, e-mail address (pages and API).
    // The e-mailed links of an address change ask before they act (GET shows
    // a button, POST changes), so a mail scanner opening them changes nothing.
    using accounts::AccountChangesApi;
    using accounts::AccountChangesPages;
    r.post("/account/sessions/{id}/end", writes, to(h.account_changes_pages, &AccountChangesPages::end_session));
    r.get("/account/password", to(h.account_changes_pages, &AccountChangesPages::password_form));
    r.post("/account/password", writes, to(h.account_changes_pages, &AccountChangesPages::change_password));
    r.get("/account/email", to(h.account_changes_pages, &AccountChangesPages::email_form));
    r.post("/account/email", writes, to(h.account_changes_pages, &AccountChangesPages::request_email));
    r.get("/account/email/confirm", to(h.account_changes_pages, &AccountChangesPages::confirm_form));
    r.post("/account/email/confirm", writes, to(h.account_changes_pages, &AccountChangesPages::confirm));
    r.get("/account/email/undo", to(h.account_changes_pages, &AccountChangesPages::undo_form));
    r.post("/account/email/undo", writes, to(h.account_changes_pages, &AccountChangesPages::undo));
    r.get("/api/v1/me/sessions", to(h.account_changes_api, &AccountChangesApi::sessions));
    r.del("/api/v1/me/sessions/{id}", writes, to(h.account_changes_api, &AccountChangesApi::end_session));
    r.put("/api/v1/me/password", writes, to(h.account_changes_api, &AccountChangesApi::change_password));
    r.put("/api/v1/me/email", writes, to(h.account_changes_api, &AccountChangesApi::request_email_change));
    r.post("/api/v1/email/change/confirm", writes, to(h.account_changes_api, &AccountChangesApi::confirm_email_change));
    r.post("/api/v1/email/change/undo", writes, to(h.account_changes_api, &AccountChangesApi::undo_email_change));

    // Specialists: the directory (page and API)
    using specialists::DirectoryPages;
    r.get("/specialists", to(h.directory, &DirectoryPages::page));
    r.get("/api/v1/specialists", to(h.directory, &DirectoryPages::api));

    // Specialists: profiles and verification (API)
    using specialists::ProfileApi;
    r.get("/api/v1/vocabularies", to(h.profile_api, &ProfileApi::vocabularies));
    r.get("/api/v1/me/profile", to(h.profile_api, &ProfileApi::my_profile));
    r.put("/api/v1/me/profile", writes, to(h.profile_api, &ProfileApi::save_profile));
    r.put("/api/v1/me/profile/photo", uploads, to(h.profile_api, &ProfileApi::upload_photo), http::BodySize::upload);
    r.post("/api/v1/me/profile/publish", writes, to(h.profile_api, &ProfileApi::publish));
    r.get("/api/v1/specialists/{slug}", to(h.profile_api, &ProfileApi::public_profile));
    r.get("/specialists/{slug}/photo", to(h.profile_api, &ProfileApi::photo));
    r.get("/api/v1/admin/specialists/pending", to(h.profile_api, &ProfileApi::pending));
    r.post("/api/v1/admin/specialists/{slug}/verify", writes, to(h.profile_api, &ProfileApi::verify));
    r.post("/api/v1/admin/specialists/{slug}/suspend", writes, to(h.profile_api, &ProfileApi::suspend));
    r.post("/api/v1/admin/specialists/{slug}/reinstate", writes, to(h.profile_api, &ProfileApi::reinstate));

    // Specialists: the profile wizard, public profiles (pages)
    using specialists::ProfilePages;
    r.get("/account/profile", to(h.profile_pages, &ProfilePages::start));
    r.get("/account/profile/about", to(h.profile_pages, &ProfilePages::about_form));
    r.post("/account/profile/about", writes, to(h.profile_pages, &ProfilePages::save_about));
    r.get("/account/profile/work", to(h.profile_pages, &ProfilePages::work_form));
    r.post("/account/profile/work", writes, to(h.profile_pages, &ProfilePages::save_work));
    r.get("/account/profile/practice", to(h.profile_pages, &ProfilePages::practice_form));
    r.post("/account/profile/practice", writes, to(h.profile_pages, &ProfilePages::save_practice));
    // The hours step is the availability form (it posts to /account/availability).
    r.get("/account/profile/hours", to(h.consultation_pages, &consultations::ConsultationPages::hours_step));
    r.get("/account/profile/photo", to(h.profile_pages, &ProfilePages::photo_form));
    r.post("/account/profile/photo", uploads, to(h.profile_pages, &ProfilePages::upload_photo),
           http::BodySize::upload);
    r.get("/account/profile/review", to(h.profile_pages, &ProfilePages::review));
    r.post("/account/profile/publish", writes, to(h.profile_pages, &ProfilePages::publish));
    r.get("/specialists/{slug}", to(h.profile_pages, &ProfilePages::public_profile));

    // Free consultations
    using campaign::CampaignPages;
    r.get("/free-consultation", to(h.campaign_pages, &CampaignPages::free_consultation));
    using consultations::ConsultationPages;
    r.get("/specialists/{slug}/book", to(h.consultation_pages, &ConsultationPages::book_form));
    r.post("/specialists/{slug}/book", writes, to(h.consultation_pages, &ConsultationPages::book));
    r.get("/consultations", to(h.consultation_pages, &ConsultationPages::list));
    r.get("/consultations/{id}/calendar.ics", to(h.consultation_pages, &ConsultationPages::calendar));
    r.get("/consultations/{id}/reschedule", to(h.consultation_pages, &ConsultationPages::reschedule_form));
    r.post("/consultations/{id}/reschedule", writes, to(h.consultation_pages, &ConsultationPages::reschedule));
    r.get("/consultations/{id}/cancel", to(h.consultation_pages, &ConsultationPages::cancel_form));
    r.post("/consultations/{id}/cancel", writes, to(h.consultation_pages, &ConsultationPages::cancel));
    r.get("/account/availability", to(h.consultation_pages, &ConsultationPages::availability_form));
    r.post("/account/availability", writes, to(h.consultation_pages, &ConsultationPages::save_availability));

    // Free consultations (API)
    using consultations::ConsultationApi;
    r.get("/api/v1/me/availability", to(h.consultation_api, &ConsultationApi::availability));
    r.put("/api/v1/me/availability", writes, to(h.consultation_api, &ConsultationApi::set_availability));
    r.get("/api/v1/specialists/{slug}/slots", to(h.consultation_api, &ConsultationApi::slots));
    r.get("/api/v1/consultations", to(h.consultation_api, &ConsultationApi::list));
    r.post("/api/v1/consultations", writes, to(h.consultation_api, &ConsultationApi::book));
    r.get("/api/v1/consultations/{id}", to(h.consultation_api, &ConsultationApi::show));
    r.post("/api/v1/consultations/{id}/cancel", writes, to(h.consultation_api, &ConsultationApi::cancel));
    r.post("/api/v1/consultations/{id}/reschedule", writes, to(h.consultation_api, &ConsultationApi::reschedule));
    r.get("/api/v1/consultations/{id}/ics", to(h.consultation_api, &ConsultationApi::ics));

    // Live updates of a signed-in person's pages (server-sent events or polling)
    r.get("/api/v1/events", to(h.live, &live::LiveApi::events));

    // private messages (the service counts its own send rules on top)
    using messages::MessagesApi;
    r.get("/api/v1/conversations", to(h.messages_api, &MessagesApi::list));
    r.post("/api/v1/conversations", writes, to(h.messages_api, &MessagesApi::start));
    r.get("/api/v1/conversations/{id}", to(h.messages_api, &MessagesApi::show));
    r.get("/api/v1/conversations/{id}/messages", to(h.messages_api, &MessagesApi::messages));
    r.post("/api/v1/conversations/{id}/messages", writes, to(h.messages_api, &MessagesApi::send));
    r.post("/api/v1/conversations/{id}/block", writes, to(h.messages_api, &MessagesApi::block));
    r.del("/api/v1/conversations/{id}/block", writes, to(h.messages_api, &MessagesApi::unblock));
    r.post("/api/v1/conversations/{id}/archive", writes, to(h.messages_api, &MessagesApi::archive));
    r.del("/api/v1/conversations/{id}/archive", writes, to(h.messages_api, &MessagesApi::unarchive));
    r.get("/api/v1/me/message-settings", to(h.messages_api, &MessagesApi::settings));
    r.put("/api/v1/me/message-settings", writes, to(h.messages_api, &MessagesApi::set_settings));

    // Private messages (pages); /messages/new before /messages/{id}.
    using messages::MessagePages;
    r.get("/messages", to(h.message_pages, &MessagePages::list));
    r.get("/messages/new", to(h.message_pages, &MessagePages::new_form));
    r.post("/messages/new", writes, to(h.message_pages, &MessagePages::start));
    r.get("/messages/{id}", to(h.message_pages, &MessagePages::conversation));
    r.post("/messages/{id}", writes, to(h.message_pages, &MessagePages::send));
    r.post("/messages/{id}/archive", writes, to(h.message_pages, &MessagePages::archive));
    r.post("/messages/{id}/unarchive", writes, to(h.message_pages, &MessagePages::unarchive));
    r.post("/messages/{id}/block", writes, to(h.message_pages, &MessagePages::block));
    r.post("/messages/{id}/unblock", writes, to(h.message_pages, &MessagePages::unblock));
    r.post("/account/message-emails", writes, to(h.message_pages, &MessagePages::set_message_emails));

    // Administration
    r.get("/admin", to(h.admin, &AdminPages::dashboard));
    using specialists::AdminSpecialistPages;
    r.get("/admin/specialists", to(h.admin_specialists, &AdminSpecialistPages::list));
    r.get("/admin/specialists/{slug}", to(h.admin_specialists, &AdminSpecialistPages::preview));
    r.post("/admin/specialists/{slug}/verify", writes, to(h.admin_specialists, &AdminSpecialistPages::verify));
    r.post("/admin/specialists/{slug}/suspend", writes, to(h.admin_specialists, &AdminSpecialistPages::suspend));
    r.post("/admin/specialists/{slug}/reinstate", writes, to(h.admin_specialists, &AdminSpecialistPages::reinstate));
    r.get("/admin/campaign", to(h.campaign_pages, &CampaignPages::edit_form));
    r.post("/admin/campaign", writes, to(h.campaign_pages, &CampaignPages::save));
    r.get("/api/v1/admin/audit-log", to(h.admin, &AdminPages::audit_log_api));

    // "Contact us" (the form is on /contact above) and its admin inbox
    using contact::ContactPages;
    using contact::ContactApi;
    r.post("/contact", writes, to(h.contact_pages, &ContactPages::send));
    r.get("/contact/sent/{id}", to(h.contact_pages, &ContactPages::sent));
    r.get("/admin/contact", to(h.contact_pages, &ContactPages::inbox));
    r.get("/admin/contact/{id}", to(h.contact_pages, &ContactPages::show));
    r.post("/admin/contact/{id}/answer", writes, to(h.contact_pages, &ContactPages::answer));
    r.post("/admin/contact/{id}/close", writes, to(h.contact_pages, &ContactPages::close));
    r.post("/api/v1/contact", writes, to(h.contact_api, &ContactApi::send));
    r.get("/api/v1/me/contact", to(h.contact_api, &ContactApi::own));
    r.get("/api/v1/admin/contact", to(h.contact_api, &ContactApi::inbox));
    r.get("/api/v1/admin/contact/{id}", to(h.contact_api, &ContactApi::show));
    r.post("/api/v1/admin/contact/{id}/answer", writes, to(h.contact_api, &ContactApi::answer));
    r.post("/api/v1/admin/contact/{id}/close", writes, to(h.contact_api, &ContactApi::close));

    // Reports of what people write, and the admins' queue
    using reports::ReportsPages;
    using reports::ReportsApi;
    r.post("/reports", writes, to(h.reports_pages, &ReportsPages::report));
    r.get("/reports/thanks", to(h.reports_pages, &ReportsPages::thanks));
    r.get("/admin/reports", to(h.reports_pages, &ReportsPages::queue));
    r.post("/admin/reports/{id}/resolve", writes, to(h.reports_pages, &ReportsPages::resolve));
    r.post("/api/v1/reports", writes, to(h.reports_api, &ReportsApi::report));
    r.get("/api/v1/me/reports", to(h.reports_api, &ReportsApi::own));
    r.get("/api/v1/admin/reports", to(h.reports_api, &ReportsApi::queue));
    r.get("/api/v1/admin/reports/messages/{id}", to(h.reports_api, &ReportsApi::message));
    r.post("/api/v1/admin/reports/{id}/resolve", writes, to(h.reports_api, &ReportsApi::resolve));
    // Moderation: lifting an account's suspension (page form and API).
    r.post("/admin/users/{id}/lift-suspension", writes, to(h.reports_pages, &ReportsPages::lift_suspension));
    r.del("/api/v1/admin/users/{id}/suspension", writes, to(h.reports_api, &ReportsApi::lift_suspension));

    // Articles, the writing side: the editor's fixed paths come before the
    // reading page /articles/{slug}, and such words are never given as slugs
    // (articles::reserved_slugs).
    using articles::ArticleEditorPages;
    using articles::ArticlesApi;
    r.get("/articles/new", to(h.article_editor, &ArticleEditorPages::new_form));
    r.post("/articles/new", writes, to(h.article_editor, &ArticleEditorPages::create));
    r.get("/articles/mine", to(h.article_editor, &ArticleEditorPages::mine));
    r.get("/articles/{slug}/edit", to(h.article_editor, &ArticleEditorPages::edit_form));
    r.post("/articles/{slug}/edit", writes, to(h.article_editor, &ArticleEditorPages::save));
    r.post("/articles/{slug}/take-down", writes, to(h.article_editor, &ArticleEditorPages::take_down));
    r.post("/articles/{slug}/restore", writes, to(h.article_editor, &ArticleEditorPages::restore));
    r.post("/articles/{slug}/cover", uploads, to(h.article_editor, &ArticleEditorPages::upload_cover),
           http::BodySize::upload);
    r.post("/articles/{slug}/cover/remove", writes, to(h.article_editor, &ArticleEditorPages::remove_cover));
    r.get("/articles/{slug}/cover", to(h.articles_api, &ArticlesApi::cover));
    r.put("/api/v1/articles/{slug}/cover", uploads, to(h.articles_api, &ArticlesApi::upload_cover),
          http::BodySize::upload);
    r.del("/api/v1/articles/{slug}/cover", writes, to(h.articles_api, &ArticlesApi::remove_cover));
    r.post("/api/v1/articles", writes, to(h.articles_api, &ArticlesApi::create));
    r.get("/api/v1/me/articles", to(h.articles_api, &ArticlesApi::mine));
    r.get("/api/v1/articles/{slug}", to(h.articles_api, &ArticlesApi::show));
    r.put("/api/v1/articles/{slug}", writes, to(h.articles_api, &ArticlesApi::update));
    r.del("/api/v1/articles/{slug}", writes, to(h.articles_api, &ArticlesApi::remove));
    r.post("/api/v1/articles/{slug}/publish", writes, to(h.articles_api, &ArticlesApi::publish));
    r.post("/api/v1/articles/{slug}/unpublish", writes, to(h.articles_api, &ArticlesApi::unpublish));
    r.post("/api/v1/articles/{slug}/take-down", writes, to(h.articles_api, &ArticlesApi::take_down));
    r.post("/api/v1/articles/{slug}/restore", writes, to(h.articles_api, &ArticlesApi::restore));

    // Articles, the reading side: after the editor's fixed paths (/articles/new,
    // /articles/mine), since the first matching route answers. The site-wide search.
    r.get("/articles", to(h.article_pages, &articles::ArticlePages::list));
    r.get("/articles/{slug}", to(h.article_pages, &articles::ArticlePages::show));
    r.get("/api/v1/articles", to(h.article_catalog_api, &articles::ArticleCatalogApi::list));
    r.get("/search", to(h.site_search, &site::SiteSearchPages::page));
    r.get("/api/v1/search", to(h.site_search, &site::SiteSearchPages::api));
    // Questions and answers (pages; /questions/new before /questions/{id})
    using questions::QuestionPages;
    using questions::QuestionsApi;
    r.get("/questions", to(h.question_pages, &QuestionPages::list));
    r.get("/questions/new", to(h.question_pages, &QuestionPages::new_form));
    r.post("/questions/new", writes, to(h.question_pages, &QuestionPages::ask));
    r.get("/questions/{id}", to(h.question_pages, &QuestionPages::show));
    r.get("/questions/{id}/edit", to(h.question_pages, &QuestionPages::edit_form));
    r.post("/questions/{id}/edit", writes, to(h.question_pages, &QuestionPages::edit));
    r.post("/questions/{id}/delete", writes, to(h.question_pages, &QuestionPages::remove));
    r.post("/questions/{id}/answers", writes, to(h.question_pages, &QuestionPages::answer));
    r.post("/questions/{id}/accepted", writes, to(h.question_pages, &QuestionPages::accept));
    r.post("/answers/{id}/helpful", writes, to(h.question_pages, &QuestionPages::helpful));
    // Questions and answers (API)
    r.get("/api/v1/questions", to(h.questions_api, &QuestionsApi::list));
    r.post("/api/v1/questions", writes, to(h.questions_api, &QuestionsApi::create));
    r.get("/api/v1/questions/{id}", to(h.questions_api, &QuestionsApi::show));
    r.put("/api/v1/questions/{id}", writes, to(h.questions_api, &QuestionsApi::update));
    r.del("/api/v1/questions/{id}", writes, to(h.questions_api, &QuestionsApi::remove));
    r.post("/api/v1/questions/{id}/answers", writes, to(h.questions_api, &QuestionsApi::answer));
    r.post("/api/v1/questions/{id}/accepted", writes, to(h.questions_api, &QuestionsApi::accept));
    r.del("/api/v1/questions/{id}/accepted", writes, to(h.questions_api, &QuestionsApi::clear_accepted));
    r.post("/api/v1/answers/{id}/helpful", writes, to(h.questions_api, &QuestionsApi::mark_helpful));
    r.del("/api/v1/answers/{id}/helpful", writes, to(h.questions_api, &QuestionsApi::unmark_helpful));

    // Account deletion (GDPR article 17) and the admin's view of a person
    using privacy::AccountDeletionPages;
    using privacy::AccountDeletionApi;
    using privacy::AdminPersonPages;
    r.get("/account/delete", to(h.deletion_pages, &AccountDeletionPages::form));
    r.post("/account/delete", writes, to(h.deletion_pages, &AccountDeletionPages::request));
    r.get("/api/v1/me/deletion", to(h.deletion_api, &AccountDeletionApi::status));
    r.post("/api/v1/me/deletion", writes, to(h.deletion_api, &AccountDeletionApi::request));
    r.del("/api/v1/me/deletion", writes, to(h.deletion_api, &AccountDeletionApi::cancel));
    r.get("/admin/people", to(h.admin_people, &AdminPersonPages::people));
    r.get("/admin/people/{id}", to(h.admin_people, &AdminPersonPages::person));
    r.post("/admin/people/{id}/deletion", writes, to(h.admin_people, &AdminPersonPages::start_deletion));
    r.get("/api/v1/admin/people/{id}", to(h.deletion_api, &AccountDeletionApi::person));
    r.post("/api/v1/admin/people/{id}/deletion", writes, to(h.deletion_api, &AccountDeletionApi::start_for));

    // A misspelt limit would stop every request to its route: stop at start-up instead.
    for (const auto& route : r.routes()) {
        if (http::changes_state(route.method) && !security::write_limits::find(route.write_limit))
            throw std::logic_error("route " + route.pattern + " names an unknown write limit");
    }
}

const std::set<std::string, std::less<>>& loggable_query_names() {
    // Paging, filters and page notices: none of them names a person or
    // opens anything. Everything else (token, sig, q, return_to, email, ...)
    // is written to the log as [redacted].
    static const std::set<std::string, std::less<>> names{
        "page",  "per_page", "sort",   "specialty", "modality", "language",  "format",
        "country", "fee_min", "fee_max", "currency", "free_consultation", "reduced_fees", "tz", "from", "to",
        "saved", "sent", "logged_out", "reset", "gated", "role", "state", "done", "requested", "type",
        "archived", "before", "after", "limit", "status", "last_event_id", "topic", "changed"};
    return names;
}

}  // namespace hearth::app
