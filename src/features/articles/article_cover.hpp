#pragma once
// An article's cover image: checked by the same reading of image headers as
// profile photos (specialists/profile_photo.hpp: JPEG, PNG or WebP, up to
// 2 MB and 8,000 pixels a side), kept as a file beside them in the data
// folder, served only from Hearth (never from elsewhere), and always with
// alt text (cover_image_alt).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace hearth::articles {

// Why these bytes cannot be a cover (field "cover_image"), or none; the
// content type of an accepted one in `content_type`.
std::optional<FieldError> cover_problem(std::string_view bytes, std::string& content_type);

// Writes the bytes as a new file in `dir` ("<article id>-<random>.<ext>")
// and returns its name; throws std::runtime_error when it cannot.
std::string write_cover_file(const std::filesystem::path& dir, std::int64_t article_id, std::string_view bytes,
                             std::string_view content_type);

// The bytes of a stored cover; none when the file is gone.
std::optional<std::string> read_cover_file(const std::filesystem::path& dir, const std::string& name);

}  // namespace hearth::articles
