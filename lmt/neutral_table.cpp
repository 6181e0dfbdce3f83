// SPDX-License-Identifier: Apache-2.0
#include "lmt/neutral_table.h"

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <vector>

#include "color/error.h"
#include "color/parallel.h"

namespace aceslab::lmt {
namespace {

using V3 = Eigen::Vector3d;

// How far from the neutral axis, in A's cells across it, B corrects: the cone's first-order error
// lives in the cells the axis runs through and their neighbours; further out A is smooth and B's
// wider cells would only resample A's small second-order error.
constexpr double kTubeCells = 6.0;
// B's cells across the axis must be at most this share of A's where B corrects.
constexpr double kFinerThanA = 1.0;
constexpr int kMaxNewtonSteps = 40;
// A solution where A's smallest slope (singular value of its Jacobian) is below this share of its
// largest is in a flat (folded, clipped) part of A: A(x) = y has other solutions, and T there says
// nothing about y. Such a node keeps its position. (A LUT's strong highlight compression is ~1:20;
// a clip is ~0.)
constexpr double kMinSlopeRatio = 0.01;

// The rotation: row 0 along the neutral axis, rows 1 and 2 across it (orthonormal).
Eigen::Matrix3d rotation() {
  Eigen::Matrix3d r;
  r.row(0) = V3(1, 1, 1).normalized();
  r.row(1) = V3(1, -1, 0).normalized();
  r.row(2) = V3(1, 1, -2).normalized();
  return r;
}

// A, tetrahedral, in double: CLF order (blue fastest), lattice coordinates clamped to [0,1].
class Table {
 public:
  explicit Table(const aces::Lut3DStep& t) : m_m(t.size), m_v(t.values) {}
  int size() const { return m_m; }
  V3 node(int r, int g, int b) const {
    const std::size_t k = 3 * ((static_cast<std::size_t>(r) * m_m + g) * m_m + b);
    return V3(m_v[k], m_v[k + 1], m_v[k + 2]);
  }
  V3 operator()(const V3& x) const {
    const int n = m_m - 1;
    std::array<int, 3> i{};
    std::array<double, 3> f{};
    for (int c = 0; c < 3; ++c) {
      const double u = std::clamp(x[c], 0.0, 1.0) * n;
      i[c] = std::min(static_cast<int>(u), n - 1);
      f[c] = u - i[c];
    }
    // The path from the cell's first corner, one axis at a time, largest fraction first.
    std::array<int, 3> order = {0, 1, 2};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return f[a] > f[b]; });
    std::array<int, 3> p = i;
    V3 out = (1.0 - f[order[0]]) * node(p[0], p[1], p[2]);
    for (int s = 0; s < 3; ++s) {
      ++p[order[s]];
      const double w = f[order[s]] - (s < 2 ? f[order[s + 1]] : 0.0);
      out += w * node(p[0], p[1], p[2]);
    }
    return out;
  }

 private:
  int m_m;
  const std::vector<float>& m_v;
};

// Solves A(x) = y for x in [0,1]^3: the level first (bisection along A's diagonal, on the
// neutral-axis coordinate), then damped Newton with a finite-difference Jacobian. Returns the
// residual (max channel) reached.
// A's Jacobian at x (central differences a quarter cell wide, one-sided at the domain's faces).
Eigen::Matrix3d jacobian(const Table& a, const V3& x) {
  const double h = 0.25 / (a.size() - 1);
  Eigen::Matrix3d j;
  for (int c = 0; c < 3; ++c) {
    V3 d = V3::Zero();
    d[c] = h;
    const V3 hi = (x + d).cwiseMin(1.0), lo = (x - d).cwiseMax(0.0);
    j.col(c) = (a(hi) - a(lo)) / (hi[c] - lo[c]);
  }
  return j;
}

double solve(const Table& a, const Eigen::Matrix3d& rot, const V3& y, V3& x) {
  const double level = rot.row(0).dot(y);
  double lo = 0.0, hi = 1.0;
  for (int k = 0; k < 40; ++k) {
    const double mid = 0.5 * (lo + hi);
    (rot.row(0).dot(a(V3::Constant(mid))) < level ? lo : hi) = mid;
  }
  x = V3::Constant(0.5 * (lo + hi));
  V3 r = a(x) - y;
  double err = r.cwiseAbs().maxCoeff();
  for (int step = 0; step < kMaxNewtonSteps && err > 0.1 * kSolveTolerance; ++step) {
    const Eigen::FullPivLU<Eigen::Matrix3d> lu(jacobian(a, x));
    if (!lu.isInvertible()) break;
    const V3 dx = lu.solve(r);
    double t = 1.0;
    bool better = false;
    for (int k = 0; k < 12 && !better; ++k, t *= 0.5) {
      const V3 xn = (x - t * dx).cwiseMax(0.0).cwiseMin(1.0);
      const V3 rn = a(xn) - y;
      const double en = rn.cwiseAbs().maxCoeff();
      if (en < err) {
        x = xn;
        r = rn;
        err = en;
        better = true;
      }
    }
    if (!better) break;
  }
  return err;
}

// Lattice planes on the LUT1D's grid strictly increasing (rounding may merge close ones), the ends kept.
void strictly_increasing(std::vector<int>& planes, int last) {
  for (std::size_t k = 1; k < planes.size(); ++k) planes[k] = std::max(planes[k], planes[k - 1] + 1);
  planes.back() = std::min(planes.back(), last);
  for (std::size_t k = planes.size() - 1; k > 0; --k) planes[k - 1] = std::min(planes[k - 1], planes[k] - 1);
  if (planes.front() < 0 || planes.back() > last) throw Error(ErrorKind::internal, "neutral table: lattice planes do not fit its shaper");
}

// The lattice planes across the axis on the LUT1D's grid (entry indices): 0 and `last` at the
// ends, `zero` among them, sinh-graded from `zero` with a first interval of about `first` entries.
std::vector<int> graded_planes(int size, int zero, int last, double first) {
  const double pos = last - zero, neg = zero;
  auto count = [&](double beta, double span) { return std::asinh(span * beta / first) / beta; };
  std::vector<int> planes;
  if ((pos + neg) / first <= size - 1) {
    // Uniform spacing already finer than `first`: evenly spaced planes, the zero plane nearest.
    for (int k = 0; k < size; ++k) planes.push_back(static_cast<int>(std::lround(static_cast<double>(last) * k / (size - 1))));
    int nearest = 0;
    for (int k = 1; k < size; ++k) {
      if (std::abs(planes[k] - zero) < std::abs(planes[nearest] - zero)) nearest = k;
    }
    planes[nearest] = zero;
  } else {
    double lo = 1e-9, hi = 20.0;
    for (int k = 0; k < 100; ++k) {
      const double mid = 0.5 * (lo + hi);
      (count(mid, pos) + count(mid, neg) > size - 1 ? lo : hi) = mid;
    }
    const double beta = 0.5 * (lo + hi);
    int np = static_cast<int>(std::lround(count(beta, pos) * (size - 1) / (count(beta, pos) + count(beta, neg))));
    np = std::clamp(np, pos > 0 ? 1 : 0, size - 1 - (neg > 0 ? 1 : 0));
    const int nn = size - 1 - np;
    for (int k = nn; k >= 1; --k) {
      planes.push_back(zero - static_cast<int>(std::lround(neg * std::sinh(beta * k) / std::sinh(beta * nn))));
    }
    planes.push_back(zero);
    for (int k = 1; k <= np; ++k) {
      planes.push_back(zero + static_cast<int>(std::lround(pos * std::sinh(beta * k) / std::sinh(beta * np))));
    }
  }
  strictly_increasing(planes, last);
  return planes;
}

}  // namespace

NeutralTable make_neutral_table(const aces::Lut3DStep& table, const std::function<void(std::span<float>)>& target,
                                unsigned threads, int size) {
  const auto start = std::chrono::steady_clock::now();
  const int ma = table.size;
  if (ma < 2 || table.values.size() != 3 * static_cast<std::size_t>(ma) * ma * ma) {
    throw Error(ErrorKind::usage, "neutral table: the LMT's table is malformed");
  }
  if (size < 3) throw Error(ErrorKind::usage, "neutral table: needs at least 3 nodes per axis");
  const Table a(table);
  const Eigen::Matrix3d rot = rotation();
  constexpr int E = kNeutralShaperEntries;

  // B's box: A's node values in rotated coordinates, a little wider.
  V3 zmin = V3::Constant(1e300), zmax = V3::Constant(-1e300);
  for (std::size_t k = 0; k < table.values.size(); k += 3) {
    const V3 z = rot * V3(table.values[k], table.values[k + 1], table.values[k + 2]);
    if (!z.allFinite()) continue;
    zmin = zmin.cwiseMin(z);
    zmax = zmax.cwiseMax(z);
  }
  for (int c = 0; c < 3; ++c) {
    if (c > 0) {  // the axis itself inside
      zmin[c] = std::min(zmin[c], 0.0);
      zmax[c] = std::max(zmax[c], 0.0);
    }
    const double margin = 1e-4 * (zmax[c] - zmin[c]) + 1e-6;
    zmin[c] -= margin;
    zmax[c] += margin;
  }

  // A's levels along the neutral axis (z0 of its diagonal nodes), increasing.
  std::vector<double> levels;
  for (int i = 0; i < ma; ++i) {
    const double l = rot.row(0).dot(a.node(i, i, i));
    // Rising levels only (a LUT that clips its white repeats its last one).
    if (std::isfinite(l) && (levels.empty() || l > levels.back())) levels.push_back(l);
  }

  // z -> LUT1D grid position G (entries). Along the axis: G = (z - zmin) s0, the lattice planes at
  // A's levels (resampled to B's size) between the box's ends. Across it: G = z s + zero, the box
  // within [1, E - 2], the planes graded from the axis.
  const double s0 = (E - 1) / (zmax[0] - zmin[0]);
  std::array<double, 3> s{s0, 0.0, 0.0};
  std::array<int, 3> zero{};
  std::array<std::vector<int>, 3> planes;
  {
    std::vector<double> knots = {zmin[0]};
    for (double l : levels) knots.push_back(std::clamp(l, zmin[0], zmax[0]));
    knots.push_back(zmax[0]);
    for (int k = 0; k < size; ++k) {
      const double t = static_cast<double>(k) * (knots.size() - 1) / (size - 1);
      const std::size_t i = std::min(static_cast<std::size_t>(t), knots.size() - 2);
      const double z = knots[i] + (t - i) * (knots[i + 1] - knots[i]);
      planes[0].push_back(k == 0 ? 0 : k == size - 1 ? E - 1 : static_cast<int>(std::lround((z - zmin[0]) * s0)));
    }
    strictly_increasing(planes[0], E - 1);
  }
  for (int c = 1; c < 3; ++c) {
    s[c] = (E - 3) / (zmax[c] - zmin[c]);
    zero[c] = static_cast<int>(std::ceil(-zmin[c] * s[c])) + 1;
    planes[c] = graded_planes(size, zero[c], E - 1, std::max(1.0, kFirstStep * s[c]));
  }

  NeutralTable out;
  // Matrix: node values -> LUT1D input w = G / (E - 1).
  aces::MatrixStep mat;
  aces::Vec3 offset;
  for (int c = 0; c < 3; ++c) {
    const double scale = s[c] / (E - 1);
    const double shift = (c == 0 ? -zmin[0] * s0 : zero[c]) / (E - 1);
    for (int k = 0; k < 3; ++k) mat.m(c, k) = scale * rot(c, k);
    offset[c] = shift;
  }
  mat.offset = offset;
  // LUT1D: w -> lattice coordinate, piecewise linear through each channel's planes (its kinks are
  // the planes, so a node holding its own position is the identity in every cell).
  aces::Lut1DStep shaper;
  shaper.values.resize(3 * static_cast<std::size_t>(E));
  for (int j = 0; j < E; ++j) {
    for (int c = 0; c < 3; ++c) {
      const auto& p = planes[c];
      const auto it = std::upper_bound(p.begin(), p.end(), j);
      const int k = std::clamp(static_cast<int>(it - p.begin()) - 1, 0, size - 2);
      const double frac = static_cast<double>(j - p[k]) / (p[k + 1] - p[k]);
      shaper.values[3 * j + c] = static_cast<float>((k + frac) / (size - 1));
    }
  }

  // A's cell size across the axis, by level (z0 of A's diagonal nodes).
  std::vector<std::pair<double, double>> cell;  // (level, size)
  for (int i = 0; i + 1 < ma; ++i) {
    const V3 base = a.node(i, i, i);
    double h = 0.0;
    for (int c = 0; c < 3; ++c) {
      std::array<int, 3> p = {i, i, i};
      ++p[c];
      const V3 d = rot * (a.node(p[0], p[1], p[2]) - base);
      h = std::max(h, std::hypot(d[1], d[2]));
    }
    cell.emplace_back(rot.row(0).dot(base), h);
  }
  std::sort(cell.begin(), cell.end());
  auto cell_at = [&](double level) {
    // The largest A cell within one level step (conservative where A's cells change fast).
    const auto it = std::lower_bound(cell.begin(), cell.end(), std::make_pair(level, -1.0));
    const std::size_t k = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(it - cell.begin(), 1, static_cast<std::ptrdiff_t>(cell.size()) - 1));
    return std::max(cell[k - 1].second, cell[k].second);
  };

  // B's nodes: their own positions; the tube's to be solved.
  const std::size_t nodes = static_cast<std::size_t>(size) * size * size;
  std::vector<float> values(3 * nodes);
  std::vector<std::size_t> tube;
  std::vector<double> tube_cell;
  auto across = [&](int c, int k) { return (planes[c][k] - zero[c]) / s[c]; };
  auto spacing = [&](int c, int k) {
    const auto& p = planes[c];
    const int lo = k > 0 ? p[k] - p[k - 1] : 0, hi = k + 1 < size ? p[k + 1] - p[k] : 0;
    return std::max(lo, hi) / s[c];
  };
  for (int i = 0; i < size; ++i) {
    const double z0 = zmin[0] + planes[0][i] / s0;
    for (int j = 0; j < size; ++j)
      for (int k = 0; k < size; ++k) {
        const V3 z(z0, across(1, j), across(2, k));
        const V3 y = rot.transpose() * z;
        const std::size_t n = (static_cast<std::size_t>(i) * size + j) * size + k;
        for (int c = 0; c < 3; ++c) values[3 * n + c] = static_cast<float>(y[c]);
        const double h = cell_at(z0);
        if (std::hypot(z[1], z[2]) <= kTubeCells * h && std::max(spacing(1, j), spacing(2, k)) <= kFinerThanA * h) {
          tube.push_back(n);
          tube_cell.push_back(h);
        }
      }
  }

  // Solve A(x) = y in the tube, then T(x).
  std::vector<float> x(3 * tube.size());
  std::vector<float> ok(tube.size(), 0.0f);
  for (std::size_t t = 0; t < tube.size(); ++t) {
    for (int c = 0; c < 3; ++c) x[3 * t + c] = values[3 * tube[t] + c];
  }
  aces::for_chunks(std::span<float>(x), threads, [&](std::span<float> chunk, std::size_t first) {
    for (std::size_t t = 0; 3 * t < chunk.size(); ++t) {
      const V3 y(chunk[3 * t], chunk[3 * t + 1], chunk[3 * t + 2]);
      V3 sol;
      const double err = solve(a, rot, y, sol);
      const V3 slopes = Eigen::JacobiSVD<Eigen::Matrix3d>(jacobian(a, sol)).singularValues();
      ok[first + t] = err <= kSolveTolerance && slopes[2] >= kMinSlopeRatio * slopes[0] ? 1.0f : 0.0f;
      for (int c = 0; c < 3; ++c) chunk[3 * t + c] = static_cast<float>(sol[c]);
    }
  });
  aces::for_chunks(std::span<float>(x), threads, [&](std::span<float> chunk, std::size_t) { target(chunk); });
  for (std::size_t t = 0; t < tube.size(); ++t) {
    const std::size_t n = tube[t];
    const V3 y(values[3 * n], values[3 * n + 1], values[3 * n + 2]);
    const V3 v(x[3 * t], x[3 * t + 1], x[3 * t + 2]);
    if (ok[t] == 0.0f || !v.allFinite() || (v - y).cwiseAbs().maxCoeff() > kMaxCorrectionCells * tube_cell[t]) {
      ++out.unsolved;
      continue;
    }
    ++out.corrected;
    out.max_correction = std::max(out.max_correction, (v - y).cwiseAbs().maxCoeff());
    out.tube = std::max(out.tube, std::hypot((rot * y)[1], (rot * y)[2]));
    for (int c = 0; c < 3; ++c) values[3 * n + c] = static_cast<float>(v[c]);
  }

  aces::Lut3DStep lut;
  lut.size = size;
  lut.values = std::move(values);
  lut.interpolation = aces::Interpolation3D::tetrahedral;
  out.steps.append(mat);
  out.steps.append(std::move(shaper));
  out.steps.append(std::move(lut));
  out.nodes = nodes;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace aceslab::lmt
