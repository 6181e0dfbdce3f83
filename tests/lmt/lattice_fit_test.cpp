// SPDX-License-Identifier: Apache-2.0
// The least-squares fit of LUT3D node values (lmt/lattice_fit.h) on functions with known answers:
// a linear function is reproduced exactly (tetrahedral interpolation is exact for it, so the fit
// has nothing to improve and must not move a node); a curved function is approximated better
// between the nodes than point sampling does, on fresh points the fit never saw; fixed nodes keep
// their values; changes are bounded; left-out samples do not count; the result does not depend on
// the thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "color/error.h"
#include "lmt/lattice_fit.h"

using namespace aceslab;
using namespace aceslab::lmt;

namespace {

// Float precision of a solved node value of order 1.
constexpr double kExactTolerance = 1e-5;
// A bound is applied in double and stored in float: node values up to ~5 round by ~5e-7.
constexpr double kStoredBound = 2e-6;

// Lattice coordinates of every node (CLF order, blue fastest).
std::vector<float> lattice_points(int m) {
  std::vector<float> v;
  for (int r = 0; r < m; ++r)
    for (int g = 0; g < m; ++g)
      for (int b = 0; b < m; ++b) {
        v.push_back(static_cast<float>(r) / (m - 1));
        v.push_back(static_cast<float>(g) / (m - 1));
        v.push_back(static_cast<float>(b) / (m - 1));
      }
  return v;
}

// Tetrahedral interpolation of CLF-order node values at u in [0,1]^3.
std::array<double, 3> interpolate(const std::vector<float>& v, int m, const float* u) {
  double p[3];
  int i[3];
  double f[3];
  for (int c = 0; c < 3; ++c) {
    p[c] = std::clamp(static_cast<double>(u[c]), 0.0, 1.0) * (m - 1);
    i[c] = std::min(static_cast<int>(p[c]), m - 2);
    f[c] = p[c] - i[c];
  }
  auto at = [&](int dr, int dg, int db, int c) {
    return static_cast<double>(v[3 * (static_cast<std::size_t>((i[0] + dr) * m + (i[1] + dg)) * m + (i[2] + db)) + c]);
  };
  // Axes by decreasing fraction: the path from (0,0,0) to (1,1,1) through the tetrahedron.
  int order[3] = {0, 1, 2};
  std::sort(order, order + 3, [&](int a, int b) { return f[a] > f[b]; });
  std::array<double, 3> out{};
  for (int c = 0; c < 3; ++c) {
    int d[3] = {0, 0, 0};
    double value = (1.0 - f[order[0]]) * at(0, 0, 0, c);
    double prev = f[order[0]];
    for (int k = 0; k < 3; ++k) {
      d[order[k]] = 1;
      const double next = k < 2 ? f[order[k + 1]] : 0.0;
      value += (prev - next) * at(d[0], d[1], d[2], c);
      prev = next;
    }
    out[c] = value;
  }
  return out;
}

using Fn = std::function<std::array<double, 3>(double, double, double)>;

LatticeFitProblem problem_of(int m, const Fn& f) {
  LatticeFitProblem p;
  p.size = m;
  p.samples = [f](std::span<float> u, std::span<float>) {
    for (std::size_t i = 0; i + 2 < u.size(); i += 3) {
      const auto v = f(u[i], u[i + 1], u[i + 2]);
      for (int c = 0; c < 3; ++c) u[i + c] = static_cast<float>(v[c]);
    }
  };
  return p;
}

std::vector<float> point_sample(int m, const Fn& f) {
  std::vector<float> v = lattice_points(m);
  for (std::size_t i = 0; i < v.size(); i += 3) {
    const auto s = f(v[i], v[i + 1], v[i + 2]);
    for (int c = 0; c < 3; ++c) v[i + c] = static_cast<float>(s[c]);
  }
  return v;
}

// RMS interpolation error over seeded random points.
double rms_error(const std::vector<float>& values, int m, const Fn& f, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u01(0.0f, 1.0f);
  double sum = 0.0;
  constexpr int kPoints = 20000;
  for (int i = 0; i < kPoints; ++i) {
    const float u[3] = {u01(rng), u01(rng), u01(rng)};
    const auto want = f(u[0], u[1], u[2]);
    const auto got = interpolate(values, m, u);
    for (int c = 0; c < 3; ++c) sum += (got[c] - want[c]) * (got[c] - want[c]);
  }
  return std::sqrt(sum / (3.0 * kPoints));
}

const Fn kLinear = [](double r, double g, double b) {
  return std::array<double, 3>{0.2 + 0.5 * r - 0.1 * g, 0.3 * g + 0.2 * b, -0.4 * r + b};
};
// Curved like an inverse tone scale (steep towards 1), with cross-channel terms.
const Fn kCurved = [](double r, double g, double b) {
  return std::array<double, 3>{std::log1p(4.0 * r) + 0.2 * g * b, std::exp(1.5 * g) * (0.8 + 0.2 * r),
                               1.0 / (1.2 - b) + 0.1 * std::sin(6.0 * r)};
};

}  // namespace

TEST(LatticeFit, LinearFunctionIsReproducedExactly) {
  constexpr int m = 9;
  std::vector<float> v = point_sample(m, kLinear);
  const std::vector<float> point = v;
  const LatticeFitReport r = fit_lattice(problem_of(m, kLinear), v);
  EXPECT_TRUE(r.converged);
  EXPECT_EQ(r.samples, static_cast<std::size_t>(8 * 8 * 8 * 12));
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(v[i], point[i], kExactTolerance);
}

TEST(LatticeFit, CurvedFunctionBetweenNodesBeatsPointSampling) {
  constexpr int m = 9;
  std::vector<float> v = point_sample(m, kCurved);
  const double before = rms_error(v, m, kCurved, 7);
  LatticeFitOptions o;
  o.anchor = 1e-3;  // let the samples decide
  const LatticeFitReport r = fit_lattice(problem_of(m, kCurved), v, o);
  EXPECT_TRUE(r.converged);
  const double after = rms_error(v, m, kCurved, 7);
  // The interpolation error of a convex curve is one-sided; a least-squares fit centres it.
  EXPECT_LT(after, 0.7 * before) << "point " << before << ", fit " << after;
}

TEST(LatticeFit, FixedNodesKeepTheirValuesAndChangesAreBounded) {
  constexpr int m = 9;
  std::vector<float> v = point_sample(m, kCurved);
  const std::vector<float> point = v;
  LatticeFitProblem p = problem_of(m, kCurved);
  p.fixed_stride = 2;
  LatticeFitOptions o;
  o.max_change = 0.01;
  const LatticeFitReport r = fit_lattice(p, v, o);
  int moved = 0;
  for (int r0 = 0; r0 < m; ++r0)
    for (int g = 0; g < m; ++g)
      for (int b = 0; b < m; ++b) {
        const std::size_t k = 3 * (static_cast<std::size_t>(r0 * m + g) * m + b);
        for (int c = 0; c < 3; ++c) {
          const double d = std::fabs(v[k + c] - point[k + c]);
          EXPECT_LE(d, 0.01 + kStoredBound);
          if (r0 % 2 == 0 && g % 2 == 0 && b % 2 == 0) {
            EXPECT_EQ(v[k + c], point[k + c]);
          } else if (d > 1e-6) {
            ++moved;
          }
        }
      }
  EXPECT_GT(moved, 0);
  EXPECT_LE(r.max_change, 0.01 + kStoredBound);
}

TEST(LatticeFit, LeftOutSamplesDoNotCount) {
  // Samples with red above 0.5 are left out: what their targets say cannot change the result.
  constexpr int m = 5;
  const Fn wrong = [](double r, double g, double b) {
    auto v = kCurved(r, g, b);
    if (r > 0.5) v[0] += 10.0;
    return v;
  };
  auto leave_out_red = [](LatticeFitProblem p) {
    auto inner = p.samples;
    p.samples = [inner](std::span<float> u, std::span<float> factor) {
      std::vector<float> red;
      for (std::size_t i = 0; i < u.size(); i += 3) red.push_back(u[i]);
      inner(u, factor);
      for (std::size_t i = 0; i < red.size(); ++i) {
        if (red[i] > 0.5f) factor[3 * i] = factor[3 * i + 1] = factor[3 * i + 2] = 0.0f;
      }
    };
    return p;
  };
  std::vector<float> v = point_sample(m, kCurved), reference = v, unguarded = v;
  const LatticeFitReport r = fit_lattice(leave_out_red(problem_of(m, wrong)), v);
  EXPECT_LT(r.samples_used, r.samples);
  fit_lattice(leave_out_red(problem_of(m, kCurved)), reference);
  EXPECT_EQ(v, reference);
  // Kept in, the wrong targets would have moved the nodes.
  fit_lattice(problem_of(m, wrong), unguarded);
  EXPECT_NE(unguarded, reference);
}

TEST(LatticeFit, SameResultForAnyThreadCount) {
  constexpr int m = 17;
  std::vector<float> a = point_sample(m, kCurved), b = a;
  LatticeFitOptions o;
  o.threads = 1;
  fit_lattice(problem_of(m, kCurved), a, o);
  o.threads = 3;
  fit_lattice(problem_of(m, kCurved), b, o);
  EXPECT_EQ(a, b);  // bit for bit
}

TEST(LatticeFit, RefusesBadInput) {
  std::vector<float> v(3 * 8, 0.0f);
  EXPECT_THROW(fit_lattice(problem_of(1, kLinear), v), Error);
  EXPECT_THROW(fit_lattice(problem_of(3, kLinear), v), Error);  // 27 nodes expected
}
