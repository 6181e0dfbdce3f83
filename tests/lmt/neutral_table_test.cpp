// SPDX-License-Identifier: Apache-2.0
// The neutral-axis table (lmt/neutral_table.h) on functions with known answers:
//  - a cone around the neutral axis (a function whose change across the axis depends on the
//    direction, like the inverse ACES 2.0 output transform: tests/aces2/neutral_cone_test.cpp):
//    a tetrahedral table keeps a first-order error next to the axis; the table after it removes
//    most of it, evaluated by our own steps and by OpenColorIO;
//  - away from the axis it is the identity, exactly (its lattice planes are kinks of its shaper),
//    and nothing the table can output is clamped;
//  - a table with a flat (folded) part is moved by no more than the documented bound, and still
//    corrected where it is invertible;
//  - the result does not depend on the thread count.
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "clf/ocio_bridge.h"
#include "color/error.h"
#include "lmt/neutral_table.h"
#include "pipeline/pipeline.h"

using namespace aceslab;
using namespace aceslab::lmt;

namespace {

// Float evaluation (Matrix, LUT1D, LUT3D in float32) of an identity of values ~1.
constexpr double kIdentityTolerance = 2e-6;
// OpenColorIO's LUT1D finds its entry from a float index (its own rounding).
constexpr double kOcioTolerance = 2e-5;
// Near the axis the correction must remove at least this share of the table's error (measured
// 0.84 for the cone below at 33^3: the table's largest error 0.00166 -> 0.00026).
constexpr double kMinConeErrorRemoved = 0.75;
constexpr int kTableSize = 33;

const Eigen::Vector3d kAxis = Eigen::Vector3d(1, 1, 1).normalized();
const Eigen::Vector3d kU = Eigen::Vector3d(1, -1, 0).normalized();
const Eigen::Vector3d kV = Eigen::Vector3d(1, 1, -2).normalized();

// A cone around the neutral axis: x moved along the axis by a * rho * (1 + 0.5 cos 3 theta),
// rho and theta the polar coordinates across the axis (invertible for small a).
Eigen::Vector3d cone(const Eigen::Vector3d& x) {
  const double p = x.dot(kU), q = x.dot(kV);
  const double rho = std::hypot(p, q), theta = std::atan2(q, p);
  return x + 0.2 * rho * (1.0 + 0.5 * std::cos(3.0 * theta)) * kAxis;
}

using Fn = std::function<Eigen::Vector3d(const Eigen::Vector3d&)>;

void apply_fn(const Fn& f, std::span<float> u) {
  for (std::size_t i = 0; i + 2 < u.size(); i += 3) {
    const Eigen::Vector3d y = f(Eigen::Vector3d(u[i], u[i + 1], u[i + 2]));
    for (int c = 0; c < 3; ++c) u[i + c] = static_cast<float>(y[c]);
  }
}

aces::Lut3DStep point_table(const Fn& f, int m) {
  aces::Lut3DStep t;
  t.size = m;
  for (int r = 0; r < m; ++r)
    for (int g = 0; g < m; ++g)
      for (int b = 0; b < m; ++b) {
        const Eigen::Vector3d y = f(Eigen::Vector3d(r, g, b) / (m - 1));
        for (int c = 0; c < 3; ++c) t.values.push_back(static_cast<float>(y[c]));
      }
  return t;
}

// Random lattice coordinates at a distance from the neutral axis within [lo, hi].
std::vector<float> samples(double lo, double hi, int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> level(0.1, 0.9), radius(lo, hi), angle(0.0, 2.0 * std::numbers::pi);
  std::vector<float> u;
  while (static_cast<int>(u.size()) < 3 * n) {
    const double t = radius(rng), th = angle(rng);
    const Eigen::Vector3d x = Eigen::Vector3d::Constant(level(rng)) + t * (std::cos(th) * kU + std::sin(th) * kV);
    if (x.minCoeff() < 0.0 || x.maxCoeff() > 1.0) continue;
    for (int c = 0; c < 3; ++c) u.push_back(static_cast<float>(x[c]));
  }
  return u;
}

double max_error(const std::vector<float>& got, const std::vector<float>& want) {
  double e = 0.0;
  for (std::size_t i = 0; i < got.size(); ++i) e = std::max(e, std::fabs(double(got[i]) - want[i]));
  return e;
}

struct Evaluated {
  std::vector<float> exact, table, corrected, corrected_ocio;
};

Evaluated evaluate(const Fn& f, const aces::Lut3DStep& table, const NeutralTable& nt, const std::vector<float>& u) {
  Evaluated e;
  e.exact = u;
  apply_fn(f, e.exact);
  e.table = u;
  aces::apply(aces::Step(table), e.table);
  e.corrected = e.table;
  aces::apply(nt.steps, e.corrected);
  e.corrected_ocio = e.table;
  aces::ocio_apply(aces::ocio_cpu_processor(aces::pipeline_to_ocio(nt.steps), aces::OcioOptimization::none, "test"),
                   e.corrected_ocio);
  return e;
}

TEST(NeutralTable, RemovesMostOfTheConesErrorNextToTheAxis) {
  const aces::Lut3DStep table = point_table(cone, kTableSize);
  const NeutralTable nt = make_neutral_table(table, [](std::span<float> u) { apply_fn(cone, u); }, 0);
  EXPECT_GT(nt.corrected, 0u);
  const double cell = 1.0 / (kTableSize - 1);
  const auto u = samples(0.0, 2.0 * cell, 4000, 1);
  const Evaluated e = evaluate(cone, table, nt, u);
  const double before = max_error(e.table, e.exact);
  const double after = max_error(e.corrected, e.exact);
  const double after_ocio = max_error(e.corrected_ocio, e.exact);
  std::printf("[ figures  ] cone next to the axis: table %.5f, corrected %.5f (OpenColorIO %.5f); nodes corrected %zu, "
              "left %zu, tube %.4f\n", before, after, after_ocio, nt.corrected, nt.unsolved, nt.tube);
  EXPECT_GT(before, 1e-3) << "the table must show the cone's error for the test to mean anything";
  EXPECT_LE(after, (1.0 - kMinConeErrorRemoved) * before);
  EXPECT_LE(after_ocio, (1.0 - kMinConeErrorRemoved) * before);
}

TEST(NeutralTable, IsTheIdentityAwayFromTheAxisAndClampsNothing) {
  const aces::Lut3DStep table = point_table(cone, kTableSize);
  const NeutralTable nt = make_neutral_table(table, [](std::span<float> u) { apply_fn(cone, u); }, 0);
  // Far from the axis (beyond the tube the table reports) B changes nothing.
  const double cell = 1.0 / (kTableSize - 1);
  const auto u = samples(nt.tube + 2.0 * cell, 0.8, 4000, 2);
  const Evaluated e = evaluate(cone, table, nt, u);
  EXPECT_LE(max_error(e.corrected, e.table), kIdentityTolerance);
  EXPECT_LE(max_error(e.corrected_ocio, e.table), kOcioTolerance);
  // The table's most extreme outputs (the lattice corners) come through unclamped.
  std::vector<float> corners;
  for (int k = 0; k < 8; ++k) {
    for (int c = 0; c < 3; ++c) corners.push_back(static_cast<float>((k >> (2 - c)) & 1));
  }
  const Evaluated ce = evaluate(cone, table, nt, corners);
  EXPECT_LE(max_error(ce.corrected, ce.table), kIdentityTolerance);
}

TEST(NeutralTable, AFoldedTableIsCorrectedWithinTheBound) {
  // Flat below 0.3 on every channel (a clamp, not on a lattice plane): A is not invertible there,
  // and one output comes from a flat and a sloped input that need different corrections.
  const Fn folded = [](const Eigen::Vector3d& x) { return cone(x.cwiseMax(0.3)); };
  const aces::Lut3DStep table = point_table(folded, kTableSize);
  const NeutralTable nt = make_neutral_table(table, [&](std::span<float> u) { apply_fn(folded, u); }, 0);
  // The cone's slope across the axis is ~1 per unit, so a cell is 1 / (size - 1) in value units.
  const double bound = kMaxCorrectionCells * 1.1 / (kTableSize - 1);
  EXPECT_LE(nt.max_correction, bound);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> any(0.0f, 1.0f);
  std::vector<float> u(3 * 20000);
  for (float& v : u) v = any(rng);
  const Evaluated e = evaluate(folded, table, nt, u);
  EXPECT_LE(max_error(e.corrected, e.table), bound);
  // Where A is invertible (every channel well above the fold), the cone is still corrected.
  const double cell = 1.0 / (kTableSize - 1);
  std::vector<float> near;
  for (float v : samples(0.0, 2.0 * cell, 8000, 4)) near.push_back(v);
  std::vector<float> kept;
  for (std::size_t i = 0; i < near.size(); i += 3) {
    if (std::min({near[i], near[i + 1], near[i + 2]}) < 0.3f + 4.0f * static_cast<float>(cell)) continue;
    kept.insert(kept.end(), {near[i], near[i + 1], near[i + 2]});
  }
  ASSERT_GT(kept.size(), 3000u);
  const Evaluated n = evaluate(folded, table, nt, kept);
  EXPECT_LE(max_error(n.corrected, n.exact), (1.0 - kMinConeErrorRemoved) * max_error(n.table, n.exact));
}

TEST(NeutralTable, SameResultForAnyThreadCount) {
  const aces::Lut3DStep table = point_table(cone, kTableSize);
  auto target = [](std::span<float> u) { apply_fn(cone, u); };
  const NeutralTable one = make_neutral_table(table, target, 1);
  const NeutralTable two = make_neutral_table(table, target, 2);
  ASSERT_EQ(one.steps.steps.size(), two.steps.steps.size());
  const auto& a = std::get<aces::Lut3DStep>(one.steps.steps.back());
  const auto& b = std::get<aces::Lut3DStep>(two.steps.steps.back());
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(one.corrected, two.corrected);
}

TEST(NeutralTable, MalformedTablesAreRefused) {
  aces::Lut3DStep bad;
  bad.size = 3;
  bad.values.assign(10, 0.0f);
  EXPECT_THROW(make_neutral_table(bad, [](std::span<float>) {}, 1), Error);
  const aces::Lut3DStep table = point_table(cone, 5);
  EXPECT_THROW(make_neutral_table(table, [](std::span<float>) {}, 1, 2), Error);
}

}  // namespace
