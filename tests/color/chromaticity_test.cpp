// SPDX-License-Identifier: Apache-2.0
#include "color/chromaticity.h"

#include <gtest/gtest.h>

namespace aceslab::aces {
namespace {

// SMPTE S-2014-004 (ACEScg) publishes AP0 -> AP1 to 10 decimals.
TEST(Chromaticity, AP0ToAP1MatchesPublishedMatrix) {
  Mat3 published;
  published << 1.4514393161, -0.2365107469, -0.2149285693,
              -0.0765537734, 1.1762296998, -0.0996759264,
               0.0083161484, -0.0060324498, 0.9977163014;
  const Mat3 derived = rgb_to_rgb_matrix(primaries::kAP0, primaries::kAP1, Adaptation::none);
  EXPECT_LT((derived - published).cwiseAbs().maxCoeff(), 1e-9);
}

// SMPTE ST 2065-1 publishes the AP0 normalised primary matrix.
TEST(Chromaticity, AP0ToXYZMatchesST2065) {
  Mat3 published;
  published << 0.9525523959, 0.0, 0.0000936786,
               0.3439664498, 0.7281660966, -0.0721325464,
               0.0, 0.0, 1.0088251844;
  EXPECT_LT((rgb_to_XYZ_matrix(primaries::kAP0) - published).cwiseAbs().maxCoeff(), 1e-9);
}

// Bradford D65 -> D50 as published by Lindbloom (4 decimals in ICC.1 Annex E, 7 here).
TEST(Chromaticity, BradfordD65ToD50) {
  Mat3 published;
  published << 1.0478112, 0.0228866, -0.0501270,
               0.0295424, 0.9904844, -0.0170491,
              -0.0092345, 0.0150436, 0.7521316;
  const Vec3 d65(0.95047, 1.0, 1.08883);
  const Vec3 d50(0.96422, 1.0, 0.82521);
  EXPECT_LT((adaptation_matrix(d65, d50, Adaptation::bradford) - published).cwiseAbs().maxCoeff(), 2e-6);
}

// CIE XYZ as an RGB space has primaries on the y = 0 line: the matrix must be the identity, not NaN.
TEST(Chromaticity, XYZAsRgbSpaceIsIdentity) {
  EXPECT_LT((rgb_to_XYZ_matrix(primaries::kXYZ_E) - Mat3::Identity()).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(Chromaticity, AdaptationMapsWhiteToWhite) {
  for (Adaptation a : {Adaptation::xyz_scaling, Adaptation::bradford, Adaptation::cat02, Adaptation::cat16}) {
    const Mat3 m = rgb_to_rgb_matrix(primaries::kRec709, primaries::kAP0, a);
    EXPECT_LT((m * Vec3::Ones() - Vec3::Ones()).cwiseAbs().maxCoeff(), 1e-12) << adaptation_id(a);
  }
}

}  // namespace
}  // namespace aceslab::aces
