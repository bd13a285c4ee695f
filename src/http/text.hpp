#pragma once
// The one check of text at Hearth's boundary. Everything a client sends as
// text (path, query values, header values, form fields, multipart text
// parts, JSON strings) passes it once, where the request is parsed, so no
// handler, service or database ever sees bytes it cannot store or show:
// PostgreSQL refuses invalid UTF-8 and libpq ends text at NUL; control
// characters are invisible, break logs and e-mail headers, and are never
// typed by a person.
#include <string_view>

#include "core/utf8.hpp"

namespace hearth::http {

// Which control characters a piece of text may hold.
enum class TextKind {
    line,       // path, query values, header values: tab only (RFC 9110 field values allow HTAB)
    multiline,  // form and JSON fields: tab, LF and CR too (notes, bios)
    secret,     // passwords: any valid UTF-8 except NUL (a password is not shown, and may be anything typed)
};

enum class TextProblem { none, invalid_utf8, control_character };

// Checks `s` (bytes) against RFC 3629 UTF-8 (no overlong forms, no
// surrogates U+D800..U+DFFF, nothing above U+10FFFF, nothing truncated)
// and against the control characters `kind` forbids: C0 (U+0000..U+001F)
// except those allowed, DEL (U+007F) and C1 (U+0080..U+009F).
TextProblem check_text(std::string_view s, TextKind kind);

// Strict RFC 3629 UTF-8 (core/utf8.hpp), named here too for the boundary's callers.
using hearth::valid_utf8;

// Fields whose values are secrets: any name containing "password"
// ("password", "current_password", "new_password"). They keep any valid
// UTF-8 except NUL, and are never logged.
bool is_secret_field(std::string_view name);

// A person-facing sentence for a problem (not `none`).
std::string_view text_problem_message(TextProblem problem);

}  // namespace hearth::http
