// SPDX-License-Identifier: Apache-2.0
// lmt/node_encoding.h: the display node space follows the output transform along the neutral axis,
// round-trips exactly through its own CLF steps (aceslab's and OpenColorIO's reading of them), and
// is increasing and continuous on the whole line.
#include "lmt/node_encoding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include "aces2/output_presets.h"
#include "clf/ocio_bridge.h"
#include "color/color_space.h"
#include "color/error.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::lmt {
namespace {

// Along the neutral axis the display node value is the output transform's code value: the same
// tonescale and inverse EOTF in float32 (measured worst 4.0e-6 code value over the six displays).
constexpr double kNeutralTolerance = 2e-5;
// to_aces(from_aces(x)) relative to the colour's largest channel (at least 1e-3): the exact inverse
// of the LUT1D, float rounding through the matrix only (measured worst 4.5e-6).
constexpr double kRoundTripTolerance = 2e-5;
// curve(curve_inverse(code)) against code: the display encodings run in float32 (PQ's 78.84 power
// makes its round trip up to 4.4e-6 code values; 1e-5 is 1/100 of a 10-bit step).
constexpr double kCurveTolerance = 1e-5;
// OpenColorIO evaluating the decode steps against aceslab's evaluation (halfDomain LUT1D +
// matrix), relative (measured worst 2.3e-7).
constexpr double kOcioTolerance = 1e-5;

std::shared_ptr<const aces::OutputTransform> transform(const char* alias) {
  return aces::output_transform(aces::find_output_preset(alias));
}

const char* const kDisplays[] = {"rec709-bt1886-100nit", "rec709-srgb-100nit", "p3d65-gamma2.6-48nit",
                                 "p3d65-pq-1000nit", "rec2100-pq-1000nit-p3", "rec2100-hlg-1000nit-p3"};

TEST(NodeEncoding, NeutralAxisIsTheOutputTransformsCodeValue) {
  for (const char* alias : kDisplays) {
    SCOPED_TRACE(alias);
    const auto ot = transform(alias);
    const NodeEncoding enc(*ot, NodeSpace::display);
    int checked = 0;
    for (double ev = -7.0; ev <= 7.0; ev += 0.25) {
      const float v = static_cast<float>(0.18 * std::exp2(ev));
      std::vector<float> node = {v, v, v}, code = {v, v, v};
      enc.from_aces(node);
      ot->forward(code);
      // Between the toe (display light 1e-3) and the shoulder (97 % of peak) the curve is the
      // output transform's; outside it continues smoothly and departs on purpose.
      float light[3] = {code[0], code[1], code[2]};
      ot->decode_display(light);
      const double peak = ot->params().peak_luminance / 100.0 * ot->params().linear_scale;
      if (light[1] < 1.05e-3 || light[1] > 0.96 * peak) continue;
      for (int c = 0; c < 3; ++c) EXPECT_NEAR(node[c], code[c], kNeutralTolerance) << "ev " << ev;
      ++checked;
    }
    EXPECT_GT(checked, 20);
  }
}

TEST(NodeEncoding, RoundTripsThroughItsOwnSteps) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> ev(-14.0, 10.0), sign(0.0, 1.0);
  for (const char* alias : kDisplays) {
    SCOPED_TRACE(alias);
    const auto ot = transform(alias);
    const NodeEncoding enc(*ot, NodeSpace::display);
    std::vector<float> aces;
    for (int i = 0; i < 3 * 7000; ++i) {
      // Mostly positive, some negative (out-of-gamut) channels, up to ~180 (10 stops over grey).
      aces.push_back(static_cast<float>((sign(rng) < 0.1 ? -0.05 : 1.0) * 0.18 * std::exp2(ev(rng))));
    }
    aces.insert(aces.end(), {0.0f, 0.0f, 0.0f, -1.0f, 2.0f, 500.0f});
    std::vector<float> back = aces;
    enc.from_aces(back);
    for (float v : back) ASSERT_TRUE(std::isfinite(v));
    enc.to_aces(back);
    double worst = 0.0;
    for (std::size_t i = 0; i < aces.size(); ++i) {
      const std::size_t p = i / 3 * 3;
      const double scale = std::max({std::fabs(aces[p]), std::fabs(aces[p + 1]), std::fabs(aces[p + 2]), 1e-3f});
      worst = std::max(worst, std::fabs(back[i] - aces[i]) / scale);
    }
    EXPECT_LT(worst, kRoundTripTolerance);
  }
}

TEST(NodeEncoding, CurveIsIncreasingAndContinuousThroughItsJoins) {
  const auto ot = transform("p3d65-pq-1000nit");
  const NodeEncoding enc(*ot, NodeSpace::display);
  double previous = enc.curve(-10.0);
  for (double v = -10.0 + 1e-4; v < 1e4; v = v < 1e-3 ? v + 1e-4 : v * 1.01) {
    const double f = enc.curve(v);
    ASSERT_GT(f, previous) << "at " << v;
    // A step of 1 % (or 1e-4) moves the value by little: no jump at the toe or the shoulder.
    ASSERT_LT(f - previous, 0.02) << "at " << v;
    // Inverse in node units (near the shoulder the curve is flat, so the scene value is only as
    // exact as float code values allow there, which is what the LUT stores).
    EXPECT_NEAR(enc.curve(enc.curve_inverse(f)), f, kCurveTolerance) << "at " << v;
    previous = f;
  }
}

TEST(NodeEncoding, OpenColorIOReadsTheDecodeStepsAlike) {
  const auto ot = transform("rec709-bt1886-100nit");
  const NodeEncoding enc(*ot, NodeSpace::display);
  auto cpu = aces::ocio_cpu_processor(aces::pipeline_to_ocio(enc.decode_steps()), aces::OcioOptimization::none, "decode");
  std::vector<float> node;
  for (int i = -100; i <= 1300; ++i) {
    const float v = static_cast<float>(i) / 1000.0f;
    node.insert(node.end(), {v, 0.5f * v + 0.1f, 1.0f - v});
  }
  std::vector<float> ours = node, theirs = node;
  enc.to_aces(ours);
  aces::ocio_apply(cpu, theirs);
  for (std::size_t i = 0; i < node.size(); ++i) {
    EXPECT_NEAR(theirs[i], ours[i], kOcioTolerance * std::max(1.0f, std::fabs(ours[i]))) << "node " << node[i];
  }
}

TEST(NodeEncoding, AcescctSpaceIsAcescct) {
  const auto ot = transform("rec709-bt1886-100nit");
  const NodeEncoding enc(*ot, NodeSpace::acescct);
  std::vector<float> a = {0.18f, 0.18f, 0.18f, 1.0f, 0.5f, 0.02f}, b = a;
  enc.from_aces(a);
  aces::apply(aces::from_aces(aces::find_color_space("acescct")), b);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_FLOAT_EQ(a[i], b[i]);
  EXPECT_NEAR(a[0], 0.4135884, 1e-6);  // ACEScct of 18 % grey (S-2016-001)
  EXPECT_THROW(enc.curve(0.18), Error);
}

TEST(NodeEncoding, ParsesItsIds) {
  EXPECT_EQ(parse_node_space("display"), NodeSpace::display);
  EXPECT_EQ(parse_node_space("acescct"), NodeSpace::acescct);
  EXPECT_EQ(node_space_id(NodeSpace::display), "display");
  EXPECT_THROW(parse_node_space("ACEScct"), Error);
}

}  // namespace
}  // namespace aceslab::lmt
