#pragma once
// One kind of item people write and others can report (a question, an
// answer, a message, an article, a profile), as the moderation queue sees
// it. Each feature implements this for its own items, with its own SQL, and
// the application registers them with the reports desk; the reports
// feature itself names no other feature.
//
// Hidden items (hide / restore) are 404 to the public, visible to admins,
// and visible, marked as hidden with the admin's reason, to their author.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/actor.hpp"
#include "db/database.hpp"

namespace hearth::reports {

// An item as the queue shows it in place, and as a reporter may see it.
struct TargetView {
    std::int64_t author_id = 0;   // the account that wrote it; 0 when none is kept any more
    std::string title;            // a short plain-text label: "Question: How do I ...", "Message"
    std::string text;             // the reported words, plain text (the queue escapes it)
    std::string public_path;      // where the item lives ("/questions/12#answer-40"); "" for private items
    bool hidden = false;          // taken down by an admin
    std::string hidden_reason;    // the admin's words, shown to the author
    // False when the text could not be opened (a message sealed under a key
    // no longer in the key file): the queue says so instead of the text.
    bool readable = true;
};

// What an admin's hide records: who, when (UTC seconds) and why (shown to
// the author).
struct Hide {
    std::int64_t admin_id = 0;
    std::int64_t at = 0;
    std::string reason;
};

class ModerationTarget {
public:
    virtual ~ModerationTarget() = default;

    // The reports.target_type this handles: "question", "answer", "message",
    // "article" or "profile".
    virtual std::string_view type() const = 0;

    // The item as `reporter` sees it, or nullopt when it does not exist or
    // they may not see it (then nothing can be reported, and the caller
    // answers 404). Runs in the caller's transaction.
    virtual std::optional<TargetView> for_reporter(db::Session& s, const Principal& reporter,
                                                   std::int64_t id) const = 0;

    // The item for the admins' queue, hidden or not; nullopt when it is gone
    // (deleted since it was reported). Messages are opened only here, and
    // only because they were reported.
    virtual std::optional<TargetView> for_admin(db::Session& s, std::int64_t id) const = 0;

    // Whether admins can hide and restore this kind of item (messages: no,
    // they are private to their two participants; a report of a message
    // ends in dismiss, or in suspending the sender).
    virtual bool can_hide() const = 0;

    // Hides the item (`hide` set) or restores it (nullopt), in the caller's
    // write transaction, and raises whatever content version the item's
    // public pages are cached by. Removes it from, or puts it back into,
    // search. Returns false when the item does not exist.
    virtual bool set_hidden(db::Session& s, std::int64_t id, const std::optional<Hide>& hide) const = 0;
};

}  // namespace hearth::reports
