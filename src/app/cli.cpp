#include "app/cli.hpp"

#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "app/application.hpp"
#include "app/config.hpp"
#include "app/routes.hpp"
#include "app/seed.hpp"
#include "app/seed_articles.hpp"
#include "app/seed_specialists.hpp"
#include "app/seed_questions.hpp"
#include "features/common/crisis_phrases.hpp"
#include "core/error.hpp"
#include "db/migrations.hpp"
#include "features/accounts/account_changes_store.hpp"
#include "features/accounts/account_store.hpp"
#include "features/accounts/display_name.hpp"
#include "features/accounts/two_factor_store.hpp"
#include "features/messages/message_rekey.hpp"
#include "features/questions/question_digest.hpp"
// account deletion (`hearth accounts purge`) and data exports (`hearth export run`)
#include "features/common/outbox.hpp"
#include "features/common/secrets.hpp"
#include "features/consultations/consultations.hpp"
#include "features/privacy/account_deletion.hpp"
#include "features/privacy/data_export.hpp"
#include "security/rate_limit.hpp"
#include "core/clock.hpp"
#include "render/view.hpp"
#include "http/access_log.hpp"
#include "http/server.hpp"
#include "features/common/outbox.hpp"
#include "security/message_keys.hpp"
#include "security/password.hpp"

#ifndef HEARTH_VERSION
#define HEARTH_VERSION "dev"
#endif

namespace hearth::app {

namespace {

std::optional<std::filesystem::path> config_path(const std::string& s) {
    if (s.empty()) return std::nullopt;
    return std::filesystem::path(s);
}

int serve(const Config& config) {
    Application app(config);
    http::ServerOptions options;
    options.threads = config.threads;
    options.max_body_bytes = config.max_body_bytes;
    options.body_limit_for = [&app](http::beast_http::verb method, std::string_view target) {
        return app.body_limit(method, target);
    };
    options.log_query_names = loggable_query_names();
    options.header_timeout = config.header_timeout;
    options.idle_timeout = config.idle_timeout;
    options.trust_proxy = config.trust_proxy;
    options.access_log = config.access_log;
    // Its own daily files, kept access_log_days; "-": standard output.
    if (config.access_log && config.access_log_file != "-") {
        options.access_logger = http::open_access_log(config.access_log_file, config.access_log_days);
    }
    options.stream_heartbeat = config.live_heartbeat;
    http::Server server(config.listen_host(), config.listen_port(), options,
                        [&app](http::Request& req) { return app.handle(req); });
    server.bind();
    app.start_workers();
    // The line tests and scripts wait for: the real port (useful with :0).
    spdlog::info("Hearth is listening on http://{}:{} ({}, {} threads)", config.listen_host(), server.port(),
                 db::engine_name(app.database().engine()), config.threads);
    server.run();
    app.stop_workers();
    return 0;
}

// The configured database with every pending migration applied: where each
// command but `migrate` itself starts.
std::unique_ptr<db::Database> migrated_database(const Config& config) {
    auto db = db::Database::open(config.database_url);
    db::migrate(*db, config.assets_dir / "migrations");
    return db;
}

int migrate(const Config& config) {
    auto db = db::Database::open(config.database_url);
    auto applied = db::migrate(*db, config.assets_dir / "migrations");
    std::cout << (applied.empty() ? "The database is up to date.\n" : "") ;
    for (const auto& name : applied) std::cout << "applied " << name << "\n";
    return 0;
}

std::string read_password(const std::string& prompt) {
    std::string password;
    if (isatty(STDIN_FILENO)) {
        std::cerr << prompt << std::flush;
        termios old_mode{};
        tcgetattr(STDIN_FILENO, &old_mode);
        termios quiet = old_mode;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::getline(std::cin, password);
        tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
        std::cerr << "\n";
    } else {
        std::getline(std::cin, password);
    }
    return password;
}

int admin_create(const Config& config, const std::string& email, const std::string& name) {
    if (auto problem = accounts::display_name_problem(name)) {
        std::cerr << "--name: " << *problem << "\n";
        return 2;
    }
    auto db = migrated_database(config);
    auto password = read_password("Password for " + email + ": ");
    if (isatty(STDIN_FILENO) && read_password("Repeat the password: ") != password) {
        std::cerr << "The passwords do not match.\n";
        return 2;
    }
    if (auto problem = security::password_problem(password, email, name)) {
        std::cerr << *problem << "\n";
        return 2;
    }
    const auto hash = security::hash_password(password);
    try {
        db->write([&](db::Session& s) { accounts::insert_user(s, email, name, hash, Role::admin, true); });
    } catch (const db::ConstraintViolation&) {
        std::cerr << "An account with the e-mail address " << email << " already exists.\n";
        return 1;
    }
    std::cout << "Created administrator " << email << "\n";
    return 0;
}

int seed(const Config& config, bool demo, std::int64_t specialists, std::int64_t articles,
         std::int64_t question_count) {
    auto db = migrated_database(config);
    if (!demo && specialists <= 0 && articles <= 0 && question_count <= 0) {
        std::cout << "Nothing to seed: use --demo for demo content, --specialists N for synthetic specialists,\n"
                     "--articles N for synthetic articles, --questions N for synthetic questions.\n";
        return 0;
    }
    if (demo) {
        auto report = seed_demo(*db);
        std::cout << "Demo content: " << report.users_created << " account(s) created, " << report.users_existing
                  << " already there.\n"
                  << "Log in as admin@hearth.localhost, amara.okafor@hearth.localhost or sam@hearth.localhost\n"
                  << "with the password: " << demo_password << "\n";
        render::Templates templates(config.assets_dir / "templates");
        crisis::load_phrases_file(crisis::phrases_file(config.assets_dir));  // questions are checked against it
        const auto qs = seed_demo_questions(*db, templates, config.assets_dir / "templates" / "demo" / "questions.json",
                                            config.base_url);
        std::cout << "Demo questions: " << qs.created << " added with " << qs.answers << " answer(s), " << qs.existing
                  << " already there.\n";
    }
    if (specialists > 0) {
        auto report = seed_specialists(*db, specialists);
        std::cout << "Synthetic specialists: " << report.created << " created, " << report.existing
                  << " already there (password: " << demo_password << ").\n";
    }
    // Articles: the demo's (templates/demo/articles.json), then synthetic ones.
    if (demo) {
        auto report = seed_demo_articles(*db, config.assets_dir / "templates" / "demo" / "articles.json");
        std::cout << "Demo articles: " << report.created << " created, " << report.existing << " already there"
                  << (report.skipped ? ", " + std::to_string(report.skipped) + " skipped" : std::string()) << ".\n";
    }
    if (articles > 0) {
        auto report = seed_articles(*db, articles);
        std::cout << "Synthetic articles: " << report.created << " created, " << report.existing
                  << " already there.\n";
    }
    if (question_count > 0) {
        const auto qs = seed_questions(*db, question_count);
        std::cout << "Synthetic questions: " << qs.created << " created with " << qs.answers << " answer(s), "
                  << qs.existing << " already there.\n";
    }
    return 0;
}

// `hearth questions digest [--now T]`: one round of the daily question
// digest (what the server's maintenance runs every 10 minutes), at `now`
// (UTC seconds; 0: the clock). Safe beside running servers.
int questions_digest(const Config& config, std::int64_t now) {
    auto db = migrated_database(config);
    render::Templates templates(config.assets_dir / "templates");
    questions::QuestionDigest digest(*db, templates, questions::DigestSettings{config.base_url});
    const auto round = digest.run_round(now > 0 ? now : now_seconds());
    std::cout << "Question digests: " << round.sent << " queued, " << round.considered << " due.\n";
    return 0;
}

// `hearth email-changes prune [--now T]`: deletes the records of e-mail
// address changes that no link can use any more (what the server's
// maintenance does every 10 minutes), at `now` (UTC seconds; 0: the clock).
// Safe beside running servers.
int email_changes_prune(const Config& config, std::int64_t now) {
    auto db = migrated_database(config);
    const auto at = now > 0 ? now : now_seconds();
    const auto deleted = db->write([&](db::Session& s) { return accounts::prune_email_changes(s, at); });
    std::cout << "E-mail changes: " << deleted << " record(s) deleted.\n";
    return 0;
}

// `hearth outbox prune [--now T]`: one round of e-mail retention (what
// the server's maintenance runs every 10 minutes, mail::prune_outbox) at
// `now` (UTC seconds; 0: the clock). Safe beside running servers.
int outbox_prune(const Config& config, std::int64_t now) {
    auto db = migrated_database(config);
    const auto report =
        mail::prune_outbox(*db, now > 0 ? now : now_seconds(), config.outbox_retention, config.data_dir / "outbox");
    std::cout << "Outbox: " << report.cleared << " text(s) cleared, " << report.deleted << " record(s) and "
              << report.files << " file(s) deleted.\n";
    return 0;
}

// `hearth accounts purge [--now T]`: erases every account whose deletion
// is due at `now` (UTC seconds; 0: the clock), what the server's
// maintenance does every round. Safe beside running servers.
int accounts_purge(const Config& config, std::int64_t now) {
    auto db = migrated_database(config);
    render::Templates templates(config.assets_dir / "templates");
    security::RateLimiter limiter(*db, config.rate_limits);
    consultations::Consultations bookings(*db, templates, limiter, booking_settings(config, *db));
    privacy::AccountDeletion deletion(*db, limiter, templates, bookings,
                                      privacy::DeletionSettings{config.deletion_grace, config.data_dir / "photos",
                                                                config.data_dir / "covers", config.base_url,
                                                     config.data_dir / "exports"});
    const auto erased = deletion.purge_due(now > 0 ? now : now_seconds());
    std::cout << "Accounts deleted: " << erased << ".\n";
    return 0;
}

// `hearth export run [--now T]`: one round of data exports (what the
// server's maintenance runs every 30 s): builds waiting requests and
// deletes expired archives, at `now` (UTC seconds; 0: the clock). Safe
// beside running servers.
int export_run(const Config& config, std::int64_t now) {
    auto db = migrated_database(config);
    render::Templates templates(config.assets_dir / "templates");
    auto keys = messages::open_message_keys(
        *db, config.message_key_file.empty() ? config.data_dir / "message_keys" : config.message_key_file);
    security::RateLimiter limiter(*db, false);
    consultations::Consultations consultations(*db, templates, limiter, booking_settings(config, *db));
    privacy::DataExports exports(*db, keys, consultations, templates, limiter,
                                 privacy::ExportSettings{config.data_dir, config.base_url,
                                                         config.export_build_at_once_records});
    const auto round = exports.run_round(now > 0 ? now : now_seconds());
    std::cout << "Data exports: " << round.built << " built, " << round.failed << " failed, " << round.expired
              << " expired.\n";
    return round.failed == 0 ? 0 : 1;
}

// `hearth two-factor prune [--now T]`: deletes expired log-in challenges
// and remembered browsers of two-factor sign-in (what the server's
// maintenance does every 10 minutes), as at `now` (UTC seconds; 0: the
// clock). Safe beside running servers.
int two_factor_prune(const Config& config, std::int64_t now) {
    auto db = migrated_database(config);
    db->write([&](db::Session& s) { accounts::prune_two_factor(s, now > 0 ? now : now_seconds()); });
    std::cout << "Expired two-factor challenges and remembered browsers deleted.\n";
    return 0;
}

std::string id_list(const std::vector<std::int64_t>& ids) {
    std::string out;
    for (auto id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
    return out.empty() ? "none" : out;
}

// `hearth keys rotate`: a new message key, every older message re-encrypted
// under it, unused keys retired (features/messages/message_rekey.hpp).
int keys_rotate(const Config& config, std::int64_t batch) {
    if (!std::filesystem::exists(config.message_key_file)) {
        // Opening would create a fresh key file, and the messages sealed
        // under the real one would look unreadable.
        std::cerr << "No message key file at " << config.message_key_file.string()
                  << " (message_key_file / HEARTH_MESSAGE_KEY_FILE): nothing to rotate.\n";
        return 1;
    }
    auto db = migrated_database(config);
    auto keys = security::MessageKeyring::open_file(config.message_key_file);
    const auto before = keys.key_ids();
    messages::RekeyOptions options;
    options.batch_size = batch;
    options.progress = [](std::int64_t done) { std::cerr << "re-encrypted " << done << " message(s) so far\n"; };
    const auto report = messages::rotate_message_keys(*db, keys, options);
    std::cout << "Key file: " << config.message_key_file.string() << "\n"
              << "Keys before: " << id_list(before) << "\n"
              << "Added key " << report.new_key_id << " (now used for new messages).\n"
              << "Re-encrypted " << report.resealed << " message(s) in " << report.batches
              << " batch(es) of at most " << batch << ".\n"
              << "Retired key(s): " << id_list(report.retired) << ".\n";
    if (!report.still_in_use.empty()) {
        std::cout << "Kept key(s) still in use: " << id_list(report.still_in_use)
                  << " (run `hearth keys rotate` again).\n";
    }
    std::cout << "Keys now: " << id_list(keys.key_ids()) << "\n";
    return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App cli{"Hearth: connecting people with mental-health specialists who understand relational trauma."};
    cli.set_version_flag("--version", HEARTH_VERSION);
    std::string config_file;
    cli.add_option("--config", config_file, "Configuration file (default: ./hearth.toml if present)");
    cli.require_subcommand(1);

    auto* serve_cmd = cli.add_subcommand("serve", "Run the web server (runs pending migrations first)");
    serve_cmd->add_option("--config", config_file, "Configuration file");
    auto* migrate_cmd = cli.add_subcommand("migrate", "Apply pending database migrations");
    auto* seed_cmd = cli.add_subcommand("seed", "Add demo or synthetic content");
    bool demo = false;
    seed_cmd->add_flag("--demo", demo, "Demo accounts and content");
    std::int64_t specialists = 0;
    seed_cmd->add_option("--specialists", specialists, "Make sure N synthetic, listed specialists exist (load tests)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'999'999}));
    std::int64_t articles = 0;
    seed_cmd->add_option("--articles", articles, "Make sure N synthetic, published articles exist (load tests)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'999'999}));
    std::int64_t question_count = 0;
    seed_cmd->add_option("--questions", question_count, "Make sure N synthetic questions with answers exist (load tests)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'999'999}));
    auto* admin_cmd = cli.add_subcommand("admin", "Administration tasks");
    admin_cmd->require_subcommand(1);
    auto* create_cmd = admin_cmd->add_subcommand("create", "Create an administrator (password from the terminal or stdin)");
    std::string email;
    std::string name = "Administrator";
    create_cmd->add_option("--email", email, "E-mail address")->required();
    create_cmd->add_option("--name", name, "Display name");

    auto* keys_cmd = cli.add_subcommand("keys", "Message keys (the key file that seals message bodies)");
    keys_cmd->require_subcommand(1);
    auto* rotate_cmd = keys_cmd->add_subcommand(
        "rotate", "Add a new message key, re-encrypt older messages under it, retire keys nothing uses");
    std::int64_t rekey_batch = 500;
    rotate_cmd->add_option("--batch", rekey_batch, "Messages re-encrypted per transaction (default 500)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000}));

    auto* questions_cmd = cli.add_subcommand("questions", "Questions and answers");
    questions_cmd->require_subcommand(1);
    auto* digest_cmd = questions_cmd->add_subcommand("digest", "Queue the daily digests of unanswered questions that are due");
    std::int64_t digest_now = 0;
    digest_cmd->add_option("--now", digest_now, "Run as if it were this time (UTC unix seconds; tests)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{32'503'680'000}));

    // Account changes: the records of e-mail address changes
    auto* email_changes_cmd = cli.add_subcommand("email-changes", "Changes of account e-mail addresses");
    email_changes_cmd->require_subcommand(1);
    auto* email_prune_cmd =
        email_changes_cmd->add_subcommand("prune", "Delete e-mail change records no link can use any more");
    std::int64_t email_prune_now = 0;
    email_prune_cmd->add_option("--now", email_prune_now, "Run as if it were this time (UTC unix seconds; tests)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{32'503'680'000}));

    auto* outbox_cmd = cli.add_subcommand("outbox", "The e-mail outbox");
    outbox_cmd->require_subcommand(1);
    auto* prune_cmd = outbox_cmd->add_subcommand(
        "prune", "Clear delivered e-mails' text and delete records older than outbox_retention (one round)");
    std::int64_t prune_now = 0;
    prune_cmd->add_option("--now", prune_now, "Run as if it were this time (UTC unix seconds; tests)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{32'503'680'000}));

    auto* accounts_cmd = cli.add_subcommand("accounts", "People's accounts");
    accounts_cmd->require_subcommand(1);
    auto* purge_cmd = accounts_cmd->add_subcommand("purge", "Erase the accounts whose deletion is due");
    std::int64_t purge_now = 0;
    purge_cmd->add_option("--now", purge_now, "Run as if it were this time (UTC unix seconds; tests)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{32'503'680'000}));

    auto* export_cmd = cli.add_subcommand("export", "Data exports (a person's copy of their data)");
    export_cmd->require_subcommand(1);
    auto* export_run_cmd =
        export_cmd->add_subcommand("run", "Build the waiting data exports and delete expired archives (one round)");
    std::int64_t export_now = 0;
    export_run_cmd->add_option("--now", export_now, "Run as if it were this time (UTC unix seconds; tests)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{32'503'680'000}));

    // Two-factor sign-in
    auto* two_factor_cmd = cli.add_subcommand("two-factor", "Two-factor sign-in");
    two_factor_cmd->require_subcommand(1);
    auto* two_factor_prune_cmd =
        two_factor_cmd->add_subcommand("prune", "Delete expired log-in challenges and remembered browsers");
    std::int64_t two_factor_prune_now = 0;
    two_factor_prune_cmd
        ->add_option("--now", two_factor_prune_now, "Run as if it were this time (UTC unix seconds; tests)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{32'503'680'000}));

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }

    try {
        Config config = load_config(config_path(config_file));
        spdlog::set_level(spdlog::level::from_str(config.log_level));
        if (*serve_cmd) return serve(config);
        if (*migrate_cmd) return migrate(config);
        if (*seed_cmd) return seed(config, demo, specialists, articles, question_count);
        if (*create_cmd) return admin_create(config, email, name);
        if (*rotate_cmd) return keys_rotate(config, rekey_batch);
        if (*digest_cmd) return questions_digest(config, digest_now);
        if (*email_prune_cmd) return email_changes_prune(config, email_prune_now);
        if (*prune_cmd) return outbox_prune(config, prune_now);
        if (*purge_cmd) return accounts_purge(config, purge_now);
        if (*export_run_cmd) return export_run(config, export_now);
        if (*two_factor_prune_cmd) return two_factor_prune(config, two_factor_prune_now);
    } catch (const std::exception& e) {
        spdlog::critical("{}", e.what());
        return 1;
    }
    return 0;
}

}  // namespace hearth::app
