// SPDX-License-Identifier: Apache-2.0
// An Input Transform as source code for the applications that load code rather than CLF: a DCTL
// (DaVinci Resolve's ACES input-transform menu loads DCTLs) and ACES CTL (the Academy's reference
// language, run by ctlrender). Both carry the same maths as the CLF, step by step, in float:
// Matrix (with offset), Range, Log (every CLF style, camera styles with their linear segment),
// Exponent (basic, mirror, pass-through and monCurve styles) and uniform-domain LUT1D (linear
// interpolation, input clamped to [0, 1], the LUT tables written out as arrays; CTL uses its
// built-in lookup1D, which interpolates the same way). Give a pipeline made CLF-exportable first
// (clf/writer.h clf_exportable): transfer steps become Log/Exponent/LUT1D there.
// Conventions: DCTL -- `__DEVICE__ float3 transform(int p_Width, int p_Height, int p_X, int p_Y,
// float p_R, float p_G, float p_B)` with Resolve's math functions (_powf, _logf, _expf, _fmaxf...);
// CTL -- `void main(input varying float rIn, gIn, bIn, aIn, output varying float rOut, gOut,
// bOut, aOut)` with an ACEStransformID comment line.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pipeline/pipeline.h"

namespace aceslab::idt {

enum class ShaderLanguage { dctl, ctl };

struct ShaderMetadata {
  std::string name;         // e.g. "Acme Drone X to ACES2065-1"
  std::string transform_id; // CTL: urn:ampas:aces:transformId:... (optional)
  std::vector<std::pair<std::string, std::string>> info;  // written as comment lines
};

// Throws aceslab::Error (unsupported) for a step neither language form is written for (LUT3D,
// ASC CDL, halfDomain LUT1D, a transfer or output-transform step).
std::string write_shader(const aces::Pipeline& exportable, ShaderLanguage language, const ShaderMetadata& meta);

}  // namespace aceslab::idt
