// SPDX-License-Identifier: Apache-2.0
// Spectral data: Sprague interpolation, readers and their error messages, analytic illuminants.
#include "idt/spectral.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include "color/chromaticity.h"
#include "color/error.h"

namespace {

using namespace aceslab::idt;

// colour-science doctests print values truncated ("0.0676692...") to 7 decimals.
constexpr double kDoctestTolerance = 1e-7;

TEST(Spectral, SpragueMatchesColourScienceDoctests) {
  // colour/algebra/interpolation.py SpragueInterpolator docstring.
  Spectrum s{"doc", {0, 1, 2, 3, 4, 5, 6}, {5.9200, 9.3700, 10.8135, 4.5100, 69.5900, 27.8007, 86.0500}};
  const auto r = resample(s, {0, 1, 0.25});
  EXPECT_NEAR(r.values[1], 6.7295161, 1e-6);
  EXPECT_NEAR(r.values[2], 7.2185025, 1e-6);
  EXPECT_NEAR(r.values[3], 7.8140625, 1e-6);
  // colour/colorimetry/spectrum.py SpectralDistribution.interpolate docstring (20 nm -> 1 nm).
  Spectrum sd{"sd", {500, 520, 540, 560, 580, 600}, {0.0651, 0.0705, 0.0772, 0.0870, 0.1128, 0.1360}};
  const auto i = resample(sd, {500, 600, 1});
  EXPECT_NEAR(i.values[1], 0.0653522, kDoctestTolerance);
  EXPECT_NEAR(i.values[10], 0.0676692, kDoctestTolerance);
  EXPECT_NEAR(i.values[55], 0.0831351, kDoctestTolerance);
  EXPECT_NEAR(i.values[99], 0.1349201, kDoctestTolerance);
  EXPECT_DOUBLE_EQ(i.values[20], 0.0705);  // samples are reproduced exactly
}

TEST(Spectral, ResampleHoldsEndValuesOutside) {
  Spectrum sd{"sd", {500, 520, 540, 560, 580, 600}, {0.0651, 0.0705, 0.0772, 0.0870, 0.1128, 0.1360}};
  const auto r = resample(sd, {480, 620, 1});
  EXPECT_DOUBLE_EQ(r.values.front(), 0.0651);
  EXPECT_DOUBLE_EQ(r.values.back(), 0.1360);
  const auto lin = resample(sd, {500, 600, 1}, Interpolation::linear);
  EXPECT_NEAR(lin.values[10], (0.0651 + 0.0705) / 2, 1e-15);
}

TEST(Spectral, ShippedTablesLoad) {
  EXPECT_EQ(cie1931_2deg_cmfs()[1].wavelengths.size(), 471u);
  EXPECT_EQ(aces_ricd()[0].wavelengths.front(), 360);
  EXPECT_EQ(colorchecker_classic_ohta().size(), 24u);
  EXPECT_EQ(colorchecker_classic_ohta()[18].name, "white 9.5 (.05 D)");
  EXPECT_EQ(cie_standard_illuminants().size(), 6u);
  EXPECT_EQ(ampas_iso7589_tungsten().wavelengths.size(), 81u);
}

TEST(Spectral, DaylightAgreesWithTabulatedD50) {
  // D50 = D-series at 5000 x 1.4388/1.4380 K; the tabulation carries 3-4 significant digits.
  constexpr double kTabulationTolerance = 0.02;  // relative, per 5 nm sample, 380..780 nm
  const auto computed = cie_daylight(5000.0 * 1.4388 / 1.4380, cie_daylight_basis());
  const Spectrum* d50 = nullptr;
  for (const auto& s : cie_standard_illuminants())
    if (s.name == "D50") d50 = &s;
  ASSERT_NE(d50, nullptr);
  for (double nm = 380; nm <= 780; nm += 5)
    EXPECT_NEAR(computed.value_at(nm) / d50->value_at(nm), 1.0, kTabulationTolerance) << nm;
}

// The fluorescent and LED tables against the chromaticities CIE publishes for them (CIE 15:2004
// table T.8.1 for FL1-FL12, CIE 15:2018 table 10 for the LED series; 4 decimals), integrated the way
// the chart reference integrates an illuminant (linear to 1 nm, CIE 1931 2 degree, 360..780 nm).
// The manifest names resolve to them, aliases included.
TEST(Spectral, FluorescentAndLedIlluminantsHaveTheirPublishedChromaticities) {
  constexpr double kPublishedXyTolerance = 3e-4;  // 4-decimal rounding plus 1 nm vs 5 nm summation
  const std::pair<const char*, aceslab::aces::xy> published[] = {
      {"FL1", {0.3131, 0.3371}},  {"FL2", {0.3721, 0.3751}},     {"FL3", {0.4091, 0.3941}},
      {"FL4", {0.4402, 0.4031}},  {"FL5", {0.3138, 0.3452}},     {"FL6", {0.3779, 0.3882}},
      {"FL7", {0.3129, 0.3292}},  {"FL8", {0.3458, 0.3586}},     {"FL9", {0.3741, 0.3727}},
      {"FL10", {0.3458, 0.3588}}, {"FL11", {0.3805, 0.3769}},    {"FL12", {0.4370, 0.4042}},
      {"LED-B1", {0.4560, 0.4078}}, {"LED-B2", {0.4357, 0.4012}}, {"LED-B3", {0.3756, 0.3723}},
      {"LED-B4", {0.3422, 0.3502}}, {"LED-B5", {0.3118, 0.3236}}, {"LED-BH1", {0.4474, 0.4066}},
      {"LED-RGB1", {0.4557, 0.4211}}, {"LED-V1", {0.4548, 0.4044}}, {"LED-V2", {0.3781, 0.3775}},
  };
  const auto& table = cie_fluorescent_and_led_illuminants();
  ASSERT_EQ(table.size(), std::size(published));
  const auto& cmfs = cie1931_2deg_cmfs();
  for (const auto& [name, xy] : published) {
    SCOPED_TRACE(name);
    const Spectrum spd = illuminant_spd(IlluminantSpec::from_json(nlohmann::json(name), {}), {});
    EXPECT_EQ(spd.name, name);
    const Spectrum s = resample(spd, {360, 830, 1}, Interpolation::linear);
    double XYZ[3] = {0, 0, 0};
    for (std::size_t i = 0; i < s.values.size() && s.wavelengths[i] <= 780; ++i)
      for (int c = 0; c < 3; ++c) XYZ[c] += s.values[i] * cmfs[static_cast<std::size_t>(c)].values[i];
    const double sum = XYZ[0] + XYZ[1] + XYZ[2];
    EXPECT_NEAR(XYZ[0] / sum, xy.x, kPublishedXyTolerance);
    EXPECT_NEAR(XYZ[1] / sum, xy.y, kPublishedXyTolerance);
  }
  // F-names, and the lamp names camera makers tune to.
  EXPECT_EQ(IlluminantSpec::from_json(nlohmann::json("F11"), {}).name, "FL11");
  EXPECT_EQ(IlluminantSpec::from_json(nlohmann::json("TL84"), {}).name, "FL11");
  EXPECT_EQ(IlluminantSpec::from_json(nlohmann::json("CWF"), {}).name, "FL2");
  EXPECT_THROW(IlluminantSpec::from_json(nlohmann::json("F13"), {}), aceslab::Error);
  EXPECT_THROW(IlluminantSpec::from_json(nlohmann::json("LED-B6"), {}), aceslab::Error);
}

TEST(Spectral, RawtoacesCameraFile) {
  const auto cam = read_camera_sensitivities(std::string(ACESLAB_SHARED_DIR) +
                                             "/data/cameras/camera/Nikon_D200_380_780_5.json");
  EXPECT_EQ(cam.manufacturer, "Nikon");
  EXPECT_EQ(cam.model, "D200");
  EXPECT_EQ(cam.rgb[1].wavelengths.size(), 81u);
  EXPECT_DOUBLE_EQ(cam.rgb[0].values[0], 0.0243);
}

class SpectralErrors : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto dir = std::filesystem::temp_directory_path() / "aceslab_spectral_test";
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(SpectralErrors, CsvBadNumberNamesLineAndColumn) {
  const auto path = write("bad.csv", "wavelength_nm,lamp\n400,1.0\n405,abc\n");
  try {
    read_spectral_csv(path);
    FAIL();
  } catch (const aceslab::Error& e) {
    EXPECT_EQ(e.location().line, 3);
    EXPECT_EQ(e.location().element, "lamp");
    EXPECT_NE(std::string(e.what()).find("expected a number, got \"abc\""), std::string::npos) << e.what();
  }
}

TEST_F(SpectralErrors, CsvWrongColumnCount) {
  const auto path = write("cols.csv", "wavelength_nm,a,b\n400,1,2\n405,1\n");
  try {
    read_spectral_csv(path);
    FAIL();
  } catch (const aceslab::Error& e) {
    EXPECT_EQ(e.location().line, 3);
    EXPECT_NE(std::string(e.what()).find("expected 3 values, got 2"), std::string::npos) << e.what();
  }
}

TEST_F(SpectralErrors, CsvDecreasingWavelengths) {
  const auto path = write("order.csv", "wavelength_nm,a\n405,1\n400,1\n");
  EXPECT_THROW(read_spectral_csv(path), aceslab::Error);
}

TEST_F(SpectralErrors, JsonWrongChannelCount) {
  const auto path = write("cam.json", R"({"header":{},"spectral_data":{"index":{"main":["R","G","B"]},
    "data":{"main":{"380":[1,2,3],"385":[1,2]}}}})");
  try {
    read_camera_sensitivities(path);
    FAIL();
  } catch (const aceslab::Error& e) {
    EXPECT_EQ(e.location().element, "/spectral_data/data/main/385");
    EXPECT_NE(std::string(e.what()).find("expected 3 values"), std::string::npos) << e.what();
  }
}

TEST_F(SpectralErrors, MissingFileIsIo) {
  try {
    read_spd_file("/nonexistent/lamp.csv");
    FAIL();
  } catch (const aceslab::Error& e) {
    EXPECT_EQ(e.kind(), aceslab::ErrorKind::io);
  }
}

}  // namespace
