// SPDX-License-Identifier: Apache-2.0
// The split layout's display warp (display_warp.h): its CLF steps (Range + LUT1D) evaluated by
// OpenColorIO agree with to_lattice(); to_display() inverts them; the lattice planes are denser at
// black and at the peak and in the highlights than in the mid-tones, as the density says; bad
// densities are refused.
#include <gtest/gtest.h>

#include <algorithm>
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

TEST(DisplayWarp, PlanesFollowTheDensity) {
  const DisplayWarp w(1.0);
  const auto knots = default_warp_density();
  // The mean density (trapezoids: the density is piecewise linear), and the density at t.
  double mean = 0.0;
  for (std::size_t k = 1; k < knots.size(); ++k) {
    mean += 0.5 * (knots[k].density + knots[k - 1].density) * (knots[k].t - knots[k - 1].t);
  }
  auto density = [&](double t) {
    std::size_t k = 1;
    while (k + 1 < knots.size() && t > knots[k].t) ++k;
    const double f = (t - knots[k - 1].t) / (knots[k].t - knots[k - 1].t);
    return knots[k - 1].density + f * (knots[k].density - knots[k - 1].density);
  };
  // Slope of the lattice coordinate per display code value: density / mean density.
  auto slope = [&](double c) {
    const double h = 1e-5;  // within one of the LUT1D's 4095 segments
    std::vector<float> v{static_cast<float>(c), static_cast<float>(c + h)};
    w.to_lattice(v);
    return (v[1] - v[0]) / h;
  };
  for (double t : {0.0, 0.1, 0.3, 0.5, 0.75, 0.9, 0.97, 1.0 - 2e-5}) {
    EXPECT_NEAR(slope(t), density(t) / mean, 0.05 * density(t) / mean) << t;
  }
  EXPECT_GT(slope(0.0), 15.0);          // the faces: lattice planes at least 15x denser than uniform
  EXPECT_GT(slope(1.0 - 2e-5), 15.0);
  EXPECT_LT(slope(0.4), 0.8);           // the mid-tones: sparser than uniform
  EXPECT_GT(slope(0.9), 1.5 * slope(0.4));  // the highlights: denser than the mid-tones
  // x(t) is the normalised integral: the share of lattice intervals in the highlights (0.7-0.97).
  std::vector<float> ends{0.7f, 0.97f};
  w.to_lattice(ends);
  EXPECT_GT((ends[1] - ends[0]) * 64.0, 18.0);  // the two-harmonic warp had 14.9 of 64 there
  // Monotonic everywhere.
  std::vector<float> grid(1001);
  for (std::size_t i = 0; i < grid.size(); ++i) grid[i] = static_cast<float>(i) / 1000.0f;
  w.to_lattice(grid);
  for (std::size_t i = 1; i < grid.size(); ++i) EXPECT_GT(grid[i], grid[i - 1]) << i;
}

TEST(DisplayWarp, AConstantDensityIsTheIdentity) {
  const WarpKnot flat[] = {{0.0, 2.0}, {1.0, 2.0}};
  const DisplayWarp w(0.5, flat);
  std::vector<float> c{0.0f, 0.1f, 0.25f, 0.4f, 0.5f};
  w.to_lattice(c);
  const double expected[] = {0.0, 0.2, 0.5, 0.8, 1.0};  // c / peak
  for (std::size_t i = 0; i < c.size(); ++i) EXPECT_NEAR(c[i], expected[i], 1e-6) << i;
}

TEST(DisplayWarp, HdrDensityIsLaidOverAGammaCodeOfTheLight) {
  // A display whose light is code^2.4 relative to the peak gets the SDR warp exactly.
  const double peak = 0.75;
  const DisplayWarp sdr(peak);
  const DisplayWarp gamma(peak, default_warp_density(), kWarpEntries,
                          [peak](double c) { return std::pow(c / peak, kWarpGamma); });
  std::vector<float> a(200), b(200);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = b[i] = static_cast<float>(peak * double(i) / 199.0);
  sdr.to_lattice(a);
  gamma.to_lattice(b);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], kOcioLut1DTolerance) << i;
  // PQ (SMPTE ST 2084) light of a 1000 cd/m^2 peak: its highlights (code 0.69-0.75, 600-1000 cd/m^2)
  // get more lattice intervals than code / peak would give them, and the steps still invert.
  auto pq = [](double n) {
    const double m1 = 2610.0 / 16384, m2 = 2523.0 / 4096 * 128, c1 = 3424.0 / 4096, c2 = 2413.0 / 4096 * 32,
                 c3 = 2392.0 / 4096 * 32;
    const double p = std::pow(std::max(n, 0.0), 1.0 / m2);
    return std::pow(std::max(p - c1, 0.0) / (c2 - c3 * p), 1.0 / m1);
  };
  const double pq_peak = 0.7518;  // 1000 cd/m^2
  const DisplayWarp plain(pq_peak);
  const DisplayWarp hdr(pq_peak, default_warp_density(), kWarpEntries,
                        [&](double c) { return pq(c) / pq(pq_peak); });
  std::vector<float> top_plain{0.69f, 0.75f}, top_hdr{0.69f, 0.75f};
  plain.to_lattice(top_plain);
  hdr.to_lattice(top_hdr);
  EXPECT_GT(top_hdr[1] - top_hdr[0], 1.5 * (top_plain[1] - top_plain[0]));
  std::vector<float> c{0.0f, 0.1f, 0.3f, 0.5f, 0.7f, 0.75f};
  std::vector<float> x = c;
  hdr.to_lattice(x);
  hdr.to_display(x);
  for (std::size_t i = 0; i < c.size(); ++i) EXPECT_NEAR(x[i], c[i], 1e-4) << i;
  // Codes above the white (light > 1, HLG's saturated highlights): the planes are densest at the
  // white and thin out beyond it.
  const DisplayWarp over(1.0, default_warp_density(), kWarpEntries, [](double c) { return std::pow(c / 0.9, kWarpGamma); });
  auto slope_at = [&](double c) {
    std::vector<float> v{static_cast<float>(c - 1e-4), static_cast<float>(c + 1e-4)};
    over.to_lattice(v);
    return (v[1] - v[0]) / 2e-4;
  };
  EXPECT_GT(slope_at(0.9), 5.0 * slope_at(0.5));
  EXPECT_GT(slope_at(0.9), 3.0 * slope_at(0.99));
  // A light that falls somewhere gives flat steps, never a fold.
  const DisplayWarp odd(1.0, default_warp_density(), 64, [](double v) { return v < 0.5 ? v : 1.5 * v - 0.5 - 0.2 * (v < 0.6); });
  std::vector<float> grid(101);
  for (std::size_t i = 0; i < grid.size(); ++i) grid[i] = static_cast<float>(i) / 100.0f;
  odd.to_lattice(grid);
  for (std::size_t i = 1; i < grid.size(); ++i) EXPECT_GE(grid[i], grid[i - 1]) << i;
}

TEST(DisplayWarp, BadParametersAreRefused) {
  EXPECT_THROW(DisplayWarp(0.0), Error);
  const WarpKnot zero[] = {{0.0, 1.0}, {0.5, 0.0}, {1.0, 1.0}};   // a density of 0
  const WarpKnot late[] = {{0.1, 1.0}, {1.0, 1.0}};               // does not start at 0
  const WarpKnot back[] = {{0.0, 1.0}, {0.6, 1.0}, {0.4, 1.0}, {1.0, 1.0}};  // t falls
  const WarpKnot one[] = {{0.0, 1.0}};
  EXPECT_THROW(DisplayWarp(1.0, zero), Error);
  EXPECT_THROW(DisplayWarp(1.0, late), Error);
  EXPECT_THROW(DisplayWarp(1.0, back), Error);
  EXPECT_THROW(DisplayWarp(1.0, one), Error);
  EXPECT_THROW(DisplayWarp(1.0, default_warp_density(), 1), Error);
  EXPECT_NO_THROW(DisplayWarp(1.0, default_warp_density(), 2));
}
