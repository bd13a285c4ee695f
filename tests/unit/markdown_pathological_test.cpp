// Markdown written to cost time: cmark-gfm 0.29.0.gfm.6 has inputs whose
// parse time grows with the product of two counts (table delimiter rows
// under a long paragraph of pipes, many bare "www." addresses with '_'),
// and it parses under a process-wide lock, so one such article would stall
// every render. render_markdown drops the extension for such text; these
// inputs each took from 12 s to minutes before.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "render/markdown.hpp"

using hearth::render::MarkdownOptions;
using hearth::render::render_markdown;

namespace {

std::string repeat(std::string_view unit, std::size_t n) {
    std::string out;
    out.reserve(unit.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += unit;
    return out;
}

// Seconds render_markdown takes for `md` with the articles' options.
double seconds_for(const std::string& md) {
    const auto start = std::chrono::steady_clock::now();
    (void)render_markdown(md, MarkdownOptions{});
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST(MarkdownPathological, ManyDelimiterRowsUnderPipesStayFast) {
    EXPECT_LT(seconds_for(repeat("|", 99'000) + "\n" + repeat("|-|\n", 200)), 2.0);
    EXPECT_LT(seconds_for(repeat(repeat("|", 300) + "\n|-|\n", 200)), 2.0);
    EXPECT_LT(seconds_for(repeat(repeat("|", 1000) + "\n|-|\n", 100)), 2.0);
}

TEST(MarkdownPathological, ManyBareWebAddressesStayFast) {
    EXPECT_LT(seconds_for(repeat("www.a_", 16'000)), 2.0);
}

TEST(MarkdownPathological, DeepNestingRendersWithoutCrashing) {
    EXPECT_LT(seconds_for(repeat(">", 100'000) + "x"), 2.0);
    EXPECT_LT(seconds_for(repeat("[", 100'000) + "x"), 2.0);
    EXPECT_LT(seconds_for("# " + repeat("*a ", 30'000) + "x"), 2.0);
    EXPECT_LT(seconds_for(repeat(" -", 50'000) + "x"), 2.0);
    EXPECT_LT(seconds_for("# " + repeat("*", 49'000) + "a" + repeat("*", 49'000)), 2.0);
    EXPECT_LT(seconds_for("# " + repeat("*a", 33'000) + repeat("a*", 33'000)), 2.0);
    EXPECT_LT(seconds_for("# " + repeat("~~", 24'000) + "a" + repeat("~~", 24'000)), 2.0);
}

TEST(MarkdownPathological, OrdinaryTablesAndAutolinksStillWork) {
    const auto r = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\nSee www.example.org today.\n",
                                   MarkdownOptions{});
    EXPECT_NE(r.html.find("<table>"), std::string::npos) << r.html;
    EXPECT_NE(r.html.find("href=\"http://www.example.org\""), std::string::npos) << r.html;
}

TEST(MarkdownPathological, BeyondTheLimitsTextStaysText) {
    const auto md = "| a | b |\n|---|---|\n| 1 | 2 |\n" + repeat("|-|\n\n", 101);
    const auto r = render_markdown(md, MarkdownOptions{});
    EXPECT_EQ(r.html.find("<table>"), std::string::npos);
    EXPECT_NE(r.html.find("| a | b |"), std::string::npos) << r.html.substr(0, 200);
}
