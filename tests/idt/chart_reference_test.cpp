// SPDX-License-Identifier: Apache-2.0
// Reference ACES values of the ColorChecker against the Academy idt-calculator and colour-science.
#include "idt/chart_reference.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "color/error.h"

namespace {

using aceslab::aces::Adaptation;
using namespace aceslab::idt;

nlohmann::json golden() {
  std::ifstream in(std::string(ACESLAB_SHARED_DIR) + "/reference/idt/golden/golden_vectors.json");
  return nlohmann::json::parse(in);
}

Spectrum named(const char* name) {
  IlluminantSpec spec;
  spec.name = name;
  return illuminant_spd(spec, {});
}

// The idt-calculator computes in float64 with numpy; we follow the same definition (Sprague to
// 1 nm, constant extrapolation, RICD, flare, CAT02), so only summation order differs. 1e-9 is far
// below any colour significance and far above double rounding of a ~471-term sum.
constexpr double kGoldenChartTolerance = 1e-9;
// colour-science docstring values are printed truncated to 7 decimals ("0.1171814...").
constexpr double kDocstringTolerance = 1e-7;

TEST(ChartReference, MatchesIdtCalculatorUnderD60) {
  const auto values = golden()["idt_calculator"]["reference_colorchecker_aces2065_1"]["values"];
  ASSERT_EQ(values.size(), 24u);
  const auto ref = colorchecker_reference_aces(named("D60"), Adaptation::cat02);
  for (size_t p = 0; p < 24; ++p)
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(ref[p][c], values[p][c].get<double>(), kGoldenChartTolerance)
          << kColorCheckerPatchNames[p] << " channel " << c;
}

TEST(ChartReference, DarkSkinUnderD65MatchesColourScience) {
  const auto g = golden()["colour_matrix_idt"]["sd_to_aces_relative_exposure_values_ohta_dark_skin_D65"];
  const Spectrum& dark_skin = colorchecker_classic_ohta()[0];
  const auto no_cat = aces_relative_exposure(dark_skin, named("D65"), Adaptation::none);
  const auto cat02 = aces_relative_exposure(dark_skin, named("D65"), Adaptation::cat02);
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(no_cat[c], g["no_cat"][c].get<double>(), kDocstringTolerance) << c;
    EXPECT_NEAR(cat02[c], g["cat02"][c].get<double>(), kDocstringTolerance) << c;
  }
}

TEST(ChartReference, PerfectReflectorIsWhiteUnderEveryIlluminant) {
  // A perfect reflector gives E = 1 in every channel before flare, so (1 + 0.005) * 0.18/0.185
  // after it, and any von Kries CAT maps the source white to the ACES white exactly: the result
  // is neutral whatever the illuminant. Tolerance: double rounding of the matrix products.
  constexpr double kWhiteTolerance = 1e-12;
  Spectrum perfect{"perfect", {300, 900}, {1.0, 1.0}};
  const double expected = (1.0 + kFlarePercentage) * kFlareScale;
  for (const char* name : {"A", "D50", "D55", "D60", "D65", "D75", "ISO7589-tungsten"}) {
    for (auto cat : {Adaptation::cat02, Adaptation::bradford, Adaptation::cat16}) {
      const auto E = aces_relative_exposure(perfect, named(name), cat);
      for (int c = 0; c < 3; ++c) EXPECT_NEAR(E[c], expected, kWhiteTolerance) << name;
    }
  }
}

TEST(ChartReference, AdaptationChoiceMatters) {
  // Under tungsten, Bradford and CAT02 disagree on saturated patches by far more than rounding;
  // a test that silently ignored `cat` would fail here.
  const auto cat02 = colorchecker_reference_aces(named("A"), Adaptation::cat02);
  const auto bradford = colorchecker_reference_aces(named("A"), Adaptation::bradford);
  EXPECT_GT((cat02[14] - bradford[14]).norm(), 1e-3);  // red
}

TEST(ChartReference, DaylightCctReproducesTabulatedD65) {
  // D65 is defined as the D-series at CCT 6500 x 1.4388/1.4380 (CIE 15:2004 note on c2); the
  // tabulated SPD is rounded to 5 significant digits, hence the tolerance on chart values.
  constexpr double kDaylightTolerance = 2e-4;
  IlluminantSpec spec;
  spec.kind = IlluminantSpec::Kind::daylight_cct;
  spec.cct = 6500.0 * 1.4388 / 1.4380;
  const auto computed = colorchecker_reference_aces(illuminant_spd(spec, {}), Adaptation::cat02);
  const auto tabulated = colorchecker_reference_aces(named("D65"), Adaptation::cat02);
  for (size_t p = 0; p < 24; ++p)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(computed[p][c], tabulated[p][c], kDaylightTolerance) << p;
}

TEST(ChartReference, BlackbodyNear2856IsIlluminantA) {
  // CIE illuminant A is defined (CIE 15:2004 eq. 3.1) as Planck at 2848 K with c2 = 1.435e-2 m K,
  // i.e. T = 2848 x 1.4388/1.4350 with today's c2 (about 2856 K). The tabulation has 6 digits.
  constexpr double kPlanckTolerance = 1e-5;
  IlluminantSpec spec;
  spec.kind = IlluminantSpec::Kind::blackbody_cct;
  spec.cct = 2848.0 * 1.4388 / 1.4350;
  const auto computed = colorchecker_reference_aces(illuminant_spd(spec, {}), Adaptation::cat02);
  const auto tabulated = colorchecker_reference_aces(named("A"), Adaptation::cat02);
  for (size_t p = 0; p < 24; ++p)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(computed[p][c], tabulated[p][c], kPlanckTolerance) << p;
}

TEST(ChartReference, IlluminantSpecParsing) {
  const aceslab::Location where("capture.json", 0, "/illuminant");
  EXPECT_EQ(IlluminantSpec::from_json("D55", where).name, "D55");
  const auto daylight = IlluminantSpec::from_json(nlohmann::json{{"daylight_cct", 5600}}, where);
  EXPECT_EQ(daylight.kind, IlluminantSpec::Kind::daylight_cct);
  EXPECT_DOUBLE_EQ(daylight.cct, 5600);
  const auto file = IlluminantSpec::from_json(nlohmann::json{{"spd_file", "led.csv"}}, where);
  EXPECT_EQ(file.kind, IlluminantSpec::Kind::spd_file);
  try {
    IlluminantSpec::from_json("D63", where);
    FAIL() << "D63 accepted";
  } catch (const aceslab::Error& e) {
    EXPECT_EQ(e.location().element, "/illuminant");
    EXPECT_NE(std::string(e.what()).find("unknown illuminant \"D63\""), std::string::npos) << e.what();
  }
  try {
    IlluminantSpec::from_json(nlohmann::json{{"daylight_cct", 2000}}, where);
    FAIL() << "2000 K daylight accepted";
  } catch (const aceslab::Error& e) {
    EXPECT_EQ(e.location().element, "/illuminant/daylight_cct");
  }
}

TEST(ChartReference, SpdFileRelativeToManifest) {
  IlluminantSpec spec;
  spec.kind = IlluminantSpec::Kind::spd_file;
  spec.file = "ampas_iso7589_studio_tungsten_380-780-5.csv";
  const auto s = illuminant_spd(spec, std::string(ACESLAB_DATA_DIR) + "/colour");
  EXPECT_EQ(s.wavelengths.front(), 380);
  EXPECT_EQ(s.wavelengths.size(), 81u);
}

}  // namespace
