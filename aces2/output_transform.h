// SPDX-License-Identifier: Apache-2.0
// The ACES 2.0 Output Transform engine: ACES2065-1 -> display code values and back, for any peak
// luminance, limiting gamut, encoding gamut and EOTF. It follows the final ACES 2.0 algorithm
// (Academy CTL `Lib.Academy.OutputTransform.ctl`, OpenColorIO 2.5 `ACES_OUTPUT_TRANSFORM_20`):
//
//   forward: AP1 clamp [0, 8 r_hit] -> CAM JMh (AP0) -> tonescale + chroma compression -> gamut
//            compression -> RGB in the limiting primaries -> clamp [0, peak/100] -> white scale
//            (D60 simulation) -> linear scale -> encoding primaries (through XYZ, no chromatic
//            adaptation) -> inverse EOTF (negatives mirrored, see display_encoding.h).
//   inverse: the same chain reversed, every step inverted; clamps stay clamps, so display values
//            outside the rendered volume are clamped first and do not round-trip. One deliberate
//            difference from the references: the focus-gain estimate of the inverse gamut
//            compression is iterated (3 passes instead of OCIO's/the CTL's 1), which brings
//            inverse -> forward round trips near peak from ~1e-3 to ~3e-5 code values
//            (gamut_compress.h, kInverseGainPasses).
//
// Arithmetic is float32 like OpenColorIO's; measured agreement with OCIO 2.5.2's vectors is
// <= 3.3e-5 code values (SDR) and <= 6.8e-5 (PQ 1000 nit) for every forward row
// (tests/aces2/output_transform_test.cpp).
//
// Non-finite input never produces NaN: NaN channels are treated as 0 and +/-Inf as +/-1e30 before
// the AP1 clamp (forward; +Inf therefore renders like the clamp's upper bound 8 r_hit) or before the
// limiting clamp (inverse; +Inf code values decode to peak white).
//
// All tables (AP1 reach, limiting-gamut cusps, upper-hull gammas) are computed once in the
// constructor; the object is immutable and safe to share between threads.
//
// forward()/inverse() on a buffer run the same equations through SIMD kernels (render.h):
// blocks of 128 pixels, every stage evaluated branch-free on 8 lanes (AVX2 + FMA, chosen at run
// time when the CPU has it) or 4 lanes (SSE2; ACESLAB_SIMD=baseline forces it), with a fast
// exp2/log2 power (fast_math.h, < 3e-7 relative) instead of libm's powf, a polynomial atan for the
// hue, hue-table lookups by direct index and gathers, and the pure-power and PQ display curves
// folded in. They agree with the one-colour stage functions to ~1e-6 cv typically and < 1e-4 cv
// worst (tests/aces2/output_transform_test.cpp, ImagePathMatchesStageChain); against OCIO the
// forward worst row is 6.7e-5 cv on both paths (PQ 1000 nit; SDR <= 3.7e-5 with AVX2, 7.5e-5 with
// SSE2, whose extra rounding of unfused multiply-adds moves a dark saturated P3 blue's hue by an ulp).
#pragma once

#include <array>
#include <memory>
#include <span>

#include "aces2/display_encoding.h"
#include "color/chromaticity.h"

namespace aceslab::aces {

struct OutputTransformParams {
  double peak_luminance = 100.0;                // cd/m^2 the tonescale renders to
  Chromaticities limiting = primaries::kRec709;  // limiting primaries + white
  Chromaticities encoding = primaries::kRec709;  // display encoding primaries + white
  Eotf eotf = Eotf::bt1886;
  bool d60_simulation = false;  // white scaling (limiting white != encoding white)
  double linear_scale = 1.0;    // 0.48 for the 108/300-nit cinema presets
  // Luminance (cd/m^2) the HLG OOTF is built for; 0 = use peak_luminance * linear_scale.
  double hlg_peak_luminance = 0.0;
};

class OutputTransform {
 public:
  using Rgb = std::array<float, 3>;

  explicit OutputTransform(const OutputTransformParams& p);  // precomputes all tables once
  ~OutputTransform();
  OutputTransform(const OutputTransform&) = delete;
  OutputTransform& operator=(const OutputTransform&) = delete;

  const OutputTransformParams& params() const;

  // In place on interleaved RGB triplets (rgb.size() % 3 == 0; a trailing partial triplet is left
  // untouched). forward: ACES2065-1 -> display code values; inverse: code values -> ACES2065-1.
  void forward(std::span<float> rgb) const;
  void inverse(std::span<float> rgb) const;

  // Display code values <-> display-linear RGB (encoding primaries, 1.0 = 100 cd/m^2 absolute).
  void decode_display(std::span<float> rgb) const;
  void encode_display(std::span<float> rgb) const;
  Mat3 encoding_to_XYZ() const;  // display-linear encoding RGB -> CIE XYZ (Y = 1 at 100 cd/m^2)

  // Derived constants.
  float ap1_clamp_upper() const;  // 8 r_hit
  float limit_J_max() const;      // J of the peak luminance
  float white_scale() const;      // 1 unless d60_simulation

  // Stage access, one pixel at a time, matching the columns of the reference stages_*.csv:
  // clamped -> JMh -> (tonescale + chroma compression) -> gamut compression -> limiting RGB.
  Rgb ap1_clamp(const Rgb& aces) const;
  Rgb aces_to_JMh(const Rgb& aces) const;
  Rgb tonescale_chroma_fwd(const Rgb& JMh) const;
  Rgb tonescale_chroma_inv(const Rgb& JMh) const;
  Rgb gamut_compress_fwd(const Rgb& JMh) const;
  Rgb gamut_compress_inv(const Rgb& JMh) const;
  Rgb JMh_to_limiting(const Rgb& JMh) const;
  Rgb limiting_to_JMh(const Rgb& rgb) const;
  Rgb JMh_to_aces(const Rgb& JMh) const;
  // The whole rendering core (no clamps, no encoding): ACES -> limiting RGB and back.
  Rgb render_fwd(const Rgb& aces) const;
  Rgb render_inv(const Rgb& limiting_rgb) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> m_impl;
};

}  // namespace aceslab::aces
