// SPDX-License-Identifier: Apache-2.0
#include "clf/st2136.h"

#include <cctype>

namespace aceslab::aces {

bool is_st2136_id(std::string_view id) {
  constexpr std::string_view kPrefix = "urn:uuid:";
  if (id.substr(0, kPrefix.size()) != kPrefix) return false;
  const std::string_view uuid = id.substr(kPrefix.size());
  if (uuid.size() != 36) return false;
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? uuid[i] != '-' : !std::isxdigit(static_cast<unsigned char>(uuid[i]))) return false;
  }
  return true;
}

std::string st2136_namespace_year(std::string_view xmlns) {
  if (xmlns.substr(0, kSt2136NamespacePrefix.size()) != kSt2136NamespacePrefix) return {};
  return std::string(xmlns.substr(kSt2136NamespacePrefix.size()));
}

}  // namespace aceslab::aces
