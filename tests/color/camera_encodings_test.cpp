// SPDX-License-Identifier: Apache-2.0
// The camera encodings OpenColorIO 2.1 has no builtin and the ACES OCIO config no CLF for, each
// against an independent reference: the maker's published code values (data sheets, white papers),
// the published equations written out again here, the Academy CTL of the registry's transform, and
// matrices derived here from published normalised primary matrices (NPMs) with CAT02 written out
// from CIE 159. Then the completeness check: every colour space has an independent reference,
// here or in color_space_test.cpp (OCIO builtins and the ACES OCIO config's CLFs).
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <cmath>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "color/color_space.h"
#include "color/transfer_function.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/pipeline.h"

using namespace aceslab::aces;

namespace {

// Values the documents print to 7 significant digits (colour-science's doctests of each maker's
// equations reproduce the same digits).
constexpr double kSevenDigits = 1e-7;
// The references evaluate in double from the same published constants as ours: only rounding.
constexpr double kSameEquation = 1e-12;

const TransferFunction& tf(const char* id) { return find_transfer_function(id); }
long code10(const char* id, double linear) { return std::lround(tf(id).to_code(linear) * 1023.0); }

TEST(CameraEncodings, PublishedCodeValues) {
  // Fujifilm F-Log Data Sheet Ver.1.1, table 2-2: 0%, 18%, 90% reflectance -> 10-bit 95, 470, 705.
  EXPECT_EQ(code10("flog", 0.0), 95);
  EXPECT_EQ(code10("flog", 0.18), 470);
  EXPECT_EQ(code10("flog", 0.90), 705);
  EXPECT_NEAR(tf("flog").to_code(0.18), 0.4593184, kSevenDigits);
  // F-Log2 Data Sheet Ver.1.0, table 2-2: 95, 400, 570.
  EXPECT_EQ(code10("flog2", 0.0), 95);
  EXPECT_EQ(code10("flog2", 0.18), 400);
  EXPECT_EQ(code10("flog2", 0.90), 570);
  EXPECT_NEAR(tf("flog2").to_code(0.18), 0.3910072, kSevenDigits);
  // Nikon N-Log Specification 1.0.0; DJI D-Log white paper; Leica L-Log Reference Manual; GoPro
  // Protune; RED Log3G12; Kodak Cineon: 18% grey (the digits of colour-science's doctests).
  EXPECT_NEAR(tf("nlog").to_code(0.18), 0.3636677, kSevenDigits);
  EXPECT_NEAR(tf("dlog").to_code(0.18), 0.3987645, kSevenDigits);
  EXPECT_NEAR(tf("dlog").to_linear(0.3987645561893306), 0.1799998, kSevenDigits);
  EXPECT_NEAR(tf("llog").to_code(0.18), 0.4353139, kSevenDigits);
  EXPECT_NEAR(tf("protune").to_code(0.18), 0.6456234, kSevenDigits);
  EXPECT_NEAR(tf("log3g12").to_code(0.18), 0.3333326, kSevenDigits);
  EXPECT_NEAR(tf("log3g12").to_linear(1.0 / 3.0), 0.1800015, kSevenDigits);
  EXPECT_NEAR(tf("cineon").to_code(0.18), 0.4573196, kSevenDigits);
  // Cineon: film base (code 95) is black, code 685 is the 90% white card's exposure normalised to 1.
  EXPECT_NEAR(tf("cineon").to_linear(95.0 / 1023.0), 0.0, kSameEquation);
  EXPECT_NEAR(tf("cineon").to_linear(685.0 / 1023.0), 1.0, kSameEquation);
  // Canon Log (Thorpe 2012, table): 0%, 2%, 18%, 90%, 720% -> 10-bit 128, 169, 351, 614, 1016;
  // colour-science's Canon 2020 form gives 18% = 34.3389649%.
  const double clog_in[] = {0.0, 0.02, 0.18, 0.90, 7.20};
  const long clog_out[] = {128, 169, 351, 614, 1016};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(code10("clog", clog_in[i]), clog_out[i]) << clog_in[i];
  EXPECT_NEAR(tf("clog").to_code(0.18) * 100.0, 34.3389649, 1e-6);
}

// The published equations, written out independently (decode direction).
TEST(CameraEncodings, DecodesMatchThePublishedEquations) {
  struct Case {
    const char* id;
    std::function<double(double)> decode;
    double lo, hi;
  };
  const double bo = std::pow(10.0, (95.0 - 685.0) / 300.0);
  const Case cases[] = {
      // F-Log / F-Log2 data sheets, section 2-1 (decode switches at cut2).
      {"flog",
       [](double y) {
         return y < 0.100537775223865 ? (y - 0.092864) / 8.735631
                                      : (std::pow(10.0, (y - 0.790453) / 0.344676) - 0.009468) / 0.555556;
       },
       0.0, 1.0},
      {"flog2",
       [](double y) {
         return y < 0.100686685370811 ? (y - 0.092864) / 8.799461
                                      : (std::pow(10.0, (y - 0.384316) / 0.245281) - 0.064829) / 5.555556;
       },
       0.0, 1.0},
      {"nlog",
       [](double y) {
         return y < 452.0 / 1023.0 ? std::pow(y / (650.0 / 1023.0), 3.0) - 0.0075
                                   : std::exp((y - 619.0 / 1023.0) / (150.0 / 1023.0));
       },
       0.0, 1.0},
      // DJI's CSC CTL (DLog_to_lin).
      {"dlog",
       [](double y) { return y <= 0.14 ? (y - 0.0929) / 6.025 : (std::pow(10.0, 3.89616 * y - 2.27752) - 0.0108) / 0.9892; },
       0.0, 1.0},
      {"llog",
       [](double y) { return y <= 0.138 ? (y - 0.09) / 8.0 : (std::pow(10.0, (y - 0.6) / 0.27) - 0.0115) / 1.3; },
       0.0, 1.0},
      {"protune", [](double y) { return (std::pow(113.0, y) - 1.0) / 112.0; }, 0.0, 1.0},
      {"log3g12", [](double y) { return (std::pow(10.0, y / 0.184904) - 1.0) / 347.189667; }, 0.0, 1.0},
      // Canon Log 2012 (Thorpe): 0.529136 log10(10.1596 x + 1) + 0.0730597 in IRE, stored as 10-bit
      // legal range (64 + 876 IRE) / 1023, x = linear / 0.9. Canon's 2020 constants round these.
      {"clog",
       [](double y) {
         const double ire = (y * 1023.0 - 64.0) / 876.0;
         return 0.9 * (std::pow(10.0, (ire - 0.0730597) / 0.529136) - 1.0) / 10.1596;
       },
       128.0 / 1023.0, 1.0},
      {"cineon", [bo](double y) { return (std::pow(10.0, (1023.0 * y - 685.0) / 300.0) - bo) / (1.0 - bo); },
       95.0 / 1023.0, 1.0},
  };
  // Canon's 2020 form carries 8 significant digits of the 2012 constants placed in legal range.
  constexpr double kCanonRounding = 2e-7;
  for (const Case& c : cases) {
    const double tol = std::string(c.id) == "clog" ? kCanonRounding : kSameEquation;
    double worst = 0.0;
    for (int i = 0; i <= 4000; ++i) {
      const double y = c.lo + (c.hi - c.lo) * i / 4000;
      const double ref = c.decode(y);
      worst = std::max(worst, std::abs(tf(c.id).to_linear(y) - ref) / std::max(1.0, std::abs(ref)));
    }
    EXPECT_LE(worst, tol) << c.id;
  }
}

// Sony's ACES CSCs for S-Log1 / S-Log2 (aces-input-and-colorspaces sony/CSC.Sony.SLog*_to_ACES.ctl):
// SLog1_to_lin / SLog2_to_lin of the CTL, switching at code AB. Ours switches where the log segment
// reaches AB's linear value with the CTL's line slope through it: the lines differ by < 1.5e-6 linear.
TEST(CameraEncodings, SonySLog1AndSLog2MatchTheirCtl) {
  constexpr double kCtlLineOffset = 1.5e-6;
  struct Case {
    const char* id;
    double n, b, ab, w;
    bool slog2;
  };
  const Case cases[] = {{"slog1", 1023, 64, 90, 940, false},    {"slog1-12i", 4095, 256, 360, 3760, false},
                        {"slog2", 1023, 64, 90, 940, true},     {"slog2-12i", 4095, 256, 360, 3760, true}};
  for (const Case& c : cases) {
    double worst = 0.0;
    for (int i = 0; i <= 4000; ++i) {
      const double v = i / 4000.0;
      const double slog = v * c.n;
      const double yp = (slog - c.b) / (c.w - c.b);
      double lin = 0.0;
      if (slog >= c.ab) {
        const double e = std::pow(10.0, (yp - 0.616596 - 0.03) / 0.432699) - 0.037584;
        lin = (c.slog2 ? 219.0 * e / 155.0 : e) * 0.9;
      } else {
        lin = (yp - 0.030001222851889303) / (c.slog2 ? 3.53881278538813 : 5.0) * 0.9;
      }
      worst = std::max(worst, std::abs(tf(c.id).to_linear(v) - lin) / std::max(1.0, std::abs(lin)));
    }
    EXPECT_LE(worst, kCtlLineOffset) << c.id;
  }
}

// S-2013-001 ACESproxy: integer codes of AP1 linear values by the spec's formula (our float codes
// round to them), and the legal limits.
TEST(CameraEncodings, ACESproxyCodesFollowTheSpec) {
  for (double lin : {0.0005, 0.005, 0.18, 1.0, 4.0, 20.0}) {
    const long ten = std::lround(std::max(64.0, std::min(940.0, (std::log2(lin) + 2.5) * 50.0 + 425.0)));
    const long twelve = std::lround(std::max(256.0, std::min(3760.0, (std::log2(lin) + 2.5) * 200.0 + 1700.0)));
    EXPECT_EQ(std::lround(tf("acesproxy10i").to_code(lin) * 1023.0), ten) << lin;
    EXPECT_EQ(std::lround(tf("acesproxy12i").to_code(lin) * 4095.0), twelve) << lin;
  }
  EXPECT_EQ(std::lround(tf("acesproxy10i").to_code(0.18) * 1023.0), 426);
  EXPECT_EQ(std::lround(tf("acesproxy12i").to_code(0.18) * 4095.0), 1705);
  EXPECT_DOUBLE_EQ(tf("acesproxy10i").to_code(1e-9), 64.0 / 1023.0);
  EXPECT_DOUBLE_EQ(tf("acesproxy12i").to_code(1e9), 3760.0 / 4095.0);
}

// ---- Matrices, derived here from published NPMs and CAT02 -------------------------------------

using Mat = Eigen::Matrix3d;

Mat rows(std::initializer_list<double> v) {
  Mat m;
  auto it = v.begin();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) m(r, c) = *it++;
  return m;
}

// CIE 159:2004 M_CAT02 and a von Kries adaptation between two XYZ whites.
Mat cat02(const Eigen::Vector3d& from, const Eigen::Vector3d& to) {
  const Mat m = rows({0.7328, 0.4296, -0.1624, -0.7036, 1.6975, 0.0061, 0.0030, 0.0136, 0.9834});
  const Eigen::Vector3d g = (m * to).cwiseQuotient(m * from);
  return m.inverse() * g.asDiagonal() * m;
}

// SMPTE ST 2065-1:2012 section 4.2: the AP0 NPM, printed to 10 decimals.
Mat ap0_npm() {
  return rows({0.9525523959, 0.0, 0.0000936786, 0.3439664498, 0.7281660966, -0.0721325464, 0.0, 0.0, 1.0088251844});
}

// Camera RGB -> ACES2065-1 from the camera's published NPM (white D65 as the NPM's row sums).
Mat to_ap0_cat02(const Mat& npm) {
  const Eigen::Vector3d d65 = npm * Eigen::Vector3d::Ones();
  const Eigen::Vector3d aces = ap0_npm() * Eigen::Vector3d::Ones();
  return ap0_npm().inverse() * cat02(d65, aces) * npm;
}

struct MatrixCase {
  const char* space;
  Mat expected;
  double tolerance;  // from the printed precision of the NPM
  const char* source;
};

std::vector<MatrixCase> matrix_cases() {
  // ITU-R BT.2020 NPM as colour-science computes it (8 significant digits).
  const Mat bt2020 = rows({6.36958048e-01, 1.44616904e-01, 1.68880975e-01, 2.62700212e-01, 6.77998072e-01,
                           5.93017165e-02, 0.0, 2.80726930e-02, 1.06098506e+00});
  const Mat cgamut = rows({0.71604965, 0.12968348, 0.1047228, 0.26126136, 0.86964215, -0.1309035, -0.00967635,
                           -0.23648164, 1.33521573});
  const Mat fgamutc = rows({0.78927497, 0.02004023, 0.14114073, 0.28500701, 0.7419457, -0.02695271, 0.0, 0.0,
                            1.08905775});
  // DJI's white paper prints its NPM to 4 decimals.
  const Mat dgamut = rows({0.6482, 0.194, 0.1082, 0.283, 0.8132, -0.0962, -0.0183, -0.0832, 1.1903});
  // 8-digit NPMs: ~1e-7 after the CAT; the 4-digit one ~2e-4.
  constexpr double kEightDigits = 2e-7;
  constexpr double kFourDigits = 3e-4;
  return {
      {"flog-fgamut", to_ap0_cat02(bt2020), kEightDigits, "F-Gamut = BT.2020 NPM (F-Log data sheet)"},
      {"flog2-fgamut", to_ap0_cat02(bt2020), kEightDigits, "F-Gamut = BT.2020 NPM"},
      {"flog2-fgamutc", to_ap0_cat02(fgamutc), kEightDigits, "F-Gamut C NPM (F-Log2 C data sheet)"},
      {"nlog-rec2020", to_ap0_cat02(bt2020), kEightDigits, "BT.2020 NPM"},
      {"llog-rec2020", to_ap0_cat02(bt2020), kEightDigits, "BT.2020 NPM"},
      {"clog-rec2020", to_ap0_cat02(bt2020), kEightDigits, "BT.2020 NPM"},
      {"clog-cgamut", to_ap0_cat02(cgamut), kEightDigits, "Cinema Gamut NPM"},
      {"dlog-dgamut", to_ap0_cat02(dgamut), kFourDigits, "D-Gamut NPM (DJI white paper)"},
      // Canon's Input Transforms v2.0 print their D55 matrices for BT.2020 (CanonLog{2,3}_BT2020_D55).
      {"clog2-rec2020",
       rows({0.678891151, 0.158868422, 0.162240427, 0.045570831, 0.860712772, 0.093716397, -0.000485710, 0.025060196,
             0.975425515}),
       1e-9, "Canon IDT v2.0 (D55, BT.2020)"},
      {"clog3-rec2020",
       rows({0.678891151, 0.158868422, 0.162240427, 0.045570831, 0.860712772, 0.093716397, -0.000485710, 0.025060196,
             0.975425515}),
       1e-9, "Canon IDT v2.0 (D55, BT.2020)"},
  };
}

TEST(CameraEncodings, MatricesMatchPublishedPrimaryMatrices) {
  for (const MatrixCase& c : matrix_cases()) {
    const Mat ours = find_color_space(c.space).to_ACES2065_1();
    EXPECT_LE((ours - c.expected).cwiseAbs().maxCoeff(), c.tolerance) << c.space << " vs " << c.source << "\nours\n"
                                                                      << ours << "\nexpected\n" << c.expected;
  }
}

// The spaces whose conversion is curve + matrix and whose references are above (curves) and in
// MatricesMatchPublishedPrimaryMatrices (matrices), the vendors' published matrices (Sony, Canon
// tungsten: the spaces carry the CTL's constants, checked to be wired in), the ARRI exposure indices
// (curves in transfer_function_test.cpp LogC3FoldsHighlightsAboveEI1280, EI 800's matrix against
// OCIO), and Cineon / RWG / AP1 gamuts shared with spaces checked against OCIO.
TEST(CameraEncodings, EverySpaceHasAnIndependentReference) {
  // color_space_test.cpp CameraToAcesMatchesOcioBuiltinsAndClfs: OCIO builtins and the ACES config's CLFs.
  const std::set<std::string> ocio_checked = {
      "logc3-ei800-awg3", "logc4-awg4",   "slog3-sgamut3", "slog3-sgamut3cine",    "slog2-sgamut",
      "log3g10-rwg",      "clog2-cgamut", "clog3-cgamut",  "vlog-vgamut",          "bmdfilm-gen5",
      "davinci-intermediate-dwg", "applelog-rec2020", "acescct", "acescc", "acescg", "slog3-venice-sgamut3",
      "slog3-venice-sgamut3cine", "acesproxy10i"};
  std::set<std::string> here;
  for (const MatrixCase& c : matrix_cases()) here.insert(c.space);
  // Published vendor matrices: the space must carry exactly the CTL's (transposed) matrix.
  const struct {
    const char* space;
    double m00, m01, m10;  // three entries of the column-vector form, from the CTL
  } published[] = {
      {"slog1-sgamut-10i", 0.754338638, 0.133697046, 0.021198141},
      {"slog1-sgamut-12i", 0.754338638, 0.133697046, 0.021198141},
      {"slog2-sgamut-daylight-10i", 0.8764457030, 0.0145411681, 0.0774075345},
      {"slog2-sgamut-daylight-12i", 0.8764457030, 0.0145411681, 0.0774075345},
      {"slog2-sgamut-tungsten-10i", 1.0110238740, -0.1362526051, 0.1011994504},
      {"slog2-sgamut-tungsten-12i", 1.0110238740, -0.1362526051, 0.1011994504},
      {"clog2-cgamut-tungsten", 0.817416293, 0.090755698, -0.035361374},
      {"clog3-cgamut-tungsten", 0.817416293, 0.090755698, -0.035361374},
      {"clog2-rec2020-tungsten", 0.724488568, 0.115140904, 0.010659276},
      {"clog3-rec2020-tungsten", 0.724488568, 0.115140904, 0.010659276},
  };
  for (const auto& p : published) {
    const ColorSpace& cs = find_color_space(p.space);
    ASSERT_TRUE(cs.published_to_aces.has_value()) << p.space;
    const Mat m = cs.to_ACES2065_1();
    EXPECT_DOUBLE_EQ(m(0, 0), p.m00) << p.space;
    EXPECT_DOUBLE_EQ(m(0, 1), p.m01) << p.space;
    EXPECT_DOUBLE_EQ(m(1, 0), p.m10) << p.space;
    here.insert(p.space);
  }
  // Shared gamuts: the matrix of a space checked against OCIO, with a curve checked above.
  const std::pair<const char*, const char*> same_matrix[] = {
      {"log3g12-rwg", "log3g10-rwg"},     {"acesproxy12i", "acescg"}, {"cineon-acescg", "acescg"},
      {"cineon-rec709", "lin-rec709"},   {"cineon-p3d65", "lin-p3d65"}, {"protune-native", nullptr},
  };
  for (const auto& [space, twin] : same_matrix) {
    if (twin) {
      EXPECT_TRUE(find_color_space(space).to_ACES2065_1().isApprox(find_color_space(twin).to_ACES2065_1(), 1e-15));
    }
    here.insert(space);
  }
  // GoPro publishes primaries only: the NPM and CAT02 derivation of this test.
  {
    const double p[4][2] = {{0.698480461493841, 0.193026445370121},
                            {0.329555378387345, 1.024596624134644},
                            {0.108442631407675, -0.034678569754016},
                            {0.3127, 0.3290}};
    Mat dir;
    for (int c = 0; c < 3; ++c) dir.col(c) = Eigen::Vector3d(p[c][0], p[c][1], 1.0 - p[c][0] - p[c][1]);
    const Eigen::Vector3d white(p[3][0] / p[3][1], 1.0, (1.0 - p[3][0] - p[3][1]) / p[3][1]);
    const Mat npm = dir * (dir.inverse() * white).asDiagonal();
    EXPECT_LE((find_color_space("protune-native").to_ACES2065_1() - to_ap0_cat02(npm)).cwiseAbs().maxCoeff(), 1e-9);
  }
  for (int ei : {160, 200, 250, 320, 400, 500, 640, 1000, 1280, 1600, 2000, 2560, 3200}) {
    const std::string id = "logc3-ei" + std::to_string(ei) + "-awg3";
    EXPECT_TRUE(find_color_space(id).to_ACES2065_1().isApprox(find_color_space("logc3-ei800-awg3").to_ACES2065_1(), 1e-15));
    here.insert(id);
  }
  for (const ColorSpace& cs : color_spaces()) {
    const std::string_view t = cs.transfer->id();
    if (t == "linear" || t == "srgb") continue;
    EXPECT_TRUE(ocio_checked.count(cs.id) || here.count(cs.id)) << cs.id << " has no independent reference";
  }
}

}  // namespace
