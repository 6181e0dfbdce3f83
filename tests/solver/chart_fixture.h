// SPDX-License-Identifier: Apache-2.0
// Test data shared by the solver tests: the ColorChecker 24 in ACES2065-1 under D60 (the
// idt-calculator's reference values, ../shared/reference/idt/golden/golden_vectors.json), a
// realistic spread of colours that does not depend on the idt library.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace aceslab::solver::testing {

inline const std::vector<Eigen::Vector3d> kChart = {
    {0.118768, 0.087091, 0.058951}, {0.400004, 0.319165, 0.237337}, {0.184763, 0.203976, 0.313084},
    {0.109008, 0.135110, 0.064923}, {0.266833, 0.246038, 0.409294}, {0.322828, 0.462090, 0.406000},
    {0.386042, 0.227434, 0.057766}, {0.138217, 0.130366, 0.336985}, {0.302000, 0.137519, 0.127580},
    {0.093098, 0.063465, 0.135267}, {0.348765, 0.436547, 0.106118}, {0.486544, 0.366851, 0.080604},
    {0.087306, 0.074425, 0.272678}, {0.153662, 0.256917, 0.090703}, {0.217392, 0.070696, 0.051298},
    {0.589183, 0.539437, 0.091555}, {0.309015, 0.148174, 0.274263}, {0.148999, 0.233784, 0.359322},
    {0.866507, 0.867917, 0.858094}, {0.573550, 0.572559, 0.571639}, {0.353456, 0.353366, 0.353882},
    {0.202522, 0.202432, 0.202857}, {0.094672, 0.095203, 0.096365}, {0.037451, 0.037662, 0.038954}};
constexpr int kFirstNeutral = 18;  // patches 19..24: white .. black

// A plausible camera -> ACES2065-1 matrix (rows sum to 1), like synthetic_001's.
inline Eigen::Matrix3d true_matrix() {
  Eigen::Matrix3d m;
  m << 0.71, 0.20, 0.09,   //
      0.014, 1.025, -0.039,  //
      -0.106, -0.071, 1.177;
  return m;
}

}  // namespace aceslab::solver::testing
