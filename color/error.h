// SPDX-License-Identifier: Apache-2.0
// The one exception type of aceslab. Every library reports failures as an `Error` with a kind
// (which the CLI maps to an exit code) and a location (file, line, element) so messages read like
// a compiler's: `show.cube:17: expected 3 numbers, got "0.1 0.2"`.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace aceslab {

enum class ErrorKind {
  usage,          // the caller asked for something that does not exist (unknown id, bad flag value)
  io,             // a file could not be read or written
  invalid_input,  // a file or value was read but is malformed
  unsupported,    // well-formed but outside what aceslab handles
  internal,       // a bug or an unexpected library failure
};

struct Location {
  std::string path;     // file the problem is in, empty if none
  int line = 0;         // 1-based line, 0 if unknown
  std::string element;  // XML element, JSON pointer or field name, empty if none

  Location() = default;
  Location(std::string path_, int line_ = 0, std::string element_ = {})
      : path(std::move(path_)), line(line_), element(std::move(element_)) {}
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, Location location = {});

  ErrorKind kind() const { return m_kind; }
  const Location& location() const { return m_location; }
  // The message without the location prefix.
  const std::string& detail() const { return m_detail; }

 private:
  ErrorKind m_kind;
  Location m_location;
  std::string m_detail;
};

// "path:line: element: message" with the parts that are known.
std::string format_location(const Location& location);

}  // namespace aceslab
