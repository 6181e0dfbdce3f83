// SPDX-License-Identifier: Apache-2.0
// An ACES 2.0 Output Transform baked into CLF nodes an OCIO 2.1 config can load: ACES2065-1 ->
// display code values as
//
//   Matrix AP0 -> AP1, Range clamp [0, U], Log shaper (linToLog, base 2) onto [0, 1],
//   LUT3D N^3 (tetrahedral) holding the rendering at the lattice points: display-linear RGB in the
//   limiting primaries before the transform clamps it to the display's peak,
//   Range clamp [0, peak], Matrix limiting -> encoding primaries (with the white and linear
//   scales), the display encoding (CLF Exponent: pure powers, the sRGB piecewise curve; a
//   halfDomain LUT1D of aceslab's encoder for PQ).
//
// U = 8 r_hit is the upper bound of the output transform's own AP1 clamp, its first step: the
// clamp is therefore exact and the lattice spans everything the transform can see. The shaper is
// y = (log2(x + e) - log2(e)) / (log2(U + e) - log2(e)), a pure log above e and nearly linear below,
// so the lattice spends its points evenly over stops (kShaperOffset says where). Everything after
// the rendering is exact nodes, so the crease the clamp to the display's volume makes is not
// interpolated (baking it into the LUT3D gave 40x the error at 65^3). HLG, whose OOTF couples
// the channels, keeps its clamp and encoding inside the LUT3D.
//
// The error of the bake is measured, not assumed: the written file is evaluated by OpenColorIO and
// compared with aceslab's output transform at every lattice cell centre (where interpolation error
// peaks) and at random colours across the domain (AP1 colours over 24 stops, 15 % with a zero
// channel), in display code values and as CIEDE2000. The worst errors sit where ACES 2.0's gamut
// compression folds saturated colours 1-4 stops above diffuse white onto the display gamut's edge:
// there one channel falls to 0 within a few percent of input change, a valley no lattice resolves
// (at 65^3, Rec.709: p99 0.006 code values, CIEDE2000 p99 0.24 and max 1.5, one channel up to
// 0.29 code values off at the worst sample).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "aces2/output_presets.h"
#include "color/atomic_file.h"
#include "pipeline/pipeline.h"

namespace aceslab::ocioconfig {

constexpr int kDefaultBakeSize = 65;
// Linear offset of the log shaper, in ACES AP1 units: the shaper is logarithmic above it. Of 2^-13,
// 2^-10, 2^-7, 2^-5 and 2^-3, 2^-7 gave the lowest p99 errors at 65^3 for Rec.709 and PQ 1000-nit
// (code values and CIEDE2000; tests/ocioconfig/output_bake_test prints them): fewer lattice
// stops spent below black, more where the gamut compression bends.
constexpr double kShaperOffset = 1.0 / 128.0;

struct BakeError {
  double max = 0.0;   // largest |baked - exact| over channels and samples, display code values
  double p99 = 0.0;
  double mean = 0.0;
  // The same samples as colours: CIEDE2000 between the displayed colours (decoded, through the
  // encoding primaries to XYZ, CIELAB with the encoding white at 100 cd/m^2 as reference white).
  double delta_E_max = 0.0;
  double delta_E_p99 = 0.0;
  double delta_E_mean = 0.0;
  std::size_t samples = 0;
  std::string worst;  // the ACES2065-1 value of the worst sample (code values), "r g b"
};

// The baked pipeline of `preset` (the steps of the file comment). `size` is the LUT3D edge.
aces::Pipeline bake_output_pipeline(const aces::OutputPreset& preset, int size = kDefaultBakeSize, unsigned threads = 0);

// Writes the bake as a CLF (atomically, refusing an existing file unless allowed), measures the
// written file through OpenColorIO and records the figures in its Info block (the file is written
// once more with them). Returns the figures. Throws aceslab::Error.
BakeError write_baked_output(const std::filesystem::path& clf, const aces::OutputPreset& preset, int size,
                             unsigned threads, Overwrite overwrite);

// Measures a CLF meant to reproduce `preset` (ACES2065-1 in, display code values out).
BakeError measure_baked_output(const std::filesystem::path& clf, const aces::OutputPreset& preset, int size,
                               unsigned threads = 0);

}  // namespace aceslab::ocioconfig
