// SPDX-License-Identifier: Apache-2.0
#include "aces2/cam.h"
#include "aces2/fast_math.h"

#include <algorithm>
#include <cmath>

#include <Eigen/LU>

namespace aceslab::aces::detail {

M33f to_m33f(const Mat3& m) {
  M33f r{};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) r[3 * i + j] = static_cast<float>(m(i, j));
  }
  return r;
}

namespace {

Mat3 to_mat3(const M33f& m) {
  Mat3 r;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) r(i, j) = m[3 * i + j];
  }
  return r;
}

M33f inverse(const M33f& m) { return to_m33f(to_mat3(m).inverse()); }

}  // namespace

float model_gamma() { return kSurroundC * (1.48f + std::sqrt(kBackgroundY / kReferenceLuminance)); }

CamParams make_cam_params(const Chromaticities& primaries) {
  // Hellwig & Fairchild 2022 with the ACES 2.0 viewing conditions; the luminance-level adaptation
  // factor F_L is CIECAM02's (CIE 159:2004 eq. 7).
  const Mat3 rgb_to_XYZ = rgb_to_XYZ_matrix(primaries);
  const Mat3 XYZ_to_cam16 = XYZ_to_rgb_matrix(primaries::kCAM16);
  const Vec3 XYZ_w = rgb_to_XYZ * Vec3::Constant(kReferenceLuminance);
  const Vec3 rgb_w = XYZ_to_cam16 * XYZ_w;
  const float Y_w = static_cast<float>(XYZ_w.y());

  constexpr float k = 1.0f / (5.0f * kAdaptingLuminance + 1.0f);
  constexpr float k4 = k * k * k * k;
  const float F_L = 0.2f * k4 * (5.0f * kAdaptingLuminance) +
                    0.1f * std::pow(1.0f - k4, 2.0f) * std::pow(5.0f * kAdaptingLuminance, 1.0f / 3.0f);

  CamParams p;
  p.F_L_n = F_L / kReferenceLuminance;
  p.cz = model_gamma();
  p.inv_cz = 1.0f / p.cz;

  // Full adaptation (D = 1): per-channel gains that bring the white to F_L in every cone.
  Vec3 D_rgb;
  for (int i = 0; i < 3; ++i) D_rgb[i] = p.F_L_n * Y_w / static_cast<float>(rgb_w[i]);
  const Mat3 rgb_to_cam16 = XYZ_to_cam16 * rgb_to_XYZ * kReferenceLuminance;
  p.rgb_to_cone = to_m33f(D_rgb.asDiagonal() * rgb_to_cam16);
  p.cone_to_rgb = inverse(p.rgb_to_cone);

  // Achromatic (2, 1, 1/20) and opponent rows (Hellwig 2022 eq. 10-12), scaled by 4 * 100.
  const float rw = cone_compress(F_L);  // every adapted white cone equals F_L
  const float A_w = kNonlinScale * (2.0f * rw + 1.0f * rw + rw / 20.0f);
  const float opp = kNonlinScale * 43.0f * kSurroundNc;
  p.cone_to_Aab = {kNonlinScale * 2.0f / A_w,  kNonlinScale * 1.0f / A_w,      kNonlinScale / 20.0f / A_w,
                   opp * 1.0f,                 opp * -12.0f / 11.0f,           opp * 1.0f / 11.0f,
                   opp * 1.0f / 9.0f,          opp * 1.0f / 9.0f,              opp * -2.0f / 9.0f};
  p.Aab_to_cone = inverse(p.cone_to_Aab);
  p.A_w_J = cone_compress_abs(F_L);
  p.inv_A_w_J = 1.0f / p.A_w_J;
  return p;
}

}  // namespace aceslab::aces::detail
