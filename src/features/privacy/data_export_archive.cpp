#include "features/privacy/data_export_archive.hpp"

#include <zip.h>

#include <memory>
#include <stdexcept>
#include <system_error>

namespace hearth::privacy {

namespace {

std::runtime_error zip_failure(std::string_view what, zip_t* archive) {
    return std::runtime_error(std::string(what) + ": " + (archive ? zip_strerror(archive) : "unknown error"));
}

}  // namespace

void write_zip(const std::filesystem::path& file, const std::vector<ArchiveEntry>& entries) {
    auto temporary = file;
    temporary += ".part";
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    int error = 0;
    zip_t* archive = zip_open(temporary.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive)
        throw std::runtime_error("cannot create " + temporary.string() + " (libzip error " + std::to_string(error) +
                                 ")");
    for (const auto& entry : entries) {
        // The buffers stay alive until zip_close below reads them (freep = 0).
        zip_source_t* source = zip_source_buffer(archive, entry.bytes.data(), entry.bytes.size(), 0);
        if (!source) {
            auto failure = zip_failure("cannot add " + entry.name, archive);
            zip_discard(archive);
            throw failure;
        }
        if (zip_file_add(archive, entry.name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
            auto failure = zip_failure("cannot add " + entry.name, archive);
            zip_source_free(source);
            zip_discard(archive);
            throw failure;
        }
    }
    if (zip_close(archive) != 0) {
        auto failure = zip_failure("cannot write " + temporary.string(), archive);
        zip_discard(archive);
        std::filesystem::remove(temporary, ignored);
        throw failure;
    }
    std::filesystem::rename(temporary, file);
}

std::vector<ArchiveEntry> read_zip(const std::string& bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (!source) throw std::runtime_error("cannot read the archive");
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!archive) {
        zip_source_free(source);
        std::string message = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw std::runtime_error("not a zip archive: " + message);
    }
    std::vector<ArchiveEntry> out;
    const auto count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(archive, i, 0, &st) != 0) throw zip_failure("cannot read an entry", archive);
        zip_file_t* f = zip_fopen_index(archive, i, 0);
        if (!f) throw zip_failure("cannot open an entry", archive);
        std::string content(st.size, '\0');
        const auto read = zip_fread(f, content.data(), st.size);
        zip_fclose(f);
        if (read < 0 || static_cast<zip_uint64_t>(read) != st.size) throw zip_failure("short entry", archive);
        out.push_back({st.name, std::move(content)});
    }
    zip_close(archive);
    return out;
}

}  // namespace hearth::privacy
