// SPDX-License-Identifier: Apache-2.0
// The Ceres cost functor of the joint curve + matrix refinement (solver/joint_fit.h), exposed so that
// tests can check its derivatives with ceres::GradientChecker. Only solver/ and tests include this.
//
// Parameter blocks:
//   0: the curve, K + 1 values [ln L(u_0), q_0 .. q_{K-1}] (solver/curve_model.h)
//   1: log2 gain of R (one value)      2: log2 gain of B (one value); G has none (L carries the level)
//   3: the matrix, 6 values [m00 m01 m10 m11 m20 m21], m_i2 = 1 - m_i0 - m_i1 (rows sum to 1)
// Residuals: 3 values whose squared norm is the squared colour difference, in the chosen error
// space, between the reference and matrix x (L(code_c) x 2^gain_c / 2^ev), times sqrt(weight).
#pragma once

#include <ceres/ceres.h>

#include <Eigen/Core>

#include "color/color_difference.h"
#include "solver/curve_model.h"
#include "solver/joint_fit.h"
#include "solver/matrix_residual.h"

namespace aceslab::solver::detail {

class ChartResidual {
 public:
  ChartResidual(const Curve* curve, const ChartObservation& obs, ErrorSpace space, const ErrorSpaceFrame& frame)
      : m_curve(curve), m_codes(obs.codes), m_exposure(std::exp2(-obs.ev)), m_sqrt_weight(std::sqrt(obs.weight)),
        m_space(space), m_frame(frame) {
    const Eigen::Vector3d XYZ = frame.aces_to_XYZ * obs.reference_aces;
    to_error_space(XYZ.data(), space, frame, m_reference.data());
  }

  template <typename T>
  bool operator()(T const* const* blocks, T* residual) const {
    const T* curve = blocks[0];
    const T* m = blocks[3];
    T lin[3];
    for (int c = 0; c < 3; ++c) lin[c] = m_curve->linear(curve, m_codes[c]) * T(m_exposure);
    lin[0] *= exp2(blocks[1][0]);
    lin[2] *= exp2(blocks[2][0]);
    T aces[3];
    for (int i = 0; i < 3; ++i) aces[i] = m[2 * i] * lin[0] + m[2 * i + 1] * lin[1] + (T(1.0) - m[2 * i] - m[2 * i + 1]) * lin[2];
    aces_residual(aces, m_reference, m_space, m_frame, m_sqrt_weight, residual);
    return true;
  }

 private:
  template <typename T>
  static T exp2(const T& x) {
    using std::exp;
    return exp(x * T(std::numbers::ln2));
  }

  const Curve* m_curve;
  Eigen::Vector3d m_codes;
  double m_exposure;
  double m_sqrt_weight;
  ErrorSpace m_space;
  ErrorSpaceFrame m_frame;
  Eigen::Vector3d m_reference;
};

// A new cost function for one chart observation (the blocks of the file comment, K + 1 curve values).
inline ceres::CostFunction* make_chart_cost(const Curve* curve, const ChartObservation& obs, ErrorSpace space,
                                            const ErrorSpaceFrame& frame) {
  auto* cost = new ceres::DynamicAutoDiffCostFunction<ChartResidual, 8>(new ChartResidual(curve, obs, space, frame));
  cost->AddParameterBlock(curve->knots() + 1);
  cost->AddParameterBlock(1);
  cost->AddParameterBlock(1);
  cost->AddParameterBlock(6);
  cost->SetNumResiduals(3);
  return cost;
}

}  // namespace aceslab::solver::detail
