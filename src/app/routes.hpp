#pragma once
#include <set>
#include <string>
#include <string_view>

#include "http/router.hpp"

namespace hearth::accounts {
class AccountPages;
class AccountApi;
class TwoFactorApi;
class TwoFactorPages;
class AccountChangesApi;
class AccountChangesPages;
}  // namespace hearth::accounts
namespace hearth::site {
class SitePages;
class Feeds;
class Sitemaps;
}  // namespace hearth::site
namespace hearth::admin {
class AdminPages;
}
namespace hearth::specialists {
class ProfileApi;
class ProfilePages;
class AdminSpecialistPages;
class DirectoryPages;
}  // namespace hearth::specialists
namespace hearth::campaign {
class CampaignPages;
}
namespace hearth::consultations {
class ConsultationApi;
class ConsultationPages;
}  // namespace hearth::consultations
namespace hearth::messages {
class MessagesApi;
class MessagePages;
}  // namespace hearth::messages

namespace hearth::contact {
class ContactApi;
class ContactPages;
}  // namespace hearth::contact
namespace hearth::reports {
class ReportsApi;
class ReportsPages;
}  // namespace hearth::reports
namespace hearth::live {
class LiveApi;
}
// Articles (reading side) and the site-wide search
namespace hearth::articles {
class ArticlePages;
class ArticleCatalogApi;
}  // namespace hearth::articles
namespace hearth::site {
class SiteSearchPages;
}
namespace hearth::articles {
class ArticlesApi;
class ArticleEditorPages;
}  // namespace hearth::articles
// Questions and answers; followed topics and "unanswered in my topics"
namespace hearth::questions {
class QuestionsApi;
class QuestionPages;
class UnansweredPages;
class TopicFollowsApi;
}  // namespace hearth::questions
// Account deletion and the admin's view of a person
namespace hearth::privacy {
class AccountDeletionPages;
class AccountDeletionApi;
class AdminPersonPages;
}  // namespace hearth::privacy

// Data exports (GDPR articles 15 and 20)
namespace hearth::privacy {
class DataExportPages;
}

namespace hearth::app {

struct Handlers {
    site::SitePages& site;
    accounts::AccountPages& account_pages;
    accounts::AccountApi& account_api;
    admin::AdminPages& admin;
    specialists::ProfileApi& profile_api;
    specialists::ProfilePages& profile_pages;
    specialists::AdminSpecialistPages& admin_specialists;
    campaign::CampaignPages& campaign_pages;
    consultations::ConsultationApi& consultation_api;
    consultations::ConsultationPages& consultation_pages;
    specialists::DirectoryPages& directory;
    messages::MessagesApi& messages_api;
    messages::MessagePages& message_pages;
    contact::ContactApi& contact_api;
    contact::ContactPages& contact_pages;
    reports::ReportsApi& reports_api;
    reports::ReportsPages& reports_pages;
    live::LiveApi& live;
    // articles, the writing side
    articles::ArticlesApi& articles_api;
    articles::ArticleEditorPages& article_editor;
    // Feeds, sitemap and robots.txt (issue 12)
    site::Feeds& feeds;
    site::Sitemaps& sitemaps;
    // Questions and answers
    questions::QuestionsApi& questions_api;
    questions::QuestionPages& question_pages;
    // questions: followed topics and "unanswered in my topics"
    questions::UnansweredPages& unanswered_pages;
    questions::TopicFollowsApi& topic_follows_api;
    // Articles (reading side) and the site-wide search
    articles::ArticlePages& article_pages;
    articles::ArticleCatalogApi& article_catalog_api;
    site::SiteSearchPages& site_search;
    // Account changes: sessions, password, e-mail address
    accounts::AccountChangesApi& account_changes_api;
    accounts::AccountChangesPages& account_changes_pages;
    // Account deletion and the admin's view of a person
    privacy::AccountDeletionPages& deletion_pages;
    privacy::AccountDeletionApi& deletion_api;
    privacy::AdminPersonPages& admin_people;
    // Data exports (GDPR articles 15 and 20)
    privacy::DataExportPages& data_export;
    // Two-factor sign-in (issue 14)
    accounts::TwoFactorApi& two_factor_api;
    accounts::TwoFactorPages& two_factor_pages;
};

// The one routing table: every page and API path of Hearth.
void add_routes(http::Router& r, Handlers h);

// The query parameters whose values the access log may show as sent; the
// values of all others are written as [redacted] (http/log_redaction.hpp).
const std::set<std::string, std::less<>>& loggable_query_names();

}  // namespace hearth::app
