// SPDX-License-Identifier: Apache-2.0
#include "solver/joint_fit.h"

#include <glog/logging.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>
#include <sstream>

#include "solver/joint_residual.h"
#include "solver/solver_options.h"

namespace aceslab::solver {

namespace {

void quiet_logging() {
  static std::once_flag flag;
  std::call_once(flag, [] { FLAGS_minloglevel = google::GLOG_FATAL; });
}

struct NeutralSample {
  double code;
  double log2_reference;
  int channel;
};

// The neutral-ramp samples the first stage used (same clipping and floor rules).
std::vector<NeutralSample> neutral_samples(const std::vector<NeutralSeries>& neutrals, const CurveFitOptions& opts) {
  std::vector<NeutralSample> out;
  for (const NeutralSeries& s : neutrals) {
    const bool per_channel = !s.reference_linear_rgb.empty();
    for (std::size_t i = 0; i < s.camera_codes.size(); ++i) {
      for (int c = 0; c < 3; ++c) {
        const double ref = per_channel ? (i < s.reference_linear_rgb.size() ? s.reference_linear_rgb[i][c] : 0.0)
                                       : (i < s.reference_linear.size() ? s.reference_linear[i] : 0.0);
        const double u = s.camera_codes[i][c];
        if (!(ref > 0.0) || !std::isfinite(ref) || !std::isfinite(u) || u >= opts.clip_code || u <= opts.floor_code) continue;
        out.push_back({u, std::log2(ref), c});
      }
    }
  }
  return out;
}

bool all_finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

}  // namespace

JointFitResult refine_curve_and_matrix(const CurveFitResult& start, const Eigen::Vector3d& start_gain,
                                       const Eigen::Matrix3d& start_matrix, const std::vector<NeutralSeries>& neutrals,
                                       const std::vector<ChartObservation>& chart,
                                       const Eigen::Vector3d& neutral5_codes, const JointFitOptions& opts) {
  quiet_logging();
  JointFitResult result;
  const CurveModel& model = start.model;
  if (!start.usable || model.knots.size() < 2 || model.parameters.size() != model.knots.size() + 1) {
    result.message = "no usable first-stage curve to refine";
    return result;
  }
  if (!start_gain.allFinite() || !(start_gain.minCoeff() > 0.0) || !start_matrix.allFinite()) {
    result.message = "the starting gains or matrix are not finite and positive";
    return result;
  }
  if (!(opts.error_units_per_stop >= 0.0) || !std::isfinite(opts.error_units_per_stop) || !(opts.matrix.huber_scale >= 0.0) ||
      opts.max_iterations < 1) {
    result.message = "invalid options: error_units_per_stop and huber_scale must be >= 0, max_iterations >= 1";
    return result;
  }
  if (chart.size() < 3) {
    result.message = "need at least 3 chart observations, got " + std::to_string(chart.size());
    return result;
  }
  for (std::size_t i = 0; i < chart.size(); ++i) {
    const ChartObservation& o = chart[i];
    if (!o.codes.allFinite() || !o.reference_aces.allFinite() || !std::isfinite(o.ev) || !(o.weight > 0.0) ||
        !std::isfinite(o.weight)) {
      std::ostringstream msg;
      msg << "chart observation " << i << (o.label.empty() ? "" : " (" + o.label + ")")
          << " has a non-finite value or a non-positive weight";
      result.message = msg.str();
      return result;
    }
  }

  const detail::Curve curve(model.knots);
  const int K = curve.knots();
  // Start: the curve carries green's gain (its level), R and B keep theirs relative to green.
  std::vector<double> p = model.parameters;
  const double ln_green = std::log(start_gain[1]);
  for (double& v : p) v += ln_green;
  double gain_r = std::log2(start_gain[0] / start_gain[1]);
  double gain_b = std::log2(start_gain[2] / start_gain[1]);
  std::vector<double> m = detail::matrix_to_parameters(start_matrix, true);
  const auto frame = detail::ErrorSpaceFrame::make(opts.matrix.lab_white_XYZ);

  ceres::Problem problem;
  for (const ChartObservation& o : chart) {
    ceres::LossFunction* loss = opts.matrix.huber_scale > 0.0 ? new ceres::HuberLoss(opts.matrix.huber_scale) : nullptr;
    problem.AddResidualBlock(detail::make_chart_cost(&curve, o, opts.matrix.space, frame), loss,
                             std::vector<double*>{p.data(), &gain_r, &gain_b, m.data()});
  }
  // The neutral ramp of the first stage, in stops scaled to the error space's units.
  const std::vector<NeutralSample> ramp = neutral_samples(neutrals, opts.curve);
  for (const NeutralSample& n : ramp) {
    auto* cost = new ceres::DynamicAutoDiffCostFunction<detail::ObservationResidual, 8>(
        new detail::ObservationResidual{&curve, n.code, n.log2_reference, n.channel != 1, opts.error_units_per_stop});
    cost->AddParameterBlock(K + 1);
    if (n.channel != 1) cost->AddParameterBlock(1);
    cost->SetNumResiduals(1);
    if (n.channel == 1) problem.AddResidualBlock(cost, nullptr, p.data());
    else problem.AddResidualBlock(cost, nullptr, p.data(), n.channel == 0 ? &gain_r : &gain_b);
  }
  // The first stage's smoothness penalty for the noise it measured, with the same scaling (samples
  // per knot), in these units. The colour patches of every exposure bend the curve as readily as
  // the ramp does, so the noise sets the weight here as there (solver/curve_fit.h).
  result.smoothness = detail::smoothness_for_noise(opts.curve, start.noise_stops);
  const double weight = result.smoothness * double(std::max<std::size_t>(ramp.size(), 1)) / double(K) *
                        opts.error_units_per_stop * opts.error_units_per_stop;
  if (weight > 0.0 && K >= 3) detail::add_smoothness(problem, curve, p.data(), weight);

  const ceres::Solver::Options options = detail::quiet_dense_options(opts.max_iterations, 1e-12);
  ceres::Solver::Summary summary;
  ceres::Solve(options, &problem, &summary);
  result.solver_summary = summary.BriefReport();
  result.initial_cost = summary.initial_cost;
  result.final_cost = summary.final_cost;
  if (!summary.IsSolutionUsable() || !all_finite(p) || !all_finite(m) || !std::isfinite(gain_r) ||
      !std::isfinite(gain_b)) {
    result.message = "the joint refinement found no usable solution: " + result.solver_summary;
    return result;
  }

  result.matrix = detail::parameters_to_matrix(m.data(), true);
  result.curve = start;
  result.curve.model.parameters = p;
  result.curve.model.log2_gain = Eigen::Vector3d(gain_r, 0.0, gain_b);
  detail::tabulate_curve(neutral5_codes, opts.curve.lut_size, result.curve);
  // The LUT holds L x white_balance; the matrix wants L x 2^gain.
  for (int c = 0; c < 3; ++c) result.channel_gain[c] = std::exp2(result.curve.model.log2_gain[c]) / result.curve.white_balance[c];
  result.curve.solver_summary = result.solver_summary;

  // The neutral ramp's residual in stops, as the first stage reports it.
  double sum2 = 0.0, worst = 0.0;
  for (const NeutralSample& n : ramp) {
    const double r = std::log2(curve.linear(p, n.code)) + result.curve.model.log2_gain[n.channel] - n.log2_reference;
    sum2 += r * r;
    worst = std::max(worst, std::abs(r));
  }
  result.curve.rms_log_error = ramp.empty() ? 0.0 : std::sqrt(sum2 / double(ramp.size()));
  result.curve.max_log_error = worst;
  result.curve.observations_used = static_cast<int>(ramp.size());
  result.curve.smoothness = result.smoothness;
  result.usable = true;
  return result;
}

}  // namespace aceslab::solver
