// SPDX-License-Identifier: Apache-2.0
// ACES 2.0 gamut compression: moves each (J, M) colour along a line aimed at a per-hue focus point
// so that the AP1 "reach" boundary lands exactly on an analytic approximation of the limiting
// display gamut's boundary (lower and upper hulls meeting at the cusp, blended by a smooth min).
// Forward is closed form; the inverse is closed form except for a two-pass estimate of the focus
// gain above the analytic threshold (as in the ACES 2.0 CTL and OpenColorIO 2.5).
#pragma once

#include "aces2/cam.h"
#include "aces2/tables.h"

namespace aceslab::aces::detail {

// Gamut compression constants (ACES 2.0 CTL / OCIO `ACES2/Common.h`).
inline constexpr float kSmoothCusps = 0.12f;
inline constexpr float kSmoothM = 0.27f;
inline constexpr float kCuspMidBlend = 1.3f;
inline constexpr float kFocusGainBlend = 0.3f;
inline constexpr float kFocusDistance = 1.35f;
inline constexpr float kFocusDistanceScaling = 1.75f;
inline constexpr float kCompressionThreshold = 0.75f;
// Fixed-point passes estimating the uncompressed J in the inverse (the CTL and OCIO use 1).
inline constexpr int kInverseGainPasses = 3;

struct GamutCompressParams {
  GamutShape shape;
  GamutTables tables;
};
GamutCompressParams make_gamut_compress_params(float peak_luminance, const CamParams& input,
                                               const CamParams& limiting, const CamParams& reach,
                                               const ToneScaleParams& t);

struct HueGamut {
  float cusp_J, cusp_M, gamma_top_inv, focus_J, analytical_threshold;
};
HueGamut hue_gamut(float h, const GamutCompressParams& g);

// Building blocks (also used to fit the upper-hull gamma).
float focus_gain(float J, float analytical_threshold, float limit_J_max, float focus_dist);
float solve_J_intersect(float J, float M, float focus_J, float max_J, float slope_gain);
float compression_slope(float J_intersect, float focus_J, float limit_J_max, float slope_gain);
float line_boundary_intersection_M(float J_axis_intersect, float slope, float inv_gamma, float J_max,
                                   float M_max, float J_intersection_reference);
float gamut_boundary_M(float cusp_J, float cusp_M, float J_max, float gamma_top_inv,
                       float gamma_bottom_inv, float J_intersect_source, float slope,
                       float J_intersect_cusp);
float focus_J_for_cusp(float cusp_J, float mid_J, float limit_J_max);

// (J_ts, M_cc, h) -> compressed (J, M, h); `reach_M` from `reach_M_lookup(h)`.
F3 gamut_compress_fwd(const F3& JMh, float reach_M, const GamutCompressParams& g);
F3 gamut_compress_inv(const F3& JMh, float reach_M, const GamutCompressParams& g);

}  // namespace aceslab::aces::detail
