// SPDX-License-Identifier: Apache-2.0
// Text that comes from outside (file names, LUT titles, user flags, file contents) on its way into
// messages, XML and JSON. Outside text is bytes: it may be Latin-1, hold control characters or be
// cut inside a UTF-8 sequence, and every writer downstream (pugixml, nlohmann/json, a terminal)
// needs valid UTF-8, XML 1.0 even less. These helpers make it so without losing what it said:
// a byte that is not part of valid UTF-8 is read as Latin-1 (the usual origin of such bytes), a
// control character becomes U+FFFD, and an excerpt never ends inside a character.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aceslab {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::string_view text);

// `text` as valid UTF-8: valid sequences are kept, every other byte is taken as Latin-1.
std::string to_valid_utf8(std::string_view text);

// `text` as XML 1.0 character data: to_valid_utf8, then C0 controls other than tab, newline and
// carriage return, DEL..U+009F, U+FFFE and U+FFFF each become U+FFFD.
std::string to_xml_text(std::string_view text);

// For messages: `text` in double quotes, valid UTF-8 with control characters as U+FFFD, cut after
// about `max_bytes` bytes at a character boundary, and when cut followed by "…" and the whole
// length: "\"0.1 0.2 0.3 0.4 …\" (52428800 bytes)".
// `whole_bytes`, when larger than text.size(), is the length of the text `text` is the start of.
std::string quote_excerpt(std::string_view text, std::size_t max_bytes = 60, std::size_t whole_bytes = 0);

}  // namespace aceslab
