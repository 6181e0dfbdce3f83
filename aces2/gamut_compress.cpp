// SPDX-License-Identifier: Apache-2.0
#include "aces2/gamut_compress.h"
#include "aces2/fast_math.h"

#include <algorithm>
#include <cmath>

namespace aceslab::aces::detail {

namespace {

inline float lerp(float a, float b, float t) { return a + t * (b - a); }

// Cubic smooth minimum with a width proportional to the cusp M (ACES 2.0 `smin`).
inline float smooth_min_scaled(float a, float b, float scale_reference) {
  const float s = kSmoothCusps * scale_reference;
  const float h = std::max(s - std::abs(a - b), 0.0f) / s;
  return std::min(a, b) - h * h * h * s * (1.0f / 6.0f);
}

// Reinhard-style remap x/(1+x) from `threshold` so the reach boundary lands on the gamut boundary.
template <bool kInverse>
inline float remap_M(float M, float gamut_M, float reach_M) {
  const float proportion = std::max(gamut_M / reach_M, kCompressionThreshold);
  const float threshold = proportion * gamut_M;
  if (M <= threshold || proportion >= 1.0f) return M;
  const float m_offset = M - threshold;
  const float gamut_offset = gamut_M - threshold;
  const float reach_offset = reach_M - threshold;
  const float scale = reach_offset / ((reach_offset / gamut_offset) - 1.0f);
  const float nd = m_offset / scale;
  if constexpr (kInverse) {
    if (nd >= 1.0f) return threshold + scale;
    return threshold + scale * -(nd / (nd - 1.0f));
  } else {
    return threshold + scale * nd / (1.0f + nd);
  }
}

template <bool kInverse>
F3 compress(const F3& JMh, float J_for_gain, float reach_M, const GamutCompressParams& g,
            const HueGamut& hg) {
  const float J = JMh[0], M = JMh[1], h = JMh[2];
  const GamutShape& s = g.shape;
  const float gain = focus_gain(J_for_gain, hg.analytical_threshold, s.limit_J_max, s.focus_dist);
  const float J_src = solve_J_intersect(J, M, hg.focus_J, s.limit_J_max, gain);
  const float slope = compression_slope(J_src, hg.focus_J, s.limit_J_max, gain);
  const float J_cusp = solve_J_intersect(hg.cusp_J, hg.cusp_M, hg.focus_J, s.limit_J_max, gain);
  const float boundary = gamut_boundary_M(hg.cusp_J, hg.cusp_M, s.limit_J_max, hg.gamma_top_inv,
                                          s.lower_hull_gamma_inv, J_src, slope, J_cusp);
  if (boundary <= 0.0f) return {J, 0.0f, h};
  const float reach_boundary =
      line_boundary_intersection_M(J_src, slope, s.model_gamma_inv, s.limit_J_max, reach_M, s.limit_J_max);
  const float M_out = remap_M<kInverse>(M, boundary, reach_boundary);
  return {J_src + M_out * slope, M_out, h};
}

}  // namespace

GamutCompressParams make_gamut_compress_params(float peak_luminance, const CamParams& input,
                                               const CamParams& limiting, const CamParams& reach,
                                               const ToneScaleParams& t) {
  GamutCompressParams g;
  GamutShape& s = g.shape;
  s.peak_luminance = peak_luminance;
  s.limit_J_max = Y_to_J(peak_luminance, input);
  s.model_gamma_inv = 1.0f / model_gamma();
  s.mid_J = Y_to_J(t.c_t * kReferenceLuminance, input);
  s.focus_dist = kFocusDistance + kFocusDistance * kFocusDistanceScaling * t.log_peak;
  // Lower hull gamma 1.14 + 0.07 log10(peak/100) (ACES 2.0 CTL `init_GamutCompressParams`).
  s.lower_hull_gamma_inv = 1.0f / (1.14f + 0.07f * t.log_peak);
  g.tables = build_gamut_tables(s, limiting, reach, t);
  return g;
}

HueGamut hue_gamut(float h, const GamutCompressParams& g) {
  const GamutTables& tb = g.tables;
  const int i = lookup_hue_interval(h, tb);
  const float t = (h - tb.hues[i - 1]) / (tb.hues[i] - tb.hues[i - 1]);
  const CuspEntry& lo = tb.cusp[i - 1];
  const CuspEntry& hi = tb.cusp[i];
  HueGamut hg;
  hg.cusp_J = lerp(lo.J, hi.J, t);
  hg.cusp_M = lerp(lo.M, hi.M, t);
  hg.gamma_top_inv = lerp(lo.gamma_top_inv, hi.gamma_top_inv, t);
  hg.focus_J = focus_J_for_cusp(hg.cusp_J, g.shape.mid_J, g.shape.limit_J_max);
  hg.analytical_threshold = lerp(hg.cusp_J, g.shape.limit_J_max, kFocusGainBlend);
  return hg;
}

float focus_gain(float J, float analytical_threshold, float limit_J_max, float focus_dist) {
  float gain = limit_J_max * focus_dist;
  if (J > analytical_threshold) {
    // Final ACES 2.0 law: gain * (1 + log10(...)^2) above the threshold.
    const float adj = std::log10((limit_J_max - analytical_threshold) / std::max(0.0001f, limit_J_max - J));
    gain = gain * (adj * adj + 1.0f);
  }
  return gain;
}

float solve_J_intersect(float J, float M, float focus_J, float max_J, float slope_gain) {
  const float M_scaled = M / slope_gain;
  const float a = M_scaled / focus_J;
  if (J < focus_J) {
    const float b = 1.0f - M_scaled;
    const float c = -J;
    const float root = std::sqrt(b * b - 4.0f * a * c);
    return -2.0f * c / (b + root);
  }
  const float b = -(1.0f + M_scaled + max_J * a);
  const float c = max_J * M_scaled + J;
  const float root = std::sqrt(b * b - 4.0f * a * c);
  return -2.0f * c / (b - root);
}

float compression_slope(float J_intersect, float focus_J, float limit_J_max, float slope_gain) {
  const float direction = (J_intersect < focus_J) ? J_intersect : (limit_J_max - J_intersect);
  return direction * (J_intersect - focus_J) / (focus_J * slope_gain);
}

float line_boundary_intersection_M(float J_axis_intersect, float slope, float inv_gamma, float J_max,
                                   float M_max, float J_intersection_reference) {
  // Boundary J = J_max (M / M_max)^(1/inv_gamma) is approximated by shifting the line's intercept
  // through the inverse power and intersecting with the straight line from black to (M_max, J_max).
  const float normalised_J = J_axis_intersect / J_intersection_reference;
  const float shifted = J_intersection_reference * safe_pow(normalised_J, inv_gamma);
  return shifted * M_max / (J_max - slope * M_max);
}

float gamut_boundary_M(float cusp_J, float cusp_M, float J_max, float gamma_top_inv,
                       float gamma_bottom_inv, float J_intersect_source, float slope,
                       float J_intersect_cusp) {
  const float lower = line_boundary_intersection_M(J_intersect_source, slope, gamma_bottom_inv, cusp_J,
                                                   cusp_M, J_intersect_cusp);
  // The upper hull is mirrored about J_max, so intercepts are measured down from J_max.
  const float upper = line_boundary_intersection_M(J_max - J_intersect_source, -slope, gamma_top_inv,
                                                   J_max - cusp_J, cusp_M, J_max - J_intersect_cusp);
  return smooth_min_scaled(lower, upper, cusp_M);
}

float focus_J_for_cusp(float cusp_J, float mid_J, float limit_J_max) {
  return lerp(cusp_J, mid_J, std::min(1.0f, kCuspMidBlend - cusp_J / limit_J_max));
}

F3 gamut_compress_fwd(const F3& JMh, float reach_M, const GamutCompressParams& g) {
  const float J = JMh[0], M = JMh[1], h = JMh[2];
  if (!(J > 0.0f)) return {0.0f, 0.0f, h};
  if (M <= 0.0f || J > g.shape.limit_J_max) return {J, 0.0f, h};
  return compress<false>(JMh, J, reach_M, g, hue_gamut(h, g));
}

F3 gamut_compress_inv(const F3& JMh, float reach_M, const GamutCompressParams& g) {
  const float J = JMh[0], M = JMh[1], h = JMh[2];
  if (!(J > 0.0f)) return {0.0f, 0.0f, h};
  if (M <= 0.0f || J > g.shape.limit_J_max) return {J, 0.0f, h};
  const HueGamut hg = hue_gamut(h, g);
  float J_gain = J;
  // Above the threshold the focus gain depends on the uncompressed J, unknown here. The reference
  // implementations estimate it with one pass (invert with the compressed J, then again with that
  // estimate); we iterate that fixed point a few more times, which brings the inverse -> forward
  // round trip near display peak from ~1e-3 to float precision at the cost of two extra passes on
  // those colours only.
  if (J_gain > hg.analytical_threshold) {
    for (int pass = 0; pass < kInverseGainPasses; ++pass) J_gain = compress<true>(JMh, J_gain, reach_M, g, hg)[0];
  }
  return compress<true>(JMh, J_gain, reach_M, g, hg);
}

}  // namespace aceslab::aces::detail
