// SPDX-License-Identifier: Apache-2.0
#include "amf/amf.h"

namespace aceslab::amf {
namespace {

// ACES 2.0 registry ids of the ACEScct working-space conversions (aces-transforms.json).
constexpr const char* kAcesToAcescct = "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACES_to_ACEScct.a2.v1";
constexpr const char* kAcescctToAces = "urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScct_to_ACES.a2.v1";

TransformRef by_id(const std::string& transform_id, bool applied) {
  TransformRef t;
  t.transform_id = transform_id;
  t.applied = applied;
  return t;
}

}  // namespace

TransformRef file_reference(const std::filesystem::path& amf_path, const std::filesystem::path& file, bool applied,
                            bool allow_outside) {
  TransformRef t;
  t.file = reference_for(amf_path, file, allow_outside);
  t.hash = hash_of_file(file, HashAlgorithm::sha256);
  t.description = file.filename().string();
  t.applied = applied;
  return t;
}

TransformRef input_by_id(const std::string& transform_id, bool applied) { return by_id(transform_id, applied); }
TransformRef look_by_id(const std::string& transform_id, bool applied) { return by_id(transform_id, applied); }
TransformRef output_by_id(const std::string& transform_id, bool applied) { return by_id(transform_id, applied); }

TransformRef cdl_look_in_acescct(const Cdl& cdl, bool applied) {
  TransformRef t;
  t.applied = applied;
  t.description = "ASC CDL in ACEScct";
  CdlWorkingSpace ws;
  ws.to = Reference{};
  ws.to->transform_id = kAcesToAcescct;
  ws.from = Reference{};
  ws.from->transform_id = kAcescctToAces;
  t.cdl_working_space = ws;
  t.cdl = cdl;
  return t;
}

}  // namespace aceslab::amf
