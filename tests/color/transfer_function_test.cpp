// SPDX-License-Identifier: Apache-2.0
// Transfer functions: registry, exact round trips, vendors' published values, the exactness of the
// CLF Log/Exponent forms (evaluated by OpenColorIO), and agreement with the ACES OCIO config's curve
// CLFs and OCIO's built-in curves on dense grids.
#include "color/transfer_function.h"

#include <gtest/gtest.h>

#include <OpenColorIO/OpenColorIO.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "color/camera_log_curve.h"
#include "color/error.h"
#include "pipeline/pipeline.h"

namespace OCIO = OCIO_NAMESPACE;
using namespace aceslab;
using namespace aceslab::aces;

namespace {

const std::string kCameraClfDir = std::string(ACESLAB_SHARED_DIR) + "/data/camera-clf/";

// Round trips run in double: the error is a few ulps of the log/exp arguments, amplified by the
// curve's slope. Relative to the value, with an absolute floor because decoding subtracts the
// lin-side offset (e.g. 64 for LogC4) and loses relative precision as the result approaches 0.
constexpr double kRoundTripRelative = 1e-12;
constexpr double kRoundTripAbsolute = 1e-13;

// OpenColorIO evaluates in float32: its results carry ~1e-7 relative rounding, more where exp()
// has a large argument (up to ~30 for LogC4's 2^(14 y)). Near linear 0 its decode subtracts the
// lin-side offset from a float exp() and keeps ~1e-8 absolute error (S-Log2, LogC4 measured
// 1.2e-8), so errors are taken relative to max(|value|, 1e-2): 1e-5 relative above 0.01 and
// 1e-7 absolute below, far under a half float's step at 0.01 (7.6e-6).
constexpr double kOcioRelative = 1e-5;
constexpr double kOcioFloor = 1e-2;

// The Canon Log 2/3 curve CLFs are 4096-entry LUT1Ds with linear interpolation: the chord error of
// an exponential over one 1/4095 step is h^2/8 * f'' ~ 7e-7 relative (CLog2, the steepest), and
// ~7e-9 absolute near linear 0, plus float32 storage and interpolation arithmetic (measured 1.4e-6
// on the curve, 1.8e-6 after the matrix). 5e-6 relative (to max(|value|, 1e-2)).
constexpr double kCanonLutRelative = 5e-6;
// The Apple Log CLF is a 65536-entry half-domain LUT1D: half codes are 2^-11 apart relative, the
// chord error of 2^(y/0.0855) over one half step near y = 1 is ~(1/1024)^2/8 * (ln2/0.0855)^2 ~ 8e-6.
constexpr double kAppleLutRelative = 2e-5;

std::vector<double> grid(double lo, double hi, int n) {
  std::vector<double> v(n);
  for (int i = 0; i < n; ++i) v[i] = lo + (hi - lo) * i / (n - 1);
  return v;
}

OCIO::ConstCPUProcessorRcPtr cpu(const OCIO::ConstTransformRcPtr& t) {
  return OCIO::Config::CreateRaw()->getProcessor(t)->getOptimizedCPUProcessor(OCIO::OPTIMIZATION_LOSSLESS);
}

OCIO::ConstCPUProcessorRcPtr clf_cpu(const std::string& file) {
  OCIO::FileTransformRcPtr ft = OCIO::FileTransform::Create();
  ft->setSrc((kCameraClfDir + file).c_str());
  ft->setInterpolation(OCIO::INTERP_LINEAR);
  return cpu(ft);
}

// Runs `values` through an OCIO processor as neutral RGB triplets; returns the red channel.
std::vector<double> ocio_apply(const OCIO::ConstCPUProcessorRcPtr& proc, const std::vector<double>& values) {
  std::vector<float> rgb;
  for (double v : values) rgb.insert(rgb.end(), 3, static_cast<float>(v));
  OCIO::PackedImageDesc desc(rgb.data(), static_cast<long>(values.size()), 1, 3);
  proc->apply(desc);
  std::vector<double> out;
  for (std::size_t i = 0; i < values.size(); ++i) out.push_back(rgb[3 * i]);
  return out;
}

// Largest |ours - ref| / max(|ref|, floor) over the grid, decoding the float-rounded code so both
// sides see the same input.
double max_decode_error(const TransferFunction& tf, const std::vector<double>& codes,
                        const std::vector<double>& ref, double floor) {
  double worst = 0.0;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const double ours = tf.to_linear(static_cast<double>(static_cast<float>(codes[i])));
    worst = std::max(worst, std::abs(ours - ref[i]) / std::max(std::abs(ref[i]), floor));
  }
  return worst;
}

// Published curves whose segments do not meet (transfer_functions_secondary.cpp): decoding switches
// at the document's code value, encoding at its linear value, so values between the two switches
// do not round-trip. The slivers, from each document's constants:
struct Sliver {
  double lin_lo, lin_hi;    // linear values in [lo, hi) skip the linear round trip
  double code_lo, code_hi;  // codes in [lo, hi) skip the code round trip
};
std::optional<Sliver> sliver(std::string_view id) {
  // (+1e-12: the log segment's value at the linear switch is the code switch, to rounding.)
  if (id == "flog") return Sliver{(0.100537775223865 - 0.092864) / 8.735631, 0.00089 + 1e-12, 0.100537775223865,
                                  8.735631 * 0.00089 + 0.092864};
  if (id == "flog2") return Sliver{(0.100686685370811 - 0.092864) / 8.799461, 0.000889 + 1e-12, 0.100686685370811,
                                   8.799461 * 0.000889 + 0.092864};
  if (id == "nlog") return Sliver{0.328, std::exp((452.0 - 619.0) / 150.0), 650.0 * std::cbrt(0.3355) / 1023.0,
                                  452.0 / 1023.0};
  // D-Log is continuous, but its encode switches at linear 0.0078 and its decode at code 0.14.
  if (id == "dlog") return Sliver{0.0078, (0.14 - 0.0929) / 6.025, 6.025 * 0.0078 + 0.0929, 0.14 + 1e-12};
  if (id == "llog") return Sliver{0.006 + 1e-12, (std::pow(10.0, (0.138 - 0.6) / 0.27) - 0.0115) / 1.3 + 1e-12, 0.0, 0.0};
  return std::nullopt;
}

// Curves that saturate outside their domain (not invertible there by definition): ACESproxy clamps
// codes to [CVmin, CVmax] and linear values below 2^-9.72; the ADX table holds its first exposure
// (10^-6) below density -0.19.
bool saturates_outside_domain(std::string_view id) {
  return id == "acesproxy10i" || id == "acesproxy12i" || id == "adx-density";
}
bool linear_saturates(std::string_view id, double x) {
  if (id == "acesproxy10i") return !(x > std::exp2(-9.72) && x < std::exp2((940.0 - 425.0) / 50.0 - 2.5));
  if (id == "acesproxy12i") return !(x > std::exp2(-9.72) && x < std::exp2((3760.0 - 1700.0) / 200.0 - 2.5));
  if (id == "adx-density") return !(x > 1e-6);
  return false;
}
// DJI publishes its decode with rounded reciprocals of the encode's constants (3.89616 = 1 / 0.256663,
// 2.27752 = 0.584555 / 0.256663): the two directions agree to 2e-6 relative, not to double rounding.
constexpr double kDLogPublishedRoundTrip = 5e-6;
// N-Log's cube root is vertical at code 0 (linear -0.0075): decoding there cancels against 0.0075
// and the code comes back to 1e-10 absolute.
constexpr double kNLogBlackAbsolute = 1e-10;

}  // namespace

TEST(TransferFunction, RegistryHasEveryRequiredIdOnce) {
  const std::vector<std::string> required = {"logc3-ei800", "logc4", "slog3", "log3g10", "clog2", "clog3",
                                             "vlog", "bmdfilm-gen5", "davinci-intermediate", "acescct",
                                             "acescc", "srgb", "bt1886", "linear", "slog1", "slog1-12i",
                                             "slog2-12i", "flog", "flog2", "nlog", "dlog", "llog", "protune",
                                             "clog", "log3g12", "cineon", "adx-density", "acesproxy10i",
                                             "acesproxy12i"};
  std::set<std::string> ids;
  for (const TransferFunction* tf : transfer_functions()) {
    EXPECT_TRUE(ids.insert(std::string(tf->id())).second) << "duplicate id " << tf->id();
    EXPECT_FALSE(tf->name().empty()) << tf->id();
    EXPECT_EQ(&find_transfer_function(tf->id()), tf);
    // Ids are kebab-case: they are typed on the command line.
    for (unsigned char ch : tf->id()) EXPECT_TRUE(std::islower(ch) || std::isdigit(ch) || ch == '-') << tf->id();
    const auto [lo, hi] = tf->code_domain();
    EXPECT_TRUE(std::isfinite(lo) && std::isfinite(hi) && lo < hi) << tf->id();
    EXPECT_EQ(tf->is_identity(), tf->id() == "linear") << tf->id();
  }
  for (const std::string& id : required) EXPECT_TRUE(ids.count(id)) << "missing " << id;
  EXPECT_EQ(find_transfer_function("logc3-ei800").name(), "ARRI LogC3 (EI 800)");
}

TEST(TransferFunction, UnknownIdIsAUsageErrorListingValidIds) {
  try {
    find_transfer_function("logc5");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    const std::string what = e.what();
    EXPECT_NE(what.find("\"logc5\""), std::string::npos) << what;
    EXPECT_NE(what.find("slog3"), std::string::npos) << what;
    EXPECT_NE(what.find("davinci-intermediate"), std::string::npos) << what;
  }
}

// Decode then encode over the whole code domain (and a margin below it), 20001 points.
TEST(TransferFunction, CodeRoundTripIsExact) {
  for (const TransferFunction* tf : transfer_functions()) {
    auto [lo, hi] = tf->code_domain();
    // ACEScc's decode saturates below its domain (toe) and above it (65504); Apple Log's below 0.
    const bool clamps_outside =
        tf->id() == "acescc" || tf->id() == "applelog" || saturates_outside_domain(tf->id());
    if (!clamps_outside) lo -= 0.05 * (hi - lo);
    if (tf->id() == "acescc") hi -= 1e-9;  // the code of 65504 itself decodes to the clamp value
    const auto gap = sliver(tf->id());
    const double relative = tf->id() == "dlog" ? kDLogPublishedRoundTrip : kRoundTripRelative;
    double worst = 0.0;
    for (double code : grid(lo, hi, 20001)) {
      if (gap && code >= gap->code_lo && code < gap->code_hi) continue;
      const double back = tf->to_code(tf->to_linear(code));
      const double err = std::abs(back - code);
      const double absolute = tf->id() == "nlog" ? kNLogBlackAbsolute : kRoundTripAbsolute;
      worst = std::max(worst, err / (relative * std::abs(code) + absolute));
    }
    EXPECT_LE(worst, 1.0) << tf->id() << ": code round trip error " << worst << " x tolerance";
  }
}

// Encode then decode over scene-linear values from -0.05 to 1000 (log spaced above 1e-6).
TEST(TransferFunction, LinearRoundTripIsExact) {
  std::vector<double> values = grid(-0.05, 0.01, 6001);
  for (double e = -6.0; e <= 3.0; e += 0.001) values.push_back(std::pow(10.0, e));
  for (const TransferFunction* tf : transfer_functions()) {
    double worst = 0.0;
    double worst_at = 0.0;
    for (double x : values) {
      // Outside these ranges the curves are not invertible by definition: ACEScc encodes x <= 0 to
      // one code and clamps at 65504; Apple Log encodes x < R0 to 0, and its
      // published segments do not meet exactly at Rt (the quadratic reaches Pt = 0.2085553160, the
      // log segment 0.2085553187), so values within 1e-6 of Rt may decode 4e-10 away.
      if (tf->id() == "acescc" && x <= 0.0) continue;
      if (tf->id() == "applelog" && (x < -0.05641088 || std::abs(x - 0.01) < 1e-6)) continue;
      if (linear_saturates(tf->id(), x)) continue;
      if (const auto gap = sliver(tf->id()); gap && x >= gap->lin_lo && x < gap->lin_hi) continue;
      const double relative = tf->id() == "dlog" ? kDLogPublishedRoundTrip : kRoundTripRelative;
      const double back = tf->to_linear(tf->to_code(x));
      const double err = std::abs(back - x) / (relative * std::abs(x) + kRoundTripAbsolute);
      if (err > worst) {
        worst = err;
        worst_at = x;
      }
    }
    EXPECT_LE(worst, 1.0) << tf->id() << ": linear round trip error " << worst << " x tolerance at " << worst_at;
  }
}

TEST(TransferFunction, SpanVersionsMatchScalarOnes) {
  std::vector<double> codes = grid(-0.1, 1.2, 1001);
  for (const TransferFunction* tf : transfer_functions()) {
    std::vector<float> buf(codes.begin(), codes.end());
    tf->to_linear(std::span<float>(buf));
    for (std::size_t i = 0; i < codes.size(); ++i) {
      const float expected = static_cast<float>(tf->to_linear(static_cast<double>(static_cast<float>(codes[i]))));
      ASSERT_EQ(buf[i], expected) << tf->id() << " at " << codes[i];
    }
    std::vector<float> lin(codes.begin(), codes.end());
    tf->to_code(std::span<float>(lin));
    for (std::size_t i = 0; i < codes.size(); ++i) {
      const float expected = static_cast<float>(tf->to_code(static_cast<double>(static_cast<float>(codes[i]))));
      ASSERT_EQ(lin[i], expected) << tf->id() << " at " << codes[i];
    }
  }
}

// Values printed in the vendors' documents (scene-linear -> code value). The tolerance of each entry
// is the precision it is published to.
TEST(TransferFunction, PublishedValues) {
  struct Golden {
    const char* id;
    double linear;
    double code;
    double tolerance;
    const char* source;
  };
  const Golden goldens[] = {
      {"logc3-ei800", 0.18, 0.391007, 1e-6, "ARRI LogC3 VFX note: 18% grey at EI 800 = 400/1023"},
      {"logc3-ei800", 0.0, 0.092809, 1e-6, "ARRI LogC3 VFX note table, EI 800: f = 0.092809"},
      {"logc4", 0.0, 95.0 / 1023.0, 1e-12, "ARRI LogC4 spec: scene black at code 95 (10 bit)"},
      {"slog3", 0.18, 420.0 / 1023.0, 1e-12, "Sony S-Log3 summary: 18% grey = 420 (10 bit)"},
      {"slog3", 0.0, 95.0 / 1023.0, 1e-9, "Sony S-Log3 summary: 0% black = 95 (10 bit)"},
      {"slog3", 0.9, 598.0 / 1023.0, 1e-3, "Sony S-Log3 summary: 90% white = 598 (10 bit)"},
      {"slog2", 0.0, 90.0 / 1023.0, 1e-3, "Sony S-Log2 summary: 0% black = 90 (10 bit)"},
      {"slog2", 0.18, 347.0 / 1023.0, 1e-3, "Sony S-Log2 summary: 18% grey = 347 (10 bit)"},
      {"log3g10", 0.18, 1.0 / 3.0, 1e-6, "RED Log3G10 paper: 18% grey at 1/3"},
      {"log3g10", -0.01, 0.0, 1e-12, "RED Log3G10 paper: code 0 at x = -c"},
      {"vlog", 0.18, 0.423, 5e-4, "Panasonic V-Log manual: 18% grey = 42.3% (433 of 1023 ~ 0.4233)"},
      {"vlog", 0.0, 0.125, 2e-6, "Panasonic V-Log manual: 5.6 x + 0.125 below cut1"},
      {"bmdfilm-gen5", 0.0, 0.09246575342465753, 1e-9, "BMD Gen5 colour science: E"},
      {"bmdfilm-gen5", 0.005, 8.283605932402494 * 0.005 + 0.09246575342465753, 1e-9,
       "BMD Gen5 colour science: LOG_CUT = D LIN_CUT + E"},
      // LOG_CUT is printed to 7 digits and sits 2e-8 below both segments' value at the cut.
      {"davinci-intermediate", 0.00262409, 0.02740668, 5e-8, "DaVinci Intermediate: LOG_CUT"},
      {"davinci-intermediate", 0.18, (std::log2(0.18 + 0.0075) + 7.0) * 0.07329248, 1e-14,
       "DaVinci Intermediate: (log2(x + A) + B) C"},
      {"clog2", 0.0, 0.092864125, 1e-15, "Canon Log 2: code of black"},
      {"clog3", 0.0, 0.12512219, 1e-15, "Canon Log 3: code of black"},
      {"applelog", -0.05641088, 0.0, 1e-15, "Apple Log profile: R0 encodes to 0"},
      {"applelog", 0.18, 0.08550479 * std::log2(0.18 + 0.00964052) + 0.69336945, 1e-14,
       "Apple Log profile: gamma log2(x + beta) + delta"},
      {"acescct", 0.18, 0.4135884, 1e-7, "S-2016-001: 18% grey"},
      {"acescct", 0.0, 0.0729055341958355, 1e-13, "S-2016-001: B"},
      {"acescct", 0.0078125, 0.155251141552511, 1e-13, "S-2016-001: Y_BRK"},
      {"acescc", 0.18, 0.4135884, 1e-7, "S-2014-003: 18% grey"},
      {"acescc", 0.0, -0.3584474886, 1e-10, "S-2014-003: code of 0"},
      {"acescc", 65504.0, 1.4679964, 1e-7, "S-2014-003: code of the largest half"},
      {"srgb", 0.0031308, 0.04045, 1e-6, "IEC 61966-2-1: the break"},
      {"srgb", 0.214041140482232, 0.5, 1e-12, "IEC 61966-2-1: mid code"},
      {"srgb", 1.0, 1.0, 1e-15, "IEC 61966-2-1: white"},
      {"bt1886", 0.18946457081379978, 0.5, 1e-12, "BT.1886 gamma 2.4: 0.5^2.4"},
      {"linear", 0.18, 0.18, 0.0, "identity"},
  };
  for (const Golden& g : goldens) {
    const TransferFunction& tf = find_transfer_function(g.id);
    EXPECT_NEAR(tf.to_code(g.linear), g.code, g.tolerance) << g.id << " (" << g.source << ")";
    if (g.tolerance < 1e-6) {
      EXPECT_NEAR(tf.to_linear(g.code), g.linear, std::max(1e-12, 10 * g.tolerance)) << g.id << " decode";
    }
  }
  // The published linear segments equal the continuity lines CLF derives.
  const auto& cct = dynamic_cast<const CameraLogCurve&>(find_transfer_function("acescct"));
  EXPECT_NEAR(cct.linear_slope(), 10.5402377416545, 1e-12) << "S-2016-001 A";
  const auto& bmd = dynamic_cast<const CameraLogCurve&>(find_transfer_function("bmdfilm-gen5"));
  EXPECT_NEAR(bmd.linear_slope(), 8.283605932402494, 1e-9) << "BMD Gen5 D";
  const auto& rlog = dynamic_cast<const CameraLogCurve&>(find_transfer_function("log3g10"));
  EXPECT_NEAR(rlog.linear_slope(), 15.1927, 1e-4) << "RED Log3G10 g";
  const auto& logc3 = dynamic_cast<const CameraLogCurve&>(find_transfer_function("logc3-ei800"));
  EXPECT_NEAR(logc3.linear_slope(), 5.367655, 1e-5) << "ARRI LogC3 EI 800 e";
}

// The CLF Log op each curve reports, evaluated by OpenColorIO's LogCameraTransform, equals the curve.
TEST(TransferFunction, ClfLogFormIsExact) {
  int checked = 0;
  for (const TransferFunction* tf : transfer_functions()) {
    const std::optional<LogStep> step = tf->clf_log_decode();
    if (!step) continue;
    ASSERT_EQ(step->style, LogStyle::cameraLogToLin) << tf->id();
    const LogParams& p = step->params[0];
    ASSERT_TRUE(p.lin_side_break.has_value()) << tf->id();
    const double brk[3] = {*p.lin_side_break, *p.lin_side_break, *p.lin_side_break};
    OCIO::LogCameraTransformRcPtr t = OCIO::LogCameraTransform::Create(brk);
    t->setBase(p.base);
    const double log_slope[3] = {p.log_side_slope, p.log_side_slope, p.log_side_slope};
    const double log_offset[3] = {p.log_side_offset, p.log_side_offset, p.log_side_offset};
    const double lin_slope[3] = {p.lin_side_slope, p.lin_side_slope, p.lin_side_slope};
    const double lin_offset[3] = {p.lin_side_offset, p.lin_side_offset, p.lin_side_offset};
    t->setLogSideSlopeValue(log_slope);
    t->setLogSideOffsetValue(log_offset);
    t->setLinSideSlopeValue(lin_slope);
    t->setLinSideOffsetValue(lin_offset);
    if (p.linear_slope) {
      const double ls[3] = {*p.linear_slope, *p.linear_slope, *p.linear_slope};
      t->setLinearSlopeValue(ls);
    }
    t->setDirection(OCIO::TRANSFORM_DIR_INVERSE);  // LogCameraTransform's forward is lin -> log
    auto [lo, hi] = tf->code_domain();
    const std::vector<double> codes = grid(lo - 0.05, hi, 4001);
    const double err = max_decode_error(*tf, codes, ocio_apply(cpu(t), codes), kOcioFloor);
    EXPECT_LE(err, kOcioRelative) << tf->id();
    ++checked;
  }
  EXPECT_GE(checked, 9);  // LogC3, LogC4, S-Log3, S-Log2, Log3G10, V-Log, BMD Gen5, DaVinci, ACEScct
}

TEST(TransferFunction, ClfExponentFormIsExact) {
  const TransferFunction& tf = find_transfer_function("bt1886");
  const std::optional<ExponentStep> step = tf.clf_exponent_decode();
  ASSERT_TRUE(step.has_value());
  ASSERT_EQ(step->style, ExponentStyle::basicMirrorFwd);
  OCIO::ExponentTransformRcPtr t = OCIO::ExponentTransform::Create();
  const double e[4] = {step->exponent[0], step->exponent[1], step->exponent[2], 1.0};
  t->setValue(e);
  t->setNegativeStyle(OCIO::NEGATIVE_MIRROR);
  const std::vector<double> codes = grid(-1.0, 1.5, 2501);
  EXPECT_LE(max_decode_error(tf, codes, ocio_apply(cpu(t), codes), kOcioFloor), kOcioRelative);
  // Curves CLF cannot express report neither form.
  for (const char* id : {"srgb", "acescc", "clog2", "clog3", "applelog"}) {
    EXPECT_FALSE(find_transfer_function(id).clf_log_decode().has_value()) << id;
    EXPECT_FALSE(find_transfer_function(id).clf_exponent_decode().has_value()) << id;
  }
}

// Independent references: the ACES OCIO config's curve CLFs and OCIO 2.1's ACEScct curve builtin.
TEST(TransferFunction, MatchesReferenceCurves) {
  struct Reference {
    const char* id;
    const char* clf;  // in shared/data/camera-clf, or nullptr for an OCIO builtin
    const char* builtin;
    double lo, hi, relative;
  };
  const Reference refs[] = {
      {"logc3-ei800", "ARRI.Input.ARRI_LogC3_Curve_EI800.clf", nullptr, -0.05, 1.0, kOcioRelative},
      {"logc4", "ARRI.Input.ARRI_LogC4_Curve.clf", nullptr, -0.05, 1.0, kOcioRelative},
      {"slog3", "Sony.Input.SLog3-Curve.clf", nullptr, -0.05, 1.0, kOcioRelative},
      {"slog2", "Sony.Input.SLog2-Curve.clf", nullptr, -0.05, 1.0, kOcioRelative},
      {"log3g10", "RED.Input.Log3G10-Curve.clf", nullptr, -0.05, 1.0, kOcioRelative},
      {"vlog", "Panasonic.Input.VLog-Curve.clf", nullptr, -0.05, 1.0, kOcioRelative},
      {"bmdfilm-gen5", "BlackmagicDesign.Input.BMDFilm_Gen5_Log-Curve.clf", nullptr, -0.05, 1.0, kOcioRelative},
      {"davinci-intermediate", "BlackmagicDesign.Input.DaVinci_Intermediate_Log-Curve.clf", nullptr, -0.05, 1.0,
       kOcioRelative},
      // LUT-based references: their domain is [0, 1] (the LUT clamps outside it).
      {"clog2", "Canon.Input.CLog2-Curve.clf", nullptr, 0.0, 1.0, kCanonLutRelative},
      {"clog3", "Canon.Input.CLog3-Curve.clf", nullptr, 0.0, 1.0, kCanonLutRelative},
      {"applelog", "Apple.Input.Apple_Log-Curve.clf", nullptr, -0.05, 1.0, kAppleLutRelative},
      {"acescct", nullptr, "CURVE - ACEScct-LOG_to_LINEAR", -0.05, 1.468, kOcioRelative},
  };
  for (const Reference& r : refs) {
    const TransferFunction& tf = find_transfer_function(r.id);
    OCIO::ConstCPUProcessorRcPtr proc;
    if (r.clf) {
      proc = clf_cpu(r.clf);
    } else {
      OCIO::BuiltinTransformRcPtr bt = OCIO::BuiltinTransform::Create();
      bt->setStyle(r.builtin);
      proc = cpu(bt);
    }
    const std::vector<double> codes = grid(r.lo, r.hi, 8193);
    const double err = max_decode_error(tf, codes, ocio_apply(proc, codes), kOcioFloor);
    std::printf("  %-22s vs %-58s max rel. error %.2e\n", r.id, r.clf ? r.clf : r.builtin, err);
    EXPECT_LE(err, r.relative) << r.id;
  }
}

// The CLF Log op each curve reports, run through aceslab's own Log step (aces::apply), equals the
// curve, so a pipeline written to CLF and read back decodes the same values. Float buffers: 1e-6
// relative (to max(|value|, 1e-2)) covers the step's float rounding.
TEST(TransferFunction, ClfLogFormThroughAcesApply) {
  constexpr double kFloatRelative = 1e-6;
  for (const TransferFunction* tf : transfer_functions()) {
    const std::optional<LogStep> step = tf->clf_log_decode();
    if (!step) continue;
    auto [lo, hi] = tf->code_domain();
    const std::vector<double> codes = grid(lo - 0.05, hi, 4001);
    std::vector<float> rgb;
    for (double c : codes) rgb.insert(rgb.end(), 3, static_cast<float>(c));
    aces::apply(Step{*step}, std::span<float>(rgb));
    std::vector<double> got;
    for (std::size_t i = 0; i < codes.size(); ++i) got.push_back(rgb[3 * i]);
    EXPECT_LE(max_decode_error(*tf, codes, got, kOcioFloor), kFloatRelative) << tf->id();
  }
}

// LogC3 at every exposure index against the Academy's v3 ALEXA IDTs (aces-core,
// IDT.ARRI.Alexa-logC-EI*.a1.v3.ctl), which print ARRI's parameters to 6 decimals: the derived linear
// segment (e, f) and code cut must match the printed ones, and the decode the CTL's formula.
TEST(TransferFunction, LogC3ExposureIndicesMatchArriTable) {
  struct Row {
    int ei;
    double b, c, d, e, f, code_cut;
  };
  const Row rows[] = {
      {160, 0.080216, 0.269035, 0.381991, 5.842031, 0.092778, 0.125266},
      {200, 0.076620, 0.266007, 0.382478, 5.776260, 0.092782, 0.128643},
      {250, 0.072940, 0.262978, 0.382966, 5.710488, 0.092786, 0.132022},
      {320, 0.068767, 0.259627, 0.383508, 5.637726, 0.092791, 0.135761},
      {400, 0.064900, 0.256598, 0.384000, 5.571955, 0.092795, 0.139143},
      {500, 0.060939, 0.253569, 0.384493, 5.506183, 0.092800, 0.142526},
      {640, 0.056443, 0.250218, 0.385040, 5.433421, 0.092805, 0.146271},
      {800, 0.052272, 0.247189, 0.385537, 5.367650, 0.092809, 0.149659},
      {1000, 0.047995, 0.244161, 0.386036, 5.301878, 0.092814, 0.153048},
      {1280, 0.043137, 0.240810, 0.386590, 5.229116, 0.092819, 0.156799},
      {1600, 0.038625, 0.237781, 0.387093, 5.163345, 0.092824, 0.160193},
      {2000, 0.033994, 0.234752, 0.387599, 5.097573, 0.092829, 0.163589},
      {2560, 0.028727, 0.231401, 0.388161, 5.024811, 0.092834, 0.167348},
      {3200, 0.023830, 0.228372, 0.388671, 4.959040, 0.092840, 0.170749},
  };
  // Printed to 6 decimals (truncated in places: EI 800's c = 0.2471896 is printed 0.247189).
  constexpr double kPrinted = 1.5e-6;
  // The printed e is derived from rounded b, c: 1e-5 relative covers it.
  constexpr double kSlopeRelative = 1e-5;
  // Decode vs the CTL formula: a 1e-6 change in c moves 10^((y - d) / c) by ln10 (y - d) / c^2 * 1e-6,
  // up to 2.4e-5 relative at y = 1.
  constexpr double kDecodeRelative = 3e-5;
  for (const Row& r : rows) {
    const std::string id = "logc3-ei" + std::to_string(r.ei);
    const TransferFunction& tf = find_transfer_function(id);
    // EI 1600 and above fold their top codes (see LogC3FoldsHighlightsAboveEI1280): no CLF form.
    EXPECT_EQ(tf.clf_log_decode().has_value(), r.ei < 1600) << id;
    if (const auto log = tf.clf_log_decode()) {
      const CameraLogSegments seg = camera_log_segments(log->params[0]);
      EXPECT_NEAR(seg.linear_slope, r.e, kSlopeRelative * r.e) << id << " e";
      EXPECT_NEAR(seg.linear_offset, r.f, kPrinted) << id << " f";
      EXPECT_NEAR(seg.log_side_break, r.code_cut, kPrinted) << id << " cut";
    }
    double worst = 0.0;
    for (double y : grid(0.0, 0.8, 1601)) {
      const double ctl = y > r.code_cut ? (std::pow(10.0, (y - r.d) / r.c) - r.b) / 5.555556 : (y - r.f) / r.e;
      worst = std::max(worst, std::abs(tf.to_linear(y) - ctl) / std::max(std::abs(ctl), kOcioFloor));
    }
    EXPECT_LE(worst, kDecodeRelative) << id;
  }
}

// ARRI's LogC3 as the ACES 2.0 library defines it from the exposure index alone
// (aces-input-and-colorspaces arri/Lib.Arri.LogC3.ctl, normalizedLogC3ToRelativeExposure), written
// out here independently of the table: derived encoding gain and offset, and above EI 1280 the cubic
// Hermite fold of codes above 0.8 onto the sensor's clip.
double arri_lib_logc3_decode(double t, double ei) {
  const double black = 16.0 / 4095.0;
  const double gain = ei / 400.0;
  const double gray = 0.01 / gain;
  const double enc_gain = (std::log2(gain) * (0.89 - 1.0) / 3.0 + 1.0) * (500.0 / 1023.0 * 0.525);
  const double cut = 1.0 / 9.0;
  const double slope = 1.0 / (cut * std::log(10.0));
  const double offset = std::log10(cut) - slope * cut;
  double enc_offset = 400.0 / 1023.0;
  double nz = 0.0;
  for (int i = 0; i < 3; ++i) {
    nz = ((95.0 / 1023.0 - enc_offset) / enc_gain - offset) / slope;
    enc_offset = 400.0 / 1023.0 - std::log10(1.0 + nz) * enc_gain;
  }
  const double xm = std::log10((1.0 - black) / gray + nz) * enc_gain + enc_offset;
  double out = t;
  if (xm > 1.0 && t > 0.8) {
    const double d = 0.2;
    const double s = (t - 0.8) / d;
    const double s2 = 1.0 - s;
    const double dd = 0.2 / (xm - 0.8);
    out = (1.0 + 2.0 * s) * s2 * s2 * 0.8 + (3.0 - 2.0 * s) * s * s * xm + d * s * s2 * s2 * 1.0 -
          d * s * s * s2 / (dd * dd);
  }
  out = (out - enc_offset) / enc_gain;
  double ns = (out - offset) / slope;
  if (ns > cut) ns = std::pow(10.0, out);
  ns = (ns - nz) * gray + black;
  return (ns - black) * (0.18 / (0.01 * 400.0 / ei));
}

TEST(TransferFunction, LogC3FoldsHighlightsAboveEI1280) {
  // The table's 6-decimal b, c, d against the library's derivation: 3e-5 relative (see above).
  constexpr double kDecodeRelative = 3e-5;
  for (int ei : {160, 200, 250, 320, 400, 500, 640, 800, 1000, 1280, 1600, 2000, 2560, 3200}) {
    const TransferFunction& tf = find_transfer_function("logc3-ei" + std::to_string(ei));
    double worst = 0.0;
    for (double y : grid(0.0, 1.0, 4001)) {
      const double ref = arri_lib_logc3_decode(y, ei);
      worst = std::max(worst, std::abs(tf.to_linear(y) - ref) / std::max(std::abs(ref), kOcioFloor));
      // Encoding undoes the fold: codes round-trip through it.
      EXPECT_NEAR(tf.to_code(tf.to_linear(y)), y, 1e-12) << ei << " at " << y;
    }
    EXPECT_LE(worst, kDecodeRelative) << "EI " << ei;
  }
  // The fold matters: at EI 3200, code 1 decodes 20% above the plain log curve (at EI 800, not at all).
  const double plain_3200 = (std::pow(10.0, (1.0 - 0.388671) / 0.228372) - 0.023830) / 5.555556;
  EXPECT_GT(find_transfer_function("logc3-ei3200").to_linear(1.0), 1.1 * plain_3200);
}
