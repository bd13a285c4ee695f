#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

using hearth::http::StaticFiles;
namespace fs = std::filesystem;

namespace {

// A fresh folder of static files for one test, removed afterwards.
class StaticDir : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("hearth-static-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_ / "css");
        write("css/site.css", "body { color: black; }");
        write("app.js", "console.log(1);");
    }
    void TearDown() override { fs::remove_all(dir_); }
    void write(const std::string& rel, const std::string& body) {
        std::ofstream(dir_ / rel, std::ios::binary) << body;
    }
    fs::path dir_;
};

}  // namespace

TEST_F(StaticDir, ListsItsFilesInOrderWithoutAliases) {
    StaticFiles files(dir_, "/static");
    files.alias("/favicon.ico", "/static/app.js");
    EXPECT_EQ(files.urls(), (std::vector<std::string>{"/static/app.js", "/static/css/site.css"}));
    ASSERT_NE(files.content("/static/css/site.css"), nullptr);
    EXPECT_EQ(*files.content("/static/css/site.css"), "body { color: black; }");
    EXPECT_EQ(files.content("/static/missing.css"), nullptr);
}

TEST_F(StaticDir, VersionFollowsContentAndNames) {
    const std::string first = StaticFiles(dir_, "/static").version();
    EXPECT_EQ(first.size(), 16u);
    EXPECT_EQ(StaticFiles(dir_, "/static").version(), first);  // same files, same version

    write("css/site.css", "body { color: navy; }");
    const std::string changed = StaticFiles(dir_, "/static").version();
    EXPECT_NE(changed, first);

    fs::rename(dir_ / "app.js", dir_ / "main.js");  // same bytes under another name
    EXPECT_NE(StaticFiles(dir_, "/static").version(), changed);
}
