// SPDX-License-Identifier: Apache-2.0
// Colour-difference metrics against published values, and their use with ceres::Jet.
#include "color/color_difference.h"

#include <ceres/jet.h>
#include <gtest/gtest.h>

#include <array>

namespace {

using aceslab::aces::delta_E_2000;
using aceslab::aces::delta_E_76;

// Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes,
// supplementary test data, and mathematical observations", Color Res. Appl. 30(1), table 1:
// L1 a1 b1 L2 a2 b2 dE00. The table prints dE00 to 4 decimals.
constexpr std::array<std::array<double, 7>, 34> kSharmaPairs = {{
    {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
    {50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615},
    {50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412},
    {50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000},
    {50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000},
    {50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000},
    {50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669},
    {50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669},
    {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
    {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792},
    {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195},
    {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195},
    {50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045},
    {50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045},
    {50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461},
    {50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065},
    {50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
    {50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977},
    {50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030},
    {50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535},
    {50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000},
    {50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000},
    {50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000},
    {50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000},
    {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
    {63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630},
    {61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731},
    {35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645},
    {22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
    {36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146},
    {90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441},
    {90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381},
    {6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377},
    {2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082},
}};
constexpr double kSharmaTolerance = 5e-5;  // half a unit of the 4th printed decimal

TEST(ColorDifference, CIEDE2000MatchesSharmaTable1) {
  for (size_t i = 0; i < kSharmaPairs.size(); ++i) {
    const auto& p = kSharmaPairs[i];
    const Eigen::Vector3d lab1(p[0], p[1], p[2]), lab2(p[3], p[4], p[5]);
    EXPECT_NEAR(delta_E_2000(lab1, lab2), p[6], kSharmaTolerance) << "pair " << i + 1;
    EXPECT_NEAR(delta_E_2000(lab2, lab1), p[6], kSharmaTolerance) << "pair " << i + 1 << " swapped";
  }
}

TEST(ColorDifference, ComponentsSquareToDeltaE) {
  // The factorised residual used by the solver must have the same norm as the formula.
  constexpr double kFactorisationTolerance = 1e-12;
  for (const auto& p : kSharmaPairs) {
    double c[3];
    aceslab::aces::delta_E_2000_components<double>(p.data(), p.data() + 3, c);
    EXPECT_NEAR(std::sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]), p[6], kSharmaTolerance);
    EXPECT_NEAR(c[0] * c[0] + c[1] * c[1] + c[2] * c[2],
                std::pow(delta_E_2000<double>(p.data(), p.data() + 3), 2), kFactorisationTolerance);
  }
}

TEST(ColorDifference, IdenticalNeutralsAreZeroNotNaN) {
  const Eigen::Vector3d grey(50, 0, 0);
  EXPECT_EQ(delta_E_2000(grey, grey), 0.0);
  EXPECT_EQ(delta_E_76(grey, grey), 0.0);
}

TEST(ColorDifference, CIE76IsEuclidean) {
  EXPECT_DOUBLE_EQ(delta_E_76(Eigen::Vector3d(50, 3, 4), Eigen::Vector3d(50, 0, 0)), 5.0);
}

TEST(ColorDifference, LabOfWhiteAndKnownValue) {
  const Eigen::Vector3d white(0.95047, 1.0, 1.08883);
  const auto lab_white = aceslab::aces::XYZ_to_Lab(white, white);
  EXPECT_NEAR(lab_white[0], 100.0, 1e-12);
  EXPECT_NEAR(lab_white[1], 0.0, 1e-12);
  // colour-science XYZ_to_Lab docstring: XYZ (0.20654008, 0.12197225, 0.05136952), D65 xy
  // (0.3127, 0.3290) -> Lab (41.5278752, 52.6385830, 26.9231792), printed truncated to 7 decimals.
  const Eigen::Vector3d d65(0.3127 / 0.3290, 1.0, (1 - 0.3127 - 0.3290) / 0.3290);
  const auto lab = aceslab::aces::XYZ_to_Lab(Eigen::Vector3d(0.20654008, 0.12197225, 0.05136952), d65);
  EXPECT_NEAR(lab[0], 41.5278752, 1e-6);
  EXPECT_NEAR(lab[1], 52.6385830, 1e-6);
  EXPECT_NEAR(lab[2], 26.9231792, 1e-6);
}

TEST(ColorDifference, OklabMatchesOttossonTable) {
  // Ottosson (2020), "A perceptual color space for image processing", table of XYZ -> Oklab
  // test values, printed to 3 decimals.
  constexpr double kTableTolerance = 1e-3;
  const std::array<std::array<double, 6>, 4> table = {{
      {0.950, 1.000, 1.089, 1.000, 0.000, 0.000},
      {1.000, 0.000, 0.000, 0.450, 1.236, -0.019},
      {0.000, 1.000, 0.000, 0.922, -0.671, 0.263},
      {0.000, 0.000, 1.000, 0.153, -1.415, -0.449},
  }};
  for (const auto& row : table) {
    const auto lab = aceslab::aces::XYZ_to_Oklab(Eigen::Vector3d(row[0], row[1], row[2]));
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(lab[c], row[3 + c], kTableTolerance) << row[0] << row[1] << row[2];
  }
}

TEST(ColorDifference, JzAzBzMatchesColourScience) {
  // colour-science XYZ_to_Jzazbz docstring: XYZ (0.20654008, 0.12197225, 0.05136952) ->
  // (0.0053504, 0.0092430, 0.0052600), printed truncated to 7 decimals.
  const auto jab = aceslab::aces::XYZ_to_JzAzBz(Eigen::Vector3d(0.20654008, 0.12197225, 0.05136952));
  EXPECT_NEAR(jab[0], 0.0053504, 1e-7);
  EXPECT_NEAR(jab[1], 0.0092430, 1e-7);
  EXPECT_NEAR(jab[2], 0.0052600, 1e-7);
}

TEST(ColorDifference, JetDerivativeMatchesFiniteDifference) {
  // d(dE00)/d(a2) by automatic differentiation vs a central difference.
  using Jet = ceres::Jet<double, 1>;
  const double p[6] = {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387};
  const Jet lab1[3] = {Jet(p[0]), Jet(p[1]), Jet(p[2])};
  const Jet lab2[3] = {Jet(p[3]), Jet(p[4], 0), Jet(p[5])};
  const Jet d = delta_E_2000<Jet>(lab1, lab2);
  const double h = 1e-6;
  double plus[6], minus[6];
  std::copy(p, p + 6, plus);
  std::copy(p, p + 6, minus);
  plus[4] += h;
  minus[4] -= h;
  const double numeric = (delta_E_2000<double>(plus, plus + 3) - delta_E_2000<double>(minus, minus + 3)) / (2 * h);
  EXPECT_NEAR(d.v[0], numeric, 1e-6);
  EXPECT_NEAR(d.a, 1.2644, kSharmaTolerance);
}

}  // namespace
