// SPDX-License-Identifier: Apache-2.0
// Chart geometry and patch sampling: homography round trips, exact recovery of rendered patch
// values, the flags, and agreement with the Academy idt-calculator's own samples of synthetic_001.
#include "idt/patch_sampling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "color/error.h"
#include "idt/chart_render.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::idt;

namespace {

const fs::path kSamples = fs::path(ACESLAB_SHARED_DIR) / "reference/idt/idt-calculator-samples";

// Outer corners of the patch grid in the idt-calculator synthetic renders (1024x788), measured from
// the patch edges (first/last patch columns at x = 139.5 .. 885, rows y = 148.5 .. 640.3).
const ChartCorners kSyntheticCorners = {Eigen::Vector2d(139.5, 148.5), Eigen::Vector2d(885.0, 148.5),
                                        Eigen::Vector2d(885.0, 640.3), Eigen::Vector2d(139.5, 640.3)};

std::array<Eigen::Vector3d, kChartPatches> ramp_codes() {
  std::array<Eigen::Vector3d, kChartPatches> codes;
  for (int i = 0; i < kChartPatches; ++i) codes[i] = Eigen::Vector3d(0.1 + 0.03 * i, 0.8 - 0.025 * i, 0.3 + 0.01 * (i % 7));
  return codes;
}

}  // namespace

TEST(ChartGeometry, CornersRoundTrip) {
  const ChartCorners corners = {Eigen::Vector2d(100, 80), Eigen::Vector2d(700, 110), Eigen::Vector2d(690, 520),
                                Eigen::Vector2d(95, 500)};
  const ChartHomography h = ChartHomography::from_corners(corners);
  const ChartCorners back = h.corners();
  for (int k = 0; k < 4; ++k) EXPECT_LT((back[k] - corners[k]).norm(), 1e-9);
  const Eigen::Vector2d p(321.5, 276.25);
  EXPECT_LT((h.to_pixel(h.to_chart(p)) - p).norm(), 1e-9);
}

TEST(ChartGeometry, RejectsDegenerateAndCounterClockwiseCorners) {
  const ChartCorners line = {Eigen::Vector2d(0, 0), Eigen::Vector2d(100, 0), Eigen::Vector2d(200, 0), Eigen::Vector2d(300, 0)};
  EXPECT_THROW(ChartHomography::from_corners(line), Error);
  const ChartCorners ccw = {Eigen::Vector2d(0, 0), Eigen::Vector2d(0, 100), Eigen::Vector2d(150, 100), Eigen::Vector2d(150, 0)};
  try {
    ChartHomography::from_corners(ccw);
    FAIL() << "counter-clockwise corners accepted";
  } catch (const Error& e) {
    EXPECT_NE(e.detail().find("counter-clockwise"), std::string::npos) << e.what();
  }
}

TEST(PatchSampling, RecoversRenderedValuesUnderPerspective) {
  ChartRender spec;
  spec.width = 900;
  spec.height = 700;
  spec.patch_codes = ramp_codes();
  const ChartCorners corners = {Eigen::Vector2d(120, 90), Eigen::Vector2d(760, 130), Eigen::Vector2d(740, 610),
                                Eigen::Vector2d(140, 560)};
  spec.chart = ChartHomography::from_corners(corners);
  const aces::Image image = render_chart(spec);
  const ChartSample s = sample_chart(image, spec.chart);
  for (int i = 0; i < kChartPatches; ++i) {
    // Float rendering of a uniform patch: the median is the patch value to float precision.
    constexpr double kFloatTolerance = 1e-6;
    EXPECT_LT((s.patches[i].value - spec.patch_codes[i]).cwiseAbs().maxCoeff(), kFloatTolerance) << "patch " << i;
    EXPECT_EQ(s.patches[i].flags, kPatchOk) << describe_flags(s.patches[i].flags);
    EXPECT_GT(s.patches[i].pixel_count, 400);
  }
}

TEST(PatchSampling, MedianIgnoresOutliersAndFlagsNoise) {
  ChartRender spec;
  spec.patch_codes = ramp_codes();
  spec.chart = ChartHomography::from_corners(kSyntheticCorners);
  aces::Image image = render_chart(spec);
  // 5 % of the pixels of patch 0's centre replaced by hot pixels: the median does not move.
  const ChartSample clean = sample_chart(image, spec.chart);
  const auto& region = clean.patches[0].region;
  int k = 0;
  for (int y = static_cast<int>(region[0].y()) + 1; y < region[2].y() - 1; ++y) {
    for (int x = static_cast<int>(region[0].x()) + 1; x < region[2].x() - 1; ++x) {
      if (k++ % 20 == 0) std::fill(image.pixel(x, y), image.pixel(x, y) + 3, 1.0f);
    }
  }
  const ChartSample hot = sample_chart(image, spec.chart);
  EXPECT_LT((hot.patches[0].value - spec.patch_codes[0]).cwiseAbs().maxCoeff(), 1e-6);

  spec.noise_sigma = 0.05;  // far above the 5 % + 2-code noise allowance for mid patches
  const ChartSample noisy = sample_chart(render_chart(spec), spec.chart);
  EXPECT_GE(noisy.flagged_count(kPatchNoisy), 20);
}

// An 8-bit JPEG's quantisation moves a channel by a code or two (with the camera's own noise): dark
// channels of saturated patches (the blue of yellow, about 0.05) are not "noisy" for it, while the
// same spread in a 10-bit or float file still is. Found on real phone and DSLR JPEGs, which had a
// third of their patches flagged.
TEST(PatchSampling, EightBitQuantisationIsNotNoise) {
  ChartRender spec;
  for (int i = 0; i < kChartPatches; ++i) spec.patch_codes[i] = Eigen::Vector3d(0.7, 0.6, 0.05);
  spec.chart = ChartHomography::from_corners(kSyntheticCorners);
  spec.noise_sigma = 1.2 / 255.0;  // a code or so of an 8-bit file
  aces::Image image = render_chart(spec);
  for (float& v : image.rgb) v = std::round(v * 255.0f) / 255.0f;
  image.source_bits = 8;
  image.source_float = false;
  EXPECT_EQ(sample_chart(image, spec.chart).flagged_count(kPatchNoisy), 0);
  image.source_bits = 10;  // the same spread is 5 codes of a 10-bit file: noise
  EXPECT_GE(sample_chart(image, spec.chart).flagged_count(kPatchNoisy), 20);
}

TEST(PatchSampling, FlagsClippedAndNonUniformPatches) {
  ChartRender spec;
  spec.patch_codes = ramp_codes();
  spec.patch_codes[18] = Eigen::Vector3d(1.0, 1.0, 0.9);  // white clipped in R and G
  spec.chart = ChartHomography::from_corners(kSyntheticCorners);
  aces::Image image = render_chart(spec);
  image.source_float = false;  // as read from a 16-bit TIFF: 1.0 is the ceiling
  // A left-to-right gradient of 20 % across patch 5.
  const ChartSample before = sample_chart(image, spec.chart);
  const auto& r = before.patches[5].region;
  for (int y = static_cast<int>(r[0].y()) - 5; y < r[2].y() + 5; ++y) {
    for (int x = static_cast<int>(r[0].x()) - 5; x < r[2].x() + 5; ++x) {
      const double t = (x - r[0].x()) / (r[2].x() - r[0].x());
      for (int c = 0; c < 3; ++c) image.pixel(x, y)[c] = static_cast<float>(spec.patch_codes[5][c] * (0.9 + 0.2 * t));
    }
  }
  const ChartSample s = sample_chart(image, spec.chart);
  EXPECT_TRUE(s.patches[18].flags & kPatchClipped);
  EXPECT_TRUE(s.patches[5].flags & kPatchNonUniform);
  EXPECT_EQ(s.flagged_count(kPatchClipped), 1);
  EXPECT_EQ(describe_flags(kPatchClipped | kPatchNoisy), "clipped, noisy");
}

TEST(PatchSampling, TinyChartIsAnError) {
  ChartRender spec;
  spec.width = spec.height = 64;
  spec.patch_codes = ramp_codes();
  spec.chart = place_chart(32, 32, 30, 0);
  try {
    sample_chart(render_chart(spec), spec.chart, {}, "tiny.tif");
    FAIL() << "a 30-pixel chart was sampled";
  } catch (const Error& e) {
    EXPECT_EQ(e.location().path, "tiny.tif");
    EXPECT_NE(e.detail().find("too small"), std::string::npos) << e.what();
  }
}

TEST(PatchSampling, ChartOutsideImageIsAnError) {
  ChartRender spec;
  spec.patch_codes = ramp_codes();
  spec.chart = ChartHomography::from_corners(kSyntheticCorners);
  const aces::Image image = render_chart(spec);
  const ChartHomography off = place_chart(1500, 1200, 700, 0);
  EXPECT_THROW(sample_chart(image, off, {}, "x.tif"), Error);
}

TEST(PatchSampling, MatchesIdtCalculatorSamplesOfSynthetic001) {
  std::ifstream in(kSamples / "samples_analysis.json");
  const nlohmann::json analysis = nlohmann::json::parse(in);
  for (const char* ev : {"-3", "0", "3"}) {
    const aces::Image image =
        aces::read_image(kSamples / "synthetic_001/data/colour_checker" / ev / "colour_checker_0001.tif");
    const ChartSample s = sample_chart(image, ChartHomography::from_corners(kSyntheticCorners));
    const std::string key = std::to_string(std::stod(ev)).substr(0, std::string(ev).size() + 2);
    const auto& expected = analysis["colour_checker"][key]["samples_median"];
    ASSERT_EQ(expected.size(), 24u) << key;
    for (int i = 0; i < kChartPatches; ++i) {
      for (int c = 0; c < 3; ++c) {
        // The calculator samples a different window of each (uniform, 16-bit) patch: medians agree
        // to a few 16-bit codes.
        constexpr double kSamplerTolerance = 4.0 / 65535.0;
        EXPECT_NEAR(s.patches[i].value[c], expected[i][c].get<double>(), kSamplerTolerance) << "EV " << ev << " patch " << i;
      }
      EXPECT_EQ(s.patches[i].flags & ~kPatchNoisy, kPatchOk) << "EV " << ev << " patch " << i << ": " << describe_flags(s.patches[i].flags);
    }
  }
}

TEST(PatchSampling, OverlayMarksSampledSquares) {
  ChartRender spec;
  spec.patch_codes = ramp_codes();
  spec.chart = ChartHomography::from_corners(kSyntheticCorners);
  aces::Image image = render_chart(spec);
  const ChartSample s = sample_chart(image, spec.chart);
  draw_overlay(image, spec.chart, s);
  // The outline of patch 0's sample square is green (ok).
  const Eigen::Vector2d corner = s.patches[0].region[0];
  const float* p = image.pixel(static_cast<int>(corner.x()), static_cast<int>(corner.y()));
  EXPECT_FLOAT_EQ(p[0], 0.0f);
  EXPECT_FLOAT_EQ(p[1], 1.0f);
  // The inside of the sample square is untouched.
  // (Off the orientation mark, which runs from the grid corner to the patch centre.)
  const Eigen::Vector2d centre = spec.chart.to_pixel(patch_centre(0) + Eigen::Vector2d(0.1, 0.0));
  EXPECT_NEAR(image.pixel(static_cast<int>(centre.x()), static_cast<int>(centre.y()))[0], spec.patch_codes[0][0], 1e-6);
}

TEST(PatchSampling, LargePatchesAreReadOnASubGrid) {
  // A chart whose sample squares hold ~20 000 pixels each, with noise: the default reads at most
  // ~max_pixels of them on a regular sub-grid, and its medians agree with the all-pixel medians to
  // within the statistics of the sub-grid.
  ChartRender spec;
  spec.width = 2000;
  spec.height = 1500;
  spec.patch_codes = ramp_codes();
  spec.chart = place_chart(1000, 750, 1900, 0);
  spec.noise_sigma = 0.01;
  spec.supersample = 1;
  const aces::Image image = render_chart(spec);
  SamplingOptions all;
  all.max_pixels = 1 << 30;
  const ChartSample full = sample_chart(image, spec.chart, all);
  const ChartSample sub = sample_chart(image, spec.chart);
  for (int i = 0; i < kChartPatches; ++i) {
    EXPECT_GT(full.patches[i].pixel_count, 20000);
    EXPECT_LE(sub.patches[i].pixel_count, SamplingOptions{}.max_pixels);
    EXPECT_GT(sub.patches[i].pixel_count, SamplingOptions{}.max_pixels / 4);
    // Standard error of a median, 1.2533 sigma / sqrt(n), for the smaller sample; 5 of them.
    const double tolerance = 5 * 1.2533 * spec.noise_sigma / std::sqrt(static_cast<double>(sub.patches[i].pixel_count));
    EXPECT_LT((sub.patches[i].value - full.patches[i].value).cwiseAbs().maxCoeff(), tolerance) << "patch " << i;
    EXPECT_LT((sub.patches[i].value - spec.patch_codes[i]).cwiseAbs().maxCoeff(), tolerance) << "patch " << i;
    EXPECT_EQ(sub.patches[i].flags, full.patches[i].flags) << "patch " << i;
  }
}

TEST(PatchSampling, PiecewiseBandsGiveTheSameSamples) {
  // ChartSampler fed with one band per patch row equals sample_chart on the whole frame.
  ChartRender spec;
  spec.patch_codes = ramp_codes();
  spec.chart = ChartHomography::from_corners(kSyntheticCorners);
  spec.noise_sigma = 0.003;
  const aces::Image image = render_chart(spec);
  const ChartSample whole = sample_chart(image, spec.chart);
  ChartSampler sampler(spec.chart, image.width, image.height);
  for (int row = 0; row < kChartRows; ++row) {
    const auto [first, end] = sampler.rows_of_patch(row * kChartColumns);
    aces::Image band;
    band.width = image.width;
    band.height = end - first;
    band.rgb.assign(image.rgb.begin() + 3 * static_cast<std::ptrdiff_t>(first) * image.width,
                    image.rgb.begin() + 3 * static_cast<std::ptrdiff_t>(end) * image.width);
    sampler.add_rows(band, first);
  }
  const ChartSample pieces = sampler.finish();
  for (int i = 0; i < kChartPatches; ++i) {
    EXPECT_EQ(pieces.patches[i].value, whole.patches[i].value) << "patch " << i;
    EXPECT_EQ(pieces.patches[i].flags, whole.patches[i].flags) << "patch " << i;
  }
  // A patch never given is a bug of the caller, reported as such.
  ChartSampler incomplete(spec.chart, image.width, image.height);
  EXPECT_THROW(incomplete.finish(), Error);
}
