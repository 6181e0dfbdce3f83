// SPDX-License-Identifier: Apache-2.0
// Spectral IDT against rawtoaces' own Ceres results and colour-science's documented values.
#include "idt/spectral_idt.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "color/error.h"

namespace {

using namespace aceslab::idt;

const std::string kShared = ACESLAB_SHARED_DIR;

nlohmann::json golden() {
  std::ifstream in(kShared + "/reference/idt/golden/golden_vectors.json");
  return nlohmann::json::parse(in);
}

// rawtoaces unittest/testIDT.cpp inputs: its own JSON data (training set, CMFs, ISO 7589).
SpectralIdtOptions rawtoaces_inputs() {
  SpectralIdtOptions o;
  o.training = read_rawtoaces_json(kShared + "/data/cameras/training/training_spectral.json");
  o.cmfs = read_rawtoaces_json(kShared + "/data/cameras/cmf/cmf_1931.json");
  return o;
}

TEST(SpectralIdt, NikonD200UnderIso7589MatchesRawtoaces) {
  const auto g = golden()["rawtoaces_ceres"]["nikon_d200_iso7589_tungsten"];
  // rawtoaces asserts its matrix to 1e-5 percent (relative 1e-7); both sides stop Ceres at
  // tolerances far below that, so the same objective must give the same numbers.
  const double tolerance = g["tolerance_percent"].get<double>() / 100.0;
  const auto camera = read_camera_sensitivities(kShared + "/data/cameras/camera/Nikon_D200_380_780_5.json");
  const auto illuminant = read_spd_file(kShared + "/data/cameras/illuminant/iso7589_stutung_380_780_5.json");
  const auto r = spectral_idt(camera, illuminant, rawtoaces_inputs());
  ASSERT_TRUE(r.fit.usable) << r.fit.message;
  for (int c = 0; c < 3; ++c) {
    const double wb = g["white_balance"][c].get<double>();
    EXPECT_NEAR(r.white_balance[c], wb, 1e-7 * wb + 1e-9) << c;  // golden printed to 8 digits
  }
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      const double expected = g["IDT"][i][j].get<double>();
      EXPECT_NEAR(r.matrix(i, j), expected, std::max(tolerance * std::abs(expected), 1e-9))
          << i << "," << j << "\n" << r.matrix << "\n" << r.fit.solver_summary;
    }
}

TEST(SpectralIdt, ArriD21NeedsItsData) {
  const std::filesystem::path path = kShared + "/data/cameras/camera/ARRI_D21_380_780_5.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "ARRI D21 sensitivities are not in the shared data set";
  const auto g = golden()["rawtoaces_ceres"]["arri_d21_iso7589_tungsten"];
  const auto r = spectral_idt(read_camera_sensitivities(path),
                              read_spd_file(kShared + "/data/cameras/illuminant/iso7589_stutung_380_780_5.json"),
                              rawtoaces_inputs());
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      EXPECT_NEAR(r.matrix(i, j), g["IDT"][i][j].get<double>(), 1e-6 * std::abs(g["IDT"][i][j].get<double>()));
}

TEST(SpectralIdt, Canon5DMarkIIUnderD55MatchesColourScience) {
  // colour-science's aces_it.py docstrings, same inputs (rawtoaces' 190-patch CSV, CIE 1931
  // 2 degree, colour's tabulated D55): white balance printed to 7 decimals, the matrix its BFGS
  // search finds printed to 3 decimals.
  const auto g = golden()["colour_matrix_idt"]["canon_5dmk2_D55_190patches_cielab"];
  const auto channels = read_spectral_csv(kShared + "/data/colour/rawtoaces_csv/CANON_EOS_5DMark_II_RGB_Sensitivities.csv");
  ASSERT_EQ(channels.size(), 3u);
  CameraSensitivities camera{"Canon", "EOS 5D Mark II", {channels[0], channels[1], channels[2]}};
  IlluminantSpec d55;
  d55.name = "D55";
  const auto r = spectral_idt(camera, illuminant_spd(d55, {}));
  ASSERT_TRUE(r.fit.usable) << r.fit.message;
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(r.white_balance[c], g["RGB_w"][c].get<double>(), 1e-7) << c;
  constexpr double kRounded3Tolerance = 5e-4 + 1e-9;  // half a unit of the 3rd decimal
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      EXPECT_NEAR(r.matrix(i, j), g["M_scipy_BFGS_rounded3"][i][j].get<double>(), kRounded3Tolerance)
          << i << "," << j << "\n" << r.matrix;
  // The rawtoaces v1 (2017) Ceres matrix quoted in the same docstring differs from ours by up to
  // 7e-5 (checked: not explained by computing D55 from S0/S1/S2 as rawtoaces v1 did); the current
  // rawtoaces agrees with us to 1e-7 (Nikon D200 test above), so this is a loose cross-check.
  constexpr double kRawtoacesV1Tolerance = 1e-4;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      EXPECT_NEAR(r.matrix(i, j), g["M_rawtoaces_v1_ceres"][i][j].get<double>(), kRawtoacesV1Tolerance)
          << i << "," << j << "\n" << r.matrix;
}

TEST(SpectralIdt, DeltaE2000FitIsBetterInDeltaE2000) {
  // Same data, the default CIELAB objective vs CIEDE2000: the latter must not be worse in its own
  // measure (a wiring mistake in the option would show here).
  const auto camera = read_camera_sensitivities(kShared + "/data/cameras/camera/Sony_ILCE-7M3_380_780_5.json");
  IlluminantSpec d65;
  d65.name = "D65";
  SpectralIdtOptions lab;
  SpectralIdtOptions de2000;
  de2000.space = aceslab::solver::ErrorSpace::delta_E_2000;
  const auto a = spectral_idt(camera, illuminant_spd(d65, {}), lab);
  const auto b = spectral_idt(camera, illuminant_spd(d65, {}), de2000);
  EXPECT_LE(b.fit.mean_delta_E_2000, a.fit.mean_delta_E_2000 + 1e-9);
  EXPECT_LT(b.fit.mean_delta_E_2000, 3.0);
  EXPECT_EQ(b.fit.delta_E_2000.size(), 190u);
}

Spectrum d55_spd() {
  IlluminantSpec d55;
  d55.name = "D55";
  return illuminant_spd(d55, {});
}

SpectralIdtOptions at_unity() {
  SpectralIdtOptions o;
  o.white_at_unity = true;
  return o;
}

TEST(SpectralIdt, WhiteAtUnityChangesNothingWhenGreenPeaksHighest) {
  // Green peaks highest: rawtoaces' illuminant scaling already puts the white at 1.
  const auto camera = read_camera_sensitivities(kShared + "/data/cameras/camera/Sony_ILCE-7M3_380_780_5.json");
  const auto a = spectral_idt(camera, d55_spd());
  const auto b = spectral_idt(camera, d55_spd(), at_unity());
  EXPECT_NEAR(a.white_level, 1.0, 1e-12);
  EXPECT_NEAR(b.exposure, 1.0, 1e-12);
  // The data differ by double rounding (x 1/g with g = 1 - 1e-16); the solver stops within its
  // convergence tolerances, ~1e-9 on the matrix.
  constexpr double kSolverRepeatTol = 1e-7;
  EXPECT_LT((a.matrix - b.matrix).cwiseAbs().maxCoeff(), kSolverRepeatTol);
}

TEST(SpectralIdt, WhiteAtUnityFitsCamerasWhoseGreenDoesNotPeakHighest) {
  // The Nikon D5100 data peaks in red (all three channels are normalised to 1), so rawtoaces'
  // scaling leaves the white at ~1.58 against a reference of 1 and the white-preserving fit
  // cannot recover; fitted at equal exposure it is as good as its sibling, the D7000.
  const auto camera = read_camera_sensitivities(kShared + "/data/cameras/camera/Nikon_D5100_380_780_5.json");
  const auto rawtoaces = spectral_idt(camera, d55_spd());
  const auto unity = spectral_idt(camera, d55_spd(), at_unity());
  EXPECT_GT(rawtoaces.white_level, 1.4);
  EXPECT_NEAR(unity.exposure * unity.white_level, 1.0, 1e-12);
  EXPECT_LT(unity.fit.mean_delta_E_2000, 2.0);
  EXPECT_LT(unity.fit.mean_delta_E_2000, 0.5 * rawtoaces.fit.mean_delta_E_2000);
  // The IDT (matrix x exposure x white balance) takes the perfect reflector's raw response to
  // ACES (1, 1, 1): its raw response is 1 / white balance in the normalised-illuminant scale.
  const Eigen::Vector3d raw_white = unity.white_level * unity.white_balance.cwiseInverse();
  const Eigen::Vector3d aces = unity.matrix * (unity.exposure * unity.white_balance.cwiseProduct(raw_white));
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(aces[c], 1.0, 1e-9) << c;
}

TEST(SpectralIdt, WhiteAtUnityIgnoresHowEachChannelWasNormalised) {
  // Measured sensitivities come normalised per channel, to the highest peak, or in absolute
  // units: with the white at unity the IDT must not depend on it.
  const auto camera = read_camera_sensitivities(kShared + "/data/cameras/camera/Nikon_D7000_380_780_5.json");
  CameraSensitivities scaled = camera;
  const double gains[3] = {1.0, 0.6, 1.7};  // makes blue the highest peak
  for (int c = 0; c < 3; ++c)
    for (double& v : scaled.rgb[size_t(c)].values) v *= gains[c];
  const auto a = spectral_idt(camera, d55_spd(), at_unity());
  const auto b = spectral_idt(scaled, d55_spd(), at_unity());
  EXPECT_LT((a.matrix - b.matrix).cwiseAbs().maxCoeff(), 1e-6) << a.matrix << "\n" << b.matrix;
  EXPECT_NEAR(a.fit.mean_delta_E_2000, b.fit.mean_delta_E_2000, 1e-6);
}

TEST(SpectralIdt, IlluminantWithoutPowerIsAnError) {
  const auto camera = read_camera_sensitivities(kShared + "/data/cameras/camera/Nikon_D200_380_780_5.json");
  Spectrum dark{"dark", {300, 900}, {0.0, 0.0}};
  try {
    spectral_idt(camera, dark);
    FAIL();
  } catch (const aceslab::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no power"), std::string::npos) << e.what();
  }
}

}  // namespace
