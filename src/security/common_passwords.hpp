#pragma once
// A block list of common passwords of 12 characters or more (shorter ones
// already fail the length rule). Entries are lowercase.
#include <span>
#include <string_view>

namespace hearth::security {

// `lowercase` must already be lowercased (ASCII letters).
bool is_common_password(std::string_view lowercase);

// The whole list, sorted; for tests and review.
std::span<const std::string_view> common_passwords();

}  // namespace hearth::security
