#pragma once
// The export archive: a .zip (libzip) of named files, written atomically
// (a temporary file in the same folder, then rename) so a half-written
// archive is never offered.
#include <filesystem>
#include <string>
#include <vector>

namespace hearth::privacy {

struct ArchiveEntry {
    std::string name;   // path inside the archive: "export.json", "consultations/consultation-4.ics"
    std::string bytes;  // the file's contents
};

// Writes `entries` (deflated) to `file`, replacing it. Throws
// std::runtime_error with libzip's message when it cannot.
void write_zip(const std::filesystem::path& file, const std::vector<ArchiveEntry>& entries);

// The names and contents of the files in the zip archive `bytes`, in order
// (for tests and checks). Throws std::runtime_error on a malformed archive.
std::vector<ArchiveEntry> read_zip(const std::string& bytes);

}  // namespace hearth::privacy
