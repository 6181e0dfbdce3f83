// SPDX-License-Identifier: Apache-2.0
// The ACES 1.0 Reference Rendering Transform (RRT) and the segmented-spline tone scales of the
// Academy's ACES 1.0.x CTL (ampas/aces-dev v1.0 ... v1.0.3, unchanged in v1.1-v1.3: RRT.ctl,
// InvRRT.ctl, ACESlib.RRT_Common, ACESlib.Tonescales, ACESlib.Transform_Common,
// ACESlib.Utilities_Color), evaluated in double precision with the CTL's constants and equations.
// No OpenColorIO: aceslab evaluates the ACES 1.0.x ODTs OpenColorIO 2.1 has no builtin for with
// it (aces1_odt.h); the same code rendering Rec.709 is checked against OCIO's ACES 1.0 builtin.
//
// A tone scale is a quadratic B-spline in log10(luminance) -> log10(luminance) over uniform knots
// from minPoint to midPoint (one segment) and midPoint to maxPoint (another), with straight
// log-log extensions outside [minPoint, maxPoint]. The c5 form (6 coefficients a segment) is the
// RRT's, the c9 form (10) the ODTs'. The inverses (*_rev in the CTL) solve the quadratic; they
// clamp to the min / max points, as the CTL does, so the extensions are not inverted.
//
//   namespace aces1 = aceslab::aces::aces1;
//   const aces::Vec3 oces = aces1::rrt_forward(aces);             // ACES2065-1 -> OCES
//   const double nits = aces1::odt_curve(aces1::OdtTonescale::hdr_1000nits).forward(4.8);  // 10 cd/m^2
#pragma once

#include <array>
#include <cstddef>

#include "color/chromaticity.h"

namespace aceslab::aces::aces1 {

struct SplinePoint {
  double x = 0.0;  // luminance in
  double y = 0.0;  // luminance out
};

// ACESlib.Tonescales SegmentedSplineParams_c5 (N = 6) / _c9 (N = 10): N coefficients (log10
// luminance) a segment, N - 2 knots.
template <std::size_t N>
struct SegmentedSpline {
  std::array<double, N> coefs_low{};   // B-spline between min_point and mid_point
  std::array<double, N> coefs_high{};  // B-spline between mid_point and max_point
  SplinePoint min_point, mid_point, max_point;
  double slope_low = 0.0;   // log-log slope of the extension below min_point
  double slope_high = 0.0;  // log-log slope of the extension above max_point
};
using SplineC5 = SegmentedSpline<6>;
using SplineC9 = SegmentedSpline<10>;

// A spline ready to evaluate many values: the logs of its points, its knot spacing and the
// inverse's knot tables computed once (the CTL recomputes them at every call).
template <std::size_t N>
class Tonescale {
 public:
  explicit Tonescale(const SegmentedSpline<N>& s);
  const SegmentedSpline<N>& params() const { return m_s; }
  double forward(double x) const;  // segmented_spline_c5_fwd / _c9_fwd
  double inverse(double y) const;  // segmented_spline_c5_rev / _c9_rev

 private:
  SegmentedSpline<N> m_s;
  double m_log_min_x, m_log_mid_x, m_log_max_x, m_log_min_y, m_log_mid_y, m_log_max_y;
  double m_inc_low, m_inc_high;  // knot spacing in log10 x
  std::array<double, N - 2> m_knot_low, m_knot_high;
};

// One value, for a spline used once (tests, tables): Tonescale<N>(s).forward(x) / .inverse(y).
template <std::size_t N>
double spline_forward(const SegmentedSpline<N>& s, double x);
template <std::size_t N>
double spline_inverse(const SegmentedSpline<N>& s, double y);

// The knot values of a segment, log10 luminance at each of its N - 2 knots: the KNOT_Y_LOW /
// KNOT_Y_HIGH tables segmented_spline_c*_rev builds ((coefs[i] + coefs[i + 1]) / 2).
template <std::size_t N>
std::array<double, N - 2> knot_values(const std::array<double, N>& coefs);

// RRT_PARAMS (ACESlib.Tonescales): ACES 0.18 -> 4.8 OCES, 10000 at most.
const SplineC5& rrt_tonescale();

enum class OdtTonescale {
  cinema_48nits,    // ODT_48nits: the SDR ODTs (0.02 .. 48 cd/m^2)
  hdr_1000nits,     // ODT_1000nits of ACES 1.0.1+ (0.0001 .. 1000 cd/m^2, mid grey at 10)
  hdr_2000nits,     // ODT_2000nits of ACES 1.0.1+
  hdr_4000nits,     // ODT_4000nits of ACES 1.0.1+
  hdr_1000nits_v1,  // ODT_1000nits of ACES 1.0 (ACESlib.Tonescales.a1.0.0): black at 0.005 cd/m^2
  hdr_2000nits_v1,  // ODT_2000nits of ACES 1.0
  hdr_4000nits_v1,  // ODT_4000nits of ACES 1.0
};
// The structs of ACESlib.Tonescales, their points' x values computed with the RRT's c5 spline
// (as the CTL initialises them: segmented_spline_c5_fwd(0.18 * 2^k)).
const SplineC9& odt_tonescale(OdtTonescale which);
// The same, ready to evaluate.
const Tonescale<6>& rrt_curve();
const Tonescale<10>& odt_curve(OdtTonescale which);

// RRT.ctl: ACES2065-1 -> OCES (AP0 primaries): glow, red modifier, clamps, AP1, global
// desaturation (0.96), the c5 tone scale per channel, back to AP0.
Vec3 rrt_forward(const Vec3& aces);
// InvRRT.ctl: OCES -> ACES2065-1. Exact where the glow and red modifier are inactive (neutrals,
// bright or unsaturated colours, hues away from red); approximate where they act, as the CTL's
// inverse is (it evaluates them with the output's hue, saturation and yc).
Vec3 rrt_inverse(const Vec3& oces);

// The matrices of ACESlib.Transform_Common (column vectors: out = M * in).
const Mat3& AP0_to_AP1();
const Mat3& AP1_to_AP0();
const Mat3& AP1_to_XYZ();
const Mat3& XYZ_to_AP1();
// calc_sat_adjust_matrix(sat, AP1_RGB2Y): sat * I + (1 - sat) * (rows of AP1 luminance weights).
Mat3 saturation_matrix(double sat);

}  // namespace aceslab::aces::aces1
