// SPDX-License-Identifier: Apache-2.0
#include "solver/matrix_fit.h"

#include <glog/logging.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <numeric>
#include <random>
#include <sstream>

#include "color/chromaticity.h"
#include "color/error.h"
#include "solver/matrix_residual.h"
#include "solver/solver_options.h"

namespace aceslab::solver {

namespace detail {

ErrorSpaceFrame ErrorSpaceFrame::make(const Eigen::Vector3d& lab_white_XYZ) {
  ErrorSpaceFrame f;
  f.aces_to_XYZ = aces::rgb_to_XYZ_matrix(aces::primaries::kAP0);
  f.XYZ_to_D65 = aces::adaptation_matrix(aces::xy_to_XYZ(aces::primaries::kWhiteACES),
                                         aces::xy_to_XYZ(aces::primaries::kWhiteD65), aces::Adaptation::cat02);
  f.lab_white_XYZ = lab_white_XYZ;
  return f;
}

ceres::CostFunction* make_matrix_cost(const Observation& obs, const MatrixFitOptions& opts,
                                      const ErrorSpaceFrame& frame) {
  MatrixResidual residual(obs, opts.space, frame);
  if (opts.preserve_white) {
    return new ceres::AutoDiffCostFunction<WhitePreservingResidual, 3, 6>(new WhitePreservingResidual{residual});
  }
  return new ceres::AutoDiffCostFunction<FreeMatrixResidual, 3, 9>(new FreeMatrixResidual{residual});
}

std::vector<double> matrix_to_parameters(const Eigen::Matrix3d& m, bool preserve_white) {
  std::vector<double> p;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < (preserve_white ? 2 : 3); ++j) p.push_back(m(i, j));
  return p;
}

Eigen::Matrix3d parameters_to_matrix(const double* p, bool preserve_white) {
  Eigen::Matrix3d m;
  for (int i = 0; i < 3; ++i) {
    if (preserve_white) {
      m(i, 0) = p[2 * i];
      m(i, 1) = p[2 * i + 1];
      m(i, 2) = 1.0 - p[2 * i] - p[2 * i + 1];
    } else {
      for (int j = 0; j < 3; ++j) m(i, j) = p[3 * i + j];
    }
  }
  return m;
}

}  // namespace detail

namespace {

// Ceres logs through glog; library code must stay silent (warnings included).
void quiet_logging() {
  static std::once_flag flag;
  std::call_once(flag, [] { FLAGS_minloglevel = google::GLOG_FATAL; });
}

bool finite(const Eigen::Vector3d& v) { return v.allFinite(); }

// Weighted linear least squares in ACES itself, with the row-sum constraint substituted: a good,
// deterministic starting point for the perceptual fit.
Eigen::Matrix3d linear_start(const std::vector<Observation>& obs, bool preserve_white) {
  Eigen::Matrix3d m = Eigen::Matrix3d::Identity();
  const int n = static_cast<int>(obs.size());
  const int k = preserve_white ? 2 : 3;
  Eigen::MatrixXd A(n, k);
  for (int row = 0; row < 3; ++row) {
    Eigen::VectorXd b(n);
    for (int i = 0; i < n; ++i) {
      const auto& o = obs[static_cast<size_t>(i)];
      const double w = std::sqrt(o.weight);
      if (preserve_white) {
        A(i, 0) = w * (o.camera[0] - o.camera[2]);
        A(i, 1) = w * (o.camera[1] - o.camera[2]);
        b[i] = w * (o.reference_aces[row] - o.camera[2]);
      } else {
        for (int j = 0; j < 3; ++j) A(i, j) = w * o.camera[j];
        b[i] = w * o.reference_aces[row];
      }
    }
    const Eigen::VectorXd x = A.colPivHouseholderQr().solve(b);
    if (!x.allFinite()) return Eigen::Matrix3d::Identity();
    if (preserve_white) {
      m(row, 0) = x[0];
      m(row, 1) = x[1];
      m(row, 2) = 1.0 - x[0] - x[1];
    } else {
      for (int j = 0; j < 3; ++j) m(row, j) = x[j];
    }
  }
  return m;
}

void validate(const MatrixFitOptions& opts) {
  if (!(opts.huber_scale >= 0.0) || !std::isfinite(opts.huber_scale)) {
    throw Error(ErrorKind::usage, "huber_scale must be >= 0 (0 = plain least squares)");
  }
  if (opts.max_iterations < 1) throw Error(ErrorKind::usage, "max_iterations must be >= 1");
  if (opts.restarts < 0) throw Error(ErrorKind::usage, "restarts must be >= 0");
  if (!opts.lab_white_XYZ.allFinite() || !(opts.lab_white_XYZ.minCoeff() > 0.0)) {
    throw Error(ErrorKind::usage, "lab_white_XYZ must be positive");
  }
}

struct Solved {
  std::vector<double> parameters;
  double cost = 0;
  std::string summary;
  bool usable = false;
};

Solved solve_from(const std::vector<Observation>& obs, const MatrixFitOptions& opts,
                  const detail::ErrorSpaceFrame& frame, std::vector<double> start) {
  ceres::Problem problem;
  for (const auto& o : obs) {
    ceres::LossFunction* loss = opts.huber_scale > 0.0 ? new ceres::HuberLoss(opts.huber_scale) : nullptr;
    problem.AddResidualBlock(detail::make_matrix_cost(o, opts, frame), loss, start.data());
  }
  // Tight tolerances: a noiseless fit must return the known matrix to 1e-6 and the rawtoaces
  // goldens are given to 1e-7 relative (rawtoaces itself uses 1e-17).
  const ceres::Solver::Options options = detail::quiet_dense_options(opts.max_iterations, 1e-16);
  ceres::Solver::Summary summary;
  ceres::Solve(options, &problem, &summary);
  Solved s;
  s.parameters = std::move(start);
  s.cost = summary.final_cost;
  s.summary = summary.BriefReport();
  s.usable = summary.IsSolutionUsable() && std::isfinite(summary.final_cost) &&
             std::all_of(s.parameters.begin(), s.parameters.end(), [](double v) { return std::isfinite(v); });
  return s;
}

}  // namespace

std::vector<double> delta_E_2000_per_observation(const Eigen::Matrix3d& matrix, const std::vector<Observation>& obs,
                                                 const Eigen::Vector3d& lab_white_XYZ) {
  const Eigen::Matrix3d to_XYZ = aces::rgb_to_XYZ_matrix(aces::primaries::kAP0);
  std::vector<double> out;
  out.reserve(obs.size());
  for (const auto& o : obs) {
    const Eigen::Vector3d ref = aces::XYZ_to_Lab(Eigen::Vector3d(to_XYZ * o.reference_aces), lab_white_XYZ);
    const Eigen::Vector3d est = aces::XYZ_to_Lab(Eigen::Vector3d(to_XYZ * (matrix * o.camera)), lab_white_XYZ);
    out.push_back(aces::delta_E_2000(ref, est));
  }
  return out;
}

double matrix_fit_cost(const Eigen::Matrix3d& matrix, const std::vector<Observation>& obs,
                       const MatrixFitOptions& opts) {
  validate(opts);
  const auto frame = detail::ErrorSpaceFrame::make(opts.lab_white_XYZ);
  // Evaluate the residuals with the free 9-parameter layout (same functor, no constraint applied).
  std::vector<double> p = detail::matrix_to_parameters(matrix, false);
  const double a = opts.huber_scale;
  double cost = 0.0;
  for (const auto& o : obs) {
    detail::MatrixResidual residual(o, opts.space, frame);
    double r[3];
    residual(p.data(), r, false);
    const double s = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
    // ceres::HuberLoss: rho(s) = s for s <= a^2, 2 a sqrt(s) - a^2 beyond.
    cost += (a > 0.0 && s > a * a) ? 2.0 * a * std::sqrt(s) - a * a : s;
  }
  return 0.5 * cost;
}

MatrixFitResult fit_idt_matrix(const std::vector<Observation>& obs, const MatrixFitOptions& opts) {
  validate(opts);
  quiet_logging();
  MatrixFitResult result;
  if (obs.size() < 3) {
    result.message = "need at least 3 observations, got " + std::to_string(obs.size());
    return result;
  }
  for (size_t i = 0; i < obs.size(); ++i) {
    const auto& o = obs[i];
    if (!finite(o.camera) || !finite(o.reference_aces) || !(o.weight > 0.0) || !std::isfinite(o.weight)) {
      std::ostringstream msg;
      msg << "observation " << i << (o.label.empty() ? "" : " (" + o.label + ")")
          << " has a non-finite value or a non-positive weight";
      result.message = msg.str();
      return result;
    }
  }

  const auto frame = detail::ErrorSpaceFrame::make(opts.lab_white_XYZ);
  const Eigen::Matrix3d start = opts.initial ? *opts.initial : linear_start(obs, opts.preserve_white);
  const std::vector<double> p0 = detail::matrix_to_parameters(start, opts.preserve_white);

  Solved best = solve_from(obs, opts, frame, p0);
  // Deterministic restarts around the linear start: with a robust loss the objective can have
  // several basins; the best final cost wins.
  std::mt19937 rng(20240521u);
  std::normal_distribution<double> jitter(0.0, 0.15);
  for (int r = 0; r < opts.restarts; ++r) {
    std::vector<double> p = p0;
    for (double& v : p) v += jitter(rng);
    Solved s = solve_from(obs, opts, frame, p);
    if (s.usable && (!best.usable || s.cost < best.cost)) best = std::move(s);
  }

  result.solver_summary = best.summary;
  result.final_cost = best.cost;
  if (!best.usable) {
    result.message = "the solver found no usable solution: " + best.summary;
    return result;
  }
  result.matrix = detail::parameters_to_matrix(best.parameters.data(), opts.preserve_white);
  result.delta_E_2000 = delta_E_2000_per_observation(result.matrix, obs, opts.lab_white_XYZ);
  if (!std::all_of(result.delta_E_2000.begin(), result.delta_E_2000.end(), [](double v) { return std::isfinite(v); })) {
    result.message = "the fitted matrix maps some patch to a non-finite colour";
    return result;
  }
  result.mean_delta_E_2000 =
      std::accumulate(result.delta_E_2000.begin(), result.delta_E_2000.end(), 0.0) / double(result.delta_E_2000.size());
  result.max_delta_E_2000 = *std::max_element(result.delta_E_2000.begin(), result.delta_E_2000.end());
  result.worst.resize(obs.size());
  std::iota(result.worst.begin(), result.worst.end(), 0);
  std::stable_sort(result.worst.begin(), result.worst.end(),
                   [&](int a, int b) { return result.delta_E_2000[size_t(a)] > result.delta_E_2000[size_t(b)]; });
  result.usable = true;
  return result;
}

}  // namespace aceslab::solver
