// SPDX-License-Identifier: Apache-2.0
// Colour-difference metrics and the perceptual spaces they live in: CIELAB (CIE 15:2004), CIE76,
// CIEDE2000 (CIE 142-2001, as clarified by Sharma, Wu & Dalal 2005), Oklab (Ottosson 2020) and
// Jz az bz (Safdar et al. 2017). They are templates so that the same code serves plain doubles and
// ceres::Jet automatic differentiation in the solvers: functions are called unqualified after
// `using std::...` so that ADL finds the Jet overloads, and square roots / arc tangents are guarded
// at 0 where their derivative is undefined.
#pragma once

#include <Eigen/Core>
#include <cmath>

namespace aceslab::aces {

namespace detail {

// CIE 15:2004 constants, as exact rationals (CIE 15:2004 section 8.2.1 note).
constexpr double kLabEpsilon = 216.0 / 24389.0;
constexpr double kLabKappa = 24389.0 / 27.0;
constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;
constexpr double k25Pow7 = 6103515625.0;  // 25^7, CIEDE2000 chroma compensation

template <typename T>
T lab_f(const T& t) {
  using std::cbrt;
  if (t > T(kLabEpsilon)) return cbrt(t);
  return (T(kLabKappa) * t + T(16.0)) / T(116.0);
}

// sqrt with a zero (not infinite) derivative at 0, for chroma of a neutral.
template <typename T>
T safe_sqrt(const T& x) {
  using std::sqrt;
  if (x <= T(0.0)) return T(0.0);
  return sqrt(x);
}

// Hue angle in degrees in [0, 360); 0 for a neutral (Sharma et al. 2005, eq. 4).
template <typename T>
T hue_degrees(const T& b, const T& a) {
  using std::atan2;
  if (a == T(0.0) && b == T(0.0)) return T(0.0);
  T h = atan2(b, a) / T(kDeg);
  if (h < T(0.0)) h += T(360.0);
  return h;
}

// Sign-preserving power, used where an out-of-gamut matrix can produce negative LMS.
template <typename T>
T signed_pow(const T& x, double e) {
  using std::pow;
  if (x > T(0.0)) return pow(x, e);
  if (x < T(0.0)) return -pow(-x, e);
  return T(0.0);
}

}  // namespace detail

// CIE XYZ -> CIELAB relative to `white_XYZ` (any scale, XYZ in the same units).
template <typename T>
void XYZ_to_Lab(const T XYZ[3], const double white_XYZ[3], T Lab[3]) {
  const T fx = detail::lab_f(T(XYZ[0] / white_XYZ[0]));
  const T fy = detail::lab_f(T(XYZ[1] / white_XYZ[1]));
  const T fz = detail::lab_f(T(XYZ[2] / white_XYZ[2]));
  Lab[0] = T(116.0) * fy - T(16.0);
  Lab[1] = T(500.0) * (fx - fy);
  Lab[2] = T(200.0) * (fy - fz);
}

template <typename T>
T delta_E_76(const T Lab1[3], const T Lab2[3]) {
  const T dL = Lab1[0] - Lab2[0], da = Lab1[1] - Lab2[1], db = Lab1[2] - Lab2[2];
  return detail::safe_sqrt(T(dL * dL + da * da + db * db));
}

// CIEDE2000 as three components whose squared sum is delta E 2000 squared:
//   dE^2 = x^2 + y^2 + z^2 + R_T y' z'  with x = dL'/S_L, y' = dC'/S_C, z' = dH'/S_H
//        = x^2 + (y' + R_T z'/2)^2 + (1 - R_T^2/4) z'^2.
// |R_T| < 2 sin(60 deg) < 2, so the last weight is positive. A least-squares solver needs this form:
// the square root of dE is not differentiable where two colours match, which is exactly the answer
// of a noiseless fit.
template <typename T>
void delta_E_2000_components(const T Lab1[3], const T Lab2[3], T out[3]) {
  using std::cos;
  using std::exp;
  using std::pow;
  using std::sin;
  using detail::kDeg;
  const T& L1 = Lab1[0];
  const T& a1 = Lab1[1];
  const T& b1 = Lab1[2];
  const T& L2 = Lab2[0];
  const T& a2 = Lab2[1];
  const T& b2 = Lab2[2];

  // Sharma et al. 2005, equations 2-7.
  const T C1 = detail::safe_sqrt(T(a1 * a1 + b1 * b1));
  const T C2 = detail::safe_sqrt(T(a2 * a2 + b2 * b2));
  const T C_mean = (C1 + C2) / T(2.0);
  const T C_mean7 = pow(C_mean, 7);
  const T G = T(0.5) * (T(1.0) - detail::safe_sqrt(T(C_mean7 / (C_mean7 + T(detail::k25Pow7)))));
  const T a1p = (T(1.0) + G) * a1;
  const T a2p = (T(1.0) + G) * a2;
  const T C1p = detail::safe_sqrt(T(a1p * a1p + b1 * b1));
  const T C2p = detail::safe_sqrt(T(a2p * a2p + b2 * b2));
  const T h1p = detail::hue_degrees(b1, a1p);
  const T h2p = detail::hue_degrees(b2, a2p);

  // Equations 8-11.
  const T dLp = L2 - L1;
  const T dCp = C2p - C1p;
  const T C_product = C1p * C2p;
  T dhp = T(0.0);
  if (C_product != T(0.0)) {
    dhp = h2p - h1p;
    if (dhp > T(180.0)) dhp -= T(360.0);
    else if (dhp < T(-180.0)) dhp += T(360.0);
  }
  const T dHp = T(2.0) * detail::safe_sqrt(C_product) * sin(dhp * T(kDeg / 2.0));

  // Equations 12-22.
  const T Lp_mean = (L1 + L2) / T(2.0);
  const T Cp_mean = (C1p + C2p) / T(2.0);
  T hp_mean = h1p + h2p;
  if (C_product != T(0.0)) {
    const T diff = h1p - h2p;
    const bool far = diff > T(180.0) || diff < T(-180.0);
    if (!far) hp_mean = (h1p + h2p) / T(2.0);
    else if (h1p + h2p < T(360.0)) hp_mean = (h1p + h2p + T(360.0)) / T(2.0);
    else hp_mean = (h1p + h2p - T(360.0)) / T(2.0);
  }
  const T Tw = T(1.0) - T(0.17) * cos((hp_mean - T(30.0)) * T(kDeg)) +
               T(0.24) * cos(T(2.0) * hp_mean * T(kDeg)) +
               T(0.32) * cos((T(3.0) * hp_mean + T(6.0)) * T(kDeg)) -
               T(0.20) * cos((T(4.0) * hp_mean - T(63.0)) * T(kDeg));
  const T hue_offset = (hp_mean - T(275.0)) / T(25.0);
  const T d_theta = T(30.0) * exp(-(hue_offset * hue_offset));
  const T Cp_mean7 = pow(Cp_mean, 7);
  const T R_C = T(2.0) * detail::safe_sqrt(T(Cp_mean7 / (Cp_mean7 + T(detail::k25Pow7))));
  const T L50 = (Lp_mean - T(50.0)) * (Lp_mean - T(50.0));
  const T S_L = T(1.0) + T(0.015) * L50 / detail::safe_sqrt(T(T(20.0) + L50));
  const T S_C = T(1.0) + T(0.045) * Cp_mean;
  const T S_H = T(1.0) + T(0.015) * Cp_mean * Tw;
  const T R_T = -sin(T(2.0) * d_theta * T(kDeg)) * R_C;

  // k_L = k_C = k_H = 1 (reference conditions).
  const T x = dLp / S_L;
  const T y = dCp / S_C;
  const T z = dHp / S_H;
  out[0] = x;
  out[1] = y + R_T * z / T(2.0);
  out[2] = detail::safe_sqrt(T(T(1.0) - R_T * R_T / T(4.0))) * z;
}

// CIEDE2000 (Sharma 2005).
template <typename T>
T delta_E_2000(const T Lab1[3], const T Lab2[3]) {
  T c[3];
  delta_E_2000_components(Lab1, Lab2, c);
  return detail::safe_sqrt(T(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]));
}

// CIE XYZ (D65 white, Y = 1 for white) -> Oklab (Ottosson 2020, "A perceptual color space for image
// processing", matrices M1 and M2 of the XYZ formulation).
template <typename T>
void XYZ_to_Oklab(const T XYZ_D65[3], T Lab[3]) {
  const double M1[3][3] = {{0.8189330101, 0.3618667424, -0.1288597137},
                           {0.0329845436, 0.9293118715, 0.0361456387},
                           {0.0482003018, 0.2643662691, 0.6338517070}};
  const double M2[3][3] = {{0.2104542553, 0.7936177850, -0.0040720468},
                           {1.9779984951, -2.4285922050, 0.4505937099},
                           {0.0259040371, 0.7827717662, -0.8086757660}};
  T lms[3];
  for (int i = 0; i < 3; ++i) {
    const T v = T(M1[i][0]) * XYZ_D65[0] + T(M1[i][1]) * XYZ_D65[1] + T(M1[i][2]) * XYZ_D65[2];
    lms[i] = detail::signed_pow(v, 1.0 / 3.0);
  }
  for (int i = 0; i < 3; ++i) Lab[i] = T(M2[i][0]) * lms[0] + T(M2[i][1]) * lms[1] + T(M2[i][2]) * lms[2];
}

// Absolute CIE XYZ (D65, cd/m^2) -> Jz az bz (Safdar, Cui, Kim & Luo 2017, Optics Express 25(13)).
template <typename T>
void XYZ_to_JzAzBz(const T XYZ_D65_abs[3], T Jab[3]) {
  // Section 3 of the paper: b, g, the XYZ' -> LMS matrix, the PQ constants (ST 2084 with a modified
  // exponent p = 1.7 x 2523 / 2^5) and d, d0.
  constexpr double b = 1.15, g = 0.66;
  constexpr double c1 = 3424.0 / 4096.0, c2 = 2413.0 / 128.0, c3 = 2392.0 / 128.0;
  constexpr double n = 2610.0 / 16384.0, p = 1.7 * 2523.0 / 32.0;
  constexpr double d = -0.56, d0 = 1.6295499532821566e-11;
  const double M[3][3] = {{0.41478972, 0.579999, 0.0146480},
                          {-0.2015100, 1.120649, 0.0531008},
                          {-0.0166008, 0.264800, 0.6684799}};
  const double A[3][3] = {{0.5, 0.5, 0.0},
                          {3.524000, -4.066708, 0.542708},
                          {0.199076, 1.096799, -1.295875}};
  const T X = XYZ_D65_abs[0], Y = XYZ_D65_abs[1], Z = XYZ_D65_abs[2];
  const T Xp = T(b) * X - T(b - 1.0) * Z;
  const T Yp = T(g) * Y - T(g - 1.0) * X;
  const T XYZp[3] = {Xp, Yp, Z};
  T lmsp[3];
  for (int i = 0; i < 3; ++i) {
    const T v = T(M[i][0]) * XYZp[0] + T(M[i][1]) * XYZp[1] + T(M[i][2]) * XYZp[2];
    const T vn = detail::signed_pow(T(v / T(10000.0)), n);
    lmsp[i] = detail::signed_pow(T((T(c1) + T(c2) * vn) / (T(1.0) + T(c3) * vn)), p);
  }
  T Iab[3];
  for (int i = 0; i < 3; ++i) Iab[i] = T(A[i][0]) * lmsp[0] + T(A[i][1]) * lmsp[1] + T(A[i][2]) * lmsp[2];
  Jab[0] = (T(1.0 + d) * Iab[0]) / (T(1.0) + T(d) * Iab[0]) - T(d0);
  Jab[1] = Iab[1];
  Jab[2] = Iab[2];
}

// Double convenience overloads on Eigen vectors.
inline Eigen::Vector3d XYZ_to_Lab(const Eigen::Vector3d& XYZ, const Eigen::Vector3d& white_XYZ) {
  Eigen::Vector3d Lab;
  XYZ_to_Lab<double>(XYZ.data(), white_XYZ.data(), Lab.data());
  return Lab;
}
inline double delta_E_76(const Eigen::Vector3d& Lab1, const Eigen::Vector3d& Lab2) {
  return delta_E_76<double>(Lab1.data(), Lab2.data());
}
inline double delta_E_2000(const Eigen::Vector3d& Lab1, const Eigen::Vector3d& Lab2) {
  return delta_E_2000<double>(Lab1.data(), Lab2.data());
}
inline Eigen::Vector3d XYZ_to_Oklab(const Eigen::Vector3d& XYZ_D65) {
  Eigen::Vector3d Lab;
  XYZ_to_Oklab<double>(XYZ_D65.data(), Lab.data());
  return Lab;
}
inline Eigen::Vector3d XYZ_to_JzAzBz(const Eigen::Vector3d& XYZ_D65_abs) {
  Eigen::Vector3d Jab;
  XYZ_to_JzAzBz<double>(XYZ_D65_abs.data(), Jab.data());
  return Jab;
}

}  // namespace aceslab::aces
