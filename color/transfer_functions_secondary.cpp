// SPDX-License-Identifier: Apache-2.0
// Log encodings of the cameras productions meet as secondary units: Fujifilm F-Log and F-Log2, Nikon
// N-Log, DJI D-Log, Leica L-Log, GoPro Protune and RED Log3G12 (the original Canon Log, a sibling of
// Canon Log 2, is in transfer_functions_camera.cpp). Each
// follows its maker's published equations, constants beside their document. Linear values are
// scene reflectance (0.18 = an 18% grey card), code values normalised full-range file values [0, 1],
// the conventions of the makers' tables and of colour-science's implementations.
//
// Several published curves are not continuous where their segments meet (the documents round the
// constants, and each segment is applied where the document says): F-Log (1.0e-4 code values),
// N-Log (1.5e-4), L-Log (9e-4). Decoding follows the document's code-side switch and encoding its
// linear-side switch, so a linear value in the sliver between the two switches does not round-trip
// exactly (the error is below the jump divided by the curve's slope: < 2e-5 linear).
#include <cmath>
#include <vector>

#include "color/transfer_function_catalog.h"

namespace aceslab::aces {
namespace {

constexpr double kLn10 = 2.302585092994045684;
double ten_to_the(double x) { return std::exp(x * kLn10); }

// The Fujifilm shape: y = e x + f below cut1, c log10(a x + b) + d above; decode switches at cut2.
struct FujiConstants {
  double cut1, cut2, a, b, c, d, e, f;
};

class FujiLog final : public detail::PointwiseCurve<FujiLog> {
 public:
  FujiLog(std::string_view id, std::string_view name, FujiConstants k) : m_id(id), m_name(name), m_k(k) {}
  std::string_view id() const override { return m_id; }
  std::string_view name() const override { return m_name; }
  double decode(double y) const {
    return y < m_k.cut2 ? (y - m_k.f) / m_k.e : (ten_to_the((y - m_k.d) / m_k.c) - m_k.b) / m_k.a;
  }
  double encode(double x) const {
    return x < m_k.cut1 ? m_k.e * x + m_k.f : m_k.c * std::log10(m_k.a * x + m_k.b) + m_k.d;
  }

 private:
  std::string_view m_id, m_name;
  FujiConstants m_k;
};

// Fujifilm "F-Log Data Sheet" Ver.1.1 (2022), section 2-1 (cut2 is the log segment at cut1).
constexpr FujiConstants kFLog{0.00089, 0.100537775223865, 0.555556, 0.009468, 0.344676, 0.790453, 8.735631, 0.092864};
// Fujifilm "F-Log2 Data Sheet" Ver.1.0 (2022), section 2-1; also the curve of F-Log2 C (2024).
constexpr FujiConstants kFLog2{0.000889, 0.100686685370811, 5.555556, 0.064829, 0.245281, 0.384316, 8.799461,
                               0.092864};

// Nikon "N-Log Specification Document" Version 1.0.0 (2018), section 2:
//   y = (650 (x + 0.0075)^(1/3)) / 1023        for x < 0.328
//   y = (150 ln(x) + 619) / 1023                otherwise
//   x = (1023 y / 650)^3 - 0.0075 for y < 452 / 1023, exp((1023 y - 619) / 150) otherwise.
// The cube root is odd (sign-preserving) below -0.0075.
class NikonNLog final : public detail::PointwiseCurve<NikonNLog> {
 public:
  std::string_view id() const override { return "nlog"; }
  std::string_view name() const override { return "Nikon N-Log"; }
  double decode(double y) const {
    if (y < 452.0 / 1023.0) {
      const double t = y * 1023.0 / 650.0;
      return t * t * t - 0.0075;
    }
    return std::exp((y * 1023.0 - 619.0) / 150.0);
  }
  double encode(double x) const {
    if (x < 0.328) return 650.0 * std::cbrt(x + 0.0075) / 1023.0;
    return (150.0 * std::log(x) + 619.0) / 1023.0;
  }
};

// DJI "White Paper on D-Log and D-Gamut of DJI Cinema Color System" (2017), and DJI's ACES CSCs
// (aces-input-and-colorspaces dji/CSC.DJI.*.ctl), which use the paper's two forms as printed:
//   encode: 6.025 x + 0.0929 for x <= 0.0078, log10(0.9892 x + 0.0108) 0.256663 + 0.584555 above;
//   decode: (y - 0.0929) / 6.025 for y <= 0.14, (10^(3.89616 y - 2.27752) - 0.0108) / 0.9892 above.
// 3.89616 and 2.27752 are 1 / 0.256663 and 0.584555 / 0.256663 rounded: the two directions agree
// to 2e-6 relative.
class DJIDLog final : public detail::PointwiseCurve<DJIDLog> {
 public:
  std::string_view id() const override { return "dlog"; }
  std::string_view name() const override { return "DJI D-Log"; }
  double decode(double y) const {
    return y <= 0.14 ? (y - 0.0929) / 6.025 : (ten_to_the(3.89616 * y - 2.27752) - 0.0108) / 0.9892;
  }
  double encode(double x) const {
    return x <= 0.0078 ? 6.025 * x + 0.0929 : std::log10(x * 0.9892 + 0.0108) * 0.256663 + 0.584555;
  }
};

// Leica "L-Log Reference Manual" (2022), section 3: cut1 = 0.006, cut2 = 0.138, a = 8, b = 0.09,
// c = 0.27, d = 1.3, e = 0.0115, f = 0.6;
//   y = a x + b for x <= cut1, c log10(d x + e) + f above; x = (y - b) / a for y <= cut2.
class LeicaLLog final : public detail::PointwiseCurve<LeicaLLog> {
 public:
  std::string_view id() const override { return "llog"; }
  std::string_view name() const override { return "Leica L-Log"; }
  double decode(double y) const {
    return y <= 0.138 ? (y - 0.09) / 8.0 : (ten_to_the((y - 0.6) / 0.27) - 0.0115) / 1.3;
  }
  double encode(double x) const { return x <= 0.006 ? 8.0 * x + 0.09 : 0.27 * std::log10(1.3 * x + 0.0115) + 0.6; }
};

// GoPro Protune Flat, as GoPro contributed it to the ACES 1.0.3 OCIO config (hpd/OpenColorIO-Configs
// aces_1.0.3/python/aces_ocio/colorspaces/gopro.py): y = ln(1 + 112 x) / ln(113). Below 0 (outside
// the published curve) it continues along its tangent at 0 so it stays invertible.
class GoProProtune final : public detail::PointwiseCurve<GoProProtune> {
 public:
  std::string_view id() const override { return "protune"; }
  std::string_view name() const override { return "GoPro Protune Flat"; }
  double decode(double y) const {
    return y < 0.0 ? y * kLn113 / 112.0 : std::expm1(y * kLn113) / 112.0;
  }
  double encode(double x) const { return x < 0.0 ? x * 112.0 / kLn113 : std::log1p(112.0 * x) / kLn113; }

 private:
  static inline const double kLn113 = std::log(113.0);
};

// RED "White Paper on REDWideGamutRGB and Log3G10" (2017) / Nattress (2016), Log3G12:
//   y = sign(x) 0.184904 log10(|x| 347.189667 + 1)  (odd about 0).
class RedLog3G12 final : public detail::PointwiseCurve<RedLog3G12> {
 public:
  std::string_view id() const override { return "log3g12"; }
  std::string_view name() const override { return "RED Log3G12"; }
  double decode(double y) const { return std::copysign((ten_to_the(std::abs(y) / kA) - 1.0) / kB, y); }
  double encode(double x) const { return std::copysign(kA * std::log10(std::abs(x) * kB + 1.0), x); }

 private:
  static constexpr double kA = 0.184904;
  static constexpr double kB = 347.189667;
};

}  // namespace

namespace detail {

std::vector<const TransferFunction*> secondary_camera_transfer_functions() {
  static const FujiLog kFLogCurve("flog", "Fujifilm F-Log", kFLog);
  static const FujiLog kFLog2Curve("flog2", "Fujifilm F-Log2", kFLog2);
  static const NikonNLog kNLog;
  static const DJIDLog kDLog;
  static const LeicaLLog kLLog;
  static const GoProProtune kProtune;
  static const RedLog3G12 kLog3G12;
  return {&kFLogCurve, &kFLog2Curve, &kNLog, &kDLog, &kLLog, &kProtune, &kLog3G12};
}

}  // namespace detail
}  // namespace aceslab::aces
