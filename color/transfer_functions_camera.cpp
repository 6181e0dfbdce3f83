// SPDX-License-Identifier: Apache-2.0
// Camera vendors' log encodings. Each constant cites the vendor document it comes from; where a
// vendor publishes a curve as a CLF-style camera log, the curve is a CameraLogCurve and its CLF
// form is exact. Canon Log 2/3 (mirrored toe, three segments) and Apple Log (quadratic toe) are not
// CLF log shapes and get their own classes.
#include <cmath>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "color/camera_log_curve.h"
#include "color/transfer_function_catalog.h"

namespace aceslab::aces {
namespace {

// exp(x ln 10) instead of pow(10, x): several times faster and as exact for these arguments.
constexpr double kLn10 = 2.302585092994045684;  // ln 10
double ten_to_the(double x) { return std::exp(x * kLn10); }

LogParams camera_log(double base, double log_side_slope, double log_side_offset, double lin_side_slope,
                     double lin_side_offset, double lin_side_break,
                     std::optional<double> linear_slope = std::nullopt) {
  LogParams p;
  p.base = base;
  p.log_side_slope = log_side_slope;
  p.log_side_offset = log_side_offset;
  p.lin_side_slope = lin_side_slope;
  p.lin_side_offset = lin_side_offset;
  p.lin_side_break = lin_side_break;
  p.linear_slope = linear_slope;
  return p;
}

// ARRI "ALEXA LogC Curve - Usage in VFX" (2017), LogC3 for EI 800 (SUP 3.x): a = 1/0.18 (a scene
// exposure of 0.18 maps to 1), cut where a*x + b = 1/9; b, c, d to full precision as in the ACES
// OCIO config's ARRI_LogC3_Curve_EI800.clf (the table's rounded e = 5.367655, f = 0.092809 are the
// continuity-derived linear segment, which CLF derives itself).
LogParams logc3_ei800() {
  constexpr double a = 1.0 / 0.18;
  constexpr double b = 0.0522722750251688;
  constexpr double c = 0.247189638318671;
  constexpr double d = 0.385536998692443;
  constexpr double cut = (1.0 / 9.0 - b) / a;
  return camera_log(10.0, c, d, a, b, cut);
}

// ARRI LogC3 for the other exposure indices (ALEXA SUP 3.x): b, c, d per EI as printed in ARRI's
// "ALEXA LogC Curve - Usage in VFX" table and in the Academy's v3 ALEXA IDTs (aces-core,
// transforms/ctl/idt/vendorSupplied/arri/alexa/v3/EI*/IDT.ARRI.Alexa-logC-EI*.a1.v3.ctl), 6 decimals.
// a = 1/0.18 and the cut (a x + b = 1/9) are the same rule as for EI 800; e and f are derived.
struct LogC3Row {
  int ei;
  double b, c, d;
};
constexpr LogC3Row kLogC3Table[] = {
    {160, 0.080216, 0.269035, 0.381991},  {200, 0.076620, 0.266007, 0.382478},
    {250, 0.072940, 0.262978, 0.382966},  {320, 0.068767, 0.259627, 0.383508},
    {400, 0.064900, 0.256598, 0.384000},  {500, 0.060939, 0.253569, 0.384493},
    {640, 0.056443, 0.250218, 0.385040},  {1000, 0.047995, 0.244161, 0.386036},
    {1280, 0.043137, 0.240810, 0.386590}, {1600, 0.038625, 0.237781, 0.387093},
    {2000, 0.033994, 0.234752, 0.387599}, {2560, 0.028727, 0.231401, 0.388161},
    {3200, 0.023830, 0.228372, 0.388671},
};

LogParams logc3(const LogC3Row& row) {
  constexpr double a = 1.0 / 0.18;
  return camera_log(10.0, row.c, row.d, a, row.b, (1.0 / 9.0 - row.b) / a);
}

// ARRI LogC3 above EI 1280: the sensor's clip (normalised signal 1 - 16/4095) encodes above code 1,
// so ARRI's curve (ALEXA IDT maker v3, and the ACES 2.0 Lib.Arri.LogC3.ctl,
// normalizedLogC3ToRelativeExposure) folds codes above 0.8 through a cubic Hermite that maps
// [0.8, 1] onto [0.8, xm] (xm the log code of the clip), with slope 1 at 0.8 and 1 / d^2 at 1,
// d = 0.2 / (xm - 0.8), before the log decode. Below EI 1600 xm < 1 and the curve is the plain log.
// Above code 1 (never recorded) the fold continues along its tangent at 1 so it stays invertible.
class LogC3Curve final : public TransferFunction {
 public:
  LogC3Curve(std::string id, std::string name, const LogC3Row& row)
      : m_id(std::move(id)), m_name(std::move(name)), m_log(m_id, m_name, logc3(row)) {
    // The code of the clip: t = c log10(a lin + b) + d at the normalised signal 1 - 16/4095, whose
    // relative exposure is (1 - 16/4095) / (0.01 * 400 / EI) * 0.18 (Lib.Arri.LogC3).
    const double gray = 0.01 * 400.0 / row.ei;
    m_xm = row.c * std::log10((1.0 - 16.0 / 4095.0) / gray + row.b) + row.d;
    m_fold = m_xm > 1.0;
    m_end_slope = 1.0 / ((0.2 / (m_xm - 0.8)) * (0.2 / (m_xm - 0.8)));
  }
  std::string_view id() const override { return m_id; }
  std::string_view name() const override { return m_name; }
  double to_linear(double y) const override { return m_log.to_linear(fold(y)); }
  double to_code(double x) const override { return unfold(m_log.to_code(x)); }
  std::optional<LogStep> clf_log_decode() const override {
    return m_fold ? std::nullopt : m_log.clf_log_decode();
  }
  double clip_code() const { return m_xm; }

 private:
  // Lib.Arri.LogC3.ctl hermiteWeights(t, 0.8, 1.0) with values {0.8, xm, 1, 1 / d^2}.
  double hermite(double t) const {
    constexpr double d = 0.2;
    const double s = (t - 0.8) / d;
    const double s2 = 1.0 - s;
    return (1.0 + 2.0 * s) * s2 * s2 * 0.8 + (3.0 - 2.0 * s) * s * s * m_xm + d * s * s2 * s2 * 1.0 -
           d * s * s * s2 * m_end_slope;
  }
  double fold(double t) const {
    if (!m_fold || t <= 0.8) return t;
    if (t > 1.0) return m_xm + (t - 1.0) * m_end_slope;
    return hermite(t);
  }
  double unfold(double u) const {
    if (!m_fold || u <= 0.8) return u;
    if (u > m_xm) return 1.0 + (u - m_xm) / m_end_slope;
    double lo = 0.8;  // the fold is increasing on [0.8, 1]: bisection to double precision
    double hi = 1.0;
    for (int i = 0; i < 60; ++i) {
      const double mid = 0.5 * (lo + hi);
      (hermite(mid) < u ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  }

  std::string m_id;
  std::string m_name;
  CameraLogCurve m_log;
  double m_xm = 0.0;
  double m_end_slope = 1.0;
  bool m_fold = false;
};

// ARRI "LogC4 Logarithmic Color Space - Specification" (2022), section 3:
//   a = (2^18 - 16) / 117.45, b = (1023 - 95) / 1023, c = 95 / 1023,
//   E = (log2(a x + 64) - 6) / 14 * b + c above t = (2^(14 (-c/b) + 6) - 64) / a, linear below with
//   slope 1/s, s = 7 ln2 2^(7 - 14 c/b) / (a b), which is exactly the log segment's slope at t.
LogParams logc4() {
  const double a = (std::pow(2.0, 18.0) - 16.0) / 117.45;
  const double b = (1023.0 - 95.0) / 1023.0;
  const double c = 95.0 / 1023.0;
  const double t = (std::pow(2.0, 14.0 * (-c / b) + 6.0) - 64.0) / a;
  return camera_log(2.0, b / 14.0, c - 6.0 * b / 14.0, a, 64.0, t);
}

// Sony "Technical Summary for S-Gamut3.Cine/S-Log3 and S-Gamut3/S-Log3" (2016):
//   y = (420 + log10((x + 0.01) / (0.18 + 0.01)) * 261.5) / 1023       for x >= 0.01125
//   y = (x * (171.2102946929 - 95) / 0.01125 + 95) / 1023             below
LogParams slog3() {
  return camera_log(10.0, 261.5 / 1023.0, 420.0 / 1023.0, 1.0 / (0.18 + 0.01), 0.01 / (0.18 + 0.01),
                    0.01125, (171.2102946929 - 95.0) / 0.01125 / 1023.0);
}

// Sony S-Log1 and S-Log2 as Sony's ACES transforms apply them to legal-range code values of a bit
// depth (aces-input-and-colorspaces sony/CSC.Sony.SLog{1,2}_SGamut_*_{10,12}i_to_ACES.ctl; S-Log2
// also "S-Log2 Technical Summary", 2012). With y' = (N v - B) / (W - B), N = 1023 or 4095 and B, W
// the black and white codes (64, 940 / 256, 3760), and x' = x / 0.9:
//   y' = 0.432699 log10(x' / g + 0.037584) + 0.616596 + 0.03       (log segment)
//   y' = s x' + 0.030001222851889303                                (line, near black)
// S-Log1: g = 1, s = 5; S-Log2: g = 219 / 155, s = 3.53881278538813. The line is (nearly) the log
// segment's tangent; the CTL switches at code AB = 90 / 360 (y' = 26 / 876 for both depths). As a
// CLF camera log the break is the log segment's linear value at AB (for S-Log2
// -8.15322227589894e-05, the value of the ACES OCIO config's SLog2-Curve.clf) and the line passes
// through it with slope s: below AB it sits within 1.3e-6 linear of the CTL's line.
struct SonyLegalRange {
  double black, white, scale;
};
constexpr SonyLegalRange kSony10i{64.0, 940.0, 1023.0};
constexpr SonyLegalRange kSony12i{256.0, 3760.0, 4095.0};

LogParams sony_slog(double g, double s, const SonyLegalRange& r) {
  const double span = (r.white - r.black) / r.scale;
  constexpr double kBreakCode = 26.0 / 876.0;  // y' at code AB
  const double x_break = 0.9 * g * (std::pow(10.0, (kBreakCode - 0.646596) / 0.432699) - 0.037584);
  return camera_log(10.0, 0.432699 * span, 0.646596 * span + r.black / r.scale, 1.0 / (0.9 * g), 0.037584, x_break,
                    s * span / 0.9);
}

constexpr double kSLog2Gain = 219.0 / 155.0;
constexpr double kSLog2Slope = 3.53881278538813;
LogParams slog2() { return sony_slog(kSLog2Gain, kSLog2Slope, kSony10i); }

// RED "White Paper on REDWideGamutRGB and Log3G10" (2017), Log3G10 v3: a = 0.224282,
// b = 155.975327, c = 0.01, y = a log10((x + c) b + 1) for x + c >= 0, else g (x + c) with
// g = 15.1927 (the log segment's slope at the break, a b / ln 10, rounded; CLF derives it).
LogParams log3g10() {
  constexpr double a = 0.224282;
  constexpr double b = 155.975327;
  constexpr double c = 0.01;
  return camera_log(10.0, a, 0.0, b, c * b + 1.0, -c);
}

// Panasonic "V-Log/V-Gamut Reference Manual" (2014): cut1 = 0.01, b = 0.00873, c = 0.241514,
// d = 0.598206, y = c log10(x + b) + d above cut1. Below it the manual's rounded 5.6 x + 0.125 is the
// continuity line (they agree within 2e-6); the CLF form (as in OCIO) derives it.
LogParams vlog() { return camera_log(10.0, 0.241514, 0.598206, 1.0, 0.00873, 0.01); }

// Blackmagic "Blackmagic Generation 5 Color Science" (2021), Film Gen5:
//   y = A ln(x + B) + C above LIN_CUT = 0.005, D x + E below, D and E the continuity line.
LogParams bmdfilm_gen5() {
  constexpr double A = 0.08692876065491224;
  constexpr double B = 0.005494072432257808;
  constexpr double C = 0.5300133392291939;
  return camera_log(std::exp(1.0), A, C, 1.0, B, 0.005);
}

// Blackmagic "DaVinci Resolve 17 Wide Gamut Intermediate" (2020): A = 0.0075, B = 7.0,
// C = 0.07329248, M = 10.44426855, LIN_CUT = 0.00262409: y = (log2(x + A) + B) C above the cut,
// x M below. CLF places the line through the log segment's value at the cut, which is 3.4e-10
// below M LIN_CUT: an offset of -3.4e-10 that the published form rounds to 0.
LogParams davinci_intermediate() {
  constexpr double A = 0.0075;
  constexpr double B = 7.0;
  constexpr double C = 0.07329248;
  constexpr double M = 10.44426855;
  return camera_log(2.0, C, B * C, 1.0, A, 0.00262409, M);
}

// Canon's mirrored log: y = slope log10(lin_slope x' + 1) + offset for x' >= 0, mirrored about
// x' = 0 (y = offset - ... below), x' = x / 0.9 (the 0.9 scale of Canon's IDTs and OCIO's builtins:
// scene-linear = 0.9 x the white paper's linear value). Canon Log 2 and the original Canon Log.
struct CanonMirroredConstants {
  double slope, offset, lin_slope;
};

class CanonMirroredLog final : public detail::PointwiseCurve<CanonMirroredLog> {
 public:
  CanonMirroredLog(std::string_view id, std::string_view name, CanonMirroredConstants k)
      : m_id(id), m_name(name), m_k(k) {}
  std::string_view id() const override { return m_id; }
  std::string_view name() const override { return m_name; }
  double decode(double y) const {
    const double t = ten_to_the(std::abs(y - m_k.offset) / m_k.slope);
    const double x = (t - 1.0) / m_k.lin_slope;
    return 0.9 * (y < m_k.offset ? -x : x);
  }
  double encode(double x) const {
    const double s = x / 0.9;
    const double y = m_k.slope * std::log10(m_k.lin_slope * std::abs(s) + 1.0);
    return s < 0.0 ? m_k.offset - y : m_k.offset + y;
  }

 private:
  std::string_view m_id, m_name;
  CanonMirroredConstants m_k;
};

// Canon "Canon Log Gamma Curves" white paper (Canon Log 2, v1.2).
constexpr CanonMirroredConstants kCanonLog2{0.24136077, 0.092864125, 87.099375};
// Canon Log, the original (2012; Thorpe, "Canon-Log Transfer Characteristic"), in the form of
// Canon's 2020 Input Transforms for the EOS C300 Mark II (colour-science's "v1.2"), whose constants
// apply to normalised code values as recorded, like Canon's Canon Log 2 / 3 transforms:
// 0.45310179 = 0.529136 * 876 / 1023 and 0.12512248 = (0.0730597 * 876 + 64) / 1023, the 2012
// curve placed in 10-bit legal range.
constexpr CanonMirroredConstants kCanonLog{0.45310179, 0.12512248, 10.1596};

// Canon "Canon Log Gamma Curves" white paper (Canon Log 3, v1.2), with the 0.9 scale of Canon's IDTs:
//   y = -0.36726845 log10(-14.98325 x' + 1) + 0.12783901   for x' < -0.014
//   y =  1.9754798 x' + 0.12512219                          for -0.014 <= x' <= 0.014
//   y =  0.36726845 log10(14.98325 x' + 1) + 0.12240537     above
// The decode switches segments at the code values 0.097465473 and 0.15277891 (the images of
// x' = -/+0.014 rounded to 8 digits); the encode switches where the linear segment reaches them.
// With these rounded constants the log segments overlap the linear one by 1.3e-9 in x' at each
// join, so encode then decode is exact everywhere, and decode then encode is exact except for codes
// within 3e-9 of a join (error below 3e-9).
class CanonLog3 final : public detail::PointwiseCurve<CanonLog3> {
 public:
  std::string_view id() const override { return "clog3"; }
  std::string_view name() const override { return "Canon Log 3"; }
  double decode(double y) const {
    double x = 0.0;
    if (y < kLowCode) {
      x = -(ten_to_the((kLowOffset - y) / kSlope) - 1.0) / kLinSlope;
    } else if (y <= kHighCode) {
      x = (y - kLineOffset) / kLineSlope;
    } else {
      x = (ten_to_the((y - kHighOffset) / kSlope) - 1.0) / kLinSlope;
    }
    return 0.9 * x;
  }
  double encode(double x) const {
    const double s = x / 0.9;
    if (s < (kLowCode - kLineOffset) / kLineSlope) {
      return -kSlope * std::log10(-kLinSlope * s + 1.0) + kLowOffset;
    }
    if (s <= (kHighCode - kLineOffset) / kLineSlope) return kLineSlope * s + kLineOffset;
    return kSlope * std::log10(kLinSlope * s + 1.0) + kHighOffset;
  }

 private:
  static constexpr double kSlope = 0.36726845;
  static constexpr double kLinSlope = 14.98325;
  static constexpr double kLowOffset = 0.12783901;
  static constexpr double kHighOffset = 0.12240537;
  static constexpr double kLineSlope = 1.9754798;
  static constexpr double kLineOffset = 0.12512219;
  static constexpr double kLowCode = 0.097465473;
  static constexpr double kHighCode = 0.15277891;
};

// Apple "Apple Log Profile" white paper (2023): R0 = -0.05641088, Rt = 0.01, c = 47.28711236,
// beta = 0.00964052, gamma = 0.08550479, delta = 0.69336945, Pt = c (Rt - R0)^2:
//   y = gamma log2(x + beta) + delta  for x >= Rt;  c (x - R0)^2 for R0 <= x < Rt;  0 below R0.
//   x = 2^((y - delta) / gamma) - beta for y >= Pt;  sqrt(y / c) + R0 for 0 <= y < Pt;  R0 below 0.
// Linear values below R0 all encode to 0, so only x >= R0 round-trips.
class AppleLog final : public detail::PointwiseCurve<AppleLog> {
 public:
  std::string_view id() const override { return "applelog"; }
  std::string_view name() const override { return "Apple Log"; }
  double decode(double y) const {
    if (y >= kPt) return std::exp2((y - kDelta) / kGamma) - kBeta;
    if (y >= 0.0) return std::sqrt(y / kC) + kR0;
    return kR0;
  }
  double encode(double x) const {
    if (x >= kRt) return kGamma * std::log2(x + kBeta) + kDelta;
    if (x >= kR0) return kC * (x - kR0) * (x - kR0);
    return 0.0;
  }

 private:
  static constexpr double kR0 = -0.05641088;
  static constexpr double kRt = 0.01;
  static constexpr double kC = 47.28711236;
  static constexpr double kBeta = 0.00964052;
  static constexpr double kGamma = 0.08550479;
  static constexpr double kDelta = 0.69336945;
  static constexpr double kPt = kC * (kRt - kR0) * (kRt - kR0);
};

}  // namespace

namespace detail {

std::vector<const TransferFunction*> camera_transfer_functions() {
  static const CameraLogCurve kLogC3("logc3-ei800", "ARRI LogC3 (EI 800)", logc3_ei800());
  static const CameraLogCurve kLogC4("logc4", "ARRI LogC4", logc4());
  static const CameraLogCurve kSLog3("slog3", "Sony S-Log3", slog3());
  static const CameraLogCurve kSLog2("slog2", "Sony S-Log2 (10-bit legal range)", slog2());
  static const CameraLogCurve kSLog2_12("slog2-12i", "Sony S-Log2 (12-bit legal range)",
                                        sony_slog(kSLog2Gain, kSLog2Slope, kSony12i));
  static const CameraLogCurve kSLog1("slog1", "Sony S-Log1 (10-bit legal range)", sony_slog(1.0, 5.0, kSony10i));
  static const CameraLogCurve kSLog1_12("slog1-12i", "Sony S-Log1 (12-bit legal range)",
                                        sony_slog(1.0, 5.0, kSony12i));
  static const CameraLogCurve kLog3G10("log3g10", "RED Log3G10 (v3)", log3g10());
  static const CanonMirroredLog kCLog2("clog2", "Canon Log 2", kCanonLog2);
  static const CanonMirroredLog kCLog("clog", "Canon Log", kCanonLog);
  static const CanonLog3 kCLog3;
  static const CameraLogCurve kVLog("vlog", "Panasonic V-Log", vlog());
  static const CameraLogCurve kBMDFilmGen5("bmdfilm-gen5", "Blackmagic Film Generation 5", bmdfilm_gen5());
  static const CameraLogCurve kDaVinci("davinci-intermediate", "DaVinci Intermediate", davinci_intermediate());
  static const AppleLog kAppleLog;
  // Built once; the vector never grows afterwards, so the pointers handed out stay valid.
  static const std::vector<LogC3Curve> kLogC3OtherEIs = [] {
    std::vector<LogC3Curve> curves;
    curves.reserve(std::size(kLogC3Table));
    for (const LogC3Row& row : kLogC3Table) {
      const std::string ei = std::to_string(row.ei);
      curves.emplace_back("logc3-ei" + ei, "ARRI LogC3 (EI " + ei + ")", row);
    }
    return curves;
  }();
  std::vector<const TransferFunction*> all = {&kLogC3,  &kLogC4, &kSLog3, &kSLog2,      &kSLog2_12,
                                              &kSLog1,  &kSLog1_12, &kLog3G10, &kCLog, &kCLog2, &kCLog3,
                                              &kVLog,   &kBMDFilmGen5, &kDaVinci, &kAppleLog};
  for (const LogC3Curve& curve : kLogC3OtherEIs) all.push_back(&curve);
  return all;
}

}  // namespace detail
}  // namespace aceslab::aces
