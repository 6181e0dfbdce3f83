// SPDX-License-Identifier: Apache-2.0
#include "solver/curve_fit.h"

#include <ceres/ceres.h>
#include <glog/logging.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>
#include <optional>
#include <sstream>

#include "solver/curve_model.h"
#include "solver/solver_options.h"

namespace aceslab::solver {

namespace {

void quiet_logging() {
  static std::once_flag flag;
  std::call_once(flag, [] { FLAGS_minloglevel = google::GLOG_FATAL; });
}

struct Sample {
  double code;
  double log2_reference;
  int channel;
  double sigma;  // standard error of the code, code units (negative: not given)
};

}  // namespace

namespace detail {

std::vector<double> place_knots(std::vector<double> codes, int wanted) {
  std::sort(codes.begin(), codes.end());
  // Knots at quantiles of the observed codes: dense where the data is (the dark end of a gamma
  // curve, where its log-slope changes fastest).
  constexpr double kMinGap = 1e-4;
  std::vector<double> knots;
  const int n = static_cast<int>(codes.size());
  for (int k = 0; k < wanted; ++k) {
    const double pos = double(k) * double(n - 1) / double(wanted - 1);
    const int i = static_cast<int>(std::floor(pos));
    const double f = pos - i;
    const double v = i + 1 < n ? codes[size_t(i)] * (1 - f) + codes[size_t(i) + 1] * f : codes.back();
    if (knots.empty() || v - knots.back() > kMinGap) knots.push_back(v);
  }
  if (knots.back() < codes.back() - kMinGap) knots.push_back(codes.back());
  return knots;
}

double smoothness_for_noise(const CurveFitOptions& opts, double noise_stops) {
  return opts.smoothness + opts.noise_smoothness * noise_stops * noise_stops;
}

void add_smoothness(ceres::Problem& problem, const Curve& curve, double* parameters, double weight) {
  const auto& u = curve.knot_positions();
  const int K = curve.knots();
  for (int k = 0; k + 2 < K; ++k) {
    auto* cost = new ceres::DynamicAutoDiffCostFunction<SmoothnessResidual, 8>(new SmoothnessResidual{
        k, u[size_t(k) + 1] - u[size_t(k)], u[size_t(k) + 2] - u[size_t(k) + 1], std::sqrt(weight)});
    cost->AddParameterBlock(K + 1);
    cost->SetNumResiduals(1);
    problem.AddResidualBlock(cost, nullptr, parameters);
  }
}

}  // namespace detail

using detail::Curve;
using detail::ObservationResidual;
using detail::place_knots;

CurveFitResult fit_linearisation(const std::vector<NeutralSeries>& series, const CurveFitOptions& opts) {
  quiet_logging();
  CurveFitResult result;
  if (opts.lut_size < 2) {
    result.message = "lut_size must be at least 2";
    return result;
  }
  if (opts.knots < 3) {
    result.message = "knots must be at least 3";
    return result;
  }
  if (!(opts.smoothness >= 0.0) || !std::isfinite(opts.smoothness) || !(opts.noise_smoothness >= 0.0) ||
      !std::isfinite(opts.noise_smoothness)) {
    result.message = "smoothness and noise_smoothness must be finite and >= 0";
    return result;
  }
  std::vector<Sample> samples;
  std::vector<double> evs;
  for (size_t e = 0; e < series.size(); ++e) {
    const auto& s = series[e];
    const bool per_channel = !s.reference_linear_rgb.empty();
    if (per_channel && s.reference_linear_rgb.size() != s.camera_codes.size()) {
      std::ostringstream msg;
      msg << "exposure " << e << " (EV " << s.ev << "): " << s.camera_codes.size() << " code triplets but "
          << s.reference_linear_rgb.size() << " per-channel reference values";
      result.message = msg.str();
      return result;
    }
    if (!per_channel && s.camera_codes.size() != s.reference_linear.size()) {
      std::ostringstream msg;
      msg << "exposure " << e << " (EV " << s.ev << "): " << s.camera_codes.size() << " code triplets but "
          << s.reference_linear.size() << " reference values";
      result.message = msg.str();
      return result;
    }
    if (!s.code_sigma.empty() && s.code_sigma.size() != s.camera_codes.size()) {
      std::ostringstream msg;
      msg << "exposure " << e << " (EV " << s.ev << "): " << s.camera_codes.size() << " code triplets but "
          << s.code_sigma.size() << " standard errors";
      result.message = msg.str();
      return result;
    }
    bool used = false;
    for (size_t i = 0; i < s.camera_codes.size(); ++i) {
      for (int c = 0; c < 3; ++c) {
        const double ref = per_channel ? s.reference_linear_rgb[i][c] : s.reference_linear[i];
        if (!(ref > 0.0) || !std::isfinite(ref)) continue;
        const double u = s.camera_codes[i][c];
        if (!std::isfinite(u) || u >= opts.clip_code || u <= opts.floor_code) continue;
        double sigma = -1.0;  // not given: left out of the noise measurement
        if (!s.code_sigma.empty()) {
          sigma = s.code_sigma[i][c];
          if (!std::isfinite(sigma) || sigma < 0.0) sigma = 0.0;  // given as 0 (or invalid): noise-free
        }
        samples.push_back({u, std::log2(ref), c, sigma});
        used = true;
      }
    }
    if (used && std::find(evs.begin(), evs.end(), s.ev) == evs.end()) evs.push_back(s.ev);
  }
  if (evs.size() < 2) {
    result.message = "need at least 2 exposures with unclipped neutral patches, got " + std::to_string(evs.size());
    return result;
  }
  for (int c = 0; c < 3; ++c) {
    if (std::none_of(samples.begin(), samples.end(), [&](const Sample& s) { return s.channel == c; })) {
      result.message = std::string("channel ") + "RGB"[c] + " has no usable code values";
      return result;
    }
  }

  std::vector<double> codes;
  for (const auto& s : samples) codes.push_back(s.code);
  const Curve curve(place_knots(codes, opts.knots));
  const int K = curve.knots();
  if (K < 2) {
    result.message = "the code values span no range (all patches read the same)";
    return result;
  }
  result.code_min = curve.knot_positions().front();
  result.code_max = curve.knot_positions().back();

  // Start: a log encoding (log2 L linear in u) through the extreme samples:
  // L = 2^(s0 + m (u - u0)), so q(u) = ln(L'(u)) = ln(m ln2) + ln2 (s0 + m (u - u0)).
  double lo_u = 1e9, lo_s = 0, hi_u = -1e9, hi_s = 0;
  for (const auto& s : samples) {
    if (s.code < lo_u) lo_u = s.code, lo_s = s.log2_reference;
    if (s.code > hi_u) hi_u = s.code, hi_s = s.log2_reference;
  }
  const double m = std::max((hi_s - lo_s) / std::max(hi_u - lo_u, 1e-6), 1e-2);
  const double u0 = curve.knot_positions().front();
  const double s0 = lo_s - m * (lo_u - u0);
  std::vector<double> p(size_t(K) + 1);
  p[0] = std::numbers::ln2 * s0;
  for (int k = 0; k < K; ++k) p[size_t(k) + 1] = std::log(m * std::numbers::ln2) + std::numbers::ln2 * (s0 + m * (curve.knot_positions()[size_t(k)] - u0));
  double gain_r = 0.0, gain_b = 0.0;

  // One solve with the smoothness weight `smoothness` (scaled below), from the current p and gains.
  auto solve = [&](double smoothness) {
    ceres::Problem problem;
    for (const auto& s : samples) {
      auto* cost = new ceres::DynamicAutoDiffCostFunction<ObservationResidual, 8>(
          new ObservationResidual{&curve, s.code, s.log2_reference, s.channel != 1});
      cost->AddParameterBlock(K + 1);
      if (s.channel != 1) cost->AddParameterBlock(1);
      cost->SetNumResiduals(1);
      if (s.channel == 1) problem.AddResidualBlock(cost, nullptr, p.data());
      else problem.AddResidualBlock(cost, nullptr, p.data(), s.channel == 0 ? &gain_r : &gain_b);
    }
    // The penalty is relative to the data term: scaled by the number of samples per knot.
    const double weight = smoothness * double(samples.size()) / double(K);
    if (weight > 0.0) add_smoothness(problem, curve, p.data(), weight);
    const ceres::Solver::Options options = detail::quiet_dense_options(500, 1e-14);
    ceres::Solver::Summary summary;
    ceres::Solve(options, &problem, &summary);
    result.solver_summary = summary.BriefReport();
    return summary.IsSolutionUsable() && std::isfinite(gain_r) && std::isfinite(gain_b) &&
           std::all_of(p.begin(), p.end(), [](double v) { return std::isfinite(v); });
  };
  bool solved = solve(opts.smoothness);
  // The noise of the samples in stops, through the slope of the curve just fitted; then the
  // smoothness it calls for, solved again from there.
  std::vector<double> sigma_stops;
  for (const auto& s : samples) {
    if (s.sigma >= 0.0) sigma_stops.push_back(s.sigma * curve.slope(p, s.code) / (curve.linear(p, s.code) * std::numbers::ln2));
  }
  result.smoothness = opts.smoothness;
  if (solved && !sigma_stops.empty()) {  // median: robust to a few noisy patches
    std::nth_element(sigma_stops.begin(), sigma_stops.begin() + long(sigma_stops.size() / 2), sigma_stops.end());
    result.noise_stops = sigma_stops[sigma_stops.size() / 2];
    result.smoothness = detail::smoothness_for_noise(opts, result.noise_stops);
    if (result.smoothness > opts.smoothness) solved = solve(result.smoothness);
  }
  if (!solved) {
    result.message = "the solver found no usable curve: " + result.solver_summary;
    return result;
  }

  // Residuals in stops.
  double sum2 = 0.0, worst = 0.0;
  for (const auto& s : samples) {
    double r = std::log2(curve.linear(p, s.code)) - s.log2_reference;
    if (s.channel == 0) r += gain_r;
    if (s.channel == 2) r += gain_b;
    sum2 += r * r;
    worst = std::max(worst, std::abs(r));
  }
  result.rms_log_error = std::sqrt(sum2 / double(samples.size()));
  result.max_log_error = worst;
  result.observations_used = static_cast<int>(samples.size());

  result.model.knots = curve.knot_positions();
  result.model.parameters = p;
  result.model.log2_gain = Eigen::Vector3d(gain_r, 0.0, gain_b);
  const NeutralSeries* ev0 = nullptr;
  for (const auto& s : series)
    if (s.camera_codes.size() > 3 && (!ev0 || std::abs(s.ev) < std::abs(ev0->ev))) ev0 = &s;
  detail::tabulate_curve(ev0 ? std::optional<Eigen::Vector3d>(ev0->camera_codes[3]) : std::nullopt, opts.lut_size, result);
  result.usable = true;
  return result;
}

namespace detail {

void tabulate_curve(const std::optional<Eigen::Vector3d>& neutral5_codes, int lut_size, CurveFitResult& result) {
  const Curve curve(result.model.knots);
  const std::vector<double>& p = result.model.parameters;
  // Make neutral 5 of the exposure nearest EV 0 read exactly equal in R, G, B.
  Eigen::Vector3d log_gain = result.model.log2_gain - Eigen::Vector3d::Constant(result.model.log2_gain[1]);
  if (neutral5_codes) {
    const Eigen::Vector3d& codes5 = *neutral5_codes;
    const double g = std::log2(curve.linear(p, codes5[1]));
    for (int c : {0, 2}) {
      const double v = std::log2(curve.linear(p, codes5[c]));
      if (std::isfinite(v) && std::isfinite(g)) log_gain[c] = g - v;
    }
  }
  for (int c = 0; c < 3; ++c) result.white_balance[c] = std::exp2(log_gain[c]);

  result.lut.resize(size_t(lut_size) * 3);
  for (int i = 0; i < lut_size; ++i) {
    const double u = double(i) / double(lut_size - 1);
    const double L = curve.linear(p, u);
    for (int c = 0; c < 3; ++c) result.lut[size_t(i) * 3 + size_t(c)] = static_cast<float>(L * result.white_balance[c]);
  }
}

}  // namespace detail

double apply_lut_channel(const CurveFitResult& fit, double code, int channel) {
  const size_t n = fit.lut.size() / 3;
  if (n < 2) return 0.0;
  const double x = std::clamp(code, 0.0, 1.0) * double(n - 1);
  const size_t i = std::min(static_cast<size_t>(x), n - 2);
  const double t = x - double(i);
  const double a = fit.lut[i * 3 + size_t(channel)], b = fit.lut[(i + 1) * 3 + size_t(channel)];
  return a + t * (b - a);
}

}  // namespace aceslab::solver
