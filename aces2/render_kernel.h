// SPDX-License-Identifier: Apache-2.0
// The SIMD kernels of the ACES 2.0 image paths (render.h), as templates on the vector type.
// Internal: included by render.cpp (SSE2, 4 lanes) and by render_avx2.cpp under
// `#pragma GCC target("avx2,fma")` (8 lanes). Everything is in an anonymous namespace so that each
// translation unit keeps its own copy, compiled for its own instruction set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "aces2/render.h"
#include "aces2/simd.h"
#include "aces2/tables.h"

namespace aceslab::aces::detail {

namespace {

using simd::gather;
using simd::IntOf;
using simd::splat;
using simd::vabs;
using simd::vcopysign;
using simd::vmax;
using simd::vmin;
using simd::vpow;
using simd::vsqrt;

// Bound for +/-Inf inputs (as output_transform.cpp): large enough to hit every clamp, small enough
// that 3x3 matrix products stay finite in float.
constexpr float kHuge = 1e30f;
// SMPTE ST 2084:2014 constants, display-linear 1.0 = 100 cd/m^2 = 0.01 of PQ's 10000 cd/m^2.
constexpr float kPqScale = 100.0f / 10000.0f;
constexpr float kPqM1 = 2610.0f / 16384.0f;
constexpr float kPqM2 = 2523.0f / 4096.0f * 128.0f;
constexpr float kPqC1 = 3424.0f / 4096.0f;
constexpr float kPqC2 = 2413.0f / 4096.0f * 32.0f;
constexpr float kPqC3 = 2392.0f / 4096.0f * 32.0f;
constexpr float kLog10Of2 = 0.301029996f;

// ---- the scalar stage functions, lane-wise (same operations and order; see their headers) ------

template <class V>
ACESLAB_SIMD_INLINE V sanitize(V v) {  // NaN -> 0, clamp to +/-kHuge
  v = simd::select<V>(v == v, v, splat<V>(0.0f));
  return vmin(vmax(v, splat<V>(-kHuge)), splat<V>(kHuge));
}
template <class V>
ACESLAB_SIMD_INLINE V clamp(V v, float lo, float hi) {  // std::min(std::max(v, lo), hi)
  return vmin(vmax(v, splat<V>(lo)), splat<V>(hi));
}
template <class V>
ACESLAB_SIMD_INLINE V lerp(V a, V b, V t) {
  return a + t * (b - a);
}

template <class V>
ACESLAB_SIMD_INLINE V cone_compress(V c) {  // cone_compress (cam.h)
  const V p = vpow(vabs(c), 0.42f);
  return vcopysign(p / (kNonlinOffset + p), c);
}
template <class V>
ACESLAB_SIMD_INLINE V cone_uncompress(V c) {  // cone_uncompress
  const V r = vmin(vabs(c), splat<V>(0.99f));
  return vcopysign(vpow(kNonlinOffset * r / (1.0f - r), 1.0f / 0.42f), c);
}
template <class V>
ACESLAB_SIMD_INLINE V A_to_Y(V A, const CamParams& p) {  // A_to_Y (A >= 0)
  const V r = vmin(p.A_w_J * A, splat<V>(0.99f));
  return vpow(kNonlinOffset * r / (1.0f - r), 1.0f / 0.42f) / p.F_L_n;
}
template <class V>
ACESLAB_SIMD_INLINE V Y_to_A(V Y, const CamParams& p) {  // Y_to_A (Y >= 0)
  const V a = vpow(Y * p.F_L_n, 0.42f);
  return a / (kNonlinOffset + a) * p.inv_A_w_J;
}

// Hue in degrees [0, 360] of (a, b) without atan2: atan of min/max(|a|, |b|) reduced to
// |z| <= tan(pi/8) via atan z = pi/4 + atan((z - 1)/(z + 1)), odd Taylor series to z^17
// (truncation < 2e-9 rad), then the octant symmetries, applied in degrees where their constants
// are exact. Agrees with atan2 to float rounding (~1e-5 degrees); the hue only indexes the
// linearly interpolated tables.
template <class V>
ACESLAB_SIMD_INLINE V hue_degrees(V a, V b) {
  constexpr float kTanPi8 = 0.414213562f;
  constexpr float kDegrees = 180.0f / kPi;
  using simd::select;
  const V ax = vabs(a), ay = vabs(b);
  const V hi = vmax(ax, ay), lo = vmin(ax, ay);
  const V z = lo / vmax(hi, splat<V>(1e-30f));
  const auto reduce = z > kTanPi8;
  const V zr = select<V>(reduce, (z - 1.0f) / (z + 1.0f), z);
  const V z2 = zr * zr;
  V p = splat<V>(1.0f / 17.0f);
  p = p * z2 - 1.0f / 15.0f;
  p = p * z2 + 1.0f / 13.0f;
  p = p * z2 - 1.0f / 11.0f;
  p = p * z2 + 1.0f / 9.0f;
  p = p * z2 - 1.0f / 7.0f;
  p = p * z2 + 1.0f / 5.0f;
  p = p * z2 - 1.0f / 3.0f;
  p = p * z2 + 1.0f;
  V deg = zr * p * kDegrees + select<V>(reduce, splat<V>(45.0f), splat<V>(0.0f));
  deg = select<V>(ay > ax, 90.0f - deg, deg);
  deg = select<V>(a < 0.0f, 180.0f - deg, deg);
  return select<V>(b < 0.0f, 360.0f - deg, deg);
}

template <class V>
ACESLAB_SIMD_INLINE V reach_M_lookup(V h, const GamutTables& tb) {  // tables.h
  using I = IntOf<V>;
  const I base = simd::imin(simd::imax(simd::to_int<V>(h), simd::splat_i<V>(0)), simd::splat_i<V>(kTableNominal - 1));
  const V t = h - simd::to_float<V>(base);
  const V lo = gather(tb.reach_M.data(), base + kTableFirst);
  const V hi = gather(tb.reach_M.data(), base + (kTableFirst + 1));
  return lo + t * (hi - lo);
}

template <class V>
ACESLAB_SIMD_INLINE V chroma_norm(V cos_h, V sin_h, float scale) {  // chroma_compress_norm
  const V cos2 = 2.0f * cos_h * cos_h - 1.0f;
  const V sin2 = 2.0f * cos_h * sin_h;
  const V cos3 = 4.0f * cos_h * cos_h * cos_h - 3.0f * cos_h;
  const V sin3 = 3.0f * sin_h - 4.0f * sin_h * sin_h * sin_h;
  const V M = 11.34072f * cos_h + 16.46899f * cos2 + 7.88380f * cos3 + 14.66441f * sin_h + -6.37224f * sin2 +
              9.19364f * sin3 + 77.12896f;
  return M * scale;
}

template <class V>
ACESLAB_SIMD_INLINE V toe_fwd(V x, V limit, V k1_in, V k2_in) {
  const V k2 = vmax(k2_in, splat<V>(0.001f));
  const V k1 = vsqrt(k1_in * k1_in + k2 * k2);
  const V k3 = (limit + k1) / (limit + k2);
  const V minus_b = k3 * x - k1;
  const V minus_ac = k2 * k3 * x;
  const V r = 0.5f * (minus_b + vsqrt(minus_b * minus_b + 4.0f * minus_ac));
  return simd::select<V>(x > limit, x, r);
}
template <class V>
ACESLAB_SIMD_INLINE V toe_inv(V x, V limit, V k1_in, V k2_in) {
  const V k2 = vmax(k2_in, splat<V>(0.001f));
  const V k1 = vsqrt(k1_in * k1_in + k2 * k2);
  const V k3 = (limit + k1) / (limit + k2);
  return simd::select<V>(x > limit, x, (x * x + k1 * x) / (k3 * (x + k2)));
}

template <class V>
ACESLAB_SIMD_INLINE V chroma_M_fwd(V M, V nJ, V nJ_pow, V ratio, V Mnorm, V reach_M, const ChromaCompressParams& c) {
  const V snJ = vmax(splat<V>(0.0f), 1.0f - nJ);
  const V limit = nJ_pow * reach_M / Mnorm;
  V m = M * ratio / Mnorm;
  m = limit - toe_fwd(limit - m, limit - 0.001f, snJ * c.sat, vsqrt(nJ * nJ + c.sat_thr));
  m = toe_fwd(m, limit, nJ * c.compr, snJ);
  return simd::select<V>(M == 0.0f, M, m * Mnorm);
}
template <class V>
ACESLAB_SIMD_INLINE V chroma_M_inv(V M, V nJ, V nJ_pow, V ratio, V Mnorm, V reach_M, const ChromaCompressParams& c) {
  const V snJ = vmax(splat<V>(0.0f), 1.0f - nJ);
  const V limit = nJ_pow * reach_M / Mnorm;
  V m = M / Mnorm;
  m = toe_inv(m, limit, nJ * c.compr, snJ);
  m = limit - toe_inv(limit - m, limit - 0.001f, snJ * c.sat, vsqrt(nJ * nJ + c.sat_thr));
  return simd::select<V>(M == 0.0f, M, m * Mnorm * ratio);
}

// ---- gamut compression (gamut_compress.cpp), lane-wise --------------------------------------

template <class V>
struct HueGamutV {
  V cusp_J, cusp_M, gamma_top_inv, focus_J, threshold;
};

template <class V>
ACESLAB_SIMD_INLINE HueGamutV<V> hue_gamut(V h, const GamutCompressParams& g) {
  using I = IntOf<V>;
  const GamutTables& tb = g.tables;
  const I k = simd::imin(simd::imax(simd::to_int<V>(h * static_cast<float>(GamutTables::kHueBuckets)),
                                    simd::splat_i<V>(0)),
                         simd::splat_i<V>(kTableNominal * GamutTables::kHueBuckets));
  I i = gather(tb.interval_start.data(), k);
  for (int s = 0; s < tb.interval_steps; ++s) i -= (gather(tb.hues.data(), i) < h);  // mask is -1
  i = simd::imax(i, simd::splat_i<V>(1));
  const I i0 = i - 1;
  const V h0 = gather(tb.hues.data(), i0);
  const V t = (h - h0) / (gather(tb.hues.data(), i) - h0);
  HueGamutV<V> hg;
  hg.cusp_J = lerp(gather(tb.cusp_J.data(), i0), gather(tb.cusp_J.data(), i), t);
  hg.cusp_M = lerp(gather(tb.cusp_M.data(), i0), gather(tb.cusp_M.data(), i), t);
  hg.gamma_top_inv = lerp(gather(tb.gamma_top_inv.data(), i0), gather(tb.gamma_top_inv.data(), i), t);
  const float lim = g.shape.limit_J_max;
  hg.focus_J = lerp(hg.cusp_J, splat<V>(g.shape.mid_J), vmin(splat<V>(1.0f), kCuspMidBlend - hg.cusp_J / lim));
  hg.threshold = lerp(hg.cusp_J, splat<V>(lim), splat<V>(kFocusGainBlend));
  return hg;
}

template <class V>
ACESLAB_SIMD_INLINE V focus_gain(V J, V threshold, const GamutShape& s) {
  const V gain = splat<V>(s.limit_J_max * s.focus_dist);
  const V ratio = (s.limit_J_max - threshold) / vmax(splat<V>(0.0001f), s.limit_J_max - J);
  const V adj = simd::vlog2(ratio) * kLog10Of2;
  return simd::select<V>(J > threshold, gain * (adj * adj + 1.0f), gain);
}

template <class V>
ACESLAB_SIMD_INLINE V solve_J_intersect(V J, V M, V focus_J, float max_J, V slope_gain) {
  const V M_scaled = M / slope_gain;
  const V a = M_scaled / focus_J;
  const auto below = J < focus_J;
  const V b = simd::select<V>(below, 1.0f - M_scaled, -(1.0f + M_scaled + max_J * a));
  const V c = simd::select<V>(below, -J, max_J * M_scaled + J);
  const V root = vsqrt(b * b - 4.0f * a * c);
  return -2.0f * c / simd::select<V>(below, b + root, b - root);
}

template <class V>
ACESLAB_SIMD_INLINE V compression_slope(V J_intersect, V focus_J, float limit_J_max, V slope_gain) {
  const V direction = simd::select<V>(J_intersect < focus_J, J_intersect, limit_J_max - J_intersect);
  return direction * (J_intersect - focus_J) / (focus_J * slope_gain);
}

template <class V>
ACESLAB_SIMD_INLINE V line_boundary_intersection_M(V J_axis_intersect, V slope, V inv_gamma, V J_max, V M_max,
                                                   V J_intersection_reference) {
  const V normalised_J = J_axis_intersect / J_intersection_reference;
  const V shifted = J_intersection_reference * vpow(normalised_J, inv_gamma);
  return shifted * M_max / (J_max - slope * M_max);
}

template <class V>
struct JM {
  V J, M;
};

// compress<kInverse> of gamut_compress.cpp for lanes where J > 0, M > 0, J <= limit_J_max.
template <bool kInverse, class V>
ACESLAB_SIMD_INLINE JM<V> compress(V J, V M, V J_for_gain, V reach_M, const GamutCompressParams& g,
                                   const HueGamutV<V>& hg) {
  using simd::select;
  const GamutShape& s = g.shape;
  const float lim = s.limit_J_max;
  const V gain = focus_gain(J_for_gain, hg.threshold, s);
  const V J_src = solve_J_intersect(J, M, hg.focus_J, lim, gain);
  const V slope = compression_slope(J_src, hg.focus_J, lim, gain);
  const V J_cusp = solve_J_intersect(hg.cusp_J, hg.cusp_M, hg.focus_J, lim, gain);
  // gamut_boundary_M: lower and upper hull, blended by the scaled smooth minimum.
  const V lower = line_boundary_intersection_M(J_src, slope, splat<V>(s.lower_hull_gamma_inv), hg.cusp_J, hg.cusp_M,
                                               J_cusp);
  const V upper = line_boundary_intersection_M(lim - J_src, -slope, hg.gamma_top_inv, lim - hg.cusp_J, hg.cusp_M,
                                               lim - J_cusp);
  const V sm = kSmoothCusps * hg.cusp_M;
  const V hh = vmax(sm - vabs(lower - upper), splat<V>(0.0f)) / sm;
  const V boundary = vmin(lower, upper) - hh * hh * hh * sm * (1.0f / 6.0f);
  const V reach_boundary = line_boundary_intersection_M(J_src, slope, splat<V>(s.model_gamma_inv), splat<V>(lim),
                                                        reach_M, splat<V>(lim));
  // remap_M
  const V proportion = vmax(boundary / reach_boundary, splat<V>(kCompressionThreshold));
  const V threshold = proportion * boundary;
  const V m_offset = M - threshold;
  const V gamut_offset = boundary - threshold;
  const V reach_offset = reach_boundary - threshold;
  const V scale = reach_offset / ((reach_offset / gamut_offset) - 1.0f);
  const V nd = m_offset / scale;
  V remapped;
  if constexpr (kInverse) {
    remapped = select<V>(nd >= 1.0f, threshold + scale, threshold + scale * -(nd / (nd - 1.0f)));
  } else {
    remapped = threshold + scale * nd / (1.0f + nd);
  }
  const V M_out = select<V>((M <= threshold) | (proportion >= 1.0f), M, remapped);
  const auto flat = boundary <= 0.0f;
  return {select<V>(flat, J, J_src + M_out * slope), select<V>(flat, splat<V>(0.0f), M_out)};
}

// The display curves folded into the kernels (display_encoding.cpp power_mirrored / pq_mirrored).
template <class V>
ACESLAB_SIMD_INLINE V pow_mirrored_v(V v, float exponent) {
  const V mag = vpow(simd::select<V>(v == v, vabs(v), splat<V>(0.0f)), exponent);
  return simd::select<V>(v < 0.0f, -mag, mag);
}
template <class V>
ACESLAB_SIMD_INLINE V pq_encode_v(V v) {
  V mag = vpow(simd::select<V>(v == v, vabs(v) * kPqScale, splat<V>(0.0f)), kPqM1);
  mag = vpow((kPqC1 + kPqC2 * mag) / (1.0f + kPqC3 * mag), kPqM2);
  return simd::select<V>(v < 0.0f, -mag, mag);
}

// The PQ EOTF (code -> linear, 1.0 = 100 cd/m^2), mirrored. Written around the identities
// 1 - c1 = c2 - c3 = 21/128 (exact in float): with e = p - 1 = expm1(ln 2 log2(code) / m2),
// p - c1 = 21/128 + e and c2 - c3 p = 21/128 - c3 e, so neither difference cancels in the range
// that matters (the direct form loses up to 7 bits to cancellation in both, which is why the
// one-channel path stays in double). expm1 by its Taylor series to degree 8 (|t| <= 0.18 above
// PQ black: truncation < 1e-13).
template <class V>
ACESLAB_SIMD_INLINE V pq_decode_v(V v) {
  constexpr float kGap = 21.0f / 128.0f;  // 1 - c1 = c2 - c3
  const V code = simd::select<V>(v == v, vabs(v), splat<V>(0.0f));
  const V t = simd::vlog2(code) * (0.693147181f / kPqM2);
  const V e =
      t * (1.0f + t * (0.5f + t * (1.0f / 6.0f + t * (1.0f / 24.0f + t * (1.0f / 120.0f +
                                                                     t * (1.0f / 720.0f + t * (1.0f / 5040.0f + t * (1.0f / 40320.0f))))))));
  const V ratio = vmax(kGap + e, splat<V>(0.0f)) / (kGap - kPqC3 * e);
  const V mag = vpow(ratio, 1.0f / kPqM1) * (1.0f / kPqScale);
  return simd::select<V>(v < 0.0f, -mag, mag);
}

// The display curve of the block path on three channels: encode (linear -> code) for the forward,
// decode for the inverse; nothing for the encodings applied outside the kernels.
template <class V, bool kEncode>
ACESLAB_SIMD_INLINE void display_curve(const RenderConstants& rc, V& x, V& y, V& z) {
  if (rc.curve == BlockCurve::power) {
    const float e = kEncode ? rc.encode_exponent : rc.decode_exponent;
    x = pow_mirrored_v(x, e);
    y = pow_mirrored_v(y, e);
    z = pow_mirrored_v(z, e);
  } else if (rc.curve == BlockCurve::pq) {
    x = kEncode ? pq_encode_v(x) : pq_decode_v(x);
    y = kEncode ? pq_encode_v(y) : pq_decode_v(y);
    z = kEncode ? pq_encode_v(z) : pq_decode_v(z);
  }
}

// ---- one group of lanes through the whole chain ---------------------------------------------------

template <class V>
ACESLAB_SIMD_INLINE void forward_group(const RenderConstants& rc, float* pr, float* pg, float* pb) {
  using simd::select;
  const GamutCompressParams& gc = *rc.gc;
  const float lim = gc.shape.limit_J_max;
  V x = sanitize(simd::load<V>(pr)), y = sanitize(simd::load<V>(pg)), z = sanitize(simd::load<V>(pb));
  // AP1 clamp, then the input CAM.
  simd::mul3(rc.ap0_to_ap1, x, y, z);
  x = clamp(x, 0.0f, rc.ap1_upper);
  y = clamp(y, 0.0f, rc.ap1_upper);
  z = clamp(z, 0.0f, rc.ap1_upper);
  simd::mul3(rc.ap1_to_ap0, x, y, z);
  simd::mul3(rc.cam_in.rgb_to_cone, x, y, z);
  V A = cone_compress(x), a = cone_compress(y), b = cone_compress(z);
  simd::mul3(rc.cam_in.cone_to_Aab, A, a, b);
  const V h = hue_degrees(a, b);
  // Tonescale on the achromatic response.
  V Y = A_to_Y(A, rc.cam_in);
  Y = vpow(Y / (Y + rc.ts.s_2), rc.ts.g);
  const V f = rc.ts.m_2 * Y;
  Y = vmax(splat<V>(0.0f), f * f / (f + rc.ts.t_1)) * rc.ts.n_r;
  const V A_ts = Y_to_A(Y, rc.cam_in);
  const V J_ts = vpow(A_ts, rc.cam_in.cz) * kJScale;
  // Chroma compression.
  const V M = vsqrt(a * a + b * b);
  const auto has_M = M > 0.0f;
  const V inv_M = 1.0f / M;
  const V cos_h = select<V>(has_M, a * inv_M, splat<V>(1.0f));
  const V sin_h = select<V>(has_M, b * inv_M, splat<V>(0.0f));
  const V reach_M = reach_M_lookup(h, gc.tables);
  const V Mnorm = chroma_norm(cos_h, sin_h, rc.cc.scale);
  const V M_cc = chroma_M_fwd(M, J_ts / lim, A_ts * rc.inv_A_max, A_ts / A, Mnorm, reach_M, rc.cc);
  // Gamut compression.
  const JM<V> c = compress<false>(J_ts, M_cc, J_ts, reach_M, gc, hue_gamut(h, gc));
  const auto lit = (A > 0.0f) & (J_ts > 0.0f);
  const auto compressible = lit & ~((M_cc <= 0.0f) | (J_ts > lim));
  const V J_out = select<V>(lit, select<V>(compressible, c.J, J_ts), splat<V>(0.0f));
  const V M_out = select<V>(compressible, c.M, splat<V>(0.0f));
  // Limiting CAM back to RGB, limiting clamp, encoding primaries.
  x = vpow(J_out * (1.0f / kJScale), rc.cam_lim.inv_cz);
  y = M_out * cos_h;
  z = M_out * sin_h;
  simd::mul3(rc.cam_lim.Aab_to_cone, x, y, z);
  x = cone_uncompress(x);
  y = cone_uncompress(y);
  z = cone_uncompress(z);
  simd::mul3(rc.cam_lim.cone_to_rgb, x, y, z);
  x = clamp(x, 0.0f, rc.lim_upper);
  y = clamp(y, 0.0f, rc.lim_upper);
  z = clamp(z, 0.0f, rc.lim_upper);
  simd::mul3(rc.lim_to_enc, x, y, z);
  display_curve<V, true>(rc, x, y, z);
  simd::store(pr, x);
  simd::store(pg, y);
  simd::store(pb, z);
}

// The inverse runs in three phases over a block, so that the fixed-point passes of the focus gain
// (needed above the analytic threshold only, typically by a minority of pixels but by some lane of
// almost every group) run on packed lanes: (1) up to the gamut decompression, keeping the per-pixel
// state; (2) the passes on the pixels that need them, gathered into full groups; (3) the rest.
struct InverseState {
  alignas(64) float J[kRenderBlock], M[kRenderBlock], J_gain[kRenderBlock], reach_M[kRenderBlock];
  alignas(64) float cusp_J[kRenderBlock], cusp_M[kRenderBlock], gamma_top_inv[kRenderBlock];
  alignas(64) float focus_J[kRenderBlock], threshold[kRenderBlock];
  alignas(64) float cos_h[kRenderBlock], sin_h[kRenderBlock], Mnorm[kRenderBlock];
  alignas(64) std::int32_t lit[kRenderBlock], compressible[kRenderBlock], iterate[kRenderBlock];
};

template <class V>
ACESLAB_SIMD_INLINE void store_mask(std::int32_t* p, IntOf<V> m) {
  __builtin_memcpy(p, &m, sizeof(m));
}
template <class V>
ACESLAB_SIMD_INLINE IntOf<V> load_mask(const std::int32_t* p) {
  IntOf<V> m;
  __builtin_memcpy(&m, p, sizeof(m));
  return m;
}

template <class V>
ACESLAB_SIMD_INLINE void inverse_front(const RenderConstants& rc, const float* pr, const float* pg, const float* pb,
                                       InverseState& st, std::size_t i) {
  using simd::select;
  const GamutCompressParams& gc = *rc.gc;
  const float lim = gc.shape.limit_J_max;
  V x = simd::load<V>(pr), y = simd::load<V>(pg), z = simd::load<V>(pb);
  display_curve<V, false>(rc, x, y, z);
  x = sanitize(x);
  y = sanitize(y);
  z = sanitize(z);
  simd::mul3(rc.enc_to_lim, x, y, z);
  x = clamp(x, 0.0f, rc.lim_upper);
  y = clamp(y, 0.0f, rc.lim_upper);
  z = clamp(z, 0.0f, rc.lim_upper);
  simd::mul3(rc.cam_lim.rgb_to_cone, x, y, z);
  V A = cone_compress(x), a = cone_compress(y), b = cone_compress(z);
  simd::mul3(rc.cam_lim.cone_to_Aab, A, a, b);
  const V J = vpow(A, rc.cam_lim.cz) * kJScale;
  const V h = hue_degrees(a, b);
  const V M = vsqrt(a * a + b * b);
  const auto has_M = M > 0.0f;
  const V inv_M = 1.0f / M;
  const V cos_h = select<V>(has_M, a * inv_M, splat<V>(1.0f));
  const V sin_h = select<V>(has_M, b * inv_M, splat<V>(0.0f));
  const HueGamutV<V> hg = hue_gamut(h, gc);
  const auto lit = (A > 0.0f) & (J > 0.0f);
  const auto compressible = lit & ~((M <= 0.0f) | (J > lim));
  simd::store(st.J + i, J);
  simd::store(st.M + i, M);
  simd::store(st.J_gain + i, J);
  simd::store(st.reach_M + i, reach_M_lookup(h, gc.tables));
  simd::store(st.cusp_J + i, hg.cusp_J);
  simd::store(st.cusp_M + i, hg.cusp_M);
  simd::store(st.gamma_top_inv + i, hg.gamma_top_inv);
  simd::store(st.focus_J + i, hg.focus_J);
  simd::store(st.threshold + i, hg.threshold);
  simd::store(st.cos_h + i, cos_h);
  simd::store(st.sin_h + i, sin_h);
  simd::store(st.Mnorm + i, chroma_norm(cos_h, sin_h, rc.cc.scale));
  store_mask<V>(st.lit + i, lit);
  store_mask<V>(st.compressible + i, compressible);
  store_mask<V>(st.iterate + i, compressible & (J > hg.threshold));
}

// Phase 2: J_gain <- compress<true>(J, M, J_gain).J, kInverseGainPasses times, for the pixels
// flagged `iterate` among the first `padded`, packed into whole groups (the last group repeats its
// final index, which recomputes that pixel identically).
template <class V>
ACESLAB_SIMD_INLINE void inverse_gain_passes(const RenderConstants& rc, InverseState& st, std::size_t padded) {
  using I = IntOf<V>;
  constexpr std::size_t kLanes = simd::VecTraits<V>::kLanes;
  alignas(64) std::int32_t index[kRenderBlock + kLanes];
  std::size_t n = 0;
  for (std::size_t i = 0; i < padded; ++i) {
    index[n] = static_cast<std::int32_t>(i);
    n += st.iterate[i] != 0;
  }
  if (n == 0) return;
  for (std::size_t k = n; k % kLanes != 0; ++k) index[k] = index[n - 1];
  const GamutCompressParams& gc = *rc.gc;
  for (std::size_t k = 0; k < n; k += kLanes) {
    const I ix = load_mask<V>(index + k);
    const V J = gather(st.J, ix), M = gather(st.M, ix), reach_M = gather(st.reach_M, ix);
    HueGamutV<V> hg;
    hg.cusp_J = gather(st.cusp_J, ix);
    hg.cusp_M = gather(st.cusp_M, ix);
    hg.gamma_top_inv = gather(st.gamma_top_inv, ix);
    hg.focus_J = gather(st.focus_J, ix);
    hg.threshold = gather(st.threshold, ix);
    V J_gain = J;
    for (int pass = 0; pass < kInverseGainPasses; ++pass) J_gain = compress<true>(J, M, J_gain, reach_M, gc, hg).J;
    alignas(64) float out[kLanes];
    simd::store(out, J_gain);
    for (std::size_t l = 0; l < kLanes; ++l) st.J_gain[index[k + l]] = out[l];
  }
}

template <class V>
ACESLAB_SIMD_INLINE void inverse_back(const RenderConstants& rc, float* pr, float* pg, float* pb,
                                      const InverseState& st, std::size_t i) {
  using simd::select;
  const GamutCompressParams& gc = *rc.gc;
  const float lim = gc.shape.limit_J_max;
  const V J = simd::load<V>(st.J + i), M = simd::load<V>(st.M + i), reach_M = simd::load<V>(st.reach_M + i);
  HueGamutV<V> hg;
  hg.cusp_J = simd::load<V>(st.cusp_J + i);
  hg.cusp_M = simd::load<V>(st.cusp_M + i);
  hg.gamma_top_inv = simd::load<V>(st.gamma_top_inv + i);
  hg.focus_J = simd::load<V>(st.focus_J + i);
  hg.threshold = simd::load<V>(st.threshold + i);
  const V cos_h = simd::load<V>(st.cos_h + i), sin_h = simd::load<V>(st.sin_h + i);
  const V Mnorm = simd::load<V>(st.Mnorm + i);
  const auto lit = load_mask<V>(st.lit + i);
  const auto compressible = load_mask<V>(st.compressible + i);
  const JM<V> c = compress<true>(J, M, simd::load<V>(st.J_gain + i), reach_M, gc, hg);
  const V J_ts = select<V>(lit, select<V>(compressible, c.J, J), splat<V>(0.0f));
  const V M_ts = select<V>(compressible, c.M, splat<V>(0.0f));
  V x, y, z;
  // Inverse tonescale on the achromatic response.
  const V A_ts = vpow(J_ts * (1.0f / kJScale), rc.cam_in.inv_cz);
  const V Z = clamp(A_to_Y(A_ts, rc.cam_in) / kReferenceLuminance, 0.0f, rc.ts.inverse_limit);
  const V f = (Z + vsqrt(Z * (4.0f * rc.ts.t_1 + Z))) / 2.0f;
  const V Y = rc.ts.s_2 / (vpow(rc.ts.m_2 / f, 1.0f / rc.ts.g) - 1.0f);
  const V A_out = Y_to_A(Y, rc.cam_in);
  // Chroma decompression, then the input CAM back to ACES and the AP1 clamp.
  const V ratio = select<V>(A_ts > 0.0f, A_out / A_ts, splat<V>(0.0f));
  const V M_out = chroma_M_inv(M_ts, J_ts / lim, A_ts * rc.inv_A_max, ratio, Mnorm, reach_M, rc.cc);
  x = A_out;
  y = M_out * cos_h;
  z = M_out * sin_h;
  simd::mul3(rc.cam_in.Aab_to_cone, x, y, z);
  x = cone_uncompress(x);
  y = cone_uncompress(y);
  z = cone_uncompress(z);
  simd::mul3(rc.cam_in.cone_to_rgb, x, y, z);
  x = sanitize(x);
  y = sanitize(y);
  z = sanitize(z);
  simd::mul3(rc.ap0_to_ap1, x, y, z);
  x = clamp(x, 0.0f, rc.ap1_upper);
  y = clamp(y, 0.0f, rc.ap1_upper);
  z = clamp(z, 0.0f, rc.ap1_upper);
  simd::mul3(rc.ap1_to_ap0, x, y, z);
  simd::store(pr, x);
  simd::store(pg, y);
  simd::store(pb, z);
}

// ---- blocks: interleaved pixels <-> SoA planes padded to whole groups ----------------------------

template <class V, bool kInverse>
ACESLAB_SIMD_INLINE void run_block(const RenderConstants& rc, float* px, std::size_t count) {
  constexpr std::size_t kLanes = simd::VecTraits<V>::kLanes;
  alignas(64) float r[kRenderBlock], g[kRenderBlock], b[kRenderBlock];
  const std::size_t padded = (count + kLanes - 1) / kLanes * kLanes;
  for (std::size_t i = 0; i < count; ++i) {
    r[i] = px[3 * i];
    g[i] = px[3 * i + 1];
    b[i] = px[3 * i + 2];
  }
  for (std::size_t i = count; i < padded; ++i) r[i] = g[i] = b[i] = 0.0f;
  if constexpr (kInverse) {
    InverseState st;
    for (std::size_t i = 0; i < padded; i += kLanes) inverse_front<V>(rc, r + i, g + i, b + i, st, i);
    inverse_gain_passes<V>(rc, st, padded);
    for (std::size_t i = 0; i < padded; i += kLanes) inverse_back<V>(rc, r + i, g + i, b + i, st, i);
  } else {
    for (std::size_t i = 0; i < padded; i += kLanes) forward_group<V>(rc, r + i, g + i, b + i);
  }
  for (std::size_t i = 0; i < count; ++i) {
    px[3 * i] = r[i];
    px[3 * i + 1] = g[i];
    px[3 * i + 2] = b[i];
  }
}

template <class V, class Fn>
ACESLAB_SIMD_INLINE void map_buffer(float* v, std::size_t n, Fn fn) {
  constexpr std::size_t kLanes = simd::VecTraits<V>::kLanes;
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) simd::store(v + i, fn(simd::load<V>(v + i)));
  if (i < n) {
    float tail[kLanes] = {};
    std::memcpy(tail, v + i, (n - i) * sizeof(float));
    simd::store(tail, fn(simd::load<V>(tail)));
    std::memcpy(v + i, tail, (n - i) * sizeof(float));
  }
}

struct PowOp {
  float exponent;
  template <class V>
  ACESLAB_SIMD_INLINE V operator()(V v) const {
    return pow_mirrored_v(v, exponent);
  }
};
struct PqOp {
  template <class V>
  ACESLAB_SIMD_INLINE V operator()(V v) const {
    return pq_encode_v(v);
  }
};
struct PqDecodeOp {
  template <class V>
  ACESLAB_SIMD_INLINE V operator()(V v) const {
    return pq_decode_v(v);
  }
};

}  // namespace

// The AVX2 entry points (render_avx2.cpp); call only when the CPU has AVX2 and FMA.
void forward_avx2(const RenderConstants& rc, float* px, std::size_t n);
void inverse_avx2(const RenderConstants& rc, float* px, std::size_t n);
void pow_avx2(float* v, std::size_t n, float exponent);
void pq_avx2(float* v, std::size_t n);
void pq_decode_avx2(float* v, std::size_t n);

}  // namespace aceslab::aces::detail
