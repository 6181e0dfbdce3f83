// SPDX-License-Identifier: Apache-2.0
// Joint refinement of a fitted linearisation and the IDT matrix ("encoding": "fit").
//
// The two-stage fit (solver/curve_fit.h on the neutral patches, then solver/matrix_fit.h on the
// decoded chart) gets the curve right only in the neutrals' own sense: a real chart's neutrals are
// not spectrally flat, so on a camera that is not colorimetric no single curve makes every neutral
// of every exposure land on its reference, and the curve errors the first stage leaves are paid
// again by every colour patch. This refinement starts from both stages and solves one Ceres problem
// over the curve (its knots' log-slopes and level), the channel gains and the white-preserving
// matrix together, minimising the same perceptual error (CIEDE2000 by default, robust loss) over
// every unclipped patch of every usable exposure (each exposure divided by its 2^ev), plus the
// neutral-ramp residuals in stops and the curve's smoothness penalty of the first stage, weighted for
// the noise the first stage measured (CurveFitResult::noise_stops): the curve has as many knots
// here as there, and the colour patches of seven exposures would otherwise bend it to their noise.
// The curve stays what the first stage made it: one strictly increasing C1 curve shared by the channels.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "solver/curve_fit.h"
#include "solver/matrix_fit.h"

namespace aceslab::solver {

struct ChartObservation {          // one patch of one exposure
  Eigen::Vector3d codes;           // camera code values, not linearised, not white-balanced
  double ev = 0;                   // the exposure, in stops relative to the reference exposure
  Eigen::Vector3d reference_aces;  // ACES2065-1 relative exposure of the patch at EV 0
  double weight = 1.0;
  std::string label;
};

struct JointFitOptions {
  // Error space, robust loss (in the error space's units), white for CIELAB, iterations.
  MatrixFitOptions matrix;
  // Weight of one stop of neutral-ramp error against one unit of colour error. Near mid grey one
  // stop moves CIELAB L* by ~15 (dL*/dlog2 Y = 116/3 x Y^(1/3) x ln 2 at Y = 0.18), so 10 keeps
  // the neutral ramp a firm but secondary constraint.
  double error_units_per_stop = 10.0;
  // LUT size, smoothness (smoothness + noise_smoothness x the start's noise_stops^2, same scaling
  // by samples per knot, converted to the error space's units with error_units_per_stop), clipped
  // and crushed codes left out of the neutral ramp.
  CurveFitOptions curve;
  int max_iterations = 200;
};

struct JointFitResult {
  bool usable = false;
  std::string message;             // why not usable, or ""
  CurveFitResult curve;            // the refined curve, tabulated as CurveFitResult describes
  Eigen::Matrix3d matrix = Eigen::Matrix3d::Identity();  // rows sum to 1
  // ACES2065-1 = matrix x diag(channel_gain) x curve.lut(code): the white balance and exposure
  // left after the LUT's own neutral-5 balance.
  Eigen::Vector3d channel_gain = Eigen::Vector3d::Ones();
  double initial_cost = 0, final_cost = 0;  // Ceres costs at the start and the end
  double smoothness = 0;           // the smoothness weight used (before the scaling above)
  std::string solver_summary;
};

// `start`: the first-stage curve (its model is the starting point); `start_gain`: per-channel
// multipliers applied to the curve's raw L(u) (model, not LUT) that the matrix stage used; `start_matrix`:
// the matrix fitted on those values (rows summing to 1). `neutrals`: the series the curve was fitted
// on; `neutral5_codes`: neutral 5 of the exposure nearest EV 0, for the LUT's balance.
// Never throws for bad data: the result says why it is not usable.
JointFitResult refine_curve_and_matrix(const CurveFitResult& start, const Eigen::Vector3d& start_gain,
                                       const Eigen::Matrix3d& start_matrix, const std::vector<NeutralSeries>& neutrals,
                                       const std::vector<ChartObservation>& chart,
                                       const Eigen::Vector3d& neutral5_codes, const JointFitOptions& opts = {});

}  // namespace aceslab::solver
