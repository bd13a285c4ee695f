#include "features/accounts/two_factor_qr.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

#include <fmt/format.h>

namespace hearth::accounts::totp {

namespace {

constexpr int quiet_zone = 4;  // modules of light border, ISO/IEC 18004 section 7.3.8

// Escapes the few characters that matter inside a double-quoted attribute.
std::string attribute_text(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

}  // namespace

std::string qr_svg(std::string_view text, std::string_view label) {
    const std::string data(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code) throw std::runtime_error("the text could not be drawn as a QR code");
    const int width = code->width;
    const int size = width + 2 * quiet_zone;
    std::string path;
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            // The lowest bit of each module's byte: 1 is dark.
            if (code->data[y * width + x] & 1) path += fmt::format("M{} {}h1v1h-1z", x + quiet_zone, y + quiet_zone);
        }
    }
    return fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 {0} {0}" width="240" height="240" )"
        R"(role="img" aria-label="{1}" shape-rendering="crispEdges"><rect width="{0}" height="{0}" fill="#fff"/>)"
        R"(<path fill="#000" d="{2}"/></svg>)",
        size, attribute_text(label), path);
}

}  // namespace hearth::accounts::totp
