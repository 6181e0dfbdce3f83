// SPDX-License-Identifier: Apache-2.0
// The colour recipe a render applies: one input transform to ACES2065-1 (an AMF's input
// transform, an IDT as CLF, or a colour space of the core) followed by look CLFs in order. A NAM
// is non-graded, so an AMF's looks run only when asked for (`--with-looks`); its output transform
// never runs (a master is ACES2065-1).
//
// The recipe is kept two ways: a TransformChain that evaluates it (CLFs through OpenColorIO, as
// `aceslab apply` does), and, when every part is a transform aceslab models as steps (a CLF its
// parser reads, a colour space, an AMF input named by transformId), the same recipe as one
// aceslab Pipeline. The pipeline lets integer sources take the tabulated path of
// frame_converter.h; tests hold both to OpenColorIO applying the same CLF.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "pipeline/transform_chain.h"

namespace aceslab::deliver {

struct RecipeRequest {
  std::string amf;           // --amf FILE
  bool with_looks = false;   // --with-looks: also the AMF's looks
  bool allow_outside = false;  // files referenced by the AMF may sit outside its folder
  std::string idt_clf;       // --idt FILE.clf
  std::string from;          // --from ID (a colour space of the core)
  std::vector<std::string> look_clfs;  // --clf FILE..., after the input transform
};

class RenderRecipe {
 public:
  // Exactly one of amf / idt_clf / from. Throws aceslab::Error: usage (none or several, an
  // unknown colour space), io / invalid_input (a missing or malformed file), unsupported (an
  // input transform aceslab cannot apply, e.g. an AMF's ACES 1.x inverse output, named with the
  // AMF's line).
  static RenderRecipe build(const RecipeRequest& request);

  const aces::TransformChain& chain() const { return m_chain; }
  // The same recipe as aceslab steps, when every part has them.
  const std::optional<aces::Pipeline>& pipeline() const { return m_pipeline; }
  // One line per part: "IDT idt.clf", "AMF shot.amf input urn:...", "look grade.clf".
  const std::vector<std::string>& description() const { return m_description; }

 private:
  aces::TransformChain m_chain;
  std::optional<aces::Pipeline> m_pipeline;
  std::vector<std::string> m_description;
};

}  // namespace aceslab::deliver
