// SPDX-License-Identifier: Apache-2.0
#include "clf/aces_looks.h"

#include <OpenColorIO/OpenColorIO.h>

#include <algorithm>

#include "clf/ocio_bridge.h"
#include "color/error.h"
#include "pipeline/csc.h"
#include "pipeline/transform_registry.h"

namespace aceslab::aces {
namespace {

struct Row {
  const char* alias;
  const char* name;
  const char* builtin;
  std::vector<const char*> bodies;          // id bodies without URN: the look's spellings
  std::vector<const char*> inverse_bodies;  // and its inverse's
};

// Spellings from the shipped registry (data/aces/aces-transforms.json): LMT.Academy.* of ACES 1.1
// to 1.3.1, Look.Academy.* of ACES 2.0, and the inverses each lists.
const std::vector<Row>& rows() {
  static const std::vector<Row> all = {
      {"rgc", "ACES Reference Gamut Compression (ACES 1.3 / 2.0)",
       "ACES-LMT - ACES 1.3 Reference Gamut Compression",
       {"LMT.Academy.GamutCompress.a1.3.0", "LMT.Academy.ReferenceGamutCompress.a1.v1.0",
        "Look.Academy.ReferenceGamutCompress.a2.v1"},
       {"InvLMT.Academy.ReferenceGamutCompress.a1.v1.0", "InvLMT.Academy.GamutCompress.a1.3.0",
        "InvLook.Academy.ReferenceGamutCompress.a2.v1"}},
      {"blue-light-fix", "ACES 1.0 Look - Blue Light Artifact Fix", "ACES-LMT - BLUE_LIGHT_ARTIFACT_FIX",
       {"LMT.Academy.BlueLightArtifactFix.a1.1", "LMT.Academy.BlueLightArtifactFix.a1.1.0"},
       {}},
  };
  return all;
}

bool listed(const std::vector<const char*>& bodies, std::string_view body) {
  return std::any_of(bodies.begin(), bodies.end(), [&](const char* b) { return body == b; });
}

AcesLook make(const Row& r) {
  AcesLook look;
  look.alias = r.alias;
  look.name = r.name;
  look.ocio_builtin = r.builtin;
  for (const auto& t : TransformRegistry::shipped().all()) {
    const std::string_view body = strip_transform_urn(t.transform_id);
    if (listed(r.bodies, body)) look.transform_ids.push_back(t.transform_id);
    if (listed(r.inverse_bodies, body)) look.inverse_ids.push_back(t.transform_id);
  }
  return look;
}

}  // namespace

const std::vector<AcesLook>& aces_looks() {
  static const std::vector<AcesLook> all = [] {
    std::vector<AcesLook> v;
    for (const Row& r : rows()) v.push_back(make(r));
    return v;
  }();
  return all;
}

const AcesLook* match_aces_look(std::string_view id, bool* inverse) {
  const std::string_view body = strip_transform_urn(id);
  for (std::size_t i = 0; i < rows().size(); ++i) {
    const Row& r = rows()[i];
    const bool fwd = body == r.alias || listed(r.bodies, body);
    const bool inv = listed(r.inverse_bodies, body);
    if (!fwd && !inv) continue;
    if (inverse) *inverse = inv;
    return &aces_looks()[i];
  }
  return nullptr;
}

std::function<void(std::span<float>)> aces_look_function(const AcesLook& look, Direction direction) {
  auto t = OCIO::BuiltinTransform::Create();
  try {
    t->setStyle(look.ocio_builtin.c_str());
    t->setDirection(direction == Direction::forward ? OCIO::TRANSFORM_DIR_FORWARD : OCIO::TRANSFORM_DIR_INVERSE);
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::internal, std::string("OpenColorIO has no builtin ") + look.ocio_builtin + ": " + e.what());
  }
  auto processor = ocio_cpu_processor(t, OcioOptimization::lossless, look.alias);
  return [processor](std::span<float> rgb) { ocio_apply(processor, rgb); };
}

}  // namespace aceslab::aces
