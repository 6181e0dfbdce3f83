// SPDX-License-Identifier: Apache-2.0
// The colour appearance model inside the ACES 2.0 Output Transform: a simplified Hellwig 2022
// (CAM16-like) model with fixed viewing conditions, mapping linear RGB in some primaries to
// lightness J, colourfulness M and hue h (degrees) and back. Float32 on purpose: it mirrors the
// arithmetic of the reference implementations (OpenColorIO 2.5 `ACES2/Transform.cpp`, the Academy's
// `Lib.Academy.OutputTransform.ctl`), so our results agree with theirs to float rounding.
#pragma once

#include <array>
#include <cmath>

#include "aces/chromaticity.h"

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
float cone_compress(float v);
float cone_compress_abs(float abs_v);
// Inverse; clamps the response to 0.99 to stay away from the pole at 1.
float cone_uncompress(float v);
float cone_uncompress_abs(float abs_v);

inline float hue_from_radians(float rad) {
  float h = 180.0f * rad / kPi;
  return h < 0.0f ? h + 360.0f : h;
}
// Any angle in degrees -> [0, 360).
inline float wrap_hue(float h_deg) {
  const float y = std::fmod(h_deg, 360.0f);
  return y < 0.0f ? y + 360.0f : y;
}

F3 rgb_to_Aab(const F3& rgb, const CamParams& p);
F3 Aab_to_JMh(const F3& Aab, const CamParams& p);  // A <= 0 -> (0, 0, 0)
F3 rgb_to_JMh(const F3& rgb, const CamParams& p);
F3 JMh_to_Aab(const F3& JMh, float cos_h, float sin_h, const CamParams& p);
F3 Aab_to_rgb(const F3& Aab, const CamParams& p);
F3 JMh_to_rgb(const F3& JMh, const CamParams& p);

float J_to_A(float J, const CamParams& p);
float A_to_J(float A, const CamParams& p);
// Achromatic shortcuts: luminance Y (100 = reference white) <-> J, odd-symmetric.
float A_to_Y(float A, const CamParams& p);
float J_to_Y(float J, const CamParams& p);
float Y_to_J(float Y, const CamParams& p);

}  // namespace aceslab::aces::detail
