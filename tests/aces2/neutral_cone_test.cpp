// SPDX-License-Identifier: Apache-2.0
// The ACES 2.0 Output Transform is not differentiable at the neutral axis, in two ways, both from
// its chroma compression (M, colourfulness, scaled by a toe whose strength depends on hue and J):
//  - a cone: the compression's slope at M -> 0 depends on the hue, so near a neutral the inverse is
//    offset = r * g(direction) with g not a sinusoid of the direction (a linear map has
//    g = a + b cos + c sin; a cone's non-sinusoidal part does not shrink with r). Strongest in the
//    highlights.
//  - a core: below M / Mnorm = 0.001 the compression is the identity and above it the toe takes
//    over, with another slope: in the shadows and mid-tones the inverse's M gain inside that thin
//    core around the neutral axis is 1.3-1.9x its gain just outside (a kink at M ~ 0.1).
//
// Why it matters (lmt_maker.h, display_warp.h): a LUT3D over display code values interpolates the
// inverse linearly inside each tetrahedron; a lattice cell on the neutral axis holds the cone with
// six linear pieces (one per RGB order) and averages the core's gain with the gain outside it, so
// nearly neutral colours keep an error proportional to their distance from the axis, first order in
// the cell size (the core, ~0.001-0.004 display code wide, is narrower than a 129^3 cell), whatever
// the node values. This is what bounds the LMT maker's accuracy on nearly neutral colours, the top
// 1 % of its natural-colour errors.
//
// Measured here: the difference quotient of the inverse (ACES2065-1, log per display code unit)
// around a bright neutral, on a circle of directions across the neutral axis, at two radii; and the
// stage that causes it (the inverse tonescale + chroma compression: its M gain at small M depends
// on hue and not on M; the gamut compression is the identity there). A control (the display's
// per-channel decode, which is smooth) shows the test tells a cone from a smooth map.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <numbers>
#include <vector>

#include "aces2/output_presets.h"
#include "aces2/output_transform.h"

namespace aceslab::aces {
namespace {

constexpr int kDirections = 72;
constexpr double kSmallRadius = 1e-3;  // display code units, off the neutral axis
constexpr double kLargeRadius = 4e-3;
// A cone: the non-sinusoidal part of the difference quotient is at least this share of its
// amplitude (measured 0.14 Rec.709, 0.15 P3-D65 cinema, 0.18 P3-D65 PQ 1000 nit) ...
constexpr double kMinConeShare = 0.08;
// ... and keeps at least this much of itself when the radius shrinks 4x (measured 1.09-1.19; a
// smooth map's shrinks to about 1/4).
constexpr double kMinConeKept = 0.7;
// The smooth control's non-sinusoidal part relative to its amplitude (measured 0.7e-4-2.6e-4).
constexpr double kMaxSmoothShare = 0.005;
// Chroma compression's M gain at small M varies with hue by at least this ratio, max / min
// (measured 1.42 SDR, 1.61 PQ 1000 nit: gains 5.6-7.9 and 5.8-9.3 at J = 0.8 J_max) ...
constexpr double kMinHueGainRatio = 1.2;
// ... and is the same at two small M (a cone: the gain does not depend on M), relative (measured
// 0.015 SDR at M 0.05 / 0.2; the toe's curvature makes it vanish as M -> 0).
constexpr double kGainVsMTolerance = 0.03;
// The gamut compression leaves small M alone (relative).
constexpr double kGamutIdentityTolerance = 1e-4;
// The core: at J = 0.1 J_max the inverse's M gain at M = 1e-3 over its gain at M = 1, at least
// (measured 1.59-1.88 SDR, 1.30-1.38 PQ 1000 nit, over hue) ...
constexpr double kMinCoreGainRatio = 1.2;
// ... and flat inside the core: M = 1e-4 against 1e-2, relative (measured < 0.01).
constexpr double kCoreFlatTolerance = 0.02;

struct Quotients {
  double amplitude = 0.0;    // max |q|
  double nonsinusoid = 0.0;  // max residual of q after a least-squares a + b cos + c sin, per channel
};

// q(theta) = (log f(n + r e(theta)) - log f(n)) / r, e(theta) in the plane across the neutral axis.
Quotients quotients(const std::function<void(std::span<float>)>& f, double neutral, double r) {
  const Eigen::Vector3d u = Eigen::Vector3d(1, -1, 0).normalized();
  const Eigen::Vector3d v = Eigen::Vector3d(1, 1, -2).normalized();
  std::vector<float> rgb(3 * (kDirections + 1));
  for (int k = 0; k < kDirections; ++k) {
    const double th = 2.0 * std::numbers::pi * k / kDirections;
    const Eigen::Vector3d d = Eigen::Vector3d::Constant(neutral) + r * (std::cos(th) * u + std::sin(th) * v);
    for (int c = 0; c < 3; ++c) rgb[3 * k + c] = static_cast<float>(d[c]);
  }
  for (int c = 0; c < 3; ++c) rgb[3 * kDirections + c] = static_cast<float>(neutral);
  f(rgb);
  Eigen::MatrixXd X(kDirections, 3), Q(kDirections, 3);
  for (int k = 0; k < kDirections; ++k) {
    const double th = 2.0 * std::numbers::pi * k / kDirections;
    X.row(k) << 1.0, std::cos(th), std::sin(th);
    for (int c = 0; c < 3; ++c) {
      const double base = rgb[3 * kDirections + c];
      EXPECT_GT(base, 0.0);
      EXPECT_GT(rgb[3 * k + c], 0.0);
      Q(k, c) = (std::log(double(rgb[3 * k + c])) - std::log(base)) / r;
    }
  }
  const Eigen::MatrixXd fit = X * X.colPivHouseholderQr().solve(Q);
  return {Q.cwiseAbs().maxCoeff(), (Q - fit).cwiseAbs().maxCoeff()};
}

struct Case {
  const char* alias;
  double neutral;  // a bright neutral display code value
};
// SDR: code 0.9 (highlights); PQ 1000 nit: code 0.7 (~620 cd/m^2).
constexpr Case kCases[] = {{"rec709-bt1886-100nit", 0.9}, {"p3d65-gamma2.6-48nit", 0.9}, {"p3d65-pq-1000nit", 0.7}};

TEST(NeutralCone, TheInverseOutputTransformIsAConeAroundTheNeutralAxis) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.alias);
    const auto ot = output_transform(find_output_preset(c.alias));
    const auto inverse = [&](std::span<float> rgb) { ot->inverse(rgb); };
    const Quotients small = quotients(inverse, c.neutral, kSmallRadius);
    const Quotients large = quotients(inverse, c.neutral, kLargeRadius);
    const double share = small.nonsinusoid / small.amplitude;
    const double kept = small.nonsinusoid / large.nonsinusoid;
    RecordProperty(std::string(c.alias) + "_cone_share", std::to_string(share));
    EXPECT_GE(share, kMinConeShare) << "amplitude " << small.amplitude;
    EXPECT_GE(kept, kMinConeKept) << "non-sinusoidal part at r " << kSmallRadius << ": " << small.nonsinusoid
                                  << ", at r " << kLargeRadius << ": " << large.nonsinusoid;

    // Control: the display's per-channel decode is smooth, its quotient a sinusoid.
    const auto decode = [&](std::span<float> rgb) { ot->decode_display(rgb); };
    const Quotients smooth = quotients(decode, c.neutral, kSmallRadius);
    EXPECT_LE(smooth.nonsinusoid / smooth.amplitude, kMaxSmoothShare);
  }
}

TEST(NeutralCone, ItComesFromTheChromaCompressionNotTheGamutCompression) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.alias);
    const auto ot = output_transform(find_output_preset(c.alias));
    const float J = static_cast<float>(0.8 * ot->limit_J_max());
    double lo = 1e9, hi = 0.0, worst_vs_m = 0.0, worst_gamut = 0.0;
    for (int deg = 0; deg < 360; deg += 5) {
      const float h = static_cast<float>(deg);
      // M gain of the inverse tonescale + chroma compression at two small M.
      const float m1 = 0.05f, m2 = 0.2f;
      const double g1 = ot->tonescale_chroma_inv({J, m1, h})[1] / m1;
      const double g2 = ot->tonescale_chroma_inv({J, m2, h})[1] / m2;
      lo = std::min(lo, g1);
      hi = std::max(hi, g1);
      worst_vs_m = std::max(worst_vs_m, std::abs(g2 - g1) / g1);
      const auto gc = ot->gamut_compress_inv({J, m2, h});
      worst_gamut = std::max(worst_gamut, double(std::abs(gc[1] - m2) / m2));
    }
    EXPECT_GE(hi / lo, kMinHueGainRatio) << "M gain over hue " << lo << " - " << hi;
    EXPECT_LE(worst_vs_m, kGainVsMTolerance);
    EXPECT_LE(worst_gamut, kGamutIdentityTolerance);
  }
}

TEST(NeutralCone, InTheShadowsTheInverseHasAnUncompressedCoreAroundTheNeutralAxis) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.alias);
    const auto ot = output_transform(find_output_preset(c.alias));
    const float J = static_cast<float>(0.1 * ot->limit_J_max());
    auto gain = [&](float M, float h) { return ot->tonescale_chroma_inv({J, M, h})[1] / M; };
    double lowest_ratio = 1e9, worst_flat = 0.0;
    for (int deg = 0; deg < 360; deg += 5) {
      const float h = static_cast<float>(deg);
      lowest_ratio = std::min(lowest_ratio, double(gain(1e-3f, h) / gain(1.0f, h)));
      worst_flat = std::max(worst_flat, double(std::abs(gain(1e-4f, h) / gain(1e-2f, h) - 1.0f)));
    }
    EXPECT_GE(lowest_ratio, kMinCoreGainRatio);
    EXPECT_LE(worst_flat, kCoreFlatTolerance);
  }
}

}  // namespace
}  // namespace aceslab::aces
