// SPDX-License-Identifier: Apache-2.0
// The ACES 2.0 tonescale (Daniele Siragusano's curve, applied to luminance) and its closed-form
// inverse, parameterised by the display's peak luminance. Constants and derivations follow
// `Lib.Academy.Tonescale.ctl` / OCIO `ACES2::init_ToneScaleParams`.
#pragma once

#include <algorithm>
#include <cmath>

#include "aces2/cam.h"

namespace aceslab::aces::detail {

struct ToneScaleParams {
  float n = 100;       // peak luminance, cd/m^2
  float n_r = 100;     // reference: display-linear 1.0
  float g = 1.15f;     // contrast / surround
  float t_1 = 0.04f;   // toe (flare compensation)
  float c_t = 0;       // output of scene 18 % grey, /100
  float s_2 = 0;
  float u_2 = 0;
  float m_2 = 0;
  float forward_limit = 0;  // 8 * r_hit: upper bound of the AP1 clamp before rendering
  float inverse_limit = 0;  // largest Y/100 the inverse accepts
  float log_peak = 0;       // log10(n / n_r)
};
ToneScaleParams make_tonescale_params(float peak_luminance);

// Y in cd/m^2-like units (100 = reference white) -> tonescaled Y (same units). Inverse likewise.
inline float tonescale_Y_fwd(float Y, const ToneScaleParams& t) {
  const float f = t.m_2 * safe_pow(Y / (Y + t.s_2), t.g);
  return std::max(0.0f, f * f / (f + t.t_1)) * t.n_r;
}
inline float tonescale_Y_inv(float Y_ts, const ToneScaleParams& t) {
  const float Z = std::clamp(Y_ts / kReferenceLuminance, 0.0f, t.inverse_limit);
  const float f = (Z + std::sqrt(Z * (4.0f * t.t_1 + Z))) / 2.0f;
  return t.s_2 / (safe_pow(t.m_2 / f, 1.0f / t.g) - 1.0f);
}

// On the normalised achromatic response A >= 0 (input CAM): A -> tonescaled A. The per-pixel
// paths work in A rather than J, which drops the J = 100 A^cz round trips the stages would need.
inline float tonescale_A_fwd(float A, const CamParams& p, const ToneScaleParams& t) {
  return Y_to_A(tonescale_Y_fwd(A_to_Y(A, p), t), p);
}
inline float tonescale_A_inv(float A_ts, const CamParams& p, const ToneScaleParams& t) {
  return Y_to_A(tonescale_Y_inv(A_to_Y(A_ts, p), t), p);
}

// On lightness J (through luminance), odd-symmetric: the stage functions.
float tonescale_J_fwd(float J, const CamParams& p, const ToneScaleParams& t);
float tonescale_J_inv(float J_ts, const CamParams& p, const ToneScaleParams& t);

}  // namespace aceslab::aces::detail
