// SPDX-License-Identifier: Apache-2.0
#include "aces/error.h"

namespace aceslab {

std::string format_location(const Location& location) {
  std::string out = location.path;
  if (location.line > 0) out += (out.empty() ? "line " : ":") + std::to_string(location.line);
  if (!location.element.empty()) out += (out.empty() ? "" : ": ") + location.element;
  return out;
}

namespace {
std::string compose(const std::string& message, const Location& location) {
  const std::string where = format_location(location);
  return where.empty() ? message : where + ": " + message;
}
}  // namespace

Error::Error(ErrorKind kind, const std::string& message, Location location)
    : std::runtime_error(compose(message, location)),
      m_kind(kind),
      m_location(std::move(location)),
      m_detail(message) {}

}  // namespace aceslab
