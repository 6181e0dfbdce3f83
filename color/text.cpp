// SPDX-License-Identifier: Apache-2.0
#include "color/text.h"

#include <algorithm>

namespace aceslab {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026

// Length of the valid UTF-8 sequence starting at `i` (RFC 3629 table 3-7), 0 if none; the code
// point goes to `cp`.
std::size_t sequence_at(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const unsigned char t = b(i + k);
    if (t < (k == 1 ? lo : 0x80) || t > (k == 1 ? hi : 0xBF)) return 0;
    cp = (cp << 6) | (t & 0x3F);
  }
  return n;
}

void append_code_point(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_xml_excluded(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
  return (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

// Walks `text` as to_valid_utf8 reads it, calling `emit(code point, bytes)` for each character;
// stops early when `emit` returns false. Returns the number of bytes consumed.
template <typename Emit>
std::size_t walk(std::string_view text, Emit emit) {
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    std::size_t n = sequence_at(text, i, cp);
    if (n == 0) {
      cp = static_cast<unsigned char>(text[i]);  // Latin-1
      n = 1;
    }
    if (!emit(cp, text.substr(i, n))) break;
    i += n;
  }
  return i;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_at(text, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  walk(text, [&](char32_t cp, std::string_view) {
    append_code_point(out, cp);
    return true;
  });
  return out;
}

std::string to_xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  walk(text, [&](char32_t cp, std::string_view) {
    if (is_xml_excluded(cp)) out.append(kReplacement);
    else append_code_point(out, cp);
    return true;
  });
  return out;
}

std::string quote_excerpt(std::string_view text, std::size_t max_bytes, std::size_t whole_bytes) {
  std::string out = "\"";
  const std::size_t used = walk(text, [&](char32_t cp, std::string_view bytes) {
    if (out.size() - 1 + bytes.size() > max_bytes) return false;
    if ((cp < 0x20 && cp != '\t') || is_xml_excluded(cp)) out.append(kReplacement);
    else append_code_point(out, cp);
    return true;
  });
  if (used < text.size() || whole_bytes > text.size()) {
    out.append(kEllipsis);
    out.append("\" (").append(std::to_string(std::max(whole_bytes, text.size()))).append(" bytes)");
  } else {
    out.push_back('"');
  }
  return out;
}

}  // namespace aceslab
