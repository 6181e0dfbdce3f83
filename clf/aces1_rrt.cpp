// SPDX-License-Identifier: Apache-2.0
#include "clf/aces1_rrt.h"

#include <Eigen/LU>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "color/error.h"

namespace aceslab::aces::aces1 {
namespace {

// The CTL interpreter's half-float limits (ampas/CTL CtlSimdStdLibLimits.cpp takes them from
// IlmBase 2's half.h): HALF_MIN the smallest positive (denormal) half, HALF_MAX the largest
// finite one. (Imath 3 redefined HALF_MIN as the smallest normal half; it makes no difference
// after the RRT, whose outputs, the ODTs' inputs, are >= 1e-4.)
constexpr double kHalfMin = 5.96046448e-08;
constexpr double kHalfMax = 65504.0;
// ACESlib.Transform_Common TINY.
constexpr double kTiny = 1e-10;

// ACESlib.RRT_Common.
constexpr double kGlowGain = 0.05;
constexpr double kGlowMid = 0.08;
constexpr double kRedScale = 0.82;
constexpr double kRedPivot = 0.03;
constexpr double kRedHue = 0.0;
constexpr double kRedWidth = 135.0;
constexpr double kRrtSatFactor = 0.96;

}  // namespace

const Mat3& AP0_to_AP1() {
  static const Mat3 m = rgb_to_rgb_matrix(primaries::kAP0, primaries::kAP1, Adaptation::none);
  return m;
}
const Mat3& AP1_to_AP0() {
  static const Mat3 m = AP0_to_AP1().inverse();
  return m;
}
const Mat3& AP1_to_XYZ() {
  static const Mat3 m = rgb_to_XYZ_matrix(primaries::kAP1);
  return m;
}
const Mat3& XYZ_to_AP1() {
  static const Mat3 m = AP1_to_XYZ().inverse();
  return m;
}

Mat3 saturation_matrix(double sat) {
  // ACESlib.Utilities_Color calc_sat_adjust_matrix with AP1_RGB2Y, the Y row of AP1_2_XYZ_MAT.
  const Eigen::RowVector3d rgb2y = AP1_to_XYZ().row(1);
  return sat * Mat3::Identity() + (1.0 - sat) * Vec3::Ones() * rgb2y;
}

// ---- Segmented splines (ACESlib.Tonescales) ----

namespace {

// The uniform quadratic B-spline of three coefficients at t in [0, 1): the CTL's monomials
// {t^2, t, 1} times cf * M with M the "textbook monomial to basis-function" matrix.
struct Quadratic {
  double a, b, c;  // a t^2 + b t + c
};
Quadratic segment(double c0, double c1, double c2) {
  return {0.5 * c0 - c1 + 0.5 * c2, c1 - c0, 0.5 * (c0 + c1)};
}

}  // namespace

template <std::size_t N>
std::array<double, N - 2> knot_values(const std::array<double, N>& coefs) {
  std::array<double, N - 2> k{};
  for (std::size_t i = 0; i < N - 2; ++i) k[i] = (coefs[i] + coefs[i + 1]) / 2.0;
  return k;
}

template <std::size_t N>
Tonescale<N>::Tonescale(const SegmentedSpline<N>& s)
    : m_s(s),
      m_log_min_x(std::log10(s.min_point.x)),
      m_log_mid_x(std::log10(s.mid_point.x)),
      m_log_max_x(std::log10(s.max_point.x)),
      m_log_min_y(std::log10(s.min_point.y)),
      m_log_mid_y(std::log10(s.mid_point.y)),
      m_log_max_y(std::log10(s.max_point.y)),
      m_inc_low((m_log_mid_x - m_log_min_x) / (N - 3.0)),
      m_inc_high((m_log_max_x - m_log_mid_x) / (N - 3.0)),
      m_knot_low(knot_values<N>(s.coefs_low)),
      m_knot_high(knot_values<N>(s.coefs_high)) {}

template <std::size_t N>
double Tonescale<N>::forward(double x) const {
  constexpr int kKnots = static_cast<int>(N) - 2;
  // Zero and negatives are taken at HALF_MIN before the log, as the CTL does.
  const double logx = std::log10(std::max(x, kHalfMin));
  auto in_segment = [logx](const std::array<double, N>& coefs, double log_x0, double inc) {
    const double coord = (logx - log_x0) / inc;
    const int j = std::clamp(static_cast<int>(coord), 0, kKnots - 2);
    const double t = coord - j;
    const Quadratic q = segment(coefs[j], coefs[j + 1], coefs[j + 2]);
    return (q.a * t + q.b) * t + q.c;
  };
  double logy;
  if (logx <= m_log_min_x) {
    logy = m_log_min_y + m_s.slope_low * (logx - m_log_min_x);
  } else if (logx < m_log_mid_x) {
    logy = in_segment(m_s.coefs_low, m_log_min_x, m_inc_low);
  } else if (logx < m_log_max_x) {
    logy = in_segment(m_s.coefs_high, m_log_mid_x, m_inc_high);
  } else {
    logy = m_log_max_y + m_s.slope_high * (logx - m_log_max_x);
  }
  return std::pow(10.0, logy);
}

template <std::size_t N>
double Tonescale<N>::inverse(double y) const {
  constexpr int kKnots = static_cast<int>(N) - 2;
  // ACES 1.0.1+ take log10(max(y, 1e-10)); ACES 1.0's log10(y) sent negatives (NaN) to the max
  // point, a defect 1.0.1 fixed: the 1.0.1 behaviour is used for every version.
  const double logy = std::log10(std::max(y, 1e-10));
  auto in_segment = [logy](const std::array<double, N>& coefs, const std::array<double, N - 2>& knot_y,
                           double log_x0, double inc) {
    // The interval (knot_y[j], knot_y[j + 1]] holding logy: the CTL's if-chain.
    int j = 0;
    while (j < kKnots - 2 && logy > knot_y[j + 1]) ++j;
    const Quadratic q = segment(coefs[j], coefs[j + 1], coefs[j + 2]);
    const double c = q.c - logy;
    const double d = std::sqrt(std::max(0.0, q.b * q.b - 4.0 * q.a * c));
    const double t = (2.0 * c) / (-d - q.b);
    return log_x0 + (t + j) * inc;
  };
  double logx;
  if (logy <= m_log_min_y) {
    logx = m_log_min_x;
  } else if (logy <= m_log_mid_y) {
    logx = in_segment(m_s.coefs_low, m_knot_low, m_log_min_x, m_inc_low);
  } else if (logy < m_log_max_y) {
    logx = in_segment(m_s.coefs_high, m_knot_high, m_log_mid_x, m_inc_high);
  } else {
    logx = m_log_max_x;
  }
  return std::pow(10.0, logx);
}

template <std::size_t N>
double spline_forward(const SegmentedSpline<N>& s, double x) {
  return Tonescale<N>(s).forward(x);
}

template <std::size_t N>
double spline_inverse(const SegmentedSpline<N>& s, double y) {
  return Tonescale<N>(s).inverse(y);
}

template class Tonescale<6>;
template class Tonescale<10>;
template double spline_forward<6>(const SplineC5&, double);
template double spline_forward<10>(const SplineC9&, double);
template double spline_inverse<6>(const SplineC5&, double);
template double spline_inverse<10>(const SplineC9&, double);
template std::array<double, 4> knot_values<6>(const std::array<double, 6>&);
template std::array<double, 8> knot_values<10>(const std::array<double, 10>&);

const SplineC5& rrt_tonescale() {
  // ACESlib.Tonescales RRT_PARAMS.
  static const SplineC5 s{{-4.0000000000, -4.0000000000, -3.1573765773, -0.4852499958, 1.8477324706, 1.8477324706},
                          {-0.7185482425, 2.0810307172, 3.6681241237, 4.0000000000, 4.0000000000, 4.0000000000},
                          {0.18 * std::pow(2.0, -15.0), 0.0001},
                          {0.18, 4.8},
                          {0.18 * std::pow(2.0, 18.0), 10000.0},
                          0.0,
                          0.0};
  return s;
}

namespace {

SplineC9 make_odt(const std::array<double, 10>& low, const std::array<double, 10>& high, double min_stops,
                  double min_y, double mid_y, double max_stops, double max_y, double slope_low, double slope_high) {
  auto rrt = [](double stops) { return spline_forward(rrt_tonescale(), 0.18 * std::pow(2.0, stops)); };
  return {low, high, {rrt(min_stops), min_y}, {rrt(0.0), mid_y}, {rrt(max_stops), max_y}, slope_low, slope_high};
}

// ACESlib.Tonescales.a1.0.1 (unchanged to 1.3) ODT_1000/2000/4000nits coefsLow, and the
// a1.0.0 (ACES 1.0) ones, whose black sits at 0.005 cd/m^2 with a flat extension below.
constexpr std::array<double, 10> kHdrLow = {-4.9706219331, -3.0293780669, -2.1262, -1.5105, -1.0578,
                                            -0.4668,       0.11938,       0.7088134201, 1.2911865799, 1.2911865799};
constexpr std::array<double, 10> kHdrLowV1 = {-2.3010299957, -2.3010299957, -1.9312, -1.5205, -1.0578,
                                              -0.4668,       0.11938,       0.7088134201, 1.2911865799, 1.2911865799};
constexpr std::array<double, 10> kHigh1000 = {0.8089132070, 1.1910867930, 1.5683, 1.9483, 2.3083,
                                              2.6384,       2.8595,       2.9872608805, 3.0127391195, 3.0127391195};
constexpr std::array<double, 10> kHigh2000 = {0.8019952042, 1.1980047958, 1.5943, 1.9973, 2.3783,
                                              2.7684,       3.0515,       3.2746293562, 3.3274306351, 3.3274306351};
constexpr std::array<double, 10> kHigh4000 = {0.7973186613, 1.2026813387, 1.6093, 2.0108, 2.4148,
                                              2.8179,       3.1725,       3.5344995451, 3.6696204376, 3.6696204376};

}  // namespace

const SplineC9& odt_tonescale(OdtTonescale which) {
  static const SplineC9 cinema = make_odt(
      {-1.6989700043, -1.6989700043, -1.4779, -1.2291, -0.8648, -0.4480, 0.00518, 0.4511080334, 0.9113744414,
       0.9113744414},
      {0.5154386965, 0.8470437783, 1.1358, 1.3802, 1.5197, 1.5985, 1.6467, 1.6746091357, 1.6878733390, 1.6878733390},
      -6.5, 0.02, 4.8, 6.5, 48.0, 0.0, 0.04);
  static const SplineC9 hdr1000 = make_odt(kHdrLow, kHigh1000, -12, 0.0001, 10.0, 10, 1000.0, 3.0, 0.06);
  static const SplineC9 hdr2000 = make_odt(kHdrLow, kHigh2000, -12, 0.0001, 10.0, 11, 2000.0, 3.0, 0.12);
  static const SplineC9 hdr4000 = make_odt(kHdrLow, kHigh4000, -12, 0.0001, 10.0, 12, 4000.0, 3.0, 0.3);
  static const SplineC9 hdr1000_v1 = make_odt(kHdrLowV1, kHigh1000, -12, 0.005, 10.0, 10, 1000.0, 0.0, 0.06);
  static const SplineC9 hdr2000_v1 = make_odt(kHdrLowV1, kHigh2000, -12, 0.005, 10.0, 11, 2000.0, 0.0, 0.12);
  static const SplineC9 hdr4000_v1 = make_odt(kHdrLowV1, kHigh4000, -12, 0.005, 10.0, 12, 4000.0, 0.0, 0.3);
  switch (which) {
    case OdtTonescale::cinema_48nits: return cinema;
    case OdtTonescale::hdr_1000nits: return hdr1000;
    case OdtTonescale::hdr_2000nits: return hdr2000;
    case OdtTonescale::hdr_4000nits: return hdr4000;
    case OdtTonescale::hdr_1000nits_v1: return hdr1000_v1;
    case OdtTonescale::hdr_2000nits_v1: return hdr2000_v1;
    case OdtTonescale::hdr_4000nits_v1: return hdr4000_v1;
  }
  throw Error(ErrorKind::internal, "unknown ACES 1.0 ODT tone scale");
}

const Tonescale<6>& rrt_curve() {
  static const Tonescale<6> curve(rrt_tonescale());
  return curve;
}

const Tonescale<10>& odt_curve(OdtTonescale which) {
  static const std::array<Tonescale<10>, 7> curves = {
      Tonescale<10>(odt_tonescale(OdtTonescale::cinema_48nits)),
      Tonescale<10>(odt_tonescale(OdtTonescale::hdr_1000nits)),
      Tonescale<10>(odt_tonescale(OdtTonescale::hdr_2000nits)),
      Tonescale<10>(odt_tonescale(OdtTonescale::hdr_4000nits)),
      Tonescale<10>(odt_tonescale(OdtTonescale::hdr_1000nits_v1)),
      Tonescale<10>(odt_tonescale(OdtTonescale::hdr_2000nits_v1)),
      Tonescale<10>(odt_tonescale(OdtTonescale::hdr_4000nits_v1))};
  const auto i = static_cast<std::size_t>(which);
  if (i >= curves.size()) throw Error(ErrorKind::internal, "unknown ACES 1.0 ODT tone scale");
  return curves[i];
}

// ---- RRT (RRT.ctl, InvRRT.ctl, ACESlib.RRT_Common, ACESlib.Utilities_Color) ----

namespace {

double rgb_to_saturation(const Vec3& rgb) {
  const double hi = rgb.maxCoeff();
  const double lo = rgb.minCoeff();
  return (std::max(hi, kTiny) - std::max(lo, kTiny)) / std::max(hi, 1e-2);
}

// YC, a luminance proxy: (r + g + b + 1.75 * chroma) / 3.
double rgb_to_yc(const Vec3& rgb) {
  const double r = rgb[0], g = rgb[1], b = rgb[2];
  const double chroma = std::sqrt(std::max(0.0, b * (b - g) + g * (g - r) + r * (r - b)));
  return (b + g + r + 1.75 * chroma) / 3.0;
}

// Sigmoid from 0 to 1 over [-2, 2].
double sigmoid_shaper(double x) {
  const double t = std::max(1.0 - std::abs(x / 2.0), 0.0);
  const double sign = x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : 0.0);
  return (1.0 + sign * (1.0 - t * t)) / 2.0;
}

double glow_forward(double yc_in, double gain, double mid) {
  if (yc_in <= 2.0 / 3.0 * mid) return gain;
  if (yc_in >= 2.0 * mid) return 0.0;
  return gain * (mid / yc_in - 0.5);
}

double glow_inverse(double yc_out, double gain, double mid) {
  if (yc_out <= (1.0 + gain) * 2.0 / 3.0 * mid) return -gain / (1.0 + gain);
  if (yc_out >= 2.0 * mid) return 0.0;
  return gain * (mid / yc_out - 0.5) / (gain / 2.0 - 1.0);
}

// Uniform cubic B-spline bump of full width w degrees, 1 at its centre.
double cubic_basis_shaper(double x, double w) {
  if (!(x > -w / 2.0 && x < w / 2.0)) return 0.0;
  const double coord = (x + w / 2.0) * 4.0 / w;
  const int j = static_cast<int>(coord);
  const double t = coord - j;
  double y = 0.0;
  switch (j) {
    case 3: y = (1.0 - t) * (1.0 - t) * (1.0 - t) / 6.0; break;
    case 2: y = (3.0 * t * t * t - 6.0 * t * t + 4.0) / 6.0; break;
    case 1: y = (-3.0 * t * t * t + 3.0 * t * t + 3.0 * t + 1.0) / 6.0; break;
    case 0: y = t * t * t / 6.0; break;
    default: y = 0.0;
  }
  return y * 1.5;
}

// The hue of rgb_2_hue (degrees) centred on the red modifier's hue, in [-180, 180]; NaN for
// neutrals, whose hue the CTL leaves undefined (their red weight is then 0).
double centered_red_hue(const Vec3& rgb) {
  if (rgb[0] == rgb[1] && rgb[1] == rgb[2]) return std::numeric_limits<double>::quiet_NaN();
  double hue = (180.0 / std::numbers::pi) * std::atan2(std::sqrt(3.0) * (rgb[1] - rgb[2]), 2.0 * rgb[0] - rgb[1] - rgb[2]);
  if (hue < 0.0) hue += 360.0;
  double centred = hue - kRedHue;
  if (centred < -180.0) centred += 360.0;
  else if (centred > 180.0) centred -= 360.0;
  return centred;
}

double red_weight(double centred_hue) {
  return std::isnan(centred_hue) ? 0.0 : cubic_basis_shaper(centred_hue, kRedWidth);
}

Vec3 clamp(const Vec3& v, double lo, double hi) { return v.cwiseMax(lo).cwiseMin(hi); }

const Mat3& rrt_sat() {
  static const Mat3 m = saturation_matrix(kRrtSatFactor);
  return m;
}
const Mat3& rrt_sat_inverse() {
  static const Mat3 m = rrt_sat().inverse();
  return m;
}

}  // namespace

Vec3 rrt_forward(const Vec3& aces_in) {
  Vec3 aces = aces_in;
  // Glow: lifts dark, saturated colours.
  const double saturation = rgb_to_saturation(aces);
  const double s = sigmoid_shaper((saturation - 0.4) / 0.2);
  aces *= 1.0 + glow_forward(rgb_to_yc(aces), kGlowGain * s, kGlowMid);
  // Red modifier: pulls saturated reds' red channel towards the pivot.
  const double weight = red_weight(centered_red_hue(aces));
  aces[0] += weight * saturation * (kRedPivot - aces[0]) * (1.0 - kRedScale);
  // To the rendering space, negatives clamped first so saturated negatives stay negative-free.
  aces = clamp(aces, 0.0, std::numeric_limits<double>::infinity());
  Vec3 rgb = clamp(AP0_to_AP1() * aces, 0.0, kHalfMax);
  rgb = rrt_sat() * rgb;
  for (int c = 0; c < 3; ++c) rgb[c] = rrt_curve().forward(rgb[c]);
  return AP1_to_AP0() * rgb;
}

Vec3 rrt_inverse(const Vec3& oces) {
  Vec3 rgb = AP0_to_AP1() * oces;
  for (int c = 0; c < 3; ++c) rgb[c] = rrt_curve().inverse(rgb[c]);
  rgb = clamp(rrt_sat_inverse() * rgb, 0.0, kHalfMax);
  Vec3 aces = clamp(AP1_to_AP0() * rgb, 0.0, kHalfMax);
  // Red modifier, inverted as a quadratic in the red channel with the output's hue and the
  // smaller of the other two channels standing in for the minimum (InvRRT.ctl).
  const double centred = centered_red_hue(aces);
  const double weight = red_weight(centred);
  const double min_chan = centred < 0.0 ? aces[1] : aces[2];
  const double a = weight * (1.0 - kRedScale) - 1.0;
  const double b = aces[0] - weight * (kRedPivot + min_chan) * (1.0 - kRedScale);
  const double c = weight * kRedPivot * min_chan * (1.0 - kRedScale);
  aces[0] = (-b - std::sqrt(std::max(0.0, b * b - 4.0 * a * c))) / (2.0 * a);
  // Glow, with the output's saturation and YC.
  const double s = sigmoid_shaper((rgb_to_saturation(aces) - 0.4) / 0.2);
  aces *= 1.0 + glow_inverse(rgb_to_yc(aces), kGlowGain * s, kGlowMid);
  return aces;
}

}  // namespace aceslab::aces::aces1
