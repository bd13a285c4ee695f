#pragma once
// The enrolment QR code as an inline SVG: the page needs no image request,
// no data: URI (our CSP allows neither) and nothing from elsewhere.
#include <string>
#include <string_view>

namespace hearth::accounts::totp {

// An <svg> element (no style attributes, so the CSP's style-src is not
// involved) drawing `text` as a QR code (libqrencode, error correction M,
// 8-bit mode) with a four-module quiet zone, one path for the dark modules.
// `label` becomes its accessible name (role="img", aria-label). Throws
// std::runtime_error when the text cannot be encoded (far too long).
std::string qr_svg(std::string_view text, std::string_view label);

}  // namespace hearth::accounts::totp
