// SPDX-License-Identifier: Apache-2.0
// The ACES 1.0 RRT and segmented splines aceslab evaluates from the CTL (clf/aces1_rrt.h):
//  - the RRT followed by our Rec.709 ODT against OpenColorIO 2.1's independent implementation of
//    the same CTL (the "ACES-OUTPUT - … SDR-VIDEO_1.0" builtin + the Rec.709 BT.1886 display),
//    which checks the glow, red modifier, desaturation, c5 and c9 code the HDR ODTs share;
//  - the c9 tone scales at 48, 1000, 2000 and 4000 cd/m^2 (ACES 1.0.1+ and ACES 1.0) against the
//    numbers published in ACESlib.Tonescales (ODT_48nits, ODT_1000nits, …) and against their
//    points, knot tables and design equations computed here with a B-spline written out by its
//    basis functions;
//  - spline inverses and the RRT inverse where the CTL's inverse is exact.
#include "clf/aces1_rrt.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "clf/aces1_odt.h"
#include "clf/ocio_bridge.h"

namespace aceslab::aces::aces1 {
namespace {

// OCIO evaluates the same CTL in float32 with its tone scales re-expressed as log-domain B-splines
// (GradingRGBCurve, control points printed to 8 digits): measured 3.0e-6 code values over the
// samples below; one published coefficient off in its 3rd decimal moves code values by 1.5e-4.
constexpr double kOcioRec709Tolerance = 1e-5;
// Published coefficients are given to 10 decimals.
constexpr double kPublishedDigits = 1e-10;
// Our spline points against the test's own c5 evaluation: both double precision.
constexpr double kSameMathRelative = 1e-12;
// The design equations of the published splines hold to the 10 printed decimals of their
// coefficients (log10 units), e.g. (c0 + c1) / 2 = log10(minPoint.y).
constexpr double kDesignLog10 = 2e-10;
// Forward then inverse of a spline between its min and max points (log10 units of x).
constexpr double kSplineRoundTripLog10 = 1e-10;
// Forward then inverse of the RRT where glow and red modifier are inactive: double precision.
constexpr double kRrtExactRelative = 1e-9;

// ACES2065-1 samples: greys over 24 stops, random colours over 18 stops, a few negatives.
std::vector<float> aces_samples() {
  std::vector<float> rgb;
  for (int e = -14; e <= 10; ++e) {
    const float v = std::ldexp(0.18f, e);
    rgb.insert(rgb.end(), {v, v, v});
  }
  std::mt19937 rng(20240611);
  std::uniform_real_distribution<float> stops(-10.0f, 8.0f);
  std::uniform_real_distribution<float> chroma(0.0f, 1.0f);
  for (int i = 0; i < 4000; ++i) {
    const float level = 0.18f * std::exp2(stops(rng));
    rgb.insert(rgb.end(), {level * chroma(rng), level * chroma(rng), level * chroma(rng)});
  }
  rgb.insert(rgb.end(), {0.0f, 0.0f, 0.0f, -0.01f, 0.05f, 0.2f, 0.3f, -0.02f, 0.1f, 2.0f, 0.0f, 0.0f});
  return rgb;
}

OCIO::TransformRcPtr builtin(const char* style) {
  auto t = OCIO::BuiltinTransform::Create();
  t->setStyle(style);
  return t;
}

TEST(Aces1Rrt, RrtAndRec709OdtMatchOcioAces10Builtin) {
  const std::vector<float> aces = aces_samples();
  std::vector<float> ours = aces;
  apply_rrt_odt(Aces10Odt::rec709_100nits_dim, Direction::forward, ours);

  auto group = OCIO::GroupTransform::Create();
  group->appendTransform(builtin("ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0"));
  group->appendTransform(builtin("DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709"));
  std::vector<float> ocio = aces;
  ocio_apply(ocio_cpu_processor(group, OcioOptimization::none, "ACES 1.0 Rec.709"), ocio);

  double worst = 0.0;
  std::size_t at = 0, compared = 0;
  for (std::size_t i = 0; i < aces.size(); i += 3) {
    // OCIO's red modifier takes the saturation after the glow, the CTL's before it; they differ
    // when the largest channel is below 0.01 (the saturation's denominator floor), by up to
    // 1e-3 code values at dark saturated reds. Those samples are left out.
    if (std::max({aces[i], aces[i + 1], aces[i + 2]}) < 0.01f) continue;
    ++compared;
    for (std::size_t c = i; c < i + 3; ++c) {
      const double expected = std::clamp(ocio[c], 0.0f, 1.0f);  // the CTL's clamp, left to the config by OCIO
      const double d = std::abs(ours[c] - expected);
      if (d > worst) worst = d, at = i / 3;
    }
  }
  EXPECT_GT(compared, 2500u);
  EXPECT_LE(worst, kOcioRec709Tolerance) << "at ACES " << aces[3 * at] << " " << aces[3 * at + 1] << " "
                                         << aces[3 * at + 2];
  std::cout << "[ RESULT   ] RRT + Rec.709 ODT vs OCIO SDR-VIDEO_1.0: " << compared << " colours, max |diff| " << worst
            << " code values\n";
  // A sensitivity check: the same comparison with one published coefficient of ODT_48nits off in
  // its 3rd decimal must fail (so the tolerance above does test the spline).
  SplineC9 wrong = odt_tonescale(OdtTonescale::cinema_48nits);
  wrong.coefs_high[4] += 0.003;
  double moved = 0.0;
  for (double x = 5.0; x < 30.0; x += 0.5) {
    moved = std::max(moved, std::abs(std::pow(spline_forward(wrong, x) / 48.0, 1 / 2.4) -
                                     std::pow(spline_forward(odt_tonescale(OdtTonescale::cinema_48nits), x) / 48.0,
                                              1 / 2.4)));
  }
  EXPECT_GT(moved, 10 * kOcioRec709Tolerance);
}

// ---- The published tone scales (ACESlib.Tonescales) ----

struct Published {
  OdtTonescale which;
  const char* name;
  std::array<double, 10> low, high;
  double min_stops, min_y, mid_y, max_stops, max_y, slope_low, slope_high;
};

// Typed from ACESlib.Tonescales.a1.0.1 (= a1.0.3 and v1.1-1.3) and ACESlib.Tonescales.a1.0.0.
const std::vector<Published>& published() {
  static const std::vector<Published> all = {
      {OdtTonescale::cinema_48nits, "ODT_48nits",
       {-1.6989700043, -1.6989700043, -1.4779000000, -1.2291000000, -0.8648000000, -0.4480000000, 0.0051800000,
        0.4511080334, 0.9113744414, 0.9113744414},
       {0.5154386965, 0.8470437783, 1.1358000000, 1.3802000000, 1.5197000000, 1.5985000000, 1.6467000000, 1.6746091357,
        1.6878733390, 1.6878733390},
       -6.5, 0.02, 4.8, 6.5, 48.0, 0.0, 0.04},
      {OdtTonescale::hdr_1000nits, "ODT_1000nits",
       {-4.9706219331, -3.0293780669, -2.1262, -1.5105, -1.0578, -0.4668, 0.11938, 0.7088134201, 1.2911865799,
        1.2911865799},
       {0.8089132070, 1.1910867930, 1.5683, 1.9483, 2.3083, 2.6384, 2.8595, 2.9872608805, 3.0127391195, 3.0127391195},
       -12, 0.0001, 10.0, 10, 1000.0, 3.0, 0.06},
      {OdtTonescale::hdr_2000nits, "ODT_2000nits",
       {-4.9706219331, -3.0293780669, -2.1262, -1.5105, -1.0578, -0.4668, 0.11938, 0.7088134201, 1.2911865799,
        1.2911865799},
       {0.8019952042, 1.1980047958, 1.5943000000, 1.9973000000, 2.3783000000, 2.7684000000, 3.0515000000, 3.2746293562,
        3.3274306351, 3.3274306351},
       -12, 0.0001, 10.0, 11, 2000.0, 3.0, 0.12},
      {OdtTonescale::hdr_4000nits, "ODT_4000nits",
       {-4.9706219331, -3.0293780669, -2.1262, -1.5105, -1.0578, -0.4668, 0.11938, 0.7088134201, 1.2911865799,
        1.2911865799},
       {0.7973186613, 1.2026813387, 1.6093000000, 2.0108000000, 2.4148000000, 2.8179000000, 3.1725000000, 3.5344995451,
        3.6696204376, 3.6696204376},
       -12, 0.0001, 10.0, 12, 4000.0, 3.0, 0.3},
      {OdtTonescale::hdr_1000nits_v1, "ODT_1000nits a1.0.0",
       {-2.3010299957, -2.3010299957, -1.9312000000, -1.5205000000, -1.0578000000, -0.4668000000, 0.1193800000,
        0.7088134201, 1.2911865799, 1.2911865799},
       {0.8089132070, 1.1910867930, 1.5683000000, 1.9483000000, 2.3083000000, 2.6384000000, 2.8595000000, 2.9872608805,
        3.0127391195, 3.0127391195},
       -12, 0.005, 10.0, 10, 1000.0, 0.0, 0.06},
      {OdtTonescale::hdr_2000nits_v1, "ODT_2000nits a1.0.0",
       {-2.3010299957, -2.3010299957, -1.9312000000, -1.5205000000, -1.0578000000, -0.4668000000, 0.1193800000,
        0.7088134201, 1.2911865799, 1.2911865799},
       {0.8019952042, 1.1980047958, 1.5943000000, 1.9973000000, 2.3783000000, 2.7684000000, 3.0515000000, 3.2746293562,
        3.3274306351, 3.3274306351},
       -12, 0.005, 10.0, 11, 2000.0, 0.0, 0.12},
      {OdtTonescale::hdr_4000nits_v1, "ODT_4000nits a1.0.0",
       {-2.3010299957, -2.3010299957, -1.9312000000, -1.5205000000, -1.0578000000, -0.4668000000, 0.1193800000,
        0.7088134201, 1.2911865799, 1.2911865799},
       {0.7973186613, 1.2026813387, 1.6093000000, 2.0108000000, 2.4148000000, 2.8179000000, 3.1725000000, 3.5344995451,
        3.6696204376, 3.6696204376},
       -12, 0.005, 10.0, 12, 4000.0, 0.0, 0.3},
  };
  return all;
}

// A segmented spline evaluated the other way round: log10 x to a knot coordinate, then the
// uniform quadratic B-spline as the sum of three basis functions (1-t)^2/2, (1 + 2t - 2t^2)/2,
// t^2/2 weighting consecutive coefficients.
template <std::size_t N>
double reference_spline(const SegmentedSpline<N>& s, double x) {
  const double knots = N - 2.0;
  const double lx = std::log10(x);
  auto seg = [&](const std::array<double, N>& c, double lo, double hi) {
    const double u = (knots - 1.0) * (lx - lo) / (hi - lo);
    const int j = std::min(static_cast<int>(std::floor(u)), static_cast<int>(knots) - 2);
    const double t = u - j;
    return c[j] * (1 - t) * (1 - t) / 2 + c[j + 1] * (1 + 2 * t - 2 * t * t) / 2 + c[j + 2] * t * t / 2;
  };
  const double lmin = std::log10(s.min_point.x), lmid = std::log10(s.mid_point.x), lmax = std::log10(s.max_point.x);
  if (lx <= lmin) return std::pow(10.0, std::log10(s.min_point.y) + s.slope_low * (lx - lmin));
  if (lx >= lmax) return std::pow(10.0, std::log10(s.max_point.y) + s.slope_high * (lx - lmax));
  return std::pow(10.0, lx < lmid ? seg(s.coefs_low, lmin, lmid) : seg(s.coefs_high, lmid, lmax));
}

TEST(Aces1Rrt, RrtTonescaleIsThePublishedOne) {
  const SplineC5& rrt = rrt_tonescale();
  const std::array<double, 6> low = {-4.0, -4.0, -3.1573765773, -0.4852499958, 1.8477324706, 1.8477324706};
  const std::array<double, 6> high = {-0.7185482425, 2.0810307172, 3.6681241237, 4.0, 4.0, 4.0};
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(rrt.coefs_low[i], low[i], kPublishedDigits);
    EXPECT_NEAR(rrt.coefs_high[i], high[i], kPublishedDigits);
  }
  EXPECT_DOUBLE_EQ(rrt.min_point.x, 0.18 / 32768.0);
  EXPECT_DOUBLE_EQ(rrt.max_point.x, 0.18 * 262144.0);
  // The RRT's own design: 0.18 -> 4.8 (mid grey at 1/10 of cinema white), black 1e-4, white 1e4.
  EXPECT_NEAR(std::log10(spline_forward(rrt, 0.18)), std::log10(4.8), kDesignLog10);
  EXPECT_NEAR(std::log10(spline_forward(rrt, 0.0)), -4.0, kDesignLog10);
  EXPECT_NEAR(std::log10(spline_forward(rrt, 1e6)), 4.0, kDesignLog10);
  for (double stops = -14.5; stops < 17.5; stops += 0.37) {
    const double x = 0.18 * std::exp2(stops);
    EXPECT_NEAR(spline_forward(rrt, x), reference_spline(rrt, x), reference_spline(rrt, x) * kSameMathRelative);
  }
}

TEST(Aces1Rrt, OdtTonescalesMatchTheCtlStructsAndTheirEquations) {
  ASSERT_EQ(published().size(), 7u);
  for (const Published& p : published()) {
    SCOPED_TRACE(p.name);
    const SplineC9& s = odt_tonescale(p.which);
    // The published numbers.
    for (int i = 0; i < 10; ++i) {
      EXPECT_NEAR(s.coefs_low[i], p.low[i], kPublishedDigits) << "coefsLow " << i;
      EXPECT_NEAR(s.coefs_high[i], p.high[i], kPublishedDigits) << "coefsHigh " << i;
    }
    EXPECT_DOUBLE_EQ(s.min_point.y, p.min_y);
    EXPECT_DOUBLE_EQ(s.mid_point.y, p.mid_y);
    EXPECT_DOUBLE_EQ(s.max_point.y, p.max_y);
    EXPECT_DOUBLE_EQ(s.slope_low, p.slope_low);
    EXPECT_DOUBLE_EQ(s.slope_high, p.slope_high);
    // The points' x: segmented_spline_c5_fwd(0.18 * 2^k), here by the basis-function evaluation.
    const SplineC5& rrt = rrt_tonescale();
    EXPECT_NEAR(s.min_point.x, reference_spline(rrt, 0.18 * std::exp2(p.min_stops)), s.min_point.x * kSameMathRelative);
    EXPECT_NEAR(s.mid_point.x, reference_spline(rrt, 0.18), s.mid_point.x * kSameMathRelative);
    EXPECT_NEAR(s.max_point.x, reference_spline(rrt, 0.18 * std::exp2(p.max_stops)), s.max_point.x * kSameMathRelative);
    // The inverse's knot tables: KNOT_Y[i] = (coefs[i] + coefs[i + 1]) / 2, 8 a segment.
    const auto knot_low = knot_values<10>(s.coefs_low);
    const auto knot_high = knot_values<10>(s.coefs_high);
    ASSERT_EQ(knot_low.size(), 8u);
    for (int i = 0; i < 8; ++i) {
      EXPECT_DOUBLE_EQ(knot_low[i], 0.5 * (p.low[i] + p.low[i + 1]));
      EXPECT_DOUBLE_EQ(knot_high[i], 0.5 * (p.high[i] + p.high[i + 1]));
    }
    // Design equations: the spline passes through its three points (the end knots' values are
    // the points' log luminances) ...
    EXPECT_NEAR(knot_low[0], std::log10(p.min_y), kDesignLog10);
    EXPECT_NEAR(knot_high[0], std::log10(p.mid_y), kDesignLog10);
    EXPECT_NEAR(knot_low[7], knot_high[0], kDesignLog10);
    EXPECT_NEAR(knot_high[7], std::log10(p.max_y), kDesignLog10);
    for (const SplinePoint& pt : {s.min_point, s.mid_point, s.max_point}) {
      EXPECT_NEAR(std::log10(spline_forward(s, pt.x)), std::log10(pt.y), kDesignLog10) << pt.x;
    }
    // ... flat at its top (the last two coefficients equal), and it meets its low extension with
    // the extension's slope: (c1 - c0) / knot spacing = slopeLow.
    EXPECT_DOUBLE_EQ(p.high[8], p.high[9]);
    const double spacing_low = (std::log10(s.mid_point.x) - std::log10(s.min_point.x)) / 7.0;
    EXPECT_NEAR((p.low[1] - p.low[0]) / spacing_low, p.slope_low, 1e-6) << "C1 at the min point";
    // Everywhere: our evaluation = the basis-function one; inverse(forward(x)) = x in range.
    for (double stops = -14.0; stops < 14.0; stops += 0.173) {
      const double x = 0.18 * std::exp2(stops);
      const double ref = reference_spline(s, x);
      EXPECT_NEAR(spline_forward(s, x), ref, ref * kSameMathRelative) << x;
      if (x > s.min_point.x && x < s.max_point.x) {
        EXPECT_NEAR(std::log10(spline_inverse(s, spline_forward(s, x))), std::log10(x), kSplineRoundTripLog10) << x;
      }
    }
  }
  // The HDR ODTs of ACES 1.0.1+ subtract pow10(-4.4550166483) cd/m^2, published as the value of
  // their spline at the RRT's black, so that ACES 0 gives code value 0: check that it is.
  for (OdtTonescale t : {OdtTonescale::hdr_1000nits, OdtTonescale::hdr_2000nits, OdtTonescale::hdr_4000nits}) {
    const double black = spline_forward(odt_tonescale(t), spline_forward(rrt_tonescale(), 0.0));
    EXPECT_NEAR(std::log10(black), -4.4550166483, 1e-6);
  }
  // Mid grey: ACES 0.18 -> 4.8 OCES -> 4.8 cd/m^2 in the cinema ODTs, 10 cd/m^2 in the HDR ones.
  EXPECT_NEAR(spline_forward(odt_tonescale(OdtTonescale::cinema_48nits), 4.8), 4.8, 1e-9);
  EXPECT_NEAR(spline_forward(odt_tonescale(OdtTonescale::hdr_4000nits), 4.8), 10.0, 1e-9);
}

// AP1 colours away from red (hue weight 0), above the glow's range (YC >= 0.16) or unsaturated
// (saturation <= 0.2): there the CTL's inverse RRT is exact.
TEST(Aces1Rrt, InverseRrtIsExactWhereGlowAndRedModifierAreInactive) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> stops(-2.0, 8.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int checked = 0;
  for (int i = 0; i < 2000; ++i) {
    const double level = 0.18 * std::exp2(stops(rng));
    // Green-to-blue hues: red the smallest channel.
    const Vec3 ap1(level * unit(rng) * 0.3, level * (0.4 + 0.6 * unit(rng)), level * (0.4 + 0.6 * unit(rng)));
    const Vec3 aces = AP1_to_AP0() * ap1;
    if (aces.minCoeff() <= 0.0 || (aces[0] >= aces[1] || aces[0] >= aces[2])) continue;
    const double yc = (aces.sum() + 1.75 * std::sqrt(0.5 * ((aces[0] - aces[1]) * (aces[0] - aces[1]) +
                                                            (aces[1] - aces[2]) * (aces[1] - aces[2]) +
                                                            (aces[2] - aces[0]) * (aces[2] - aces[0])))) / 3.0;
    if (yc < 0.17) continue;
    const Vec3 back = rrt_inverse(rrt_forward(aces));
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(back[c], aces[c], aces[c] * kRrtExactRelative) << i;
    ++checked;
  }
  EXPECT_GT(checked, 500);
  for (double v : {0.001, 0.01, 0.18, 1.0, 16.0}) {  // neutrals, glow included (saturation 0)
    const Vec3 back = rrt_inverse(rrt_forward(Vec3(v, v, v)));
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(back[c], v, v * kRrtExactRelative);
  }
}

}  // namespace
}  // namespace aceslab::aces::aces1
