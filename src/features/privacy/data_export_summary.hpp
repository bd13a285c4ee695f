#pragma once
// The data for summary.html, the human-readable page inside an export
// archive (templates/privacy/summary.mustache): the export document with
// each time also written out for people ("30 November 2026, 14:05 UTC"
// beside every "..._at"), weekdays and minutes of the weekly hours as
// words, and a count per section.
#include <boost/json/object.hpp>

namespace hearth::privacy {

// `doc` is an export document (data_export_document.hpp); the result is
// that document with "<key>_text" added next to every RFC 3339 "<key>"
// ending in "_at", "from"/"until" text on weekly hours, and "counts".
boost::json::object summary_view(const boost::json::object& doc);

}  // namespace hearth::privacy
