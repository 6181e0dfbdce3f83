// SPDX-License-Identifier: Apache-2.0
// The Academy's log encodings (ACEScct, ACEScc, ACESproxy), the sRGB and BT.1886 curves and the identity.
#include <algorithm>
#include <cmath>

#include "color/camera_log_curve.h"
#include "color/transfer_function_catalog.h"

namespace aceslab::aces {
namespace {

// Both ACES log encodings end where the decoded value reaches the largest half float, 65504
// (S-2014-003 section 4.4, S-2016-001 section 4.4).
double aces_log_max_code() { return (std::log2(65504.0) + 9.72) / 17.52; }

// Academy S-2016-001 (ACEScct) section 4.4: y = (log2(x) + 9.72) / 17.52 above X_BRK = 0.0078125,
// A x + B below, where A = 10.5402377416545 and B = 0.0729055341958355 are the continuity line
// (CLF derives them).
LogParams acescct() {
  LogParams p;
  p.base = 2.0;
  p.log_side_slope = 1.0 / 17.52;
  p.log_side_offset = 9.72 / 17.52;
  p.lin_side_slope = 1.0;
  p.lin_side_offset = 0.0;
  p.lin_side_break = 0.0078125;
  return p;
}

// Academy S-2014-003 (ACEScc) section 4.4. Encode:
//   x <= 0:            (log2(2^-16) + 9.72) / 17.52
//   x < 2^-15:         (log2(2^-16 + x / 2) + 9.72) / 17.52
//   otherwise:         (log2(x) + 9.72) / 17.52
// Decode: (2^(17.52 y - 9.72) - 2^-16) * 2 below (9.72 - 15) / 17.52, 2^(17.52 y - 9.72) up to
// the code of 65504, 65504 above. Two log segments: not expressible as one CLF Log op.
class ACEScc final : public detail::PointwiseCurve<ACEScc> {
 public:
  std::string_view id() const override { return "acescc"; }
  std::string_view name() const override { return "ACEScc"; }
  double decode(double y) const {
    if (y <= (9.72 - 15.0) / 17.52) return (std::exp2(y * 17.52 - 9.72) - std::exp2(-16.0)) * 2.0;
    if (y < aces_log_max_code()) return std::exp2(y * 17.52 - 9.72);
    return 65504.0;
  }
  double encode(double x) const {
    if (x <= 0.0) return (-16.0 + 9.72) / 17.52;
    if (x < std::exp2(-15.0)) return (std::log2(std::exp2(-16.0) + x * 0.5) + 9.72) / 17.52;
    return (std::log2(x) + 9.72) / 17.52;
  }
  std::pair<double, double> code_domain() const override {
    return {(-16.0 + 9.72) / 17.52, aces_log_max_code()};
  }
};

// IEC 61966-2-1:1999 (sRGB) section 5.2: x = y / 12.92 for y <= 0.04045, ((y + 0.055) / 1.055)^2.4
// above; encode 12.92 x for x <= 0.0031308, 1.055 x^(1/2.4) - 0.055 above. Negative values stay on
// the straight segment. CLF's monCurve with gamma 2.4 / offset 0.055 puts its break at 0.03929 with
// slope 12.923, so it is not this curve: writers bake a LUT.
class SRGB final : public detail::PointwiseCurve<SRGB> {
 public:
  std::string_view id() const override { return "srgb"; }
  std::string_view name() const override { return "sRGB (IEC 61966-2-1)"; }
  double decode(double y) const {
    // exp/log rather than pow: the same result to a few ulps, several times faster.
    return y <= 0.04045 ? y / 12.92 : std::exp(2.4 * std::log((y + 0.055) / 1.055));
  }
  double encode(double x) const {
    return x <= 0.0031308 ? x * 12.92 : 1.055 * std::exp(std::log(x) / 2.4) - 0.055;
  }
};

// ITU-R BT.1886 Annex 1 with black level 0 and white 1: L = V^2.4. Negative values are mirrored
// (CLF Exponent basicMirrorFwd) so the curve stays invertible.
class BT1886 final : public detail::PointwiseCurve<BT1886> {
 public:
  std::string_view id() const override { return "bt1886"; }
  std::string_view name() const override { return "ITU-R BT.1886 (gamma 2.4)"; }
  double decode(double y) const { return std::copysign(std::pow(std::abs(y), kGamma), y); }
  double encode(double x) const { return std::copysign(std::pow(std::abs(x), 1.0 / kGamma), x); }
  std::optional<ExponentStep> clf_exponent_decode() const override {
    ExponentStep step;
    step.style = ExponentStyle::basicMirrorFwd;
    step.exponent = {kGamma, kGamma, kGamma};
    return step;
  }

 private:
  static constexpr double kGamma = 2.4;
};

// Academy S-2013-001 (ACESproxy), as the ACES 2.0 CSCs (aces-input-and-colorspaces ACESproxy/
// CSC.Academy.ACESproxy10i_to_ACES.ctl, ACES_to_ACESproxy12i.ctl) apply it to AP1 linear values:
//   code = (log2(lin) + 2.5) * StepsPerStop + MidCVoffset, clamped to [CVmin, CVmax] (and CVmin for
//   lin <= 2^-9.72), lin = 2^((code - MidCVoffset) / StepsPerStop - 2.5);
// 10i: 50 steps per stop, mid 425, codes 64..940 of 1023; 12i: 200, 1700, 256..3760 of 4095.
// Code values are not rounded to integers (the CTL rounds; float pipelines keep the fraction, as
// OCIO's ACESproxy10i builtin does), and decoding clamps to [CVmin, CVmax] as that builtin does.
class ACESproxy final : public detail::PointwiseCurve<ACESproxy> {
 public:
  ACESproxy(std::string_view id, std::string_view name, double steps, double mid, double cv_min, double cv_max,
            double scale)
      : m_id(id), m_name(name), m_steps(steps), m_mid(mid), m_min(cv_min), m_max(cv_max), m_scale(scale) {}
  std::string_view id() const override { return m_id; }
  std::string_view name() const override { return m_name; }
  double decode(double y) const {
    const double cv = std::clamp(y * m_scale, m_min, m_max);
    return std::exp2((cv - m_mid) / m_steps - 2.5);
  }
  double encode(double x) const {
    if (!(x > std::exp2(-9.72))) return m_min / m_scale;
    return std::clamp((std::log2(x) + 2.5) * m_steps + m_mid, m_min, m_max) / m_scale;
  }
  std::pair<double, double> code_domain() const override { return {m_min / m_scale, m_max / m_scale}; }

 private:
  std::string_view m_id, m_name;
  double m_steps, m_mid, m_min, m_max, m_scale;
};

class Linear final : public TransferFunction {
 public:
  std::string_view id() const override { return "linear"; }
  std::string_view name() const override { return "Linear"; }
  double to_linear(double y) const override { return y; }
  double to_code(double x) const override { return x; }
  void to_linear(std::span<float>) const override {}
  void to_code(std::span<float>) const override {}
  bool is_identity() const override { return true; }
};

}  // namespace

namespace detail {

std::vector<const TransferFunction*> standard_transfer_functions() {
  static const CameraLogCurve kACEScct("acescct", "ACEScct", acescct(), {0.0, aces_log_max_code()});
  static const ACEScc kACEScc;
  static const SRGB kSRGB;
  static const BT1886 kBT1886;
  static const Linear kLinear;
  static const ACESproxy kProxy10("acesproxy10i", "ACESproxy (10-bit)", 50.0, 425.0, 64.0, 940.0, 1023.0);
  static const ACESproxy kProxy12("acesproxy12i", "ACESproxy (12-bit)", 200.0, 1700.0, 256.0, 3760.0, 4095.0);
  return {&kLinear, &kACEScct, &kACEScc, &kSRGB, &kBT1886, &kProxy10, &kProxy12};
}

}  // namespace detail
}  // namespace aceslab::aces
