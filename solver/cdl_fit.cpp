// SPDX-License-Identifier: Apache-2.0
#include "solver/cdl_fit.h"

#include <ceres/ceres.h>
#include <glog/logging.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "color/error.h"
#include "solver/cdl_residual.h"
#include "solver/solver_options.h"

namespace aceslab::solver {
namespace {

// Parameter bounds (see cdl_fit.h).
constexpr double kSlopeMin = 0.05, kSlopeMax = 20.0;
constexpr double kOffsetMin = -1.0, kOffsetMax = 1.0;
constexpr double kPowerMin = 0.05, kPowerMax = 20.0;
constexpr double kSatMin = 0.0, kSatMax = 4.0;
constexpr int kMinSamples = 4;

void quiet_logging() {
  static std::once_flag flag;
  std::call_once(flag, [] { FLAGS_minloglevel = google::GLOG_FATAL; });
}

// Solves from `p` (updated in place); with `hold_saturation`, the saturation stays as it is.
ceres::Solver::Summary solve(const std::vector<const CdlSample*>& valid, const CdlFitOptions& options, CdlParams& p,
                             bool hold_saturation) {
  ceres::Problem problem;
  for (const CdlSample* s : valid) {
    ceres::LossFunction* loss = options.huber_scale > 0.0 ? new ceres::HuberLoss(options.huber_scale) : nullptr;
    problem.AddResidualBlock(detail::CdlResidual::Create(*s), loss, p.slope.data(), p.offset.data(), p.power.data(),
                             &p.saturation);
  }
  for (int c = 0; c < 3; ++c) {
    problem.SetParameterLowerBound(p.slope.data(), c, kSlopeMin);
    problem.SetParameterUpperBound(p.slope.data(), c, kSlopeMax);
    problem.SetParameterLowerBound(p.offset.data(), c, kOffsetMin);
    problem.SetParameterUpperBound(p.offset.data(), c, kOffsetMax);
    problem.SetParameterLowerBound(p.power.data(), c, kPowerMin);
    problem.SetParameterUpperBound(p.power.data(), c, kPowerMax);
  }
  problem.SetParameterLowerBound(&p.saturation, 0, kSatMin);
  problem.SetParameterUpperBound(&p.saturation, 0, kSatMax);
  if (hold_saturation) problem.SetParameterBlockConstant(&p.saturation);
  ceres::Solver::Options o = detail::quiet_dense_options(options.max_iterations, 1e-12);
  ceres::Solver::Summary summary;
  ceres::Solve(o, &problem, &summary);
  return summary;
}

}  // namespace

Eigen::Vector3d apply_cdl(const CdlParams& p, const Eigen::Vector3d& in) {
  const double i[3] = {in[0], in[1], in[2]};
  double out[3];
  detail::cdl(p.slope.data(), p.offset.data(), p.power.data(), &p.saturation, i, out);
  return {out[0], out[1], out[2]};
}

CdlFitResult fit_cdl(const std::vector<CdlSample>& samples, const CdlFitOptions& options) {
  if (options.huber_scale < 0.0) throw Error(ErrorKind::usage, "CDL fit: the Huber scale must not be negative");
  quiet_logging();
  CdlFitResult result;
  std::vector<const CdlSample*> valid;
  for (const auto& s : samples) {
    if (s.in.allFinite() && s.target.allFinite() && s.weight > 0.0 && std::isfinite(s.weight)) valid.push_back(&s);
  }
  if (static_cast<int>(valid.size()) < kMinSamples) {
    result.message = "a CDL fit needs at least 4 finite samples, got " + std::to_string(valid.size());
    return result;
  }
  // Three starts, the lowest cost kept: the identity with everything free; two stages (slope,
  // offset and power with the saturation held at 1, then all four); per-channel straight lines.
  // One start alone can end in a local minimum (a channel's offset at its bound, saturation near
  // 0) when the look's tone curve is far from a CDL's.
  CdlParams p;
  ceres::Solver::Summary summary = solve(valid, options, p, false);
  // A third start: per-channel straight lines (least squares of target on input), power 1.
  CdlParams line;
  for (int c = 0; c < 3; ++c) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const CdlSample* s : valid) {
      n += 1;
      sx += s->in[c];
      sy += s->target[c];
      sxx += s->in[c] * s->in[c];
      sxy += s->in[c] * s->target[c];
    }
    const double det = n * sxx - sx * sx;
    if (det > 0.0) {
      line.slope[c] = std::clamp((n * sxy - sx * sy) / det, kSlopeMin, kSlopeMax);
      line.offset[c] = std::clamp((sy - line.slope[c] * sx) / n, kOffsetMin, kOffsetMax);
    }
  }
  for (const bool staged : {true, false}) {
    CdlParams q = staged ? CdlParams{} : line;
    if (staged) solve(valid, options, q, true);
    const ceres::Solver::Summary other = solve(valid, options, q, false);
    if (other.IsSolutionUsable() && (!summary.IsSolutionUsable() || other.final_cost < summary.final_cost)) {
      p = q;
      summary = other;
    }
  }
  result.solver_summary = summary.BriefReport();
  result.final_cost = summary.final_cost;
  result.cdl = p;
  if (!summary.IsSolutionUsable() || !p.slope.allFinite() || !p.offset.allFinite() || !p.power.allFinite() ||
      !std::isfinite(p.saturation)) {
    result.message = "the CDL fit did not converge: " + summary.BriefReport();
    return result;
  }
  double sum = 0.0;
  for (const CdlSample* s : valid) sum += (apply_cdl(p, s->in) - s->target).squaredNorm();
  result.rms = std::sqrt(sum / (3.0 * valid.size()));
  result.usable = true;
  return result;
}

}  // namespace aceslab::solver
