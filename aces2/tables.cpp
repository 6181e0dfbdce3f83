// SPDX-License-Identifier: Apache-2.0
#include "aces2/tables.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "aces2/gamut_compress.h"

namespace aceslab::aces::detail {

namespace {

// Table-construction tolerances (OCIO 2.5 `ACES2/Common.h`, matching the final CTL).
constexpr float kGammaMinimum = 0.0f;
constexpr float kGammaMaximum = 5.0f;
constexpr float kGammaSearchStep = 0.4f;
constexpr float kGammaAccuracy = 1e-5f;
constexpr float kReachCornerTolerance = 1e-3f;
constexpr float kDisplayCuspTolerance = 1e-7f;
constexpr float kReachSearchStep = 50.0f;
constexpr float kReachSearchMaximum = 1300.0f;
constexpr float kReachAccuracy = 1e-2f;

constexpr int kCorners = 6;
constexpr int kCycle = kCorners + 2;  // corners rotated so the smallest hue is at [1], wrapped ends

using Cycle = std::array<F3, kCycle>;

inline float lerp(float a, float b, float t) { return a + t * (b - a); }

// Unit-cube corners in hue order R, Y, G, C, B, M.
F3 cube_corner(int i) {
  return {static_cast<float>(((i + 1) % kCorners) < 3), static_cast<float>(((i + 5) % kCorners) < 3),
          static_cast<float>(((i + 3) % kCorners) < 3)};
}

// Rotates six entries so the smallest hue sits at [1] and adds wrapped copies at [0] and [7].
template <typename T>
void make_cycle(const std::array<T, kCorners>& src, int min_index, std::array<T, kCycle>& dst) {
  for (int i = 0; i < kCorners; ++i) dst[i + 1] = src[(i + min_index) % kCorners];
  dst[0] = dst[kCorners];
  dst[kCorners + 1] = dst[1];
}

int min_hue_index(const std::array<F3, kCorners>& JMh) {
  int m = 0;
  for (int i = 0; i < kCorners; ++i) {
    if (JMh[i][2] < JMh[m][2]) m = i;
  }
  return m;
}

void limiting_corners(const CamParams& limiting, float peak, Cycle& rgb_cycle, Cycle& JMh_cycle) {
  std::array<F3, kCorners> rgb, JMh;
  for (int i = 0; i < kCorners; ++i) {
    const F3 c = cube_corner(i);
    const float s = peak / kReferenceLuminance;
    rgb[i] = {c[0] * s, c[1] * s, c[2] * s};
    JMh[i] = rgb_to_JMh(rgb[i], limiting);
  }
  const int m = min_hue_index(JMh);
  make_cycle(rgb, m, rgb_cycle);
  make_cycle(JMh, m, JMh_cycle);
  JMh_cycle[0][2] -= 360.0f;
  JMh_cycle[kCorners + 1][2] += 360.0f;
}

// AP1 corners scaled until their lightness reaches limit_J_max (searched on the achromatic response).
void reach_corners(const CamParams& reach, float limit_J_max, float maximum_source, Cycle& JMh_cycle) {
  const float limit_A = J_to_A(limit_J_max, reach);
  std::array<F3, kCorners> JMh;
  for (int i = 0; i < kCorners; ++i) {
    const F3 c = cube_corner(i);
    float lower = 0.0f, upper = maximum_source;
    while (upper - lower > kReachCornerTolerance) {
      const float test = (lower + upper) / 2.0f;
      const float A = rgb_to_Aab({c[0] * test, c[1] * test, c[2] * test}, reach)[0];
      if (A < limit_A) {
        lower = test;
      } else {
        upper = test;
      }
      if (A == limit_A) break;
    }
    JMh[i] = rgb_to_JMh({c[0] * upper, c[1] * upper, c[2] * upper}, reach);
  }
  make_cycle(JMh, min_hue_index(JMh), JMh_cycle);
  JMh_cycle[0][2] -= 360.0f;
  JMh_cycle[kCorners + 1][2] += 360.0f;
}

// Merge of the two sorted corner-hue lists, dropping exact duplicates.
int merge_corner_hues(const Cycle& a, const Cycle& b, std::array<float, 2 * kCorners>& out) {
  int n = 0, ia = 1, ib = 1;
  while (ia < kCorners + 1 || ib < kCorners + 1) {
    const float ha = a[ia][2], hb = b[ib][2];
    if (ha == hb) {
      out[n] = ha;
      ++ia;
      ++ib;
    } else if (ha < hb) {
      out[n] = ha;
      ++ia;
    } else {
      out[n] = hb;
      ++ib;
    }
    ++n;
  }
  return n;
}

void fill_interval(int samples, float lower, float upper, std::array<float, kTableSize>& hues, int base) {
  const float delta = (upper - lower) / static_cast<float>(samples);
  for (int i = 0; i < samples; ++i) hues[base + i] = lower + static_cast<float>(i) * delta;
}

// Nearly uniform 1-degree hue samples, bent so that every corner hue is sampled exactly.
void build_hue_table(std::array<float, kTableSize>& hues, const std::array<float, 2 * kCorners>& corner_hues,
                     int unique) {
  constexpr unsigned kLastIndex = kTableNominal - 1;
  std::array<unsigned, 2 * kCorners + 2> count{};
  unsigned last = std::numeric_limits<unsigned>::max();
  unsigned min_index = corner_hues[0] == 0.0f ? 0 : 1;  // keep a sample at hue 0
  for (int k = 0; k < unique; ++k) {
    unsigned nominal = std::min(
        std::max(static_cast<unsigned>(std::round(corner_hues[k])), min_index), kLastIndex);
    if (last == nominal) {
      // Two corners want the same slot: move the previous one down if there is room, else this up.
      if (k > 1 && count[k - 2] != count[k - 1] - 1) {
        count[k - 1] = count[k - 1] - 1;
      } else {
        nominal = nominal + 1;
      }
    }
    count[k] = std::min(nominal, kLastIndex);
    last = min_index = nominal;
  }
  int total = 0;
  int k = 0;
  fill_interval(static_cast<int>(count[0]), 0.0f, corner_hues[0], hues, total + 1);
  total += static_cast<int>(count[0]);
  for (++k; k < unique; ++k) {
    const int samples = static_cast<int>(count[k] - count[k - 1]);
    fill_interval(samples, corner_hues[k - 1], corner_hues[k], hues, total + 1);
    total += samples;
  }
  fill_interval(kTableNominal - total, corner_hues[k - 1], 360.0f, hues, total + 1);
  hues[0] = hues[kTableLast] - 360.0f;
  hues[kTableUpperWrap] = hues[kTableFirst] + 360.0f;
}

// Cusp of the limiting cube at `hue`: bisection along the cube edge between the bracketing corners.
std::array<float, 2> find_cusp(float hue, const Cycle& rgb_c, const Cycle& JMh_c, const CamParams& limiting,
                               std::array<float, 2>& previous) {
  int upper = 1;
  for (int i = 1; i < kCycle; ++i) {
    if (JMh_c[i][2] > hue) {
      upper = i;
      break;
    }
  }
  const int lower = upper - 1;
  if (JMh_c[lower][2] == hue) return {JMh_c[lower][0], JMh_c[lower][1]};
  const F3& a = rgb_c[lower];
  const F3& b = rgb_c[upper];
  auto at = [&](float t) { return F3{lerp(a[0], b[0], t), lerp(a[1], b[1], t), lerp(a[2], b[2], t)}; };
  float lo_t = (static_cast<float>(upper) == previous[0]) ? previous[1] : 0.0f;
  float hi_t = 1.0f;
  while (hi_t - lo_t > kDisplayCuspTolerance) {
    const float t = (lo_t + hi_t) / 2.0f;
    const F3 JMh = rgb_to_JMh(at(t), limiting);
    if (JMh[2] < JMh_c[lower][2]) {
      hi_t = t;  // wrapped past the lower corner across 0/360
    } else if (JMh[2] >= JMh_c[upper][2]) {
      lo_t = t;
    } else if (JMh[2] > hue) {
      hi_t = t;
    } else {
      lo_t = t;
    }
  }
  const float t = (lo_t + hi_t) / 2.0f;
  const F3 JMh = rgb_to_JMh(at(t), limiting);
  previous = {static_cast<float>(upper), t};
  return {JMh[0], JMh[1]};
}

void build_reach_table(const CamParams& reach, float limit_J_max, std::array<float, kTableSize>& table) {
  auto outside = [&](float M, float hue) {
    const F3 rgb = JMh_to_rgb({limit_J_max, M, hue}, reach);
    return rgb[0] < 0.0f || rgb[1] < 0.0f || rgb[2] < 0.0f;
  };
  for (int i = 0; i < kTableNominal; ++i) {
    const float hue = static_cast<float>(i);
    float low = 0.0f, high = kReachSearchStep;
    bool out = false;
    while (!out && high < kReachSearchMaximum) {
      out = outside(high, hue);
      if (!out) {
        low = high;
        high += kReachSearchStep;
      }
    }
    while (high - low > kReachAccuracy) {
      const float mid = (high + low) / 2.0f;
      if (outside(mid, hue)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    table[i + kTableFirst] = high;
  }
  table[0] = table[kTableLast];
  table[kTableUpperWrap] = table[kTableFirst];
}

// Smallest upper-hull gamma whose boundary, probed at five lightnesses between the cusp and
// limit_J_max, lies just outside the limiting cube (some channel above peak).
float fit_upper_hull_gamma_inv(float cusp_J, float cusp_M, float hue, const GamutShape& s,
                               const CamParams& limiting) {
  constexpr std::array<float, 5> kPositions = {0.01f, 0.1f, 0.5f, 0.8f, 0.99f};
  struct Probe {
    float J, J_src, slope, J_cusp;
  };
  std::array<Probe, kPositions.size()> probes;
  const float threshold = lerp(cusp_J, s.limit_J_max, kFocusGainBlend);
  const float focus_J = focus_J_for_cusp(cusp_J, s.mid_J, s.limit_J_max);
  for (size_t k = 0; k < kPositions.size(); ++k) {
    const float J = lerp(cusp_J, s.limit_J_max, kPositions[k]);
    const float gain = focus_gain(J, threshold, s.limit_J_max, s.focus_dist);
    const float J_src = solve_J_intersect(J, cusp_M, focus_J, s.limit_J_max, gain);
    probes[k] = {J, J_src, compression_slope(J_src, focus_J, s.limit_J_max, gain),
                 solve_J_intersect(cusp_J, cusp_M, focus_J, s.limit_J_max, gain)};
  }
  const float luminance_limit = s.peak_luminance / kReferenceLuminance;
  auto fits = [&](float gamma) {
    for (const Probe& p : probes) {
      const float M = gamut_boundary_M(cusp_J, cusp_M, s.limit_J_max, 1.0f / gamma, s.lower_hull_gamma_inv,
                                       p.J_src, p.slope, p.J_cusp);
      const F3 rgb = JMh_to_rgb({p.J_src + p.slope * M, M, hue}, limiting);
      if (!(rgb[0] > luminance_limit || rgb[1] > luminance_limit || rgb[2] > luminance_limit)) return false;
    }
    return true;
  };
  float low = kGammaMinimum, high = low + kGammaSearchStep;
  bool found = false;
  while (!found && high < kGammaMaximum) {
    if (fits(high)) {
      found = true;
    } else {
      low = high;
      high += kGammaSearchStep;
    }
  }
  while (high - low > kGammaAccuracy) {
    const float mid = (high + low) / 2.0f;
    if (fits(mid)) {
      high = mid;
    } else {
      low = mid;
    }
  }
  return 1.0f / high;
}

void build_simd_lookup(GamutTables& tb) {
  for (int i = 0; i < kTableSize; ++i) {
    tb.cusp_J[i] = tb.cusp[i].J;
    tb.cusp_M[i] = tb.cusp[i].M;
    tb.gamma_top_inv[i] = tb.cusp[i].gamma_top_inv;
  }
  // hues[] increases strictly and hues[kTableUpperWrap] >= 360, so every bucket start exists.
  constexpr int kBuckets = kTableNominal * GamutTables::kHueBuckets;
  int i = kTableFirst;
  for (int k = 0; k <= kBuckets; ++k) {
    const float h = static_cast<float>(k) / static_cast<float>(GamutTables::kHueBuckets);
    while (i < kTableUpperWrap && tb.hues[i] < h) ++i;
    tb.interval_start[k] = i;
  }
  tb.interval_start[kBuckets + 1] = kTableUpperWrap;
  tb.interval_steps = 0;
  for (int k = 0; k <= kBuckets; ++k) {
    tb.interval_steps = std::max(tb.interval_steps, tb.interval_start[k + 1] - tb.interval_start[k]);
  }
}

}  // namespace

int lookup_hue_interval(float h, const GamutTables& tables) {
  int i = kTableFirst + std::clamp(static_cast<int>(h), 0, kTableNominal);
  int lo = std::max(0, i + tables.search_lo);
  int hi = std::min(kTableUpperWrap, i + tables.search_hi);
  while (lo + 1 < hi) {
    if (h > tables.hues[i]) {
      lo = i;
    } else {
      hi = i;
    }
    i = (lo + hi) / 2;
  }
  return std::max(1, hi);
}

GamutTables build_gamut_tables(const GamutShape& shape, const CamParams& limiting, const CamParams& reach,
                               const ToneScaleParams& t) {
  GamutTables tb;
  build_reach_table(reach, shape.limit_J_max, tb.reach_M);

  Cycle reach_JMh, lim_rgb, lim_JMh;
  reach_corners(reach, shape.limit_J_max, t.forward_limit, reach_JMh);
  limiting_corners(limiting, shape.peak_luminance, lim_rgb, lim_JMh);
  std::array<float, 2 * kCorners> corner_hues{};
  const int unique = merge_corner_hues(reach_JMh, lim_JMh, corner_hues);
  build_hue_table(tb.hues, corner_hues, unique);

  std::array<float, 2> previous = {0.0f, 0.0f};
  for (int i = kTableFirst; i < kTableUpperWrap; ++i) {
    const auto JM = find_cusp(tb.hues[i], lim_rgb, lim_JMh, limiting, previous);
    tb.cusp[i] = {JM[0], JM[1] * (1.0f + kSmoothM * kSmoothCusps), 0.0f};
  }
  tb.cusp[0] = tb.cusp[kTableLast];
  tb.cusp[kTableUpperWrap] = tb.cusp[kTableFirst];

  // Window for the hue binary search: how far the non-uniform samples stray from uniform.
  tb.search_lo = 0;
  tb.search_hi = 1;
  for (int i = kTableFirst; i < kTableUpperWrap; ++i) {
    const int pos = kTableFirst + static_cast<int>(tb.hues[i]);
    const int delta = i - pos;
    tb.search_lo = std::min(tb.search_lo, delta);
    tb.search_hi = std::max(tb.search_hi, delta + 1);
  }

  for (int i = kTableFirst; i < kTableUpperWrap; ++i) {
    tb.cusp[i].gamma_top_inv = fit_upper_hull_gamma_inv(tb.cusp[i].J, tb.cusp[i].M, tb.hues[i], shape, limiting);
  }
  tb.cusp[0].gamma_top_inv = tb.cusp[kTableLast].gamma_top_inv;
  tb.cusp[kTableUpperWrap].gamma_top_inv = tb.cusp[kTableFirst].gamma_top_inv;
  build_simd_lookup(tb);
  return tb;
}

}  // namespace aceslab::aces::detail
