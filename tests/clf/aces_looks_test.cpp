// SPDX-License-Identifier: Apache-2.0
// The Academy's looks by id against their published algorithms, written out here in double from
// the CTL: the Reference Gamut Compression (aces-look Look.Academy.ReferenceGamutCompress.ctl, the
// same as ACES 1.3's LMT.Academy.GamutCompress) and the Blue Light Artifact Fix matrix
// (aces-core LMT.Academy.BlueLightArtifactFix.ctl); every registry spelling resolves; inverses
// undo the forward.
#include "clf/aces_looks.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "color/chromaticity.h"
#include "pipeline/transform_registry.h"

namespace aceslab::aces {
namespace {

// OCIO evaluates in float32 (its gamut-compression fixed function and matrices): 1e-6 relative to
// the pixel's largest component, floor 1e-2.
constexpr double kFloatRelative = 1e-6;
constexpr double kInverseNearLimit = 1e-5;

// Look.Academy.ReferenceGamutCompress.ctl: distances from the achromatic axis in AP1, compressed
// per channel beyond a threshold towards a limit with a power curve.
Vec3 rgc_ctl(const Vec3& aces) {
  const Mat3 ap0_to_ap1 = XYZ_to_rgb_matrix(primaries::kAP1) * rgb_to_XYZ_matrix(primaries::kAP0);
  const Vec3 lin = ap0_to_ap1 * aces;
  const double lim[3] = {1.147, 1.264, 1.312};
  const double thr[3] = {0.815, 0.803, 0.880};
  const double pwr = 1.2;
  const double ach = lin.maxCoeff();
  Vec3 out = lin;
  if (ach != 0.0) {
    for (int c = 0; c < 3; ++c) {
      const double dist = (ach - lin[c]) / std::abs(ach);
      double cd = dist;
      if (dist >= thr[c]) {
        const double scl = (lim[c] - thr[c]) / std::pow(std::pow((1.0 - thr[c]) / (lim[c] - thr[c]), -pwr) - 1.0, 1.0 / pwr);
        const double nd = (dist - thr[c]) / scl;
        cd = thr[c] + scl * nd / std::pow(1.0 + std::pow(nd, pwr), 1.0 / pwr);
      }
      out[c] = ach - cd * std::abs(ach);
    }
  }
  return ap0_to_ap1.inverse() * out;
}

// LMT.Academy.BlueLightArtifactFix.ctl correctionMatrix, transposed for column vectors.
Vec3 blue_light_ctl(const Vec3& aces) {
  Mat3 m;
  m << 0.9404372683, -0.0183068787, 0.0778696104,
       0.0083786969, 0.8286599939, 0.1629613092,
       0.0005471261, -0.0008833746, 1.0003362486;
  return m * aces;
}

std::vector<Vec3> samples() {
  std::vector<Vec3> v;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-0.3, 1.5);
  for (int i = 0; i < 4000; ++i) v.emplace_back(u(rng), u(rng), u(rng));
  // Saturated camera colours well outside AP1, greys, black.
  v.emplace_back(0.9, 0.01, 0.02);
  v.emplace_back(0.02, 0.05, 1.2);
  v.emplace_back(0.18, 0.18, 0.18);
  v.emplace_back(0.0, 0.0, 0.0);
  return v;
}

double worst_error(const std::function<void(std::span<float>)>& f, Vec3 (*ref)(const Vec3&)) {
  const std::vector<Vec3> in = samples();
  std::vector<float> buf;
  for (const Vec3& v : in) buf.insert(buf.end(), {float(v[0]), float(v[1]), float(v[2])});
  f(buf);
  double worst = 0.0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const Vec3 x(float(in[i][0]), float(in[i][1]), float(in[i][2]));
    const Vec3 want = ref(x);
    const Vec3 got(buf[3 * i], buf[3 * i + 1], buf[3 * i + 2]);
    worst = std::max(worst, (got - want).cwiseAbs().maxCoeff() / std::max(1e-2, want.cwiseAbs().maxCoeff()));
  }
  return worst;
}

TEST(AcesLooks, MatchThePublishedAlgorithms) {
  const AcesLook* rgc = match_aces_look("urn:ampas:aces:transformId:v2.0:Look.Academy.ReferenceGamutCompress.a2.v1");
  ASSERT_NE(rgc, nullptr);
  EXPECT_LE(worst_error(aces_look_function(*rgc, Direction::forward), rgc_ctl), kFloatRelative);
  const AcesLook* blue = match_aces_look("urn:ampas:aces:transformId:v1.5:LMT.Academy.BlueLightArtifactFix.a1.1.0");
  ASSERT_NE(blue, nullptr);
  EXPECT_LE(worst_error(aces_look_function(*blue, Direction::forward), blue_light_ctl), kFloatRelative);
  // The compression acts: a saturated colour outside AP1 moves, a grey does not.
  std::vector<float> px = {0.02f, 0.05f, 1.2f, 0.18f, 0.18f, 0.18f};
  aces_look_function(*rgc, Direction::forward)(px);
  EXPECT_GT(std::abs(px[0] - 0.02f), 1e-3f);
  EXPECT_NEAR(px[3], 0.18f, 1e-6f);
}

TEST(AcesLooks, EveryRegistrySpellingResolves) {
  int looks = 0;
  for (const auto& t : TransformRegistry::shipped().all()) {
    const bool rgc = t.transform_id.find("GamutCompress") != std::string::npos;
    const bool blue = t.transform_id.find("BlueLightArtifactFix") != std::string::npos;
    if (!rgc && !blue) continue;
    bool inverse = false;
    const AcesLook* look = match_aces_look(t.transform_id, &inverse);
    ASSERT_NE(look, nullptr) << t.transform_id;
    EXPECT_EQ(look->alias, rgc ? "rgc" : "blue-light-fix") << t.transform_id;
    EXPECT_EQ(inverse, t.type.rfind("Inv", 0) == 0) << t.transform_id;
    ++looks;
  }
  EXPECT_EQ(looks, 7);  // RGC: 1.3 GamutCompress, 1.3.1 LMT + InvLMT, 2.0 Look + InvLook; blue light: 2 spellings
  EXPECT_EQ(match_aces_look("urn:ampas:aces:transformId:v1.5:LMT.ACME.AcmeDILook.a1.v5"), nullptr);
  EXPECT_EQ(match_aces_look("urn:ampas:aces:transformId:v2.0:Look.Academy.v1_SDR_Tonescale_Match.a2.v1"), nullptr);
}

TEST(AcesLooks, InversesUndoTheLooks) {
  for (const AcesLook& look : aces_looks()) {
    // The gamut compression flattens towards its limit (distance 1.147 to 1.312 from the neutral
    // axis): beyond distance 1 its inverse amplifies float rounding without bound. Round trips are
    // checked where camera colours live, distances below 1 (the threshold is 0.80 to 0.88).
    const Mat3 ap0_to_ap1 = XYZ_to_rgb_matrix(primaries::kAP1) * rgb_to_XYZ_matrix(primaries::kAP0);
    std::vector<float> buf;
    for (const Vec3& v : samples()) {
      const Vec3 lin = ap0_to_ap1 * v;
      const double ach = lin.maxCoeff();
      if (ach <= 0.0 || ((Vec3::Constant(ach) - lin) / ach).maxCoeff() >= 1.0) continue;
      buf.insert(buf.end(), {float(v[0]), float(v[1]), float(v[2])});
    }
    ASSERT_GT(buf.size(), 3u * 1000);
    const std::vector<float> original = buf;
    aces_look_function(look, Direction::forward)(buf);
    aces_look_function(look, Direction::inverse)(buf);
    double worst = 0.0;
    for (std::size_t i = 0; i < buf.size(); i += 3) {
      const double big = std::max({1e-2f, std::abs(original[i]), std::abs(original[i + 1]), std::abs(original[i + 2])});
      for (int c = 0; c < 3; ++c) worst = std::max(worst, double(std::abs(buf[i + c] - original[i + c])) / big);
    }
    // Float32 both ways, amplified by the compression's inverse slope near distance 1.
    EXPECT_LE(worst, look.alias == "rgc" ? kInverseNearLimit : kFloatRelative) << look.alias;
  }
}

}  // namespace
}  // namespace aceslab::aces
