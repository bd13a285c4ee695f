#pragma once
// The export document: everything Hearth holds about one person, as the
// JSON described by docs/export-schema.json (JSON Schema 2020-12). This is
// the one place that reads across features: each section below is one
// SELECT (or a few) of that feature's tables, filtered by the person's id,
// so nothing of anyone else's enters beyond what the person saw in Hearth
// (the other side of a conversation or booking by display name only).
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace hearth::security {
class MessageKeyring;
}

namespace hearth::privacy {

// The version of the document's shape, written as "format" in it; raised
// with every incompatible change to docs/export-schema.json.
inline constexpr int export_format = 1;

struct ExportDocument {
    boost::json::object json;                    // the document (every time RFC 3339 UTC)
    std::vector<std::int64_t> consultation_ids;  // theirs, either side: each gets an .ics file
    std::vector<std::string> photo_files;        // profile photo file names under <data_dir>/photos
    std::vector<std::string> cover_files;        // article cover file names under <data_dir>/covers
};

// Reads the person's data in `s` (one read transaction, so the sections
// agree) and opens their conversations' messages with `keys`. `generated_at`
// is UTC seconds. Throws hearth::Error::not_found for an unknown user and
// std::runtime_error when a message cannot be opened (never an empty body).
ExportDocument build_export_document(db::Session& s, std::int64_t user_id, security::MessageKeyring& keys,
                                     std::int64_t generated_at);

// How many records the export of `user_id` holds, roughly: messages,
// questions, answers, bookings and the like. Small exports are built at
// once, larger ones in the background.
std::int64_t export_record_count(db::Session& s, std::int64_t user_id);

}  // namespace hearth::privacy
