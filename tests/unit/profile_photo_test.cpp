// What check_image accepts as a profile photo: real JPEG, PNG and WebP
// headers with sensible sizes; never a bare signature, a cut-off file, an
// image without pixels, an absurdly large one, or lengths that point past
// the end of the bytes.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "features/specialists/profile_photo.hpp"

namespace sp = hearth::specialists;
using Verdict = sp::ImageCheck::Verdict;

namespace {

std::string be32(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string be16(std::uint32_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }
std::string le32(std::uint32_t v) {
    return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
}
std::string le16(std::uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
std::string le24(std::uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16)}; }

const std::string png_signature("\x89PNG\r\n\x1a\n", 8);

// A chunk with a dummy CRC (check_image walks lengths, it does not check CRCs).
std::string png_chunk(const std::string& kind, const std::string& data) { return be32(static_cast<std::uint32_t>(data.size())) + kind + data + "CRC!"; }

std::string png(std::uint32_t width, std::uint32_t height) {
    std::string ihdr = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
    return png_signature + png_chunk("IHDR", ihdr) + png_chunk("IDAT", "compressed pixels") + png_chunk("IEND", "");
}

std::string jpeg(std::uint32_t width, std::uint32_t height) {
    std::string out("\xFF\xD8", 2);
    out += std::string("\xFF\xE0", 2) + be16(16) + std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14);  // APP0
    out += std::string("\xFF\xC0", 2) + be16(17) + std::string("\x08", 1) + be16(height) + be16(width) +
           std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);  // SOF0, three components
    out += std::string("\xFF\xDA", 2) + be16(12) + std::string("\x03\x01\x00\x02\x11\x03\x11\x00\x3F\x00", 10);
    out += "entropy-coded data";
    out += std::string("\xFF\xD9", 2);
    return out;
}

std::string riff(const std::string& chunk_kind, const std::string& chunk_data) {
    const std::string chunk = chunk_kind + le32(static_cast<std::uint32_t>(chunk_data.size())) + chunk_data;
    return "RIFF" + le32(static_cast<std::uint32_t>(4 + chunk.size())) + "WEBP" + chunk;
}

std::string webp_lossy(std::uint32_t width, std::uint32_t height) {
    return riff("VP8 ", std::string("\x10\x02\x00\x9d\x01\x2a", 6) + le16(width) + le16(height) + "frame data");
}

std::string webp_lossless(std::uint32_t width, std::uint32_t height) {
    const std::uint32_t bits = (width - 1) | ((height - 1) << 14);
    return riff("VP8L", std::string("\x2f", 1) + le32(bits) + "bitstream");
}

std::string webp_extended(std::uint32_t width, std::uint32_t height) {
    std::string vp8x = std::string("\x10\0\0\0", 4) + le24(width - 1) + le24(height - 1);
    std::string image = "VP8L" + le32(6) + std::string("\x2f\0\0\0\0\0", 6);
    const std::string chunk = "VP8X" + le32(10) + vp8x + image;
    return "RIFF" + le32(static_cast<std::uint32_t>(4 + chunk.size())) + "WEBP" + chunk;
}

}  // namespace

TEST(ProfilePhoto, RealHeadersGiveTypeAndSize) {
    auto check = sp::check_image(png(3, 2));
    EXPECT_EQ(check.verdict, Verdict::ok);
    EXPECT_EQ(check.content_type, "image/png");
    EXPECT_EQ(check.width, 3u);
    EXPECT_EQ(check.height, 2u);

    check = sp::check_image(jpeg(640, 480));
    EXPECT_EQ(check.verdict, Verdict::ok);
    EXPECT_EQ(check.content_type, "image/jpeg");
    EXPECT_EQ(check.width, 640u);
    EXPECT_EQ(check.height, 480u);

    for (const auto& [bytes, w, h] : {std::tuple{webp_lossy(320, 200), 320u, 200u},
                                      std::tuple{webp_lossless(1, 8000), 1u, 8000u},
                                      std::tuple{webp_extended(800, 600), 800u, 600u}}) {
        check = sp::check_image(bytes);
        EXPECT_EQ(check.verdict, Verdict::ok);
        EXPECT_EQ(check.content_type, "image/webp");
        EXPECT_EQ(check.width, w);
        EXPECT_EQ(check.height, h);
    }
    EXPECT_EQ(sp::photo_extension("image/jpeg"), "jpg");
    EXPECT_EQ(sp::photo_extension("image/png"), "png");
    EXPECT_EQ(sp::photo_extension("image/webp"), "webp");
}

TEST(ProfilePhoto, OtherFilesAreNotImages) {
    for (const std::string& bytes : {std::string(), std::string("GIF89a not allowed"), std::string("Just some text"),
                                    std::string("\xFF\xD8", 2), std::string("RIFF\0\0\0\0AVI LIST", 16),
                                    std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")}) {
        EXPECT_EQ(sp::check_image(bytes).verdict, Verdict::not_an_image) << bytes;
    }
}

TEST(ProfilePhoto, ABareSignatureIsRefused) {
    EXPECT_EQ(sp::check_image(png_signature).verdict, Verdict::damaged);
    EXPECT_EQ(sp::check_image(std::string("\xFF\xD8\xFF", 3)).verdict, Verdict::damaged);
    EXPECT_EQ(sp::check_image("RIFF" + le32(4) + "WEBP").verdict, Verdict::damaged);
}

TEST(ProfilePhoto, EveryCutOffPrefixIsRefused) {
    // Any prefix shorter than the whole file lacks something check_image needs
    // (the PNG its IEND, the JPEG its scan, the WebP the size its RIFF header promises).
    for (const auto& whole : {png(3, 2), webp_lossy(10, 10), webp_lossless(10, 10), webp_extended(10, 10)}) {
        for (std::size_t n = 0; n < whole.size(); ++n) {
            EXPECT_FALSE(sp::check_image(whole.substr(0, n)).ok()) << "prefix of " << n << " bytes";
        }
    }
    const auto j = jpeg(10, 10);
    const auto scan = j.find("\xFF\xDA");
    for (std::size_t n = 0; n < scan + 4; ++n) EXPECT_FALSE(sp::check_image(j.substr(0, n)).ok()) << n;
}

TEST(ProfilePhoto, ZeroSidesAreRefused) {
    EXPECT_EQ(sp::check_image(png(0, 10)).verdict, Verdict::no_pixels);
    EXPECT_EQ(sp::check_image(png(10, 0)).verdict, Verdict::no_pixels);
    EXPECT_EQ(sp::check_image(jpeg(0, 10)).verdict, Verdict::no_pixels);
    EXPECT_EQ(sp::check_image(jpeg(10, 0)).verdict, Verdict::no_pixels);
    EXPECT_EQ(sp::check_image(webp_lossy(0, 10)).verdict, Verdict::no_pixels);
}

TEST(ProfilePhoto, AbsurdSizesAreRefused) {
    EXPECT_EQ(sp::check_image(png(8000, 8000)).verdict, Verdict::ok);
    EXPECT_EQ(sp::check_image(png(8001, 10)).verdict, Verdict::too_large);
    EXPECT_EQ(sp::check_image(png(10, 0xFFFFFFFF)).verdict, Verdict::too_large);
    EXPECT_EQ(sp::check_image(jpeg(65535, 65535)).verdict, Verdict::too_large);
    EXPECT_EQ(sp::check_image(webp_lossy(16383, 100)).verdict, Verdict::too_large);
    EXPECT_EQ(sp::check_image(webp_lossless(16384, 16384)).verdict, Verdict::too_large);
    EXPECT_EQ(sp::check_image(webp_extended(1 << 24, 1 << 24)).verdict, Verdict::too_large);
}

TEST(ProfilePhoto, LengthsPointingPastTheEndAreRefused) {
    // A PNG chunk that claims 4 GB.
    auto p = png(3, 2);
    auto huge = p;
    huge.replace(png_signature.size() + 4 + 4 + 13 + 4, 4, be32(0xFFFFFFF0));
    EXPECT_EQ(sp::check_image(huge).verdict, Verdict::damaged);
    // An IHDR of the wrong length, and a first chunk that is not IHDR.
    EXPECT_EQ(sp::check_image(png_signature + png_chunk("IHDR", "short") + png_chunk("IEND", "")).verdict,
              Verdict::damaged);
    EXPECT_EQ(sp::check_image(png_signature + png_chunk("IDAT", "x") + png_chunk("IEND", "")).verdict,
              Verdict::damaged);
    // No pixel data at all.
    EXPECT_EQ(sp::check_image(png_signature + png_chunk("IHDR", be32(3) + be32(2) + std::string(5, '\0')) +
                              png_chunk("IEND", ""))
                  .verdict,
              Verdict::damaged);
    // A JPEG segment longer than the file, one shorter than its own length field, and a scan before any frame.
    EXPECT_EQ(sp::check_image(std::string("\xFF\xD8\xFF\xE0\xFF\xFF", 6) + "tiny").verdict, Verdict::damaged);
    EXPECT_EQ(sp::check_image(std::string("\xFF\xD8\xFF\xE0\x00\x01", 6) + "tiny").verdict, Verdict::damaged);
    EXPECT_EQ(sp::check_image(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6) + "data").verdict, Verdict::damaged);
    // A RIFF size beyond the file, and a chunk size beyond the RIFF.
    auto w = webp_lossy(10, 10);
    auto longer = w;
    longer.replace(4, 4, le32(0xFFFFFFFF));
    EXPECT_EQ(sp::check_image(longer).verdict, Verdict::damaged);
    auto chunk = w;
    chunk.replace(16, 4, le32(0xFFFFFFFF));
    EXPECT_EQ(sp::check_image(chunk).verdict, Verdict::damaged);
    // A VP8 frame that is not a key frame, or has no start code; a VP8L without its signature.
    auto inter = w;
    inter[20] = '\x01';
    EXPECT_EQ(sp::check_image(inter).verdict, Verdict::damaged);
    auto no_code = w;
    no_code[23] = 'x';
    EXPECT_EQ(sp::check_image(no_code).verdict, Verdict::damaged);
    auto l = webp_lossless(10, 10);
    l[20] = 'x';
    EXPECT_EQ(sp::check_image(l).verdict, Verdict::damaged);
    EXPECT_EQ(sp::check_image(riff("ALPH", "0123456789")).verdict, Verdict::damaged);
}

TEST(ProfilePhoto, FillBytesAndRestartMarkersAreWalked) {
    auto j = jpeg(50, 40);
    j.insert(2, std::string("\xFF\xFF\xFF", 3));  // fill bytes before APP0
    auto check = sp::check_image(j);
    EXPECT_EQ(check.verdict, Verdict::ok);
    EXPECT_EQ(check.width, 50u);
    EXPECT_EQ(check.height, 40u);
    // A progressive frame (SOF2) carries the size too; DHT (C4) does not.
    auto progressive = jpeg(20, 30);
    progressive[progressive.find(std::string("\xFF\xC0", 2)) + 1] = '\xC2';
    EXPECT_EQ(sp::check_image(progressive).width, 20u);
    auto huffman_only = jpeg(20, 30);
    huffman_only[huffman_only.find(std::string("\xFF\xC0", 2)) + 1] = '\xC4';
    EXPECT_EQ(sp::check_image(huffman_only).verdict, Verdict::damaged);
}
