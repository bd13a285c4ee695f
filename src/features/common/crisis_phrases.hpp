#pragma once
// Whether a text speaks of self-harm or suicide, so that its writer is
// shown crisis resources at once (issue 11: messages now, questions
// later). The phrases live in one reviewable data file,
// templates/safety/crisis_phrases.txt (its header says how lines are
// read); matching is on whole words, ignoring case and accents (Latin
// letters), punctuation counting as a space. Nothing is ever blocked
// because of it.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::crisis {

class CrisisPhrases {
public:
    // Reads the phrase list from its text (see the data file's header).
    // Throws std::invalid_argument when it holds no phrase.
    static CrisisPhrases parse(std::string_view text);
    // Reads the file; std::runtime_error when it cannot be read.
    static CrisisPhrases load(const std::filesystem::path& path);

    bool matches(std::string_view text) const;
    std::size_t size() const noexcept { return phrases_.size(); }

private:
    std::vector<std::string> phrases_;     // normalised, " " around
    std::vector<std::string> exceptions_;  // normalised, " " around
};

// Lower-case ASCII letters and digits with accents taken off Latin
// letters, every other run of characters one space, " " at both ends:
// "Ça va, É-lan!" -> " ca va e lan ". The form phrases are matched in.
std::string normalise(std::string_view utf8);

// The process's phrase list: set once at start-up (app/application.cpp)
// from <assets_dir>/templates/safety/crisis_phrases.txt.
void use_phrases(CrisisPhrases phrases);
void load_phrases_file(const std::filesystem::path& path);
// The default file under an assets directory.
std::filesystem::path phrases_file(const std::filesystem::path& assets_dir);

// True when `text` (UTF-8) contains a phrase of the process's list.
// Throws std::logic_error when no list was set (a start-up mistake that
// must not pass silently).
bool speaks_of_self_harm(std::string_view text);

}  // namespace hearth::crisis
