// SPDX-License-Identifier: Apache-2.0
#include "amf/recipe_cdl.h"

namespace aceslab::amf::detail {

aces::Pipeline cdl_pipeline(const Cdl& cdl) {
  aces::CdlStep step;
  // AMF CDLs run in log working spaces (ACEScct) whose values exceed 1: the unclamped style keeps
  // highlights instead of clipping them at the ASC v1.2 [0,1] clamp.
  step.style = aces::CdlStyle::FwdNoClamp;
  step.slope = aces::Vec3(cdl.slope[0], cdl.slope[1], cdl.slope[2]);
  step.offset = aces::Vec3(cdl.offset[0], cdl.offset[1], cdl.offset[2]);
  step.power = aces::Vec3(cdl.power[0], cdl.power[1], cdl.power[2]);
  step.saturation = cdl.saturation;
  aces::Pipeline p;
  p.append(step);
  return p;
}

}  // namespace aceslab::amf::detail
