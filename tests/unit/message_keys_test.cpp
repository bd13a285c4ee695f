#include "security/message_keys.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace {

using hearth::security::MessageKeyring;
using hearth::security::message_associated_data;

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("hearth-keys-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

TEST(MessageKeys, CreatesTheFileOwnerOnlyAndSealsAndOpens) {
    TempDir dir;
    auto file = dir.path / "sub" / "message_keys";
    auto ring = MessageKeyring::open_file(file);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600);
    EXPECT_EQ(ring.current_key_id(), 1);

    auto ad = message_associated_data(7, 42);
    auto sealed = ring.seal("I am scared to tell him", ad);
    EXPECT_EQ(sealed.key_id, 1);
    EXPECT_EQ(sealed.sealed.find("scared"), std::string::npos);
    EXPECT_EQ(ring.open(sealed, ad), "I am scared to tell him");
    // Two seals of one text differ (a random nonce each time).
    EXPECT_NE(ring.seal("same", ad).sealed, ring.seal("same", ad).sealed);
}

TEST(MessageKeys, RefusesOtherAssociatedDataAndChangedText) {
    TempDir dir;
    auto ring = MessageKeyring::open_file(dir.path / "k");
    auto sealed = ring.seal("hello", message_associated_data(1, 2));
    EXPECT_THROW(ring.open(sealed, message_associated_data(1, 3)), std::runtime_error);
    EXPECT_THROW(ring.open(sealed, message_associated_data(2, 2)), std::runtime_error);
    auto changed = sealed;
    changed.sealed[changed.sealed.size() / 2] = changed.sealed[changed.sealed.size() / 2] == 'A' ? 'B' : 'A';
    EXPECT_THROW(ring.open(changed, message_associated_data(1, 2)), std::runtime_error);
    auto unknown = sealed;
    unknown.key_id = 9;
    EXPECT_THROW(ring.open(unknown, message_associated_data(1, 2)), std::runtime_error);
}

TEST(MessageKeys, ANewKeySealsNewTextsAndOldOnesStillOpen) {
    TempDir dir;
    auto file = dir.path / "k";
    auto ring = MessageKeyring::open_file(file);
    auto ad = message_associated_data(1, 1);
    auto old_text = ring.seal("old", ad);
    // Another process (hearth keys rotate) adds a key: this one reads it.
    auto other = MessageKeyring::open_file(file);
    EXPECT_EQ(other.add_key(), 2);
    auto fresh = other.seal("new", ad);
    EXPECT_EQ(fresh.key_id, 2);
    EXPECT_EQ(ring.open(fresh, ad), "new");
    EXPECT_EQ(ring.open(old_text, ad), "old");
    EXPECT_THROW(other.retire_key(2), std::invalid_argument);
    other.retire_key(1);
    EXPECT_EQ(other.key_ids(), std::vector<std::int64_t>{2});
    EXPECT_THROW(other.open(old_text, ad), std::runtime_error);
}

TEST(MessageKeys, RefusesAFileOthersMayRead) {
    TempDir dir;
    auto file = dir.path / "k";
    { auto ring = MessageKeyring::open_file(file); }
    ::chmod(file.c_str(), 0644);
    EXPECT_THROW(MessageKeyring::open_file(file), std::runtime_error);
}

TEST(MessageKeys, RefusesAMalformedFile) {
    TempDir dir;
    auto file = dir.path / "k";
    {
        std::ofstream out(file);
        out << "1 not-base64!!\n";
    }
    ::chmod(file.c_str(), 0600);
    EXPECT_THROW(MessageKeyring::open_file(file), std::runtime_error);
    {
        std::ofstream out(file);
        out << "# only a comment\n";
    }
    EXPECT_THROW(MessageKeyring::open_file(file), std::runtime_error);
}

}  // namespace
