#pragma once
// Telephone numbers as people type them: one rule for every form that asks
// for one (a specialist's public number, a member's number for a call).
#include <string>
#include <string_view>

namespace hearth {

// Digits with the separators people write ("+44 20 7946 0018", "(030)
// 1234-567", "01.23.45.67.89"): digits, spaces, "-", ".", "(" and ")", and
// "+" only first; 5 to 15 digits (ITU-T E.164 numbers have at most 15).
// Line breaks, letters and anything else make it false.
bool is_phone_number(std::string_view text);

// The tel: URI of a number accepted by is_phone_number (RFC 3966 global or
// local digits, separators dropped): "+44 (20) 7946-0018" -> "tel:+442079460018".
std::string tel_uri(std::string_view phone);

}  // namespace hearth
