// SPDX-License-Identifier: Apache-2.0
// The split table of a display limited inside its container (display_container.h): only such
// displays get a twin (not HLG, not D60 simulation); every twin renders as its display, up to the
// encoding primaries; the CLF conversion steps (two halfDomain LUT1Ds and a matrix), evaluated by
// OpenColorIO, take the display's code values to the twin's.
#include <gtest/gtest.h>

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "aces2/output_presets.h"
#include "color/error.h"
#include "lmt/display_container.h"
#include "lmt/lmt_maker.h"

using namespace aceslab;
using namespace aceslab::lmt;

namespace {

// ot.forward, decoded and converted to P3-D65, against twin.forward decoded: display light relative
// to max(1, light), 1.0 = 100 cd/m^2. The two run the same equations through float32 SIMD kernels
// with a fast power, on saturated colours in a different order (measured 1.6e-4 at 1000 cd/m^2,
// 6.1e-4 at 4000; < 0.05 dE2000; the -O1 build of scripts/sanitize rounds differently: 1.25e-3 at
// 4000 cd/m^2 with D60 simulation).
constexpr double kTwinRenderTolerance = 2e-3;
// The CLF conversion through OpenColorIO against the exact curves and matrix, Rec.2020 code values
// in [0, 0.76] (PQ 0-1000 cd/m^2; most of them outside P3, converted to negative or > 1 code
// values); measured 3.9e-5 (0.04 of a 10-bit code value).
constexpr double kStepsTolerance = 1e-4;

std::shared_ptr<const aces::OutputTransform> preset(const char* alias) {
  return aces::output_transform(aces::find_output_preset(alias));
}

// Exact: display code values -> linear (encoding RGB) -> XYZ -> twin's linear -> twin's codes.
void exact_conversion(const aces::OutputTransform& ot, const aces::OutputTransform& twin, std::vector<float>& rgb) {
  ot.decode_display(rgb);
  const aces::Mat3 m = twin.encoding_to_XYZ().inverse() * ot.encoding_to_XYZ();
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
    const aces::Vec3 v = m * aces::Vec3(rgb[i], rgb[i + 1], rgb[i + 2]);
    for (int c = 0; c < 3; ++c) rgb[i + c] = static_cast<float>(v[c]);
  }
  twin.encode_display(rgb);
}

}  // namespace

TEST(DisplayContainer, DisplaysLimitedInsideTheirContainerGetATwin) {
  // Own primaries, HLG: none.
  for (const char* alias : {"rec709-bt1886-100nit", "p3d65-gamma2.6-48nit", "p3d65-pq-1000nit", "rec2100-hlg-1000nit-p3",
                            "rec2100-hlg-1000nit-p3-d60sim"}) {
    EXPECT_EQ(limited_twin(*preset(alias)), nullptr) << alias;
  }
  for (const char* alias : {"rec2100-pq-1000nit-p3", "xyz-gamma2.6-48nit-p3", "xyz-pq-300nit-p3"}) {
    const auto ot = preset(alias);
    const auto twin = limited_twin(*ot);
    ASSERT_NE(twin, nullptr) << alias;
    const auto& p = twin->params();
    EXPECT_EQ(p.encoding.red.x, ot->params().limiting.red.x);
    EXPECT_EQ(p.encoding.green.y, ot->params().limiting.green.y);
    EXPECT_EQ(p.encoding.white.x, ot->params().limiting.white.x);
    EXPECT_EQ(p.peak_luminance, ot->params().peak_luminance);
    EXPECT_EQ(p.linear_scale, ot->params().linear_scale);
    EXPECT_EQ(p.eotf, ot->params().eotf);
  }
  // D60 simulation in a wider container: the twin takes the white scale as its linear scale.
  for (const char* alias : {"rec2100-pq-1000nit-p3-d60sim", "xyz-gamma2.6-48nit-p3-d60sim", "p3d65-gamma2.6-48nit-d60sim"}) {
    const auto ot = preset(alias);
    const auto twin = limited_twin(*ot);
    ASSERT_NE(twin, nullptr) << alias;
    EXPECT_FALSE(twin->params().d60_simulation);
    EXPECT_LT(ot->white_scale(), 1.0f) << alias;
    EXPECT_FLOAT_EQ(static_cast<float>(twin->params().linear_scale), static_cast<float>(ot->params().linear_scale) * ot->white_scale());
  }
}

TEST(DisplayContainer, EveryTwinRendersAsItsDisplay) {
  // Compared in display light (1.0 = 100 cd/m^2): PQ code values near black are so steep that the
  // float rounding of a P3 channel rebuilt from three Rec.2020 channels (1e-7 of the light) shows as
  // up to 0.02 code value there.
  std::mt19937 rng(7);
  std::lognormal_distribution<float> scene(-1.5f, 2.0f);
  std::vector<float> aces(3 * 4000);
  for (float& v : aces) v = scene(rng);
  int twins = 0;
  for (const aces::OutputPreset& preset_entry : aces::output_presets()) {
    const auto ot = aces::output_transform(preset_entry);
    const auto twin = limited_twin(*ot);
    if (!twin) continue;
    ++twins;
    std::vector<float> via_display = aces, via_twin = aces;
    ot->forward(via_display);
    ot->decode_display(via_display);
    const aces::Mat3 m = twin->encoding_to_XYZ().inverse() * ot->encoding_to_XYZ();
    twin->forward(via_twin);
    twin->decode_display(via_twin);
    double worst = 0.0;
    for (std::size_t i = 0; i < aces.size(); i += 3) {
      const aces::Vec3 v = m * aces::Vec3(via_display[i], via_display[i + 1], via_display[i + 2]);
      for (int c = 0; c < 3; ++c) {
        worst = std::max(worst, std::abs(v[c] - via_twin[i + c]) / std::max(1.0, std::abs(v[c])));
      }
    }
    EXPECT_LE(worst, kTwinRenderTolerance) << preset_entry.alias;
  }
  EXPECT_GE(twins, 10);  // Rec.2100 PQ 500-4000 nit, DCDM, their D60 simulations, P3-D60 in P3-D65...
}

TEST(DisplayContainer, ConversionStepsThroughOcioMatchTheCurves) {
  const auto ot = preset("rec2100-pq-1000nit-p3");
  const auto twin = limited_twin(*ot);
  ASSERT_NE(twin, nullptr);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> code(0.0f, 0.76f);
  std::vector<float> c(3 * 5000);
  for (float& v : c) v = code(rng);
  c[0] = c[1] = c[2] = 0.0f;
  std::vector<float> exact = c, ocio = c;
  exact_conversion(*ot, *twin, exact);
  pipeline_function(container_to_twin_steps(*ot, *twin))(ocio);
  double worst = 0.0;
  for (std::size_t i = 0; i < c.size(); ++i) worst = std::max(worst, double(std::abs(ocio[i] - exact[i])));
  RecordProperty("worst_code_difference", std::to_string(worst));
  EXPECT_LE(worst, kStepsTolerance);
}

TEST(DisplayContainer, OutOfRangeCodeValuesStayOnTheirSide) {
  // A code value beyond PQ's end (1.0, 10000 cd/m^2), even beyond half's range (+Inf once a half),
  // converts to the end of the curve, above the display's peak, never to black; a negative one stays
  // negative (the table's Range clamps both).
  const auto ot = preset("rec2100-pq-1000nit-p3");
  const auto twin = limited_twin(*ot);
  ASSERT_NE(twin, nullptr);
  std::vector<float> c = {1e6f, 1e6f, 1e6f, 2.0f, 2.0f, 2.0f, -0.5f, -0.5f, -0.5f};
  aces::apply(container_to_twin_steps(*ot, *twin), c);
  const double peak = 0.76;  // PQ 1000 cd/m^2 is 0.7518
  for (int i = 0; i < 6; ++i) EXPECT_GT(c[i], peak) << i;
  for (int i = 6; i < 9; ++i) EXPECT_LT(c[i], 0.0f) << i;
}

// HLG displays (display_container.h, hlg_pq_twin): the PQ twin renders the same light (same
// primaries, no conversion), and the CLF conversion of HLG code values to the twin's PQ code
// values, through OpenColorIO, follows the exact decode (BT.2100 OOTF) and PQ encode.
// Twin: the same rendering, encoded by a different curve: display light to float rounding
// (measured 5e-5 relative).
constexpr double kHlgTwinRenderTolerance = 5e-4;
// The conversion's 33^3 LUT3D behind its neutral shaper, over HLG code values in [0,1], in display
// light (1.0 = 100 cd/m^2): colours whose brightest channel reaches 1 cd/m^2, relative to that
// channel, measured 1.7e-3 worst; darker ones absolute, 1.8e-5 (0.002 cd/m^2). In PQ code values
// the worst are dark channels of bright saturated colours (the shaper follows the neutral, where a
// channel's light goes as its scene light^1.2, not ^1), invisible beside the bright channel. On
// the neutral axis (the shaper's own halfDomain interpolation): 7e-6 in PQ code value. At 65^3
// the LMT's figures are the same (HLG class natural p99 0.130 against 0.132, whole cube p99 0.084
// against 0.086) for a 10 MB larger CLF and 0.5 s more.
constexpr double kHlgStepsTolerance = 3e-3;
constexpr double kHlgStepsBright = 0.01;
constexpr double kHlgStepsDarkTolerance = 1e-4;
constexpr double kHlgNeutralTolerance = 2e-5;

TEST(DisplayContainer, HlgDisplaysGetAPqTwinOfTheSameLight) {
  for (const char* alias : {"rec709-bt1886-100nit", "p3d65-pq-1000nit", "rec2100-pq-1000nit-p3"}) {
    EXPECT_EQ(hlg_pq_twin(*preset(alias)), nullptr) << alias;
  }
  std::mt19937 rng(11);
  std::lognormal_distribution<float> scene(-1.5f, 2.0f);
  std::vector<float> aces(3 * 4000);
  for (float& v : aces) v = scene(rng);
  for (const char* alias : {"rec2100-hlg-1000nit-p3", "rec2100-hlg-1000nit-p3-d60sim"}) {
    const auto ot = preset(alias);
    const auto twin = hlg_pq_twin(*ot);
    ASSERT_NE(twin, nullptr) << alias;
    const auto& p = twin->params();
    EXPECT_EQ(p.eotf, aces::Eotf::pq);
    EXPECT_EQ(p.peak_luminance, ot->params().peak_luminance);
    EXPECT_EQ(p.encoding.red.x, ot->params().encoding.red.x);
    EXPECT_EQ(p.limiting.green.y, ot->params().limiting.green.y);
    std::vector<float> hlg_light = aces, pq_light = aces;
    ot->forward(hlg_light);
    ot->decode_display(hlg_light);
    twin->forward(pq_light);
    twin->decode_display(pq_light);
    double worst = 0.0;
    for (std::size_t i = 0; i < aces.size(); ++i) {
      worst = std::max(worst, std::abs(double(hlg_light[i]) - pq_light[i]) / std::max(1.0, std::abs(double(pq_light[i]))));
    }
    RecordProperty(std::string("worst_light_") + alias, std::to_string(worst));
    EXPECT_LE(worst, kHlgTwinRenderTolerance) << alias;
  }
}

TEST(DisplayContainer, HlgToPqStepsThroughOcioFollowTheOotf) {
  const auto ot = preset("rec2100-hlg-1000nit-p3");
  const auto twin = hlg_pq_twin(*ot);
  ASSERT_NE(twin, nullptr);
  const aces::Pipeline steps = hlg_to_pq_steps(*ot, *twin, hlg_max_code(*ot, *twin));
  ASSERT_EQ(steps.steps.size(), 3u);  // shaper, Range, LUT3D
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> code(0.0f, 1.0f);
  std::vector<float> c(3 * 20000);
  for (float& v : c) v = code(rng);
  // Saturated highlights and dark channels, where the OOTF's gain moves most.
  for (std::size_t i = 0; i < 3000; i += 3) {
    c[i] = 0.9f + 0.1f * code(rng);
    c[i + 1] = 0.05f * code(rng);
  }
  std::vector<float> exact = c, ocio = c;
  ot->decode_display(exact);
  twin->encode_display(exact);
  pipeline_function(steps)(ocio);
  // In display light, relative to the colour's brightest channel: a dark channel of a bright
  // saturated colour is where the LUT3D errs most in code value (PQ is steepest there), and where it
  // is least visible.
  twin->decode_display(exact);
  twin->decode_display(ocio);
  double worst = 0.0, worst_dark = 0.0;
  for (std::size_t i = 0; i + 2 < c.size(); i += 3) {
    const double top = std::max({double(exact[i]), double(exact[i + 1]), double(exact[i + 2])});
    for (int k = 0; k < 3; ++k) {
      const double d = std::abs(double(ocio[i + k]) - exact[i + k]);
      if (top >= kHlgStepsBright) {
        worst = std::max(worst, d / top);
      } else {
        worst_dark = std::max(worst_dark, d);
      }
    }
  }
  RecordProperty("worst_relative_light_difference", std::to_string(worst));
  RecordProperty("worst_dark_light_difference", std::to_string(worst_dark));
  EXPECT_LE(worst_dark, kHlgStepsDarkTolerance);
  EXPECT_LE(worst, kHlgStepsTolerance);
  // Neutrals: the LUT3D is the identity on its diagonal.
  std::vector<float> grey;
  for (int i = 0; i <= 200; ++i) grey.insert(grey.end(), 3, static_cast<float>(i) / 200.0f);
  std::vector<float> grey_exact = grey;
  ot->decode_display(grey_exact);
  twin->encode_display(grey_exact);
  pipeline_function(steps)(grey);
  double worst_grey = 0.0;
  for (std::size_t i = 0; i < grey.size(); ++i) worst_grey = std::max(worst_grey, double(std::abs(grey[i] - grey_exact[i])));
  RecordProperty("worst_neutral_pq_code_difference", std::to_string(worst_grey));
  EXPECT_LE(worst_grey, kHlgNeutralTolerance);
  // Bad arguments.
  EXPECT_THROW(hlg_to_pq_steps(*ot, *twin, 1.06, 1), Error);
  EXPECT_THROW(hlg_to_pq_steps(*ot, *twin, 1.06, 130), Error);
  EXPECT_THROW(hlg_to_pq_steps(*ot, *twin, 0.0), Error);
}

// The HLG conversion's clamp (hlg_max_code): every code value the HLG output transform gives an
// ACES colour lies below it (saturated blues reach 1.074 with the white at 1.0; the probe of ACES
// primaries the table's Range uses elsewhere found only 1.058, and clamped 8% of a BMD Film ->
// HLG LUT's outputs: whole-cube p99 1.40 against 0.084 with this clamp).
constexpr double kHlgMaxCode = 1.074;       // P3-D65 blue at 1000 cd/m^2 in Rec.2100 HLG
constexpr double kHlgMaxCodeSlack = 0.005;  // the encoding primaries' corners bound P3's

TEST(DisplayContainer, HlgMaxCodeBoundsWhatTheOutputTransformGives) {
  const auto ot = preset("rec2100-hlg-1000nit-p3");
  const auto twin = hlg_pq_twin(*ot);
  ASSERT_NE(twin, nullptr);
  const double top = hlg_max_code(*ot, *twin);
  EXPECT_GE(top, kHlgMaxCode);
  EXPECT_LE(top, kHlgMaxCode + 0.2);  // Rec.2020 blue at the peak: a bound, not far beyond
  std::mt19937 rng(13);
  std::lognormal_distribution<float> scene(0.0f, 3.0f);
  std::uniform_real_distribution<float> mix(0.0f, 1.0f);
  std::vector<float> aces(3 * 20000);
  for (std::size_t i = 0; i < aces.size(); i += 3) {
    // Bright and saturated: one channel large, the others a random fraction of it.
    const float big = scene(rng);
    for (int c = 0; c < 3; ++c) aces[i + c] = big * std::pow(mix(rng), 3.0f);
  }
  ot->forward(aces);
  float seen = 0.0f;
  for (float v : aces) seen = std::max(seen, v);
  RecordProperty("largest_code", std::to_string(seen));
  RecordProperty("hlg_max_code", std::to_string(top));
  EXPECT_LE(seen, top);
  EXPECT_GE(seen, kHlgMaxCode - kHlgMaxCodeSlack);  // the probe does reach P3 blue's code
  EXPECT_EQ(hlg_max_code(*ot, *twin), top);
}
