// SPDX-License-Identifier: Apache-2.0
// Fits an ASC CDL (slope, offset, power per channel and saturation) to pairs of colours, for
// pipelines that take nothing but a CDL (on-set monitors, dailies systems): the CDL that best maps
// each input to its target, both in the CDL's working space (the LMT maker uses ACEScct, as AMF
// cdlWorkingSpace does). The CDL is the unclamped form AMF applies in log working spaces (CLF
// ASC_CDL style FwdNoClamp, ASC CDL v1.2 equations):
//
//   v   = in * slope + offset
//   v   = v > 0 ? v^power : v                  (per channel)
//   out = luma + saturation * (v - luma),  luma = 0.2126 v_R + 0.7152 v_G + 0.0722 v_B  (Rec.709)
//
// Large residuals (colours no CDL can reach, such as a film-print look's hue crossovers) are
// down-weighted with a Huber loss, so they do not pull the rest. Parameters are bounded to what a
// colourist would set (slope and power 0.05 ... 20, offset -1 ... 1, saturation 0 ... 4).
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace aceslab::solver {

struct CdlParams {
  Eigen::Vector3d slope = Eigen::Vector3d::Ones();
  Eigen::Vector3d offset = Eigen::Vector3d::Zero();
  Eigen::Vector3d power = Eigen::Vector3d::Ones();
  double saturation = 1.0;
};

// The CDL above on one colour.
Eigen::Vector3d apply_cdl(const CdlParams& cdl, const Eigen::Vector3d& in);

struct CdlSample {
  Eigen::Vector3d in;      // working-space colour
  Eigen::Vector3d target;  // what the full transform gives for it, same space
  double weight = 1.0;
};

struct CdlFitOptions {
  double huber_scale = 0.02;  // working-space units (ACEScct: 0.02 is about 1/3 stop)
  int max_iterations = 200;
};

struct CdlFitResult {
  CdlParams cdl;
  bool usable = false;
  std::string message;          // why not usable, or ""
  double rms = 0.0;             // unweighted RMS residual over the samples (working-space units)
  double final_cost = 0.0;      // Ceres cost
  std::string solver_summary;   // ceres BriefReport()
};

// Needs at least 4 samples with finite values. Never throws for bad data: the result says why it
// is not usable. Throws aceslab::Error (usage) for a negative Huber scale.
CdlFitResult fit_cdl(const std::vector<CdlSample>& samples, const CdlFitOptions& options = {});

}  // namespace aceslab::solver
