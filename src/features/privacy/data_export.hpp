#pragma once
// Data exports (GDPR articles 15 and 20): a person asks for a copy of
// everything Hearth holds about them; Hearth builds a .zip archive
// (export.json per docs/export-schema.json, summary.html to read, one .ics
// per consultation, the profile photo) under <data_dir>/exports/, at once
// for small accounts and in the background (the maintenance loop, or
// `hearth export run`) for larger ones. The archive is downloaded once,
// by its owner, through a link that expires after 24 hours; then the file
// is deleted. API clients get the JSON document directly. Requests and
// downloads are audit-logged and rate-limited (rate rule export_user).
#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "db/database.hpp"
#include "features/privacy/data_export_store.hpp"

namespace hearth::render {
class Templates;
}
namespace hearth::security {
class MessageKeyring;
class RateLimiter;
}  // namespace hearth::security
namespace hearth::consultations {
class Consultations;
}

namespace hearth::privacy {

struct ExportSettings {
    std::filesystem::path data_dir = "data";  // archives go to <data_dir>/exports, photos come from <data_dir>/photos
    std::string base_url = "http://127.0.0.1:8080";
    // Exports of at most this many records (data_export_document.hpp:
    // export_record_count) are built while the person waits; larger ones
    // in the background. 0: always in the background.
    std::int64_t build_at_once_records = 2000;
    std::int64_t link_seconds = 24 * 3600;  // how long a ready archive may be downloaded
};

// An expected "no", shown to the person.
struct ExportRefusal {
    enum class Code {
        in_progress,  // an export of theirs is being prepared already (409)
        not_ready,    // still being prepared: 409
        gone,         // the link was used, or expired: 410
    };
    Code code = Code::gone;
    std::string message;
};

template <class T>
using ExportOutcome = Outcome<T, ExportRefusal>;

struct Requested {
    std::int64_t id = 0;
    std::string token;   // for the download link; only its hash is stored
    std::string status;  // "ready" when built at once, else "pending"
};

struct Download {
    std::string file_name;  // "hearth-export-2026-11-30.zip"
    std::string bytes;
};

// One background round: what it did.
struct ExportRound {
    int built = 0;
    int failed = 0;
    int expired = 0;
};

class DataExports {
public:
    DataExports(db::Database& db, security::MessageKeyring& keys, consultations::Consultations& consultations,
                const render::Templates& templates, security::RateLimiter& limiter, ExportSettings settings);

    // A new export request. Errors: 401 (visitor), 429 (rate rule
    // export_user, with the seconds to wait). Refusal in_progress while
    // another is pending or building. Audit: export.requested.
    ExportOutcome<Requested> request(const Actor& actor);
    // The actor's request whose download token is `token`; nullopt for an
    // unknown token or someone else's. Error 401 for a visitor.
    std::optional<ExportRequest> find(const Actor& actor, const std::string& token);
    // The actor's newest requests (at most 5), newest first.
    std::vector<ExportRequest> recent(const Actor& actor);
    // The archive, once: Error 404 for an unknown token or someone else's
    // (the owner's session AND the token are needed), refusal not_ready
    // while it is being prepared, gone when it was downloaded, expired or
    // could not be built. Marks it downloaded and deletes
    // the file. Audit: export.downloaded.
    ExportOutcome<Download> download(const Actor& actor, const std::string& token);
    // The JSON document itself (API clients). Errors 401, 429 as request().
    // Audit: export.downloaded with detail "via: api".
    boost::json::object document(const Actor& actor);

    // Builds the pending requests (and ones whose builder stopped), expires
    // ready ones past their time and deletes their files, at `now` (UTC
    // seconds), and deletes archive files no request names any more (left
    // by a node that stopped between a download and the file's deletion).
    // Safe on several nodes at once.
    ExportRound run_round(std::int64_t now);

private:
    // Builds a claimed request's archive and marks it ready (or failed);
    // `notify` e-mails the owner that it is ready. Returns success.
    bool build(const Claimed& claimed, std::int64_t now, bool notify);
    // Deletes files in exports_dir() older than the build hold that no
    // request names. Returns how many.
    int sweep_orphans();
    std::filesystem::path exports_dir() const { return settings_.data_dir / "exports"; }

    db::Database& db_;
    security::MessageKeyring& keys_;
    consultations::Consultations& consultations_;
    const render::Templates& templates_;
    security::RateLimiter& limiter_;
    ExportSettings settings_;
};

}  // namespace hearth::privacy
