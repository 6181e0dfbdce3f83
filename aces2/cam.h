// SPDX-License-Identifier: Apache-2.0
// The colour appearance model inside the ACES 2.0 Output Transform: a simplified Hellwig 2022
// (CAM16-like) model with fixed viewing conditions, mapping linear RGB in some primaries to
// lightness J, colourfulness M and hue h (degrees) and back. Float32 on purpose: it mirrors the
// arithmetic of the reference implementations (OpenColorIO 2.5 `ACES2/Transform.cpp`, the Academy's
// `Lib.Academy.OutputTransform.ctl`), so our results agree with theirs to float rounding.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "aces2/fast_math.h"
#include "color/chromaticity.h"

namespace aceslab::aces::detail {

using F3 = std::array<float, 3>;
// Row-major 3x3; applied to column vectors: out[i] = sum_j m[3i+j] * v[j].
using M33f = std::array<float, 9>;

inline F3 mul(const M33f& m, const F3& v) {
  return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
          m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}
M33f to_m33f(const Mat3& m);

// Viewing conditions and model constants (ACES 2.0 CTL `Lib.Academy.OutputTransform.ctl`,
// OCIO `ACES2/Common.h`): adapting luminance 100 cd/m^2, background 20 %, dim surround
// (F = 0.9, c = 0.59, N_c = 0.9), reference white 100.
inline constexpr float kReferenceLuminance = 100.0f;
inline constexpr float kAdaptingLuminance = 100.0f;  // L_A
inline constexpr float kBackgroundY = 20.0f;         // Y_b
inline constexpr float kSurroundC = 0.59f;
inline constexpr float kSurroundNc = 0.9f;
inline constexpr float kJScale = 100.0f;
inline constexpr float kNonlinOffset = 27.13f;  // 0.2713 * 100 in the compressive cone response
inline constexpr float kNonlinScale = 400.0f;   // 4 * 100
inline constexpr float kPi = 3.14159265358979f;

// c * z: the exponent from achromatic response to lightness, 0.59 * (1.48 + sqrt(0.2)).
float model_gamma();

// Everything that depends on the RGB primaries of one CAM "view" (AP0 input, limiting display
// gamut, AP1 reach gamut).
struct CamParams {
  M33f rgb_to_cone;   // RGB -> CAM16 LMS, scaled by 100 and the white-adaptation gains D_RGB
  M33f cone_to_rgb;
  M33f cone_to_Aab;   // compressed cone response -> (A / A_w, a, b)
  M33f Aab_to_cone;
  float F_L_n = 0;    // luminance adaptation factor F_L / 100
  float cz = 0;
  float inv_cz = 0;
  float A_w_J = 0;    // cone compression of F_L: the normalised achromatic response of white
  float inv_A_w_J = 0;
};
CamParams make_cam_params(const Chromaticities& primaries);

// Per-channel compressive non-linearity (Hellwig 2022 eq. 9 without the 0.1 offset), odd-symmetric.
// The per-pixel functions are defined inline here: they run ~20 times per pixel and a call across
// translation units costs as much as the arithmetic.
inline float cone_compress_abs(float abs_v) {
  const float p = safe_pow(abs_v, 0.42f);
  return p / (kNonlinOffset + p);
}
inline float cone_compress(float v) { return std::copysign(cone_compress_abs(std::abs(v)), v); }
// Inverse; clamps the response to 0.99 to stay away from the pole at 1.
inline float cone_uncompress_abs(float abs_v) {
  const float r = std::min(abs_v, 0.99f);
  return safe_pow(kNonlinOffset * r / (1.0f - r), 1.0f / 0.42f);
}
inline float cone_uncompress(float v) { return std::copysign(cone_uncompress_abs(std::abs(v)), v); }

inline float hue_from_radians(float rad) {
  float h = 180.0f * rad / kPi;
  return h < 0.0f ? h + 360.0f : h;
}
// Any angle in degrees -> [0, 360).
inline float wrap_hue(float h_deg) {
  const float y = std::fmod(h_deg, 360.0f);
  return y < 0.0f ? y + 360.0f : y;
}

inline F3 rgb_to_Aab(const F3& rgb, const CamParams& p) {
  const F3 c = mul(p.rgb_to_cone, rgb);
  return mul(p.cone_to_Aab, F3{cone_compress(c[0]), cone_compress(c[1]), cone_compress(c[2])});
}
inline float A_to_J(float A, const CamParams& p) { return kJScale * safe_pow(A, p.cz); }
inline float J_to_A(float J, const CamParams& p) { return safe_pow(J * (1.0f / kJScale), p.inv_cz); }

// A <= 0 -> (0, 0, 0)
inline F3 Aab_to_JMh(const F3& Aab, const CamParams& p) {
  if (!(Aab[0] > 0.0f)) return {0.0f, 0.0f, 0.0f};
  const float M = std::sqrt(Aab[1] * Aab[1] + Aab[2] * Aab[2]);
  return {A_to_J(Aab[0], p), M, hue_from_radians(std::atan2(Aab[2], Aab[1]))};
}
inline F3 rgb_to_JMh(const F3& rgb, const CamParams& p) { return Aab_to_JMh(rgb_to_Aab(rgb, p), p); }
inline F3 JMh_to_Aab(const F3& JMh, float cos_h, float sin_h, const CamParams& p) {
  return {J_to_A(JMh[0], p), JMh[1] * cos_h, JMh[1] * sin_h};
}
inline F3 Aab_to_rgb(const F3& Aab, const CamParams& p) {
  const F3 c = mul(p.Aab_to_cone, Aab);
  return mul(p.cone_to_rgb, F3{cone_uncompress(c[0]), cone_uncompress(c[1]), cone_uncompress(c[2])});
}
inline F3 JMh_to_rgb(const F3& JMh, const CamParams& p) {
  const float h = JMh[2] * kPi / 180.0f;
  return Aab_to_rgb(JMh_to_Aab(JMh, std::cos(h), std::sin(h), p), p);
}

// Achromatic shortcuts: luminance Y (100 = reference white) <-> normalised achromatic response A
// and lightness J, odd-symmetric in J and Y.
inline float A_to_Y(float A, const CamParams& p) { return cone_uncompress_abs(p.A_w_J * A) / p.F_L_n; }
inline float Y_to_A(float abs_Y, const CamParams& p) {
  return cone_compress_abs(abs_Y * p.F_L_n) * p.inv_A_w_J;
}
// The image paths evaluate these same functions on SIMD lanes: render_kernel.h.

inline float J_to_Y(float J, const CamParams& p) {
  return std::copysign(A_to_Y(J_to_A(std::abs(J), p), p), J);
}
inline float Y_to_J(float Y, const CamParams& p) { return std::copysign(A_to_J(Y_to_A(std::abs(Y), p), p), Y); }

}  // namespace aceslab::aces::detail
