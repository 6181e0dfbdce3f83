// SPDX-License-Identifier: Apache-2.0
// The Ceres settings every fit in solver/ shares: a dense QR Levenberg-Marquardt that prints
// nothing (library code never writes to the terminal), with the caller's iteration budget and one
// tolerance for the function, gradient and parameter tests. Only solver/ includes this header.
#pragma once

#include <ceres/ceres.h>

namespace aceslab::solver::detail {

inline ceres::Solver::Options quiet_dense_options(int max_iterations, double tolerance) {
  ceres::Solver::Options options;
  options.linear_solver_type = ceres::DENSE_QR;
  options.max_num_iterations = max_iterations;
  options.function_tolerance = tolerance;
  options.gradient_tolerance = tolerance;
  options.parameter_tolerance = tolerance;
  options.logging_type = ceres::SILENT;
  options.minimizer_progress_to_stdout = false;
  return options;
}

}  // namespace aceslab::solver::detail
