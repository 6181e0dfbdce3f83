// SPDX-License-Identifier: Apache-2.0
#include "color/error.h"

namespace aceslab {

std::string format_location(const Location& location) {
  std::string out = location.path;
  if (location.line > 0) {
    out.append(out.empty() ? "line " : ":");
    out.append(std::to_string(location.line));
  }
  if (!location.element.empty()) {
    if (!out.empty()) out.append(": ");
    out.append(location.element);
  }
  return out;
}

namespace {
std::string compose(const std::string& message, const Location& location) {
  std::string out = format_location(location);
  if (out.empty()) return message;
  out.append(": ");
  out.append(message);
  return out;
}
}  // namespace

Error::Error(ErrorKind kind, const std::string& message, Location location)
    : std::runtime_error(compose(message, location)),
      m_kind(kind),
      m_location(std::move(location)),
      m_detail(message) {}

}  // namespace aceslab
