// SPDX-License-Identifier: Apache-2.0
// Baked ACES 2.0 output transforms: the written CLF, read back by OpenColorIO, is exact at the
// lattice points and clamps like the transform; its measured error is small, shrinks with the
// lattice, and is what the file's Info says.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "aces2/output_transform.h"
#include "clf/reader.h"
#include "color/error.h"
#include "ocioconfig/output_bake.h"
#include "tests/cli/cli_test_support.h"

namespace aces = aceslab::aces;
namespace fs = std::filesystem;
using namespace aceslab::ocioconfig;

namespace {

// Budgets for the default 65^3 bake, a little above what was measured (printed by the test; at
// 2026-12-03: Rec.709 code max 0.29, p99 0.0060, dE2000 p99 0.24, mean 0.032; PQ 1000 nit code
// max 0.25, p99 0.0028, dE2000 p99 0.37, mean 0.062). The max sits in the valley output_bake.h
// describes (one channel of a bright saturated colour at the gamut edge); the rest is small.
constexpr double kMax65 = 0.32;
constexpr double kP99_65 = 0.008;
constexpr double kDeltaEP99_65 = 0.45;
constexpr double kDeltaEMean65 = 0.08;
// A lattice point is the transform itself, up to the float32 shaper putting it a hair off the node.
constexpr double kLatticeTol = 2e-5;

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_bake_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::remove(dir / name);
  return dir / name;
}

}  // namespace

TEST(OutputBake, DefaultBakeIsWithinBudgetAndSaysSo) {
  for (const char* alias : {"rec709-bt1886-100nit", "rec2100-pq-1000nit-p3"}) {
    const auto& preset = aces::find_output_preset(alias);
    const fs::path clf = scratch(std::string(alias) + ".clf");
    const BakeError e = write_baked_output(clf, preset, kDefaultBakeSize, 0, aceslab::Overwrite::refuse);
    std::cout << alias << " 65^3: code values max " << e.max << " (" << e.max * 1023 << " 10-bit codes) at ACES " << e.worst
              << ", p99 " << e.p99 << ", mean " << e.mean << "; dE2000 max " << e.delta_E_max << ", p99 " << e.delta_E_p99
              << ", mean " << e.delta_E_mean << " over " << e.samples << "\n";
    EXPECT_LE(e.max, kMax65) << alias;
    EXPECT_LE(e.p99, kP99_65) << alias;
    EXPECT_LE(e.delta_E_p99, kDeltaEP99_65) << alias;
    EXPECT_LE(e.delta_E_mean, kDeltaEMean65) << alias;
    EXPECT_GT(e.samples, 64u * 64u * 64u);  // every cell centre and more
    const std::string text = aceslab::test::read_text(clf);
    EXPECT_NE(text.find("<MaxErrorCodeValues>"), std::string::npos);
    EXPECT_NE(text.find(preset.transform_id), std::string::npos);
    // The measurement is of the file on disk: measuring again gives the same figures.
    EXPECT_DOUBLE_EQ(measure_baked_output(clf, preset, kDefaultBakeSize).max, e.max);
    EXPECT_THROW(write_baked_output(clf, preset, kDefaultBakeSize, 0, aceslab::Overwrite::refuse), aceslab::Error);
  }
}

TEST(OutputBake, ErrorShrinksWithTheLattice) {
  const auto& preset = aces::find_output_preset("rec709-srgb-100nit");
  const BakeError small = write_baked_output(scratch("s17.clf"), preset, 17, 0, aceslab::Overwrite::refuse);
  const BakeError large = write_baked_output(scratch("s33.clf"), preset, 33, 0, aceslab::Overwrite::refuse);
  EXPECT_LT(large.max, small.max);
  EXPECT_LT(large.p99, 0.5 * small.p99);
}

TEST(OutputBake, LatticePointsAndClampsAreExact) {
  const auto& preset = aces::find_output_preset("p3d65-gamma2.6-48nit");
  constexpr int kSize = 9;
  const fs::path clf = scratch("lattice.clf");
  const aces::Pipeline p = bake_output_pipeline(preset, kSize);
  // Matrix, Range, Log, LUT3D, then the clamp, matrix and encoding as exact nodes (output_bake.h).
  ASSERT_EQ(p.steps.size(), 7u);
  ASSERT_TRUE(std::holds_alternative<aces::Lut3DStep>(p.steps[3]));
  EXPECT_EQ(std::get<aces::Lut3DStep>(p.steps[3]).size, kSize);
  EXPECT_TRUE(std::holds_alternative<aces::ExponentStep>(p.steps.back()));
  write_baked_output(clf, preset, kSize, 0, aceslab::Overwrite::refuse);
  const aces::ClfTransform file(clf);
  const auto ot = aces::output_transform(preset);
  // The lattice in AP1 as output_bake.h defines it: y = (log2(x + e) - log2(e)) / (log2(U + e) - log2(e)).
  const double upper = ot->ap1_clamp_upper(), e = kShaperOffset;
  const double lo = std::log2(e), span = std::log2(upper + e) - lo;
  auto axis = [&](int i) { return std::exp2(span * i / (kSize - 1) + lo) - e; };
  const aces::Mat3 ap1_to_ap0 = aces::rgb_to_rgb_matrix(aces::primaries::kAP1, aces::primaries::kAP0, aces::Adaptation::none);
  std::vector<float> in;
  auto push = [&](const aces::Vec3& ap1) {
    const aces::Vec3 a = ap1_to_ap0 * ap1;
    in.insert(in.end(), {float(a[0]), float(a[1]), float(a[2])});
  };
  for (int r = 0; r < kSize; r += 2) {
    for (int g = 0; g < kSize; g += 3) {
      for (int b = 0; b < kSize; ++b) push({axis(r), axis(g), axis(b)});
    }
  }
  const std::size_t lattice = in.size();
  // Outside the domain: the bake's clamp is the transform's own first step.
  for (const aces::Vec3& ap1 : {aces::Vec3(2 * upper, -1, 5 * upper), aces::Vec3(-3, -3, -3), aces::Vec3(1e9, 0.18, 0.18)}) push(ap1);
  std::vector<float> exact = in, baked = in;
  ot->forward(exact);
  file.apply(baked);
  for (size_t i = 0; i < exact.size(); ++i) {
    EXPECT_NEAR(baked[i], exact[i], i < lattice ? kLatticeTol : kLatticeTol * 10) << "sample " << i / 3;
  }
}

TEST(OutputBake, RefusesSillySizes) {
  const auto& preset = aces::find_output_preset("rec709-bt1886-100nit");
  EXPECT_THROW(bake_output_pipeline(preset, 1), aceslab::Error);
  EXPECT_THROW(bake_output_pipeline(preset, 400), aceslab::Error);
}
