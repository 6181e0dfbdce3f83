// SPDX-License-Identifier: Apache-2.0
// Internal to solver/ (and its tests): the ASC CDL as a template for Ceres Jets, and the residual
// of the CDL fit (cdl_fit.h) with a Create() factory.
#pragma once

#include <ceres/ceres.h>

#include <cmath>

#include "solver/cdl_fit.h"

namespace aceslab::solver::detail {

// Rec.709 luma weights of the ASC CDL saturation (ASC CDL v1.2).
constexpr double kCdlLuma[3] = {0.2126, 0.7152, 0.0722};

template <typename T>
void cdl(const T* slope, const T* offset, const T* power, const T* sat, const double in[3], T out[3]) {
  using std::pow;
  T v[3];
  for (int c = 0; c < 3; ++c) {
    v[c] = T(in[c]) * slope[c] + offset[c];
    // FwdNoClamp: the power applies to positive values only (at 0 its derivative is undefined).
    if (v[c] > T(0.0)) v[c] = pow(v[c], power[c]);
  }
  const T luma = T(kCdlLuma[0]) * v[0] + T(kCdlLuma[1]) * v[1] + T(kCdlLuma[2]) * v[2];
  for (int c = 0; c < 3; ++c) out[c] = luma + sat[0] * (v[c] - luma);
}

// Residual of one sample, in the working space. Parameter blocks: slope (3), offset (3), power (3),
// saturation (1).
struct CdlResidual {
  double in[3], target[3], sqrt_weight;

  template <typename T>
  bool operator()(const T* slope, const T* offset, const T* power, const T* sat, T* residual) const {
    T out[3];
    cdl(slope, offset, power, sat, in, out);
    for (int c = 0; c < 3; ++c) residual[c] = T(sqrt_weight) * (out[c] - T(target[c]));
    return true;
  }

  static ceres::CostFunction* Create(const CdlSample& s) {
    auto* r = new CdlResidual{{s.in[0], s.in[1], s.in[2]}, {s.target[0], s.target[1], s.target[2]}, std::sqrt(s.weight)};
    return new ceres::AutoDiffCostFunction<CdlResidual, 3, 3, 3, 3, 1>(r);
  }
};

}  // namespace aceslab::solver::detail
