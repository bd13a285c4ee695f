#pragma once
// What a person sees of one of their sessions: a device named from the
// browser's User-Agent header, and an id for the session that is safe to
// show and to put in a URL. Pure functions, no database.
#include <string>
#include <string_view>

namespace hearth::accounts {

// "Firefox on Windows", "Safari on iPhone", "Chrome" (no system named),
// "A browser on Linux" (no browser named), "Unknown device" (neither, or
// an empty header). Reads the common tokens of today's browsers' User-Agent
// strings (Edge's "Edg/", Opera's "OPR/", Firefox's "Firefox/" and "FxiOS/",
// Chrome's "Chrome/" and "CriOS/", Samsung Internet, Safari's "Version/ ...
// Safari/"); command-line clients (curl, Python, wget) are named as such.
// A guess for recognising one's own devices, never a security decision: the
// header is whatever the client chose to send.
std::string describe_device(std::string_view user_agent);

// The public id of a session: the first 16 hex characters of the BLAKE2b
// hash of its stored token hash. Stable for the session's life, names no
// other session, and cannot be turned back into the token or its hash
// (which would let someone use it).
std::string session_public_id(std::string_view token_hash);

}  // namespace hearth::accounts
