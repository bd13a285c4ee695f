// Covers lose what cameras write about where and when (articles::
// without_metadata); the image's own segments and chunks stay in order.
#include <gtest/gtest.h>

#include <string>

#include "features/articles/cover_metadata.hpp"

using hearth::articles::without_metadata;

namespace {

std::string bytes(std::initializer_list<int> b) {
    std::string out;
    for (int c : b) out += static_cast<char>(c);
    return out;
}

// A JPEG segment: marker, big-endian length (2 + payload), payload.
std::string segment(int marker, const std::string& payload) {
    const auto n = payload.size() + 2;
    return bytes({0xFF, marker, int(n >> 8), int(n & 0xFF)}) + payload;
}

std::string chunk_png(const std::string& type, const std::string& data) {
    const auto n = data.size();
    return bytes({int(n >> 24), int((n >> 16) & 0xFF), int((n >> 8) & 0xFF), int(n & 0xFF)}) + type + data +
           bytes({0, 0, 0, 0});
}

std::string chunk_riff(const std::string& type, const std::string& data) {
    const auto n = data.size();
    auto out = type + bytes({int(n & 0xFF), int((n >> 8) & 0xFF), 0, 0}) + data;
    if (n % 2) out += '\0';
    return out;
}

const std::string secret = "GPSLatitude 52.3702";

}  // namespace

TEST(CoverMetadata, JpegLosesExifXmpIptcAndComments) {
    const auto jfif = segment(0xE0, std::string("JFIF\0\1\1\0\0\1\0\1\0\0", 14));
    const auto icc = segment(0xE2, "ICC_PROFILE stays");
    const auto sof = segment(0xC0, bytes({8, 0, 2, 0, 3, 1, 1, 0x11, 0}));
    const auto scan = segment(0xDA, bytes({1, 1, 0, 0, 0x3F, 0})) + "pixels" + bytes({0xFF, 0xD9});
    const auto in = bytes({0xFF, 0xD8}) + jfif + segment(0xE1, "Exif\0\0" + secret) + icc +
                    segment(0xE1, "http://ns.adobe.com/xap/1.0/ " + secret) + segment(0xED, secret) +
                    segment(0xFE, secret) + sof + scan;
    const auto out = without_metadata(in, "image/jpeg");
    EXPECT_EQ(out, bytes({0xFF, 0xD8}) + jfif + icc + sof + scan);
    EXPECT_EQ(out.find(secret), std::string::npos);
}

TEST(CoverMetadata, PngLosesTextAndExifChunks) {
    const std::string sig("\x89PNG\r\n\x1a\n", 8);
    const auto ihdr = chunk_png("IHDR", std::string(13, '\1'));
    const auto idat = chunk_png("IDAT", "pixels");
    const auto iend = chunk_png("IEND", "");
    const auto in = sig + ihdr + chunk_png("tEXt", "Comment\0" + secret) + chunk_png("eXIf", secret) + idat +
                    chunk_png("iTXt", secret) + chunk_png("tIME", "1234567") + iend;
    EXPECT_EQ(without_metadata(in, "image/png"), sig + ihdr + idat + iend);
}

TEST(CoverMetadata, WebpLosesExifAndXmpAndItsFlags) {
    const auto vp8x = chunk_riff("VP8X", bytes({0x0C | 0x10, 0, 0, 0, 1, 0, 0, 1, 0, 0}));
    const auto vp8 = chunk_riff("VP8 ", "frame");
    const auto body = std::string("WEBP") + vp8x + vp8 + chunk_riff("EXIF", secret) + chunk_riff("XMP ", secret);
    const auto n = body.size();
    const auto in = "RIFF" + bytes({int(n & 0xFF), int((n >> 8) & 0xFF), 0, 0}) + body;
    const auto out = without_metadata(in, "image/webp");
    const auto kept = std::string("WEBP") + chunk_riff("VP8X", bytes({0x10, 0, 0, 0, 1, 0, 0, 1, 0, 0})) + vp8;
    const auto m = kept.size();
    EXPECT_EQ(out, "RIFF" + bytes({int(m & 0xFF), int((m >> 8) & 0xFF), 0, 0}) + kept);
}

TEST(CoverMetadata, WhatCannotBeWalkedIsReturnedAsItIs) {
    EXPECT_EQ(without_metadata("not an image", "image/jpeg"), "not an image");
    const auto cut = bytes({0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00}) + "Exif";
    EXPECT_EQ(without_metadata(cut, "image/jpeg"), cut);
    EXPECT_EQ(without_metadata("RIFF", "image/webp"), "RIFF");
    EXPECT_EQ(without_metadata("x", "image/gif"), "x");
}
