#include "features/specialists/profile_photo.hpp"

#include <optional>

namespace hearth::specialists {

namespace {

using Verdict = ImageCheck::Verdict;

// Bounds-checked reads: nullopt past the end.
std::optional<std::uint32_t> byte_at(std::string_view b, std::size_t at) {
    if (at >= b.size()) return std::nullopt;
    return static_cast<unsigned char>(b[at]);
}

std::optional<std::uint32_t> big_endian(std::string_view b, std::size_t at, std::size_t n) {
    if (at > b.size() || b.size() - at < n) return std::nullopt;
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

std::optional<std::uint32_t> little_endian(std::string_view b, std::size_t at, std::size_t n) {
    if (at > b.size() || b.size() - at < n) return std::nullopt;
    std::uint32_t v = 0;
    for (std::size_t i = n; i-- > 0;) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

ImageCheck sized(std::string_view type, std::uint32_t width, std::uint32_t height) {
    ImageCheck out{Verdict::ok, type, width, height};
    if (width == 0 || height == 0) {
        out.verdict = Verdict::no_pixels;
    } else if (width > max_photo_side_pixels || height > max_photo_side_pixels) {
        out.verdict = Verdict::too_large;
    }
    return out;
}

ImageCheck damaged(std::string_view type) { return ImageCheck{Verdict::damaged, type, 0, 0}; }

constexpr std::string_view png_signature("\x89PNG\r\n\x1a\n", 8);

ImageCheck check_png(std::string_view b) {
    constexpr std::string_view type = "image/png";
    std::size_t at = png_signature.size();
    std::optional<std::uint32_t> width, height;
    bool has_data = false;
    for (bool first = true;; first = false) {
        const auto length = big_endian(b, at, 4);
        if (!length || b.size() - at < 12 || b.size() - at - 12 < *length) return damaged(type);
        const auto kind = b.substr(at + 4, 4);
        if (first != (kind == "IHDR")) return damaged(type);  // IHDR first, and only first
        if (kind == "IHDR") {
            if (*length != 13) return damaged(type);
            width = big_endian(b, at + 8, 4);
            height = big_endian(b, at + 12, 4);
        } else if (kind == "IDAT") {
            has_data = true;
        } else if (kind == "IEND") {
            break;
        }
        at += 12 + *length;
    }
    if (!width || !height || !has_data) return damaged(type);
    return sized(type, *width, *height);
}

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
bool is_start_of_frame(std::uint32_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

ImageCheck check_jpeg(std::string_view b) {
    constexpr std::string_view type = "image/jpeg";
    std::size_t at = 2;  // after SOI (FF D8)
    std::optional<std::uint32_t> width, height;
    while (true) {
        // A marker: FF, any number of FF fill bytes, then its code.
        if (byte_at(b, at) != 0xFFu) return damaged(type);
        while (byte_at(b, at) == 0xFFu) ++at;
        const auto marker = byte_at(b, at);
        if (!marker) return damaged(type);
        ++at;
        if (*marker == 0x01 || (*marker >= 0xD0 && *marker <= 0xD7)) continue;  // no length (TEM, RSTn)
        if (*marker == 0xD8 || *marker == 0xD9 || *marker == 0x00) return damaged(type);
        const auto length = big_endian(b, at, 2);
        if (!length || *length < 2 || b.size() - at < *length) return damaged(type);
        if (is_start_of_frame(*marker)) {
            if (*length < 8) return damaged(type);
            height = big_endian(b, at + 3, 2);  // after the sample precision byte
            width = big_endian(b, at + 5, 2);
        } else if (*marker == 0xDA) {  // start of scan: the image data follows
            if (!width || !height) return damaged(type);
            return sized(type, *width, *height);
        }
        at += *length;
    }
}

ImageCheck check_webp(std::string_view b) {
    constexpr std::string_view type = "image/webp";
    const auto riff_size = little_endian(b, 4, 4);
    // The RIFF size counts from byte 8 and must fit in the file: a cut-off file is refused.
    if (!riff_size || *riff_size < 4 + 8 || b.size() - 8 < *riff_size) return damaged(type);
    const auto chunk = b.substr(12, 4);
    const auto chunk_size = little_endian(b, 16, 4);
    if (!chunk_size || *riff_size - 12 < *chunk_size) return damaged(type);
    constexpr std::size_t data = 20;
    if (chunk == "VP8 ") {
        // A key frame: 3-byte frame tag (bit 0 clear), start code, then 14-bit width and height.
        if (*chunk_size < 10) return damaged(type);
        const auto tag = byte_at(b, data);
        if (!tag || (*tag & 1) != 0 || b.substr(data + 3, 3) != std::string_view("\x9d\x01\x2a", 3)) {
            return damaged(type);
        }
        const auto w = little_endian(b, data + 6, 2);
        const auto h = little_endian(b, data + 8, 2);
        if (!w || !h) return damaged(type);
        return sized(type, *w & 0x3FFF, *h & 0x3FFF);
    }
    if (chunk == "VP8L") {
        if (*chunk_size < 5 || byte_at(b, data) != 0x2Fu) return damaged(type);
        const auto bits = little_endian(b, data + 1, 4);
        if (!bits) return damaged(type);
        return sized(type, (*bits & 0x3FFF) + 1, ((*bits >> 14) & 0x3FFF) + 1);
    }
    if (chunk == "VP8X") {
        // Flags (1), reserved (3), canvas width - 1 (3), canvas height - 1 (3); the image chunks follow.
        if (*chunk_size < 10 || *riff_size - 12 < *chunk_size + 8) return damaged(type);
        const auto w = little_endian(b, data + 4, 3);
        const auto h = little_endian(b, data + 7, 3);
        if (!w || !h) return damaged(type);
        return sized(type, *w + 1, *h + 1);
    }
    return damaged(type);
}

}  // namespace

ImageCheck check_image(std::string_view b) {
    if (b.size() >= 3 && b.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) return check_jpeg(b);
    if (b.substr(0, png_signature.size()) == png_signature) return check_png(b);
    if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return check_webp(b);
    return ImageCheck{};
}

std::string_view photo_extension(std::string_view content_type) {
    if (content_type == "image/jpeg") return "jpg";
    if (content_type == "image/png") return "png";
    return "webp";
}

}  // namespace hearth::specialists
