#pragma once
// "Usually replies within ...": the measured time a specialist takes to
// answer a new conversation (issue 11, item 2). Pure: no database, no clock.
//
// The rule, so that ignoring people can never flatter the figure:
// - Each conversation created in the last 90 days is one sample: the
//   seconds from its creation to the specialist's first reply
//   (conversations.created_at -> first_reply_at).
// - A conversation still unanswered has waited `now - created_at` seconds
//   so far. Once it has waited at least as long as the median of the
//   answered ones, it counts as slower than every answered conversation
//   (a sample of "never"). One that has waited less cannot be judged yet
//   and is left out until it is answered or has waited that long.
// - Conversations the member blocked before any reply are left out: the
//   specialist could not answer them (the caller filters them). One the
//   specialist blocked before replying stays in, unanswered: otherwise
//   blocking whoever was not answered would make the figure look fast.
// - The figure is the upper median of the samples (the middle one, or the
//   slower of the two middle ones), shown only with at least
//   min_reply_samples samples. When that median is a "never" (most recent
//   conversations unanswered), there is no figure: the profile then makes
//   no promise at all rather than a flattering one.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace hearth::specialists {

// The window measured, in seconds (90 days), and the fewest conversations
// that make the figure meaningful.
inline constexpr std::int64_t reply_window_seconds = 90 * 86400;
inline constexpr std::size_t min_reply_samples = 3;

// One conversation of the window, as stored (UTC seconds).
struct ReplySample {
    std::int64_t created_at = 0;
    std::optional<std::int64_t> first_reply_at;  // nullopt: not answered yet
};

// The usual reply time in seconds under the rule above, at `now` (UTC
// seconds); nullopt when there is no figure to show. Samples outside the
// window are the caller's to leave out; a reply before its creation (clock
// skew) counts as 0 seconds.
std::optional<std::int64_t> usual_reply_seconds(std::span<const ReplySample> samples, std::int64_t now);

// Whole hours, rounded up and at least 1: the public JSON's usual_reply_hours.
std::int64_t reply_hours(std::int64_t seconds);

// The phrase after "Usually replies ": "within an hour" (up to 1 hour),
// "within a few hours" (up to 6), "within a day" (up to 24), else
// "within N days" (N rounded up).
std::string reply_time_words(std::int64_t seconds);

}  // namespace hearth::specialists
