#pragma once
#include <string>
#include <string_view>

namespace hearth::render {

// CommonMark + GitHub tables, strikethrough and autolinks, rendered safely:
// raw HTML and dangerous link schemes (javascript:, data:) never reach the page.
std::string markdown_to_html(std::string_view markdown);

}  // namespace hearth::render
