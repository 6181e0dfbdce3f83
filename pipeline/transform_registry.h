// SPDX-License-Identifier: Apache-2.0
// The Academy's registry of ACES transform ids (ACES 1.x and 2.0), as shipped in
// data/aces/aces-transforms.json: look up an id, its type, its inverse and the registry versions
// that list it. AMF validation, CLF Info and the `list` commands read ids from here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aceslab::aces {

struct RegisteredTransform {
  std::string transform_id;
  std::string user_name;
  std::string type;        // "CSC", "Output", "InvOutput", "Look", "IDT", "ODT", "RRTODT", ...
  std::string inverse_id;  // may be empty
  std::vector<std::string> previous_ids;
  std::vector<std::string> versions;  // registry versions, e.g. "v2.0.0+2025.04.04", "v1.3.1"

  // 2 for ids of the ACES 2.0 registry, 1 for ACES 1.x only.
  int aces_major() const;
};

class TransformRegistry {
 public:
  // The shipped registry (loaded once, thread-safe).
  static const TransformRegistry& shipped();
  // Loads a registry file in the trimmed format; throws aceslab::Error naming the file.
  static TransformRegistry load(const std::string& path);

  const std::vector<RegisteredTransform>& all() const { return m_all; }
  // Exact match on transformId, else nullptr.
  const RegisteredTransform* find(std::string_view transform_id) const;
  // Exact match, or an entry listing `id` among its previous equivalent ids (legacy short ids).
  const RegisteredTransform* find_any(std::string_view id) const;

 private:
  std::vector<RegisteredTransform> m_all;
};

// The ACES major version a transformId belongs to from its URN alone: "urn:ampas:aces:transformId:v2.0:"
// -> 2, "...:v1.5:" or a legacy unprefixed id -> 1, anything else (custom) -> 0.
int aces_major_of_id(std::string_view transform_id);

}  // namespace aceslab::aces
