// SPDX-License-Identifier: Apache-2.0
// The Ceres cost functor of the IDT matrix fit (solver/matrix_fit.h), exposed so that tests can
// check its derivatives with ceres::GradientChecker. Only solver/ and tests include this header.
//
// Parameter layout (one block):
//   preserve_white: 6 values [m00 m01 m10 m11 m20 m21]; m_i2 = 1 - m_i0 - m_i1 (rows sum to 1).
//   otherwise:      9 values, the matrix row-major.
// Residuals: 3 values whose squared norm is the squared colour difference between the reference
// and the transformed camera value in the chosen error space, times the observation's weight.
#pragma once

#include <ceres/ceres.h>

#include <Eigen/Core>

#include "color/color_difference.h"
#include "solver/matrix_fit.h"

namespace aceslab::solver::detail {

// Scale of a reference white (Y = 1) for Jz az bz, which wants absolute luminance: 100 cd/m^2,
// the usual SDR diffuse white.
constexpr double kJzazbzWhiteLuminance = 100.0;
// Oklab and Jz az bz distances are multiplied by this so that their units are of the order of
// CIELAB units (Oklab L spans 0..1 where CIELAB L* spans 0..100).
constexpr double kUniformSpaceScale = 100.0;

// Constant matrices of the error spaces, derived once from chromaticities.
struct ErrorSpaceFrame {
  Eigen::Matrix3d aces_to_XYZ;        // AP0 -> XYZ (ACES white)
  Eigen::Matrix3d XYZ_to_D65;         // CAT02 ACES white -> D65, for Oklab / Jz az bz
  Eigen::Vector3d lab_white_XYZ;
  static ErrorSpaceFrame make(const Eigen::Vector3d& lab_white_XYZ);
};

// Coordinates of an XYZ (ACES white) in the error space: CIELAB for the Delta E metrics, Oklab x 100
// or Jz az bz x 100 (after CAT02 to D65) otherwise.
template <typename T>
void to_error_space(const T XYZ[3], ErrorSpace space, const ErrorSpaceFrame& f, T out[3]) {
  if (space == ErrorSpace::delta_E_2000 || space == ErrorSpace::delta_E_76) {
    aces::XYZ_to_Lab(XYZ, f.lab_white_XYZ.data(), out);
    return;
  }
  T d65[3];
  for (int i = 0; i < 3; ++i)
    d65[i] = T(f.XYZ_to_D65(i, 0)) * XYZ[0] + T(f.XYZ_to_D65(i, 1)) * XYZ[1] + T(f.XYZ_to_D65(i, 2)) * XYZ[2];
  if (space == ErrorSpace::oklab) {
    aces::XYZ_to_Oklab(d65, out);
  } else {
    for (auto& v : d65) v *= T(kJzazbzWhiteLuminance);
    aces::XYZ_to_JzAzBz(d65, out);
  }
  for (int i = 0; i < 3; ++i) out[i] *= T(kUniformSpaceScale);
}

// The weighted residual between an ACES2065-1 estimate and a reference already in the error space:
// 3 values whose squared norm is the squared colour difference times the weight (sqrt_weight^2).
template <typename T>
void aces_residual(const T aces[3], const Eigen::Vector3d& reference, ErrorSpace space, const ErrorSpaceFrame& f,
                   double sqrt_weight, T residual[3]) {
  T XYZ[3];
  for (int i = 0; i < 3; ++i) {
    XYZ[i] = T(f.aces_to_XYZ(i, 0)) * aces[0] + T(f.aces_to_XYZ(i, 1)) * aces[1] + T(f.aces_to_XYZ(i, 2)) * aces[2];
  }
  T estimate[3];
  to_error_space(XYZ, space, f, estimate);
  const T ref[3] = {T(reference[0]), T(reference[1]), T(reference[2])};
  if (space == ErrorSpace::delta_E_2000) {
    aces::delta_E_2000_components(ref, estimate, residual);
  } else {
    for (int i = 0; i < 3; ++i) residual[i] = estimate[i] - ref[i];
  }
  for (int i = 0; i < 3; ++i) residual[i] *= T(sqrt_weight);
}

// Residual of one observation; see the file comment for the parameter layout.
class MatrixResidual {
 public:
  MatrixResidual(const Observation& obs, ErrorSpace space, const ErrorSpaceFrame& frame)
      : m_camera(obs.camera), m_sqrt_weight(std::sqrt(obs.weight)), m_space(space), m_frame(frame) {
    const Eigen::Vector3d XYZ = frame.aces_to_XYZ * obs.reference_aces;
    to_error_space(XYZ.data(), space, frame, m_reference.data());
  }

  template <typename T>
  bool operator()(const T* p, T* residual, bool preserve_white) const {
    T m[3][3];
    for (int i = 0; i < 3; ++i) {
      if (preserve_white) {
        m[i][0] = p[2 * i];
        m[i][1] = p[2 * i + 1];
        m[i][2] = T(1.0) - p[2 * i] - p[2 * i + 1];
      } else {
        for (int j = 0; j < 3; ++j) m[i][j] = p[3 * i + j];
      }
    }
    T aces[3];
    for (int i = 0; i < 3; ++i) aces[i] = m[i][0] * m_camera[0] + m[i][1] * m_camera[1] + m[i][2] * m_camera[2];
    aces_residual(aces, m_reference, m_space, m_frame, m_sqrt_weight, residual);
    return true;
  }

 private:
  Eigen::Vector3d m_camera;
  Eigen::Vector3d m_reference;
  double m_sqrt_weight;
  ErrorSpace m_space;
  ErrorSpaceFrame m_frame;
};

// Fixed-size adaptors for ceres::AutoDiffCostFunction (the parameter count is a template argument).
struct WhitePreservingResidual {
  MatrixResidual residual;
  template <typename T>
  bool operator()(const T* p, T* r) const { return residual(p, r, true); }
};
struct FreeMatrixResidual {
  MatrixResidual residual;
  template <typename T>
  bool operator()(const T* p, T* r) const { return residual(p, r, false); }
};

// A new cost function for one observation (6 or 9 parameters per opts.preserve_white).
ceres::CostFunction* make_matrix_cost(const Observation& obs, const MatrixFitOptions& opts,
                                      const ErrorSpaceFrame& frame);

// Parameters <-> matrix.
std::vector<double> matrix_to_parameters(const Eigen::Matrix3d& m, bool preserve_white);
Eigen::Matrix3d parameters_to_matrix(const double* p, bool preserve_white);

}  // namespace aceslab::solver::detail
