// SPDX-License-Identifier: Apache-2.0
#include "clf/xml_safety.h"

#include <algorithm>
#include <cctype>

#include "color/error.h"

namespace aceslab::aces {
namespace {

class Scanner {
 public:
  Scanner(std::string_view xml, const std::string& path, const XmlSafetyOptions& options)
      : m_xml(xml), m_path(path), m_options(options) {}

  void run() {
    check_encoding();
    std::size_t i = 0;
    if (m_xml.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < m_xml.size() && std::isspace(static_cast<unsigned char>(m_xml[i]))) ++i;
    if (i < m_xml.size() && m_xml[i] != '<') {
      fail(i, "the document does not start with '<': not XML text, or not in UTF-8");
    }
    int depth = 0;
    long long elements = 0;
    while ((i = m_xml.find('<', i)) != std::string_view::npos) {
      const std::string_view rest = m_xml.substr(i);
      if (starts(rest, "<!--")) {
        i = after(i, "-->", 4);
      } else if (starts(rest, "<![CDATA[")) {
        i = after(i, "]]>", 9);
      } else if (starts(rest, "<?")) {
        const std::size_t end = after(i, "?>", 2);
        if (starts(rest, "<?xml") && rest.size() > 5 && std::isspace(static_cast<unsigned char>(rest[5]))) {
          check_declared_encoding(i, m_xml.substr(i, end - i));
        }
        i = end;
      } else if (starts(rest, "<!DOCTYPE")) {
        i = doctype(i);
      } else if (starts(rest, "<!")) {
        fail(i, "markup declaration outside a DOCTYPE (<!" + std::string(word_at(i + 2)) + ")");
      } else if (starts(rest, "</")) {
        --depth;
        i = tag_end(i);
      } else {
        const std::size_t end = tag_end(i);
        const bool empty = end >= 2 && m_xml[end - 2] == '/';
        if (++elements > m_options.max_elements) {
          fail(i, "more than " + std::to_string(m_options.max_elements) + " elements");
        }
        if (!empty && ++depth > m_options.max_depth) {
          fail(i, "elements nested more than " + std::to_string(m_options.max_depth) + " deep");
        }
        i = end;
      }
    }
  }

 private:
  static bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

  int line_at(std::size_t offset) const {
    offset = std::min(offset, m_xml.size());
    return 1 + static_cast<int>(std::count(m_xml.begin(), m_xml.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  }

  [[noreturn]] void fail(std::size_t offset, const std::string& message, const std::string& element = {}) const {
    throw Error(ErrorKind::invalid_input, message, Location(m_path, line_at(offset), element));
  }

  // Offset just past `terminator` searched from `from + skip`; the end of the text when missing
  // (the parser reports the unterminated construct).
  std::size_t after(std::size_t from, std::string_view terminator, std::size_t skip) const {
    const std::size_t end = m_xml.find(terminator, from + skip);
    return end == std::string_view::npos ? m_xml.size() : end + terminator.size();
  }

  // Offset just past the '>' closing the tag at `from`, skipping quoted attribute values.
  std::size_t tag_end(std::size_t from) const {
    char quote = 0;
    for (std::size_t j = from + 1; j < m_xml.size(); ++j) {
      const char c = m_xml[j];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return j + 1;
      }
    }
    return m_xml.size();
  }

  std::string_view word_at(std::size_t from) const {
    std::size_t end = from;
    while (end < m_xml.size() && end - from < 32 && std::isalpha(static_cast<unsigned char>(m_xml[end]))) ++end;
    return m_xml.substr(from, end - from);
  }

  void check_encoding() const {
    const auto* u = reinterpret_cast<const unsigned char*>(m_xml.data());
    if (m_xml.size() >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
      fail(0, "not a UTF-8 text file: the document is UTF-16 (or UTF-32); XML inputs are read as UTF-8 only");
    }
    if (const std::size_t nul = m_xml.find('\0'); nul != std::string_view::npos) {
      fail(nul, "not a UTF-8 text file: NUL bytes (UTF-16, UTF-32 or binary data)");
    }
  }

  // encoding="..." of the XML declaration: ASCII-compatible encodings only, the others would
  // hide markup from this scan.
  void check_declared_encoding(std::size_t offset, std::string_view declaration) const {
    const std::size_t at = declaration.find("encoding");
    if (at == std::string_view::npos) return;
    std::size_t q = declaration.find_first_of("\"'", at);
    if (q == std::string_view::npos) return;
    const std::size_t close = declaration.find(declaration[q], q + 1);
    if (close == std::string_view::npos) return;
    std::string name(declaration.substr(q + 1, close - q - 1));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii" || name == "iso-8859-1" ||
        name == "latin1") {
      return;
    }
    fail(offset, "the XML declaration names encoding \"" + std::string(declaration.substr(q + 1, close - q - 1)) +
                     "\": XML inputs are read as UTF-8 (or ASCII / ISO-8859-1)");
  }

  // The DOCTYPE at `from`: returns the offset past it, or refuses it.
  std::size_t doctype(std::size_t from) const {
    char quote = 0;
    std::string words;  // unquoted text of the declaration
    for (std::size_t j = from + 9; j < m_xml.size(); ++j) {
      const char c = m_xml[j];
      if (quote) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        // Report the first entity declaration when there is one: it is what an attack needs.
        const std::size_t entity = m_xml.find("<!ENTITY", j);
        if (entity != std::string_view::npos) {
          fail(entity,
               "entity declarations are not allowed (a DOCTYPE internal subset is refused: external entities "
               "and entity expansion are how XML inputs attack their readers)",
               "!ENTITY");
        }
        fail(j, "a DOCTYPE with an internal subset is refused (none of the XML formats aceslab reads uses DTDs)",
             "!DOCTYPE");
      } else if (c == '>') {
        const bool external = words.find("SYSTEM") != std::string::npos || words.find("PUBLIC") != std::string::npos;
        if (external && !m_options.tolerate_external_dtd) {
          fail(from, "a DOCTYPE naming an external DTD is refused (none of the XML formats aceslab reads uses DTDs)",
               "!DOCTYPE");
        }
        return j + 1;
      } else {
        words.push_back(c);
      }
    }
    return m_xml.size();
  }

  std::string_view m_xml;
  const std::string& m_path;
  const XmlSafetyOptions& m_options;
};

}  // namespace

void check_untrusted_xml(std::string_view xml, const std::string& path, const XmlSafetyOptions& options) {
  Scanner(xml, path, options).run();
}

}  // namespace aceslab::aces
