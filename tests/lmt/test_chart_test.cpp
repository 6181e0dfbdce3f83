// SPDX-License-Identifier: Apache-2.0
// The synthetic test chart: deterministic, laid out without overlaps, ramps monotonic, and patch
// values equal to numbers computed here from published matrices (not from aceslab's derivation).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "color/color_space.h"
#include "color/error.h"
#include "lmt/test_chart.h"
#include "pipeline/color_space_pipeline.h"

using namespace aceslab;
using namespace aceslab::lmt;

namespace {

// ACEScg (AP1) -> ACES2065-1 (AP0), SMPTE / Academy S-2014-004 section 4.2.1, 10 decimals.
constexpr double kAP1toAP0[3][3] = {{0.6954522414, 0.1406786965, 0.1638690622},
                                    {0.0447945634, 0.8596711185, 0.0955343182},
                                    {-0.0055258826, 0.0040252103, 1.0015006723}};
// The 10-decimal matrix is exact to float32; a float32 value near 0.36 carries ~3e-8 rounding.
constexpr double kAP1Tolerance = 1e-6;
// Linear Rec.709 / sRGB (D65) -> ACES2065-1 with Bradford adaptation, as published in the
// OpenColorIO-Config-ACES reference config ("Linear Rec.709 (sRGB)" colourspace, matrix computed by
// colour-science). (The 7-decimal matrix of older game-engine ACES code differs by ~2e-4: it is not
// this derivation.)
constexpr double kSRGBtoAP0[3][3] = {{0.439632981919491, 0.382988698151554, 0.177378319928955},
                                     {0.089776442959293, 0.813439428748981, 0.096784128291726},
                                     {0.017541170383399, 0.111546553302387, 0.870912276314214}};
// The chart is float32: relative 1e-6 of the value, plus the published matrix' 15 decimals.
constexpr double kSRGBTolerance = 2e-6;
// float32 relative precision of the chart's values.
constexpr double kFloatRel = 1e-6;

double srgb_decode(int code8) {
  const double v = code8 / 255.0;  // IEC 61966-2-1
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

const float* centre(const TestChart& c, const ChartRow& row, int x) { return c.image.pixel(x, row.y + row.height / 2); }

}  // namespace

TEST(TestChart, IsDeterministic) {
  const TestChart a = make_test_chart();
  const TestChart b = make_test_chart();
  ASSERT_EQ(a.image.width, b.image.width);
  ASSERT_EQ(a.image.height, b.image.height);
  EXPECT_EQ(a.image.rgb, b.image.rgb);  // bit-identical
  ASSERT_EQ(a.patches.size(), b.patches.size());
  for (std::size_t i = 0; i < a.patches.size(); ++i) EXPECT_EQ(a.patches[i].label, b.patches[i].label);
}

TEST(TestChart, LayoutIsConsistent) {
  ChartSettings s;
  s.encoding = &aces::find_color_space("logc3-ei800-awg3");
  const TestChart c = make_test_chart(s);
  EXPECT_EQ(c.image.width, s.width);
  ASSERT_EQ(c.image.rgb.size(), c.image.pixels() * 3);
  ASSERT_EQ(c.rows.size(), 11u);  // ramp, steps, 4 hue sweeps, 3 skin rows, 2 camera rows
  int previous_end = 0;
  for (const auto& row : c.rows) {
    EXPECT_GT(row.y, previous_end) << row.name;  // a gap between rows
    EXPECT_EQ(row.height, s.row_height);
    EXPECT_GE(row.x, 1);
    EXPECT_LE(row.x + row.width, c.image.width);
    previous_end = row.y + row.height;
    // Every pixel row of a band is identical (the report relies on it).
    for (int y = row.y + 1; y < row.y + row.height; ++y) {
      for (int x = 0; x < c.image.width; ++x) {
        for (int k = 0; k < 3; ++k) ASSERT_EQ(c.image.pixel(x, y)[k], c.image.pixel(x, row.y)[k]);
      }
    }
  }
  EXPECT_LT(previous_end, c.image.height);
  std::set<std::string> labels;
  for (const auto& p : c.patches) {
    EXPECT_TRUE(labels.insert(p.label).second) << "duplicate label " << p.label;
    EXPECT_GT(p.width, 0);
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ(c.image.pixel(p.x, p.y)[k], p.aces[k]);
      EXPECT_EQ(c.image.pixel(p.x + p.width - 1, p.y + p.height - 1)[k], p.aces[k]);
    }
  }
  // 17 whole-stop greys (-8..+8) and 3 x 10 skin tones.
  EXPECT_EQ(c.patches.size(), 17u + 30u);
}

TEST(TestChart, NeutralRampIsMonotonicAndSpansTheExposureRange) {
  ChartSettings s;
  s.min_ev = -6.0;
  s.max_ev = 7.0;
  const TestChart c = make_test_chart(s);
  const ChartRow& ramp = c.rows.at(0);
  ASSERT_EQ(ramp.kind, ChartRowKind::ramp);
  for (int x = ramp.x + 1; x < ramp.x + ramp.width; ++x) {
    for (int k = 0; k < 3; ++k) ASSERT_GT(centre(c, ramp, x)[k], centre(c, ramp, x - 1)[k]) << x;
    ASSERT_EQ(centre(c, ramp, x)[0], centre(c, ramp, x)[2]);  // neutral
  }
  EXPECT_NEAR(centre(c, ramp, ramp.x)[1], 0.18 * std::exp2(-6.0), 0.18 * std::exp2(-6.0) * kFloatRel);
  EXPECT_NEAR(centre(c, ramp, ramp.x + ramp.width - 1)[1], 0.18 * 128.0, 0.18 * 128.0 * kFloatRel);
}

TEST(TestChart, GreyStepsHaveTheirExposure) {
  const TestChart c = make_test_chart();
  int found = 0;
  for (const auto& p : c.patches) {
    if (p.label == "grey +0 EV" || p.label == "grey +3 EV" || p.label == "grey -8 EV") {
      const double ev = std::stod(p.label.substr(5));
      const double expected = 0.18 * std::exp2(ev);
      for (int k = 0; k < 3; ++k) EXPECT_NEAR(p.aces[k], expected, expected * kFloatRel) << p.label;
      ++found;
    }
  }
  EXPECT_EQ(found, 3);
}

TEST(TestChart, HueSweepMatchesPublishedAP1Matrix) {
  const TestChart c = make_test_chart();
  // Row 4 is the AP1 boundary sweep (saturation 1, +1 EV): its first column is pure ACEScg red.
  const ChartRow& row = c.rows.at(4);
  ASSERT_EQ(row.kind, ChartRowKind::hue_sweep);
  ASSERT_NE(row.name.find("saturation 1.00"), std::string::npos) << row.name;
  const double g = 0.18 * 2.0;
  const float* red = centre(c, row, row.x);
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(red[k], kAP1toAP0[k][0] * g, kAP1Tolerance);
  // Hue 120 (pure green) and a pastel (saturation 0.25) colour through the helper.
  const auto green = hue_sweep_aces(120.0, 1.0, 1.0);
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(green[k], kAP1toAP0[k][1] * g, kAP1Tolerance);
  const auto pastel = hue_sweep_aces(240.0, 0.25, 0.0);  // ACEScg (0.75, 0.75, 1) * 0.18
  const double ap1[3] = {0.75 * 0.18, 0.75 * 0.18, 0.18};
  for (int k = 0; k < 3; ++k) {
    const double expected = kAP1toAP0[k][0] * ap1[0] + kAP1toAP0[k][1] * ap1[1] + kAP1toAP0[k][2] * ap1[2];
    EXPECT_NEAR(pastel[k], expected, kAP1Tolerance);
  }
  // The sweep is continuous: neighbouring columns differ little (no jumps at the 60-degree sectors).
  for (int x = row.x + 1; x < row.x + row.width; ++x) {
    for (int k = 0; k < 3; ++k) ASSERT_LT(std::abs(centre(c, row, x)[k] - centre(c, row, x - 1)[k]), 0.01f);
  }
}

TEST(TestChart, SkinTonesMatchPublishedSRGBMatrix) {
  const auto tones = monk_skin_tones_srgb8();
  EXPECT_EQ(tones[0][0], 0xf6);
  EXPECT_EQ(tones[9][2], 0x20);
  for (int i : {0, 4, 9}) {
    for (double ev : {-2.0, 0.0, 2.0}) {
      const auto v = skin_tone_aces(i, ev);
      double lin[3];
      for (int k = 0; k < 3; ++k) lin[k] = srgb_decode(tones[i][k]) * std::exp2(ev);
      for (int k = 0; k < 3; ++k) {
        const double expected = kSRGBtoAP0[k][0] * lin[0] + kSRGBtoAP0[k][1] * lin[1] + kSRGBtoAP0[k][2] * lin[2];
        EXPECT_NEAR(v[k], expected, kSRGBTolerance * std::max(1.0, std::abs(expected))) << "tone " << i << " ev " << ev;
      }
    }
  }
  // Skin is warm: red > green > blue in ACES2065-1 for every tone.
  for (int i = 0; i < kMonkToneCount; ++i) {
    const auto v = skin_tone_aces(i, 0.0);
    EXPECT_GT(v[0], v[1]);
    EXPECT_GT(v[1], v[2]);
  }
  EXPECT_THROW(skin_tone_aces(10, 0.0), Error);
}

TEST(TestChart, CameraRowsAreInTheCameraEncoding) {
  ChartSettings s;
  const aces::ColorSpace& cs = aces::find_color_space("logc3-ei800-awg3");
  s.encoding = &cs;
  const TestChart c = make_test_chart(s);
  const ChartRow& ramp = c.rows.at(9);
  ASSERT_NE(ramp.name.find("logc3-ei800-awg3"), std::string::npos) << ramp.name;
  // Code values 0..1: the decode is increasing, so the ramp is too; re-encoding gives the code back.
  const aces::Pipeline back = aces::from_aces(cs);
  for (int x = ramp.x + 1; x < ramp.x + ramp.width; ++x) {
    const float* p = centre(c, ramp, x);
    const float* q = centre(c, ramp, x - 1);
    ASSERT_GT(p[0] + p[1] + p[2], q[0] + q[1] + q[2]) << x;
  }
  for (int x : {ramp.x + ramp.width / 4, ramp.x + ramp.width / 2, ramp.x + ramp.width - 1}) {
    std::vector<float> v(centre(c, ramp, x), centre(c, ramp, x) + 3);
    aces::apply(back, v);
    const double t = static_cast<double>(x - ramp.x) / (ramp.width - 1);
    // float32 matrix + log round trip.
    constexpr double kRoundTrip = 1e-5;
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(v[k], t, kRoundTrip) << x;
  }
  // Part of the camera-gamut sweep lies outside AP1 (a negative ACEScg channel).
  const ChartRow& sweep = c.rows.at(10);
  const aces::Mat3 to_ap1 = aces::rgb_to_rgb_matrix(aces::primaries::kAP0, aces::primaries::kAP1, aces::Adaptation::none);
  int outside = 0;
  for (int x = sweep.x; x < sweep.x + sweep.width; ++x) {
    const float* p = centre(c, sweep, x);
    const aces::Vec3 ap1 = to_ap1 * aces::Vec3(p[0], p[1], p[2]);
    if (ap1.minCoeff() < 0.0) ++outside;
  }
  EXPECT_GT(outside, sweep.width / 10);
}

TEST(TestChart, RefusesImpossibleLayouts) {
  ChartSettings s;
  s.width = 100;
  EXPECT_THROW(make_test_chart(s), Error);
  s = {};
  s.row_height = 2;
  EXPECT_THROW(make_test_chart(s), Error);
  s = {};
  s.min_ev = 3.0;
  s.max_ev = 1.0;
  try {
    make_test_chart(s);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("min_ev < max_ev"), std::string::npos) << e.what();
  }
}
