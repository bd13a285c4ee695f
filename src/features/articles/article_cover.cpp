#include "features/articles/article_cover.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "features/specialists/profile_photo.hpp"
#include "security/tokens.hpp"

namespace hearth::articles {

std::optional<FieldError> cover_problem(std::string_view bytes, std::string& content_type) {
    using specialists::ImageCheck;
    const auto fail = [](std::string message) { return FieldError{"cover_image", std::move(message)}; };
    if (bytes.empty()) return fail("Please choose an image for the cover.");
    if (bytes.size() > specialists::max_photo_bytes) return fail("Please choose an image smaller than 2 MB.");
    const auto image = specialists::check_image(bytes);
    switch (image.verdict) {
        case ImageCheck::Verdict::ok: break;
        case ImageCheck::Verdict::not_an_image: return fail("Please choose a JPEG, PNG or WebP image.");
        case ImageCheck::Verdict::damaged: return fail("This image is damaged or incomplete. Please choose another.");
        case ImageCheck::Verdict::no_pixels: return fail("This image has no pixels. Please choose another.");
        case ImageCheck::Verdict::too_large:
            return fail(fmt::format("Please choose an image at most {} pixels wide and high.",
                                    specialists::max_photo_side_pixels));
    }
    content_type = std::string(image.content_type);
    return std::nullopt;
}

std::string write_cover_file(const std::filesystem::path& dir, std::int64_t article_id, std::string_view bytes,
                             std::string_view content_type) {
    std::filesystem::create_directories(dir);
    const auto name = fmt::format("{}-{}.{}", article_id, security::random_token(12),
                                  specialists::photo_extension(content_type));
    std::ofstream out(dir / name, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + (dir / name).string());
    return name;
}

std::optional<std::string> read_cover_file(const std::filesystem::path& dir, const std::string& name) {
    std::ifstream in(dir / name, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace hearth::articles
