// SPDX-License-Identifier: Apache-2.0
// The per-hue tables the ACES 2.0 gamut compression precomputes once per output transform:
// the AP1 "reach" colourfulness at the peak lightness (uniform 1-degree hues), and a non-uniform
// hue table with the limiting gamut's cusp (J, M) and the fitted upper-hull gamma for each hue.
// The construction (sample hues forced onto the gamut corners, bisection tolerances, test points)
// follows the final ACES 2.0 algorithm as implemented in OpenColorIO 2.5 (`ACES2/Transform.cpp`).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "aces2/cam.h"
#include "aces2/tonescale.h"

namespace aceslab::aces::detail {

// 360 nominal entries at [1, 360] plus one wrap-around entry at each end.
inline constexpr int kTableNominal = 360;
inline constexpr int kTableSize = kTableNominal + 2;
inline constexpr int kTableFirst = 1;
inline constexpr int kTableLast = kTableNominal;
inline constexpr int kTableUpperWrap = kTableNominal + 1;

struct CuspEntry {
  float J = 0;              // cusp lightness of the limiting gamut at this hue
  float M = 0;              // cusp colourfulness, inflated by 1 + 0.27 * 0.12 for the smooth-min
  float gamma_top_inv = 0;  // 1 / upper-hull gamma
};

struct GamutTables {
  std::array<float, kTableSize> reach_M{};  // index 1 + floor(h): AP1 boundary M at limit_J_max
  std::array<float, kTableSize> hues{};     // sample hues (degrees), strictly increasing
  std::array<CuspEntry, kTableSize> cusp{};
  int search_lo = 0;  // hue-lookup window around the uniform position (from the hue spread)
  int search_hi = 1;
  // The same cusp data as separate arrays, for the SIMD gathers of the image paths (aces2_render).
  std::array<float, kTableSize> cusp_J{}, cusp_M{}, gamma_top_inv{};
  // Direct hue-interval lookup without a search: for h in [k, k + 1) / kHueBuckets,
  // interval_start[k] is the smallest i with hues[i] >= k / kHueBuckets, and at most
  // interval_steps increments (i += hues[i] < h) reach lookup_hue_interval's answer.
  static constexpr int kHueBuckets = 4;  // per degree; a power of two, so h * kHueBuckets is exact
  std::array<std::int32_t, kTableNominal * kHueBuckets + 2> interval_start{};
  int interval_steps = 0;
};

struct GamutShape {   // scalar parameters of the gamut compression (set before the tables)
  float limit_J_max = 0;
  float model_gamma_inv = 0;
  float mid_J = 0;
  float focus_dist = 0;
  float lower_hull_gamma_inv = 0;
  float peak_luminance = 100;
};

// Builds all tables. `input` is the AP0 CAM, `limiting` the display gamut, `reach` the AP1 CAM.
GamutTables build_gamut_tables(const GamutShape& shape, const CamParams& limiting, const CamParams& reach,
                               const ToneScaleParams& t);

// AP1 reach M at limit_J_max for hue h in [0, 360].
inline float reach_M_lookup(float h, const GamutTables& tables) {
  int base = static_cast<int>(h);
  base = base < 0 ? 0 : (base > kTableNominal - 1 ? kTableNominal - 1 : base);
  const float t = h - static_cast<float>(base);
  const float lo = tables.reach_M[base + kTableFirst];
  const float hi = tables.reach_M[base + kTableFirst + 1];
  return lo + t * (hi - lo);
}

// Upper index i of the hue-table interval [hues[i-1], hues[i]] holding h in [0, 360].
int lookup_hue_interval(float h, const GamutTables& tables);

// The same index without a search, as the SIMD kernels compute it (render_kernel.h
// `hue_gamut`, lane-wise): the bucket's first candidate, then interval_steps conditional steps.
inline int lookup_hue_interval_direct(float h, const GamutTables& tables) {
  constexpr int kLastBucket = kTableNominal * GamutTables::kHueBuckets;
  int i = tables.interval_start[std::clamp(static_cast<int>(h * GamutTables::kHueBuckets), 0, kLastBucket)];
  for (int s = 0; s < tables.interval_steps; ++s) i += tables.hues[i] < h;
  return std::max(i, 1);
}

}  // namespace aceslab::aces::detail
