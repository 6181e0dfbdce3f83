// SPDX-License-Identifier: Apache-2.0
// A LUT file of any format OpenColorIO 2.1 reads, as aceslab's own steps: the ops OpenColorIO's
// reader builds (its processor's GroupTransform: Lut1DTransform shapers and mesh lines,
// Lut3DTransform tables, Matrix and Range ops) become LUT1D, LUT3D, Matrix and Range steps with the
// same values, so the LMT maker knows the file's own lattice and can reproduce its 1D parts exactly
// (the lattice then nests like a .cube's). An op with no exact step (a hue-preserving or inverse
// LUT1D, ICC profiles, ...) leaves the file a black box; the reason says which op.
#pragma once

#include <OpenColorIO/OpenColorIO.h>

#include <filesystem>
#include <optional>
#include <string>

#include "pipeline/pipeline.h"

namespace aceslab::lmt {

struct LutSteps {
  std::optional<aces::Pipeline> steps;  // empty when some op has no exact step
  std::string reason;                   // why not ("Lut1DTransform with hue adjust (op 2)")
  std::string invalid;                  // a table entry that is NaN or infinite for a finite input
};

// Entries of a half-domain LUT1D at the Inf and NaN input codes that are not finite (16-bit float
// LUTs store them) are settled: Inf inputs take the largest finite half's entry, NaN inputs 0.
// Flattens nested groups. LUT3D interpolation: tetrahedral unless the op asks for trilinear
// (INTERP_LINEAR); LUT1D interpolation is linear.
LutSteps ocio_to_steps(const OCIO_NAMESPACE::ConstGroupTransformRcPtr& group);

}  // namespace aceslab::lmt
