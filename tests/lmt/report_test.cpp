// SPDX-License-Identifier: Apache-2.0
// The look report: writes every file it promises, the page links them (relative, no script), the
// heat map figures separate an exact LMT from a wrong one, existing files are refused, HDR previews
// are 16-bit code values plus a tone-mapped SDR view with the expected numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "aces2/output_presets.h"
#include "color/error.h"
#include "image/image_io.h"
#include "lmt/report.h"
#include "lmt/sample_lut.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::lmt;

namespace {

constexpr const char* kLutIn = "logc3-ei800-awg3";
constexpr const char* kLutOut = "rec709-bt1886-100nit";
constexpr int kLutSize = 9;  // small LUTs keep the tests fast

// A look: +0.4 stop and 15% more saturation (around the ACES2065-1 Y axis), rendered for the
// display by the forward output transform, sampled on a kLutSize^3 lattice of LogC3 code values.
ShowLut make_show_lut(const LutEncoding& enc, const fs::path& name) {
  CubeFile cube;
  cube.title = "report test look";
  cube.dialect = CubeDialect::resolve;
  CubeTable t;
  t.size = kLutSize;
  for (int b = 0; b < kLutSize; ++b) {
    for (int g = 0; g < kLutSize; ++g) {
      for (int r = 0; r < kLutSize; ++r) {  // red fastest (.cube order)
        t.values.push_back(static_cast<float>(r) / (kLutSize - 1));
        t.values.push_back(static_cast<float>(g) / (kLutSize - 1));
        t.values.push_back(static_cast<float>(b) / (kLutSize - 1));
      }
    }
  }
  enc.input_to_aces(t.values);
  for (std::size_t i = 0; i < t.values.size(); i += 3) {
    float* p = &t.values[i];
    // ACES2065-1 luminance weights (SMPTE ST 2065-1 NPM row 2).
    const float y = 0.3439664f * p[0] + 0.7281661f * p[1] - 0.0721325f * p[2];
    for (int k = 0; k < 3; ++k) p[k] = 1.32f * (y + 1.15f * (p[k] - y));
  }
  enc.output_transform().forward(t.values);
  cube.lut3d = std::move(t);
  return ShowLut(std::move(cube), name);
}

struct Fixture {
  LutEncoding enc{kLutIn, CodeRange::full, kLutOut, CodeRange::full};
  ShowLut lut = make_show_lut(enc, "report_test_look.cube");
  // The exact (unbaked) LMT: ACES -> LUT input code -> LUT -> inverse output transform.
  RgbFunction exact_lmt() const {
    return [this](std::span<float> rgb) {
      enc.aces_to_input(rgb);
      lut.apply(rgb);
      enc.output_transform().inverse(rgb);
    };
  }
  ReportInput input(RgbFunction lmt) const {
    ReportInput in;
    in.lut = &lut;
    in.encoding = &enc;
    in.lmt = std::move(lmt);
    in.settings = {{"note", "a <test> & more"}};
    in.files = {{"show LUT", "report_test_look.cube"}};
    return in;
  }
};

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("aceslab_report_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The exact LMT reproduces the LUT up to the output transform's own round trip (inverse then
// forward within verify.h's kReachTolerance = 1e-3 code value): a small fraction of a CIEDE2000
// unit on average, more only in the darkest pixels where 1e-3 of code is a large relative change.
constexpr double kExactMeanDeltaE = 0.05;
// Leaving the look out (identity LMT) changes exposure by 0.4 stop and saturation by 15%: several
// CIEDE2000 units on average.
constexpr double kWrongMinMeanDeltaE = 1.0;
// On the realistic sample at the default 65^3 the maker's natural-colour target is mean <= 0.10;
// the chart also holds +4 EV saturated colours and the camera-gamut boundary, which are harder.
constexpr double kSampleChartMeanDeltaE = 0.1;  // measured 0.045 (03:20 UTC, 65^3)

}  // namespace

TEST(Report, WritesEveryFileAndThePageLinksThem) {
  const Fixture f;
  ReportSettings rs;
  rs.dir = fresh_dir("files");
  rs.preview_outputs = {"rec2100-pq-1000nit-p3", "p3d65-gamma2.6-48nit"};
  rs.extra_files = {{"AMF", "look.amf"}};
  const ReportOutput out = write_report(f.input(f.exact_lmt()), rs);

  const auto names = report_file_names(rs);
  ASSERT_EQ(out.files.size(), names.size());
  const std::string html = slurp(out.html);
  EXPECT_EQ(out.html, rs.dir / "index.html");
  for (const auto& name : names) {
    EXPECT_TRUE(fs::is_regular_file(rs.dir / name)) << name;
    EXPECT_GT(fs::file_size(rs.dir / name), 0u) << name;
    if (name == "index.html") continue;
    // Referenced by a relative link or image source.
    EXPECT_TRUE(html.find("href=\"" + name.string() + "\"") != std::string::npos ||
                html.find("src=\"" + name.string() + "\"") != std::string::npos)
        << name;
  }
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src=\"/"), std::string::npos);  // no absolute image paths
  EXPECT_NE(html.find("a &lt;test&gt; &amp; more"), std::string::npos);  // escaped settings
  EXPECT_NE(html.find("look.amf"), std::string::npos);
  EXPECT_NE(html.find("tone-mapped SDR preview"), std::string::npos);
  EXPECT_NE(html.find("16-bit PNG"), std::string::npos);
  EXPECT_NE(html.find("Skin tones"), std::string::npos);  // the chart's rows are listed

  // Images: the chart size, 8-bit browser views, 16-bit code values, the EXR chart in ACES.
  const aces::Image chart = aces::read_image(rs.dir / "chart_aces2065-1.exr");
  const aces::Image lut_png = aces::read_image(rs.dir / "chart_lut.png");
  EXPECT_EQ(lut_png.width, chart.width);
  EXPECT_EQ(lut_png.height, chart.height);
  EXPECT_EQ(lut_png.source_bits, 8);
  ASSERT_EQ(out.previews.size(), 2u);
  EXPECT_TRUE(out.previews[0].hdr);
  EXPECT_FALSE(out.previews[1].hdr);
  const aces::Image pq = aces::read_image(out.previews[0].code_png);
  EXPECT_EQ(pq.source_bits, 16);
  EXPECT_EQ(pq.width, chart.width);

  // Figures: the exact LMT reproduces the LUT.
  EXPECT_EQ(out.chart_pixels, chart.pixels());
  EXPECT_LT(out.chart_delta_E_2000.mean, kExactMeanDeltaE);
  EXPECT_LT(out.chart_unreachable, out.chart_pixels / 2);
  ASSERT_EQ(out.rows.size(), 11u);
  fs::remove_all(rs.dir);
}

TEST(Report, HeatMapFiguresSeeAWrongLmt) {
  const Fixture f;
  ReportSettings rs;
  rs.dir = fresh_dir("wrong");
  rs.preview_outputs = {};
  const ReportOutput out = write_report(f.input([](std::span<float>) {}), rs);
  EXPECT_GT(out.chart_delta_E_2000.mean, kWrongMinMeanDeltaE);
  // The heat map is bright (top of the scale) where the error is large: the mid-grey step
  // (row 1) is +0.4 stop off.
  const aces::Image heat = aces::read_image(rs.dir / "error_heatmap.png");
  const auto top = heat_map_colour(10.0, kDefaultHeatMapMax);
  int saturated = 0;
  for (std::size_t i = 0; i < heat.pixels(); ++i) {
    if (std::abs(heat.rgb[3 * i + 1] - top[1]) < 2.0f / 255.0f) ++saturated;
  }
  EXPECT_GT(saturated, static_cast<int>(heat.pixels() / 10));
  fs::remove_all(rs.dir);
}

TEST(Report, RefusesToOverwriteUnlessAllowed) {
  const Fixture f;
  ReportSettings rs;
  rs.dir = fresh_dir("overwrite");
  rs.preview_outputs = {};
  write_report(f.input(f.exact_lmt()), rs);
  const auto before = fs::last_write_time(rs.dir / "index.html");
  const std::string html_before = slurp(rs.dir / "index.html");
  try {
    write_report(f.input([](std::span<float>) {}), rs);
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io);
    EXPECT_NE(e.location().path.find("chart_aces2065-1.exr"), std::string::npos) << e.what();
  }
  EXPECT_EQ(fs::last_write_time(rs.dir / "index.html"), before);
  EXPECT_EQ(slurp(rs.dir / "index.html"), html_before);
  rs.overwrite = Overwrite::allow;
  const ReportOutput again = write_report(f.input([](std::span<float>) {}), rs);
  EXPECT_GT(again.chart_delta_E_2000.mean, kWrongMinMeanDeltaE);  // the new content is there
  fs::remove_all(rs.dir);
}

TEST(Report, UnknownPreviewIsAUsageErrorAndWritesNothing) {
  const Fixture f;
  ReportSettings rs;
  rs.dir = fresh_dir("unknown");
  rs.preview_outputs = {"rec709-pq-9999nit"};
  try {
    write_report(f.input(f.exact_lmt()), rs);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("rec709-pq-9999nit"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(rs.dir));
  ReportInput missing;
  EXPECT_THROW(write_report(missing, rs), Error);
}

TEST(Report, SdrPreviewOfPqAndPassThroughOfRec709) {
  // PQ (SMPTE ST 2084) code of 100 cd/m^2, from the standard's constants.
  const double m1 = 2610.0 / 16384.0, m2 = 2523.0 / 4096.0 * 128.0;
  const double c1 = 3424.0 / 4096.0, c2 = 2413.0 / 4096.0 * 32.0, c3 = 2392.0 / 4096.0 * 32.0;
  const double y = std::pow(100.0 / 10000.0, m1);
  const float pq100 = static_cast<float>(std::pow((c1 + c2 * y) / (1.0 + c3 * y), m2));
  const auto pq = aces::output_transform(aces::find_output_preset("rec2100-pq-1000nit-p3"));
  std::vector<float> v{pq100, pq100, pq100};
  display_to_srgb_preview(*pq, v);
  // 100 cd/m^2 = display-linear 1 -> extended Reinhard with white 10: (1 + 1/100) / 2 = 0.505,
  // then the sRGB encoding (IEC 61966-2-1).
  const double expected = 1.055 * std::pow(0.505, 1.0 / 2.4) - 0.055;
  // PQ decode in float32 near mid code: a few 1e-6 relative, amplified ~0.5x by the sRGB slope.
  constexpr double kPreviewTolerance = 1e-4;
  for (float c : v) EXPECT_NEAR(c, expected, kPreviewTolerance);

  const auto rec709 = aces::output_transform(aces::find_output_preset(kLutOut));
  std::vector<float> w{0.25f, 0.5f, 1.2f, -0.1f, 0.0f, 0.75f};
  display_to_srgb_preview(*rec709, w);
  EXPECT_EQ(w, (std::vector<float>{0.25f, 0.5f, 1.0f, 0.0f, 0.0f, 0.75f}));  // as-is, clamped
}

TEST(Report, HeatMapColourScale) {
  const auto low = heat_map_colour(0.0, 2.0);
  const auto high = heat_map_colour(2.0, 2.0);
  const auto beyond = heat_map_colour(50.0, 2.0);
  EXPECT_NEAR(low[0], 0x44 / 255.0, 1e-6);   // viridis start #440154
  EXPECT_NEAR(high[1], 0xe7 / 255.0, 1e-6);  // viridis end #fde725
  EXPECT_EQ(high, beyond);
  // Brightness (green channel of viridis) rises with the error.
  float previous = -1.0f;
  for (double d = 0.0; d <= 2.0; d += 0.1) {
    const auto c = heat_map_colour(d, 2.0);
    EXPECT_GE(c[1], previous);
    previous = c[1];
  }
}

TEST(Report, FromTheMakerResult) {
  const Fixture f;
  const fs::path dir = fresh_dir("maker");
  fs::create_directories(dir);
  LmtSettings s;
  s.lut_in = kLutIn;
  s.lut_out = kLutOut;
  s.verify_options.random_samples = 20000;
  s.cube_size = 17;  // 2(9-1)+1: nests the LUT's lattice, and keeps the test fast
  const LmtResult r = make_lmt(f.lut, s, dir / "look.clf", Overwrite::refuse);
  ReportSettings rs;
  rs.dir = dir / "report";
  const ReportOutput out = write_lmt_report(f.lut, s, r, rs);
  const std::string html = slurp(out.html);
  EXPECT_NE(html.find("look.clf"), std::string::npos);
  EXPECT_NE(html.find("ACEStransformID"), std::string::npos);
  EXPECT_NE(html.find("<td rowspan=\"2\">natural</td>"), std::string::npos);
  EXPECT_NE(html.find("<td rowspan=\"2\">cube</td>"), std::string::npos);
  // The baked LMT read back through OCIO agrees with the LUT on the chart about as well as the
  // maker's own verification says: a 17^3 LMT of this coarse 9^3 LUT measures ~0.4-0.7 mean
  // CIEDE2000 there (tetrahedral interpolation of the inverse output transform between lattice
  // points), far below the identity LMT's error and above the exact LMT's.
  constexpr double kBakedMeanDeltaE = 1.0;
  EXPECT_LT(out.chart_delta_E_2000.mean, kBakedMeanDeltaE);
  EXPECT_LT(out.chart_delta_E_2000.mean, 3.0 * std::max(r.verification->natural.delta_E_2000.mean,
                                                         r.verification->cube.delta_E_2000.mean));
  if (!getenv("ACESLAB_KEEP")) fs::remove_all(dir);
}

TEST(Report, OnTheSampleShowLut) {
  // The generated 33^3 LogC3 -> Rec.709 show LUT (sample_lut.h), baked at the default 65^3.
  const fs::path dir = fresh_dir("sample");
  fs::create_directories(dir);
  const ShowLut lut(make_sample_lut(), dir / "sample_show.cube");
  LmtSettings s;
  s.lut_in = kLutIn;
  s.lut_out = kLutOut;
  const LmtResult r = make_lmt(lut, s, dir / "sample_lmt.clf", Overwrite::refuse);
  ReportSettings rs;
  rs.dir = dir / "report";
  const auto t0 = std::chrono::steady_clock::now();
  const ReportOutput out = write_lmt_report(lut, s, r, rs);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "report on the sample: " << seconds << " s; chart dE2000 " << format_stats(out.chart_delta_E_2000)
            << ", unreachable " << out.chart_unreachable << " of " << out.chart_pixels << "\n";
  for (const auto& row : out.rows) {
    std::cout << "  " << row.row << ": " << format_stats(row.delta_E_2000) << ", unreachable " << row.unreachable << "\n";
  }
  ASSERT_TRUE(r.verification.has_value());
  EXPECT_LT(out.chart_delta_E_2000.mean, kSampleChartMeanDeltaE);
  if (!getenv("ACESLAB_KEEP")) fs::remove_all(dir);
}
