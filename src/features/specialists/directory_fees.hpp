#pragma once
// Fees compare like with like: which currency a visitor's fee filter is
// in when they have not chosen one, and how a fee reads on a card. The one
// table of countries and their currencies lives in directory_fees.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::specialists {

// The currency the fee filter uses when nobody asks for another.
inline constexpr std::string_view fallback_currency = "EUR";

// Whether `code` (upper case, e.g. "GBP") is one a specialist can give
// fees in (profiles.hpp `currencies`).
bool known_currency(std::string_view code);

// The currency people in a country usually pay in, when specialists can
// give fees in it: "GB" -> "GBP", "DE" -> "EUR", "US" -> "USD"; "" for a
// country whose currency is not on the list. `country`: ISO 3166-1
// alpha-2, upper case.
std::string_view currency_of_country(std::string_view country);

// The currency of the region of the first language range in an
// Accept-Language header that names a region with a known currency
// ("en-GB,en;q=0.9" -> "GBP", "de-AT" -> "EUR"); ranges with q=0 are
// skipped; "" when none does (e.g. "en" alone, or no header).
std::string_view currency_of_accept_language(std::string_view header);

// A fee for people to read, its currency always named:
// "£70–110 (GBP)", "€80 (EUR)", "CHF 120–150"; "" when neither bound is
// known. Amounts in whole units of `currency`.
std::string fee_text(const std::optional<std::int64_t>& fee_min, const std::optional<std::int64_t>& fee_max,
                     std::string_view currency);

// What a specialist offers besides the fee: "Sliding scale and reduced
// fees available", "Sliding scale", "Reduced fees available", or "".
std::string reduced_fee_text(bool sliding_scale, bool reduced_fees);

}  // namespace hearth::specialists
