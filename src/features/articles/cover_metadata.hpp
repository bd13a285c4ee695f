#pragma once
// A cover is often a photo the author took, and cameras write where and
// when into the file (Exif GPS, XMP, comments): a trauma therapist's
// article must not tell readers where they live. The metadata goes before
// the cover is kept; the pixels and what draws them (JFIF, ICC colour
// profiles, Adobe colour transforms, PNG palettes and gamma) stay.
#include <string>
#include <string_view>

namespace hearth::articles {

// `bytes` without their metadata, for an image check_image accepted as
// `content_type` ("image/jpeg", "image/png" or "image/webp"):
// - JPEG: APP1 (Exif, XMP), APP12, APP13 (IPTC) and COM segments before
//   the start of scan are dropped (ITU T.81 B.1.1.4). The Exif orientation
//   goes with them, so a phone photo may need turning before upload.
// - PNG: tEXt, zTXt, iTXt, eXIf and tIME chunks are dropped (PNG spec 11.3).
// - WebP: EXIF and "XMP " chunks are dropped, their VP8X flags cleared
//   and the RIFF size made right (RFC 9649 section 2.7).
// Anything it cannot walk is returned unchanged; never throws but bad_alloc.
std::string without_metadata(std::string_view bytes, std::string_view content_type);

}  // namespace hearth::articles
