// SPDX-License-Identifier: Apache-2.0
// The model behind the fitted linearisation (solver/curve_fit.h), shared by the curve fit and the
// joint curve + matrix refinement (solver/joint_fit.h): a strictly increasing C1 curve L(u) whose
// log-derivative is piecewise linear over knots, and the Ceres residuals built on it (neutral
// patches in stops, smoothness of the log-derivative). Only solver/ and its tests include this.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <utility>
#include <vector>

#include <ceres/ceres.h>

#include "solver/curve_fit.h"

namespace aceslab::solver::detail {

// The curve L(u), linear light at code u. Knots u_0 < ... < u_{K-1}; the derivative is
// L'(u) = exp(q(u)) with q linear in u between knots, and L(u_0) = exp(l0), so L is positive and
// strictly increasing on the data, and C1. A log encoding has q linear in u, a linear toe q constant,
// a power law q = const + (gamma - 1) ln u: all smooth in q, which the smoothness penalty exploits.
// Parameter block layout: [l0, q_0 .. q_{K-1}].
class Curve {
 public:
  explicit Curve(std::vector<double> knots) : m_knots(std::move(knots)) {}
  int knots() const { return static_cast<int>(m_knots.size()); }
  const std::vector<double>& knot_positions() const { return m_knots; }

  // integral over [0, t] of exp(q0 + beta x) dx
  template <typename T>
  static T segment_integral(const T& q0, const T& beta, double t) {
    using std::abs;
    using std::exp;
    const T bt = beta * T(t);
    if (abs(bt) < T(1e-4)) return exp(q0) * T(t) * (T(1.0) + bt / T(2.0) + bt * bt / T(6.0) + bt * bt * bt / T(24.0));
    return exp(q0) * (exp(bt) - T(1.0)) / beta;
  }

  template <typename T>
  T linear(const T* p, double u) const {
    using std::exp;
    const int K = knots();
    const T* q = p + 1;
    T L = exp(p[0]);
    if (u <= m_knots.front()) return L + exp(q[0]) * T(u - m_knots.front());  // linear below the data
    for (int k = 0; k + 1 < K; ++k) {
      const double a = m_knots[size_t(k)], b = m_knots[size_t(k) + 1];
      const T beta = (q[k + 1] - q[k]) / T(b - a);
      if (u >= b) {
        L += segment_integral(q[k], beta, b - a);
        continue;
      }
      return L + segment_integral(q[k], beta, u - a);
    }
    // Above the data: q continues with the last segment's slope (not decreasing), so a log
    // encoding keeps its exponential growth.
    T beta = (q[K - 1] - q[K - 2]) / T(m_knots[size_t(K) - 1] - m_knots[size_t(K) - 2]);
    if (beta < T(0.0)) beta = T(0.0);
    return L + segment_integral(q[K - 1], beta, u - m_knots.back());
  }

  double linear(const std::vector<double>& p, double u) const { return linear(p.data(), u); }

  // L'(u) = exp(q(u)), extended as linear() extends L.
  double slope(const std::vector<double>& p, double u) const {
    const int K = knots();
    const double* q = p.data() + 1;
    if (u <= m_knots.front()) return std::exp(q[0]);
    for (int k = 0; k + 1 < K; ++k) {
      const double a = m_knots[size_t(k)], b = m_knots[size_t(k) + 1];
      if (u < b) return std::exp(q[k] + (q[k + 1] - q[k]) * (u - a) / (b - a));
    }
    const double beta = std::max(0.0, (q[K - 1] - q[K - 2]) / (m_knots[size_t(K) - 1] - m_knots[size_t(K) - 2]));
    return std::exp(q[K - 1] + beta * (u - m_knots.back()));
  }

 private:
  std::vector<double> m_knots;
};

// log2 L(u) + b_c - log2(reference): the residual of one (patch, exposure, channel).
struct ObservationResidual {
  const Curve* curve;
  double code;
  double log2_reference;
  bool has_gain;  // G is the reference channel (b_G = 0); R and B carry a gain block
  double scale = 1.0;  // residual units per stop (1 in the curve fit; a joint fit weighs it against colour errors)

  template <typename T>
  bool operator()(T const* const* blocks, T* residual) const {
    using std::log;
    T r = log(curve->linear(blocks[0], code)) / T(std::numbers::ln2) - T(log2_reference);
    if (has_gain) r += blocks[1][0];
    residual[0] = T(scale) * r;
    return true;
  }
};

// sqrt(w) x (change of dq/du across knot k+1) x mean gap: zero for a pure log encoding (q linear)
// and for a linear toe (q constant).
struct SmoothnessResidual {
  int k;  // penalises the bend at knot k + 1
  double h0, h1;
  double sqrt_weight;
  template <typename T>
  bool operator()(T const* const* blocks, T* residual) const {
    const T* q = blocks[0] + 1;
    const T bend = (q[k + 2] - q[k + 1]) / T(h1) - (q[k + 1] - q[k]) / T(h0);
    residual[0] = T(sqrt_weight * 0.5 * (h0 + h1)) * bend;
    return true;
  }
};

std::vector<double> place_knots(std::vector<double> codes, int wanted);

// The smoothness weight for samples of median standard error `noise_stops` (CurveFitOptions).
double smoothness_for_noise(const CurveFitOptions& opts, double noise_stops);

// Adds the smoothness residuals of every inner knot, each with weight `weight`, on `parameters`
// (the curve's block, K + 1 values).
void add_smoothness(ceres::Problem& problem, const Curve& curve, double* parameters, double weight);

// Fills result.lut (lut_size entries per channel) and result.white_balance from result.model: the
// channel gains are set so that `neutral5_codes` (neutral 5 of the exposure nearest EV 0) decode to
// equal R, G, B; without them the model's own gains are used.
void tabulate_curve(const std::optional<Eigen::Vector3d>& neutral5_codes, int lut_size, CurveFitResult& result);

}  // namespace aceslab::solver::detail
