#include "features/articles/cover_metadata.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace hearth::articles {

namespace {

std::uint32_t big_endian32(std::string_view b, std::size_t at) {
    return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}

std::uint32_t little_endian32(std::string_view b, std::size_t at) {
    return std::uint32_t(std::uint8_t(b[at])) | (std::uint32_t(std::uint8_t(b[at + 1])) << 8) |
           (std::uint32_t(std::uint8_t(b[at + 2])) << 16) | (std::uint32_t(std::uint8_t(b[at + 3])) << 24);
}

void put_little_endian32(std::string& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::optional<std::string> jpeg(std::string_view b) {
    if (b.size() < 4 || std::uint8_t(b[0]) != 0xFF || std::uint8_t(b[1]) != 0xD8) return std::nullopt;
    std::string out(b.substr(0, 2));
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
        if (std::uint8_t(b[i]) != 0xFF) return std::nullopt;
        const auto marker = std::uint8_t(b[i + 1]);
        if (marker == 0xFF) {  // fill byte
            ++i;
            continue;
        }
        if (marker == 0xDA) {  // start of scan: the rest is image data
            out.append(b.substr(i));
            return out;
        }
        const std::size_t length = (std::size_t(std::uint8_t(b[i + 2])) << 8) | std::uint8_t(b[i + 3]);
        if (length < 2 || i + 2 + length > b.size()) return std::nullopt;
        const bool metadata = marker == 0xE1 || marker == 0xEC || marker == 0xED || marker == 0xFE;
        if (!metadata) out.append(b.substr(i, 2 + length));
        i += 2 + length;
    }
    return std::nullopt;
}

std::optional<std::string> png(std::string_view b) {
    constexpr std::string_view signature("\x89PNG\r\n\x1a\n", 8);
    if (b.substr(0, 8) != signature) return std::nullopt;
    static constexpr std::array<std::string_view, 5> dropped{"tEXt", "zTXt", "iTXt", "eXIf", "tIME"};
    std::string out(signature);
    std::size_t i = 8;
    while (i + 12 <= b.size()) {
        const std::size_t length = big_endian32(b, i);
        if (length > b.size() - i - 12) return std::nullopt;
        const auto type = b.substr(i + 4, 4);
        bool drop = false;
        for (const auto d : dropped) drop = drop || type == d;
        if (!drop) out.append(b.substr(i, 12 + length));
        i += 12 + length;
        if (type == "IEND") return out;
    }
    return std::nullopt;
}

std::optional<std::string> webp(std::string_view b) {
    if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WEBP") return std::nullopt;
    std::string out(b.substr(0, 12));
    std::optional<std::size_t> vp8x_flags;
    std::size_t i = 12;
    while (i + 8 <= b.size()) {
        const std::size_t size = little_endian32(b, i + 4);
        const std::size_t padded = size + (size & 1);
        if (padded > b.size() - i - 8) return std::nullopt;
        const auto type = b.substr(i, 4);
        if (type != "EXIF" && type != "XMP ") {
            if (type == "VP8X" && size >= 1) vp8x_flags = out.size() + 8;
            out.append(b.substr(i, 8 + padded));
        }
        i += 8 + padded;
    }
    if (i != b.size()) return std::nullopt;
    if (vp8x_flags) out[*vp8x_flags] = static_cast<char>(std::uint8_t(out[*vp8x_flags]) & ~0x0C);  // EXIF, XMP bits
    put_little_endian32(out, 4, static_cast<std::uint32_t>(out.size() - 8));
    return out;
}

}  // namespace

std::string without_metadata(std::string_view bytes, std::string_view content_type) {
    std::optional<std::string> out;
    if (content_type == "image/jpeg") out = jpeg(bytes);
    else if (content_type == "image/png") out = png(bytes);
    else if (content_type == "image/webp") out = webp(bytes);
    return out ? std::move(*out) : std::string(bytes);
}

}  // namespace hearth::articles
