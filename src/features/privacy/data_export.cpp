#include "features/privacy/data_export.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <system_error>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/audit.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/consultations/consultations.hpp"
#include "features/privacy/data_export_archive.hpp"
#include "features/privacy/data_export_document.hpp"
#include "features/privacy/data_export_summary.hpp"
#include "render/view.hpp"
#include "security/message_keys.hpp"
#include "security/rate_limit.hpp"
#include "security/tokens.hpp"

namespace hearth::privacy {

namespace {

// A builder that stops (a node shut down) leaves its claim; another round
// takes the request over after this long.
constexpr std::int64_t build_hold_seconds = 600;
constexpr int builds_per_round = 5;

policy::Record own_account(const Actor& actor) { return policy::Record{actor.user_id(), 0, false}; }

std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void remove_file(const std::filesystem::path& path) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
}

ExportRefusal gone() {
    return {ExportRefusal::Code::gone,
            "This download link has already been used or has expired. Your data is safe: you can ask for a new "
            "export at any time."};
}

}  // namespace

DataExports::DataExports(db::Database& db, security::MessageKeyring& keys, consultations::Consultations& consultations,
                         const render::Templates& templates, security::RateLimiter& limiter, ExportSettings settings)
    : db_(db),
      keys_(keys),
      consultations_(consultations),
      templates_(templates),
      limiter_(limiter),
      settings_(std::move(settings)) {}

ExportOutcome<Requested> DataExports::request(const Actor& actor) {
    policy::require(actor.who, policy::Action::export_own_data, own_account(actor));
    limiter_.hit(security::rate_rules::export_per_user, std::to_string(actor.user_id()));
    const auto token = security::random_token(32);
    const auto now = now_seconds();
    struct Made {
        std::int64_t id = 0;
        std::int64_t records = 0;
        bool busy = false;
    };
    const auto made = db_.write([&](db::Session& s) {
        // One person's requests take turns, so two at once make one export.
        s.serialize_on("privacy.export", actor.user_id());
        if (open_request_of(s, actor.user_id())) return Made{0, 0, true};
        const auto id = insert_request(s, actor.user_id(), security::token_hash(token), now);
        audit::record(s, actor.user_id(), "export.requested", "data_export", std::to_string(id), "",
                      actor.client_address);
        return Made{id, export_record_count(s, actor.user_id()), false};
    });
    if (made.busy) {
        return ExportRefusal{ExportRefusal::Code::in_progress,
                             "We are already preparing an export of your data. It will appear here when it is ready."};
    }
    Requested out{made.id, token, "pending"};
    if (made.records <= settings_.build_at_once_records) {
        const auto claimed =
            db_.write([&](db::Session& s) { return claim_for_building(s, now, build_hold_seconds, 1, made.id); });
        if (!claimed.empty() && build(claimed.front(), now, false)) out.status = "ready";
    }
    return out;
}

std::optional<ExportRequest> DataExports::find(const Actor& actor, const std::string& token) {
    policy::require(actor.who, policy::Action::export_own_data, own_account(actor));
    if (token.empty()) return std::nullopt;
    return db_.read([&](db::Session& s) { return find_by_token(s, actor.user_id(), security::token_hash(token)); });
}

std::vector<ExportRequest> DataExports::recent(const Actor& actor) {
    policy::require(actor.who, policy::Action::export_own_data, own_account(actor));
    return db_.read([&](db::Session& s) { return recent_requests(s, actor.user_id(), 5); });
}

ExportOutcome<Download> DataExports::download(const Actor& actor, const std::string& token) {
    policy::require(actor.who, policy::Action::export_own_data, own_account(actor));
    const auto found = find(actor, token);
    // Someone else's link is as unknown as a made-up one.
    if (!found) throw Error::not_found("We could not find that export.");
    policy::require_visible(actor.who, policy::Action::export_own_data, policy::Record{found->user_id, 0, false});
    const auto now = now_seconds();
    if (found->status == "pending" || found->status == "building") {
        return ExportRefusal{ExportRefusal::Code::not_ready,
                             "We are still preparing your data. The download link will work once it is ready."};
    }
    if (found->status != "ready" || !found->file_name || (found->expires_at && *found->expires_at <= now)) {
        return gone();
    }
    const auto path = exports_dir() / *found->file_name;
    auto bytes = read_file(path);
    if (!bytes) return gone();
    const bool taken = db_.write([&](db::Session& s) {
        if (!mark_downloaded(s, found->id, now)) return false;
        audit::record(s, actor.user_id(), "export.downloaded", "data_export", std::to_string(found->id), "via: page",
                      actor.client_address);
        return true;
    });
    if (!taken) return gone();
    remove_file(path);
    return Download{fmt::format("hearth-export-{:%Y-%m-%d}.zip", fmt::gmtime(static_cast<std::time_t>(now))),
                    std::move(*bytes)};
}

boost::json::object DataExports::document(const Actor& actor) {
    policy::require(actor.who, policy::Action::export_own_data, own_account(actor));
    limiter_.hit(security::rate_rules::export_per_user, std::to_string(actor.user_id()));
    const auto now = now_seconds();
    auto doc = db_.read([&](db::Session& s) { return build_export_document(s, actor.user_id(), keys_, now); });
    db_.write([&](db::Session& s) {
        audit::record(s, actor.user_id(), "export.downloaded", "data_export", "", "via: api", actor.client_address);
    });
    return std::move(doc.json);
}

bool DataExports::build(const Claimed& claimed, std::int64_t now, bool notify) {
    try {
        auto doc = db_.read([&](db::Session& s) { return build_export_document(s, claimed.user_id, keys_, now); });
        std::vector<ArchiveEntry> entries;
        entries.push_back({"export.json", boost::json::serialize(doc.json)});
        entries.push_back({"summary.html", templates_.render("privacy/summary", summary_view(doc.json))});
        // The consultations' own calendar files, as their e-mails carry them.
        Actor owner;
        owner.who.user_id = claimed.user_id;
        owner.who.role = parse_role(doc.json.at("account").as_object().at("role").as_string()).value_or(Role::member);
        for (const auto id : doc.consultation_ids) {
            entries.push_back(
                {"consultations/consultation-" + std::to_string(id) + ".ics", consultations_.ics(owner, id)});
        }
        // The profile photo and article covers, as stored (names made by Hearth).
        const auto add_files = [&](const std::vector<std::string>& names, const char* folder) {
            for (const auto& name : names) {
                if (name.find('/') != std::string::npos || name.starts_with(".")) continue;
                if (auto bytes = read_file(settings_.data_dir / folder / name)) {
                    entries.push_back({std::string(folder) + "/" + name, std::move(*bytes)});
                }
            }
        };
        add_files(doc.photo_files, "photos");
        add_files(doc.cover_files, "covers");
        std::filesystem::create_directories(exports_dir());
        const auto file_name = fmt::format("export-{}-{}.zip", claimed.id, security::random_token(12));
        const auto path = exports_dir() / file_name;
        write_zip(path, entries);
        const auto size = static_cast<std::int64_t>(std::filesystem::file_size(path));
        const bool ready = db_.write([&](db::Session& s) {
            if (!mark_ready(s, claimed.id, file_name, size, now, now + settings_.link_seconds)) return false;
            if (notify) {
                const auto email = doc.json.at("account").as_object().at("email").as_string();
                mail::enqueue(s,
                              mail::from_template(
                                  templates_, "export_ready",
                                  boost::json::object{{"base_url", settings_.base_url},
                                                      {"name", doc.json.at("account").as_object().at("display_name")}},
                                  std::string(email)));
            }
            return true;
        });
        if (!ready) remove_file(path);
        return ready;
    } catch (const std::exception& e) {
        spdlog::error("data export {} could not be built: {}", claimed.id, e.what());
        db_.write([&](db::Session& s) { mark_failed(s, claimed.id); });
        return false;
    }
}

int DataExports::sweep_orphans() {
    std::error_code error;
    if (!std::filesystem::is_directory(exports_dir(), error)) return 0;
    const auto named = db_.read([](db::Session& s) { return named_files(s); });
    const std::set<std::string> keep(named.begin(), named.end());
    const auto cutoff = std::filesystem::file_time_type::clock::now() - std::chrono::seconds(build_hold_seconds);
    int removed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(exports_dir(), error)) {
        const auto name = entry.path().filename().string();
        if (!entry.is_regular_file(error) || keep.contains(name) || !name.starts_with("export-")) continue;
        // A file younger than a build's hold may belong to a build still under way.
        if (entry.last_write_time(error) > cutoff) continue;
        remove_file(entry.path());
        ++removed;
    }
    return removed;
}

ExportRound DataExports::run_round(std::int64_t now) {
    ExportRound round;
    const auto expired = db_.write([&](db::Session& s) { return expire_due(s, now); });
    for (const auto& e : expired) {
        if (!e.file_name.empty()) remove_file(exports_dir() / e.file_name);
    }
    round.expired = static_cast<int>(expired.size());
    sweep_orphans();
    const auto claimed =
        db_.write([&](db::Session& s) { return claim_for_building(s, now, build_hold_seconds, builds_per_round); });
    for (const auto& c : claimed) {
        if (build(c, now, true)) {
            ++round.built;
        } else {
            ++round.failed;
        }
    }
    return round;
}

}  // namespace hearth::privacy
