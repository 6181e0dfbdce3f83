// SPDX-License-Identifier: Apache-2.0
// Fits the 3x3 matrix of an Input Transform: white-balanced linear camera RGB -> ACES2065-1, chosen
// to minimise a perceptual colour difference (CIEDE2000 by default) between the transformed camera
// values and the reference ACES values of the same patches. White is preserved by construction
// (every row sums to 1, so camera (1,1,1) maps to ACES (1,1,1)): the solver sees 6 free parameters
// instead of 9 with 3 equality constraints, as the Ceres modelling FAQ recommends. Large residuals
// (a misread patch, a clipped channel) are down-weighted with a Huber loss.
#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aceslab::solver {

enum class ErrorSpace {
  delta_E_2000,  // CIEDE2000 (CIE 142-2001; Sharma, Wu & Dalal 2005) in CIELAB of `lab_white_XYZ`
  delta_E_76,    // Euclidean CIELAB distance (what rawtoaces minimises)
  oklab,         // Euclidean Oklab distance x 100 (Ottosson 2020), after CAT02 to D65
  jzazbz,        // Euclidean Jz az bz distance x 100 (Safdar et al. 2017), after CAT02 to D65
};

std::string_view error_space_id(ErrorSpace space);  // "delta-e-2000", "delta-e-76", "oklab", "jzazbz"
// Accepts the ids above; throws aceslab::Error (usage) naming the accepted values otherwise.
ErrorSpace parse_error_space(std::string_view id);

struct MatrixFitOptions {
  ErrorSpace space = ErrorSpace::delta_E_2000;
  double huber_scale = 1.0;      // robust loss (in the error space's units); 0 = plain least squares
  bool preserve_white = true;    // each row sums to 1 (parameterised: 6 free parameters)
  // White for CIELAB: the ACES white (SMPTE ST 2065-1 xy 0.32168, 0.33767) XYZ at Y = 1 by default.
  Eigen::Vector3d lab_white_XYZ = Eigen::Vector3d(0.952646074569846, 1.0, 1.00882518435159);
  int max_iterations = 500;
  // Extra starting points besides the linear least-squares solution (deterministic perturbations);
  // the best final cost wins. Guards against the local minima a robust loss can create.
  int restarts = 4;
  // Starting matrix; default: weighted linear least squares in ACES (rows summing to 1).
  std::optional<Eigen::Matrix3d> initial;
};

struct MatrixFitResult {
  Eigen::Matrix3d matrix = Eigen::Matrix3d::Identity();  // camera RGB (white-balanced) -> ACES2065-1
  bool usable = false;
  std::string message;             // why not usable, or ""
  std::vector<double> delta_E_2000;  // per observation, in input order
  double mean_delta_E_2000 = 0, max_delta_E_2000 = 0;
  std::vector<int> worst;          // indices of observations sorted by decreasing delta E 2000
  double final_cost = 0;           // Ceres cost (0.5 x sum of robustified squared residuals)
  std::string solver_summary;      // ceres BriefReport()
};

struct Observation {
  Eigen::Vector3d camera;          // white-balanced linear camera RGB
  Eigen::Vector3d reference_aces;  // ACES2065-1 relative exposure of the same patch
  double weight = 1.0;
  std::string label;
};

// Needs at least 3 observations with finite values. Never throws for bad data: the result says why
// it is not usable. Throws aceslab::Error (usage) for invalid options (negative scale, ...).
MatrixFitResult fit_idt_matrix(const std::vector<Observation>& obs, const MatrixFitOptions& opts = {});

// Mean CIEDE2000 etc. of an arbitrary matrix on the same observations, so that other searches
// (tests, reports) measure exactly what the fit reports.
std::vector<double> delta_E_2000_per_observation(const Eigen::Matrix3d& matrix,
                                                 const std::vector<Observation>& obs,
                                                 const Eigen::Vector3d& lab_white_XYZ);

// The objective the fit minimises, for an arbitrary matrix (0.5 x sum of weighted, robustified squared
// residuals, the same number as MatrixFitResult::final_cost at the solution).
double matrix_fit_cost(const Eigen::Matrix3d& matrix, const std::vector<Observation>& obs,
                       const MatrixFitOptions& opts);

}  // namespace aceslab::solver
