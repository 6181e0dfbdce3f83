// SPDX-License-Identifier: Apache-2.0
#include "pipeline/transform_registry.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "color/data_dir.h"
#include "color/error.h"

namespace aceslab::aces {

int RegisteredTransform::aces_major() const {
  for (const auto& v : versions) {
    if (v.rfind("v2", 0) == 0) return 2;
  }
  return 1;
}

TransformRegistry TransformRegistry::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::io, "cannot open the ACES transform registry", {path});
  TransformRegistry registry;
  try {
    const auto doc = nlohmann::json::parse(in);
    for (const auto& t : doc.at("transforms")) {
      RegisteredTransform r;
      r.transform_id = t.at("transformId").get<std::string>();
      r.user_name = t.value("userName", "");
      r.type = t.value("transformType", "");
      r.inverse_id = t.value("inverseTransformId", "");
      r.previous_ids = t.value("previousEquivalentTransformIds", std::vector<std::string>{});
      r.versions = t.value("versions", std::vector<std::string>{});
      registry.m_all.push_back(std::move(r));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::invalid_input, std::string("malformed registry: ") + e.what(), {path});
  }
  return registry;
}

const TransformRegistry& TransformRegistry::shipped() {
  static const TransformRegistry registry = load(data_file("aces/aces-transforms.json").string());
  return registry;
}

const RegisteredTransform* TransformRegistry::find(std::string_view transform_id) const {
  for (const auto& t : m_all) {
    if (t.transform_id == transform_id) return &t;
  }
  return nullptr;
}

const RegisteredTransform* TransformRegistry::find_any(std::string_view id) const {
  if (const auto* exact = find(id)) return exact;
  for (const auto& t : m_all) {
    for (const auto& previous : t.previous_ids) {
      if (previous == id) return &t;
    }
  }
  return nullptr;
}

int aces_major_of_id(std::string_view id) {
  constexpr std::string_view kPrefix = "urn:ampas:aces:transformId:";
  if (id.rfind(kPrefix, 0) == 0) {
    const auto version = id.substr(kPrefix.size(), 4);
    if (version == "v2.0") return 2;
    if (version.rfind("v1.", 0) == 0) return 1;
    return 0;
  }
  // Pre-1.2 writers used unprefixed ids such as "ACEScsc.LogC_EI800_AWG_to_ACES.a1.v1".
  if (id.find(".a1.") != std::string_view::npos) return 1;
  return 0;
}

}  // namespace aceslab::aces
