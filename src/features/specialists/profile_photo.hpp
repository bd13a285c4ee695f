#pragma once
// What an uploaded photo really is, read from its bytes (never from its
// name or the type the browser claims): JPEG, PNG or WebP, with its size in
// pixels from the image header. A file that only starts like an image, is
// cut off, has no pixels or is absurdly large is refused before it is kept.
// A header parse with bounds checks on every read; no image is decoded.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hearth::specialists {

inline constexpr std::size_t max_photo_bytes = 2 * 1024 * 1024;
// Larger than any camera a specialist would use at full resolution, small
// enough that a decoder in a browser never meets a decompression bomb.
inline constexpr std::uint32_t max_photo_side_pixels = 8000;

struct ImageCheck {
    enum class Verdict {
        ok,
        not_an_image,  // not JPEG, PNG or WebP
        damaged,       // starts like one, but its header is cut off or inconsistent
        no_pixels,     // a side of 0 pixels
        too_large,     // a side over max_photo_side_pixels
    };
    Verdict verdict = Verdict::not_an_image;
    std::string_view content_type;  // "image/jpeg", "image/png", "image/webp" when the format was recognised
    std::uint32_t width = 0;        // pixels, when the header was read
    std::uint32_t height = 0;
    bool ok() const noexcept { return verdict == Verdict::ok; }
};

// Reads the format and dimensions:
// - PNG: the signature, then chunks walked by their lengths (IHDR first,
//   13 bytes; at least one IDAT; IEND inside the file). PNG spec 5.3, 11.2.2.
// - JPEG: SOI, then marker segments walked by their lengths up to a start of
//   frame (SOF0..SOF15 but DHT, JPG, DAC) with its height and width, and a
//   start of scan after it. ITU T.81 B.1.1, B.2.2.
// - WebP: RIFF with a size that fits the file, "WEBP", then a VP8 (key
//   frame start code 9d 01 2a, 14-bit sizes), VP8L (signature 0x2f, 14-bit
//   sizes minus one) or VP8X (24-bit canvas sizes minus one) chunk. RFC 9649.
ImageCheck check_image(std::string_view bytes);

// "jpg", "png", "webp" for a content type check_image gives.
std::string_view photo_extension(std::string_view content_type);

}  // namespace hearth::specialists
