// SPDX-License-Identifier: Apache-2.0
// The split layout's display warp (display_warp.h): its CLF steps (Range + LUT1D) evaluated by
// OpenColorIO agree with to_lattice(); to_display() inverts them; the lattice planes are denser at
// black and at the peak than in the middle, by the published strength; bad parameters are refused.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "color/error.h"
#include "lmt/display_warp.h"
#include "lmt/lmt_maker.h"

using namespace aceslab;
using namespace aceslab::lmt;

namespace {

// OpenColorIO's LUT1D (linear interpolation in float32) against aceslab's double arithmetic on the
// same float table.
constexpr double kOcioLut1DTolerance = 2e-6;
// to_display(to_lattice(c)) in float32, relative to the peak.
constexpr double kRoundTripTolerance = 2e-6;

}  // namespace

TEST(DisplayWarp, StepsThroughOcioMatchToLatticeAndToDisplayInvertsThem) {
  for (double peak : {1.0, 0.7518}) {  // SDR code 1; PQ 1000 cd/m^2
    const DisplayWarp w(peak);
    EXPECT_DOUBLE_EQ(w.peak(), peak);
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> u(-0.05f, static_cast<float>(peak) + 0.05f);
    std::vector<float> c(3 * 3000);
    for (float& v : c) v = u(rng);
    c[0] = 0.0f;
    c[1] = static_cast<float>(peak);
    std::vector<float> ours = c, ocio = c;
    w.to_lattice(ours);
    pipeline_function(w.steps())(ocio);
    for (std::size_t i = 0; i < c.size(); ++i) {
      EXPECT_NEAR(ocio[i], ours[i], kOcioLut1DTolerance) << c[i];
      EXPECT_GE(ours[i], 0.0f);
      EXPECT_LE(ours[i], 1.0f);
    }
    std::vector<float> back = ours;
    w.to_display(back);
    for (std::size_t i = 0; i < c.size(); ++i) {
      const double clamped = std::clamp(static_cast<double>(c[i]), 0.0, peak);
      EXPECT_NEAR(back[i], clamped, kRoundTripTolerance * peak) << c[i];
    }
  }
}

TEST(DisplayWarp, PlanesAreDenserAtBlackAndPeakByTheStrength) {
  const DisplayWarp w(1.0);
  // Slope of lattice coordinate per display code value: 1 / s'(x), s'(x) = 1 - a cos(2 pi x) -
  // b cos(4 pi x): 1 / (1 - a - b) at black and the peak, 1 / (1 + a - b) in the middle.
  const double a = kWarpFirstHarmonic, b = kWarpSecondHarmonic;
  auto slope = [&](double c) {
    const double h = 1e-5;  // within one of the LUT1D's 4095 segments
    std::vector<float> v{static_cast<float>(c), static_cast<float>(c + h)};
    w.to_lattice(v);
    return (v[1] - v[0]) / h;
  };
  EXPECT_NEAR(slope(0.0), 1.0 / (1.0 - a - b), 0.05 / (1.0 - a - b));
  EXPECT_NEAR(slope(1.0 - 2e-5), 1.0 / (1.0 - a - b), 0.05 / (1.0 - a - b));
  EXPECT_NEAR(slope(0.5), 1.0 / (1.0 + a - b), 0.01);
  EXPECT_GT(slope(0.0), 15.0);  // the faces: lattice planes at least 15x denser than uniform
  // Monotonic everywhere.
  std::vector<float> grid(1001);
  for (std::size_t i = 0; i < grid.size(); ++i) grid[i] = static_cast<float>(i) / 1000.0f;
  w.to_lattice(grid);
  for (std::size_t i = 1; i < grid.size(); ++i) EXPECT_GT(grid[i], grid[i - 1]) << i;
}

TEST(DisplayWarp, BadParametersAreRefused) {
  EXPECT_THROW(DisplayWarp(0.0), Error);
  EXPECT_THROW(DisplayWarp(1.0, 1.0, 0.0), Error);   // s'(0) = 0
  EXPECT_THROW(DisplayWarp(1.0, 0.7, 0.4), Error);   // s' < 0 near the ends
  EXPECT_THROW(DisplayWarp(1.0, -1.2, 0.0), Error);  // s' < 0 in the middle
  EXPECT_THROW(DisplayWarp(1.0, 0.7, 0.25, 1), Error);
  EXPECT_NO_THROW(DisplayWarp(1.0, 0.95, 0.0));
}
