#include "features/specialists/directory_fees.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "features/specialists/profiles.hpp"

namespace hearth::specialists {

namespace {

// Countries whose currency specialists can give fees in. The euro area
// (ECB list, 2026) and one line per other currency of `currencies`.
constexpr std::array<std::pair<std::string_view, std::string_view>, 41> country_currencies{{
    {"AT", "EUR"}, {"BE", "EUR"}, {"BG", "EUR"}, {"CY", "EUR"}, {"DE", "EUR"}, {"EE", "EUR"}, {"ES", "EUR"},
    {"FI", "EUR"}, {"FR", "EUR"}, {"GR", "EUR"}, {"HR", "EUR"}, {"IE", "EUR"}, {"IT", "EUR"}, {"LT", "EUR"},
    {"LU", "EUR"}, {"LV", "EUR"}, {"MT", "EUR"}, {"NL", "EUR"}, {"PT", "EUR"}, {"SI", "EUR"}, {"SK", "EUR"},
    {"GB", "GBP"}, {"US", "USD"}, {"CA", "CAD"}, {"AU", "AUD"}, {"NZ", "NZD"}, {"CH", "CHF"}, {"SE", "SEK"},
    {"NO", "NOK"}, {"DK", "DKK"}, {"PL", "PLN"}, {"CZ", "CZK"}, {"HU", "HUF"}, {"RO", "RON"}, {"IN", "INR"},
    {"JP", "JPY"}, {"ZA", "ZAR"}, {"BR", "BRL"}, {"MX", "MXN"}, {"SG", "SGD"}, {"LI", "CHF"},
}};

// Symbols people recognise; the code is written beside them anyway,
// since "$" alone does not say which dollar.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> currency_symbols{{
    {"EUR", "\u20ac"},
    {"GBP", "\u00a3"},
    {"USD", "$"},
    {"CAD", "$"},
    {"AUD", "$"},
    {"NZD", "$"},
    {"JPY", "\u00a5"},
    {"INR", "\u20b9"},
}};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Whether a language range's parameters ("q=0", "q=0.000") refuse it.
bool refused(std::string_view params) {
    for (std::size_t at = 0; at <= params.size();) {
        const auto end = std::min(params.find(';', at), params.size());
        const auto param = trim(params.substr(at, end - at));
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
            const auto value = param.substr(2);
            return !value.empty() && value.find_first_not_of("0.") == std::string_view::npos;
        }
        at = end + 1;
    }
    return false;
}

}  // namespace

bool known_currency(std::string_view code) {
    return std::find(currencies.begin(), currencies.end(), code) != currencies.end();
}

std::string_view currency_of_country(std::string_view country) {
    for (const auto& [code, currency] : country_currencies) {
        if (code == country) return currency;
    }
    return {};
}

std::string_view currency_of_accept_language(std::string_view header) {
    for (std::size_t at = 0; at < header.size();) {
        const auto end = std::min(header.find(',', at), header.size());
        const auto item = header.substr(at, end - at);
        at = end + 1;
        const auto semicolon = item.find(';');
        const auto range = trim(item.substr(0, semicolon));
        if (semicolon != std::string_view::npos && refused(item.substr(semicolon + 1))) continue;
        // language-Script-REGION: the region is the first two-letter subtag
        // after the language ("zh-Hant-TW" -> TW, "en-GB" -> GB).
        for (std::size_t dash = range.find('-'); dash != std::string_view::npos;) {
            const auto next = range.find('-', dash + 1);
            const auto subtag = range.substr(dash + 1, next == std::string_view::npos ? next : next - dash - 1);
            if (subtag.size() == 2 && std::isalpha(static_cast<unsigned char>(subtag[0])) &&
                std::isalpha(static_cast<unsigned char>(subtag[1]))) {
                const char region[2] = {static_cast<char>(std::toupper(static_cast<unsigned char>(subtag[0]))),
                                        static_cast<char>(std::toupper(static_cast<unsigned char>(subtag[1])))};
                if (const auto currency = currency_of_country({region, 2}); !currency.empty()) return currency;
                break;
            }
            dash = next;
        }
    }
    return {};
}

std::string fee_text(const std::optional<std::int64_t>& fee_min, const std::optional<std::int64_t>& fee_max,
                     std::string_view currency) {
    if (!fee_min && !fee_max) return "";
    const auto low = fee_min ? *fee_min : *fee_max;
    const auto amount =
        fee_min && fee_max && *fee_min != *fee_max ? fmt::format("{}\u2013{}", low, *fee_max) : std::to_string(low);
    for (const auto& [code, symbol] : currency_symbols) {
        if (code == currency) return fmt::format("{}{} ({})", symbol, amount, currency);
    }
    return fmt::format("{} {}", currency, amount);
}

std::string reduced_fee_text(bool sliding_scale, bool reduced_fees) {
    if (sliding_scale && reduced_fees) return "Sliding scale and reduced fees available";
    if (sliding_scale) return "Sliding scale";
    if (reduced_fees) return "Reduced fees available";
    return "";
}

}  // namespace hearth::specialists
