// SPDX-License-Identifier: Apache-2.0
// Powers for the ACES 2.0 per-pixel path. Every exponent in the transform is applied to a quantity
// that is non-negative in exact arithmetic, so float noise below zero is mapped to 0 instead of NaN.
// `safe_pow` is libm's correctly rounded powf, one value at a time. `fast_pow_one` is a branch-free
// exp2(y log2 x); the image paths evaluate exactly these operations on SIMD lanes (simd.h
// `vpow`) for the CAM non-linearities, the tonescale, the gamut hulls and the display curves.
// `pow_block` applies it to a buffer (the scalar reference the tests check it with).
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace aceslab::aces::detail {

// x^y for x > 0; 0 for x <= 0 (and NaN x).
inline float safe_pow(float x, float y) { return x > 0.0f ? std::pow(x, y) : 0.0f; }

// Branch-free x^y for one value, y > 0: x <= 0, NaN and subnormal x give 0, +Inf gives +Inf.
// log: x = 2^e m with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s), s = (m - 1) / (m + 1),
// |s| <= 0.1716, series to s^9 (truncation < 4e-10). exp2: t = n + f, |f| <= 1/2, Taylor series of
// e^(f ln 2) to degree 7 (truncation < 6e-9). Measured relative error < 3e-7 for the exponents
// the transform uses (0.38 .. 2.39) over x in [2^-40, 2^40] (checked against std::pow in
// tests/aces2/display_encoding_test.cpp).
inline float fast_pow_one(float x, float y) {
  constexpr float kLog2e = 1.44269504f;
  constexpr float kLn2 = 0.693147181f;
  constexpr float kRoundMagic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  constexpr std::int32_t kSqrt2Mantissa = 0x3504F3;  // mantissa bits of sqrt(2)
  // Selections are done on integers so that the loop has no control flow and vectorises (float
  // selects are not if-converted under the default -ftrapping-math).
  const std::int32_t bits = std::bit_cast<std::int32_t>(x);
  const std::int32_t mantissa = bits & 0x007FFFFF;
  const std::int32_t big = static_cast<std::int32_t>(mantissa > kSqrt2Mantissa);
  const float e = static_cast<float>((bits >> 23) - 127 + big);
  const float m = std::bit_cast<float>(mantissa | (0x3F800000 - (big << 23)));  // [sqrt(1/2), sqrt(2))
  const float s = (m - 1.0f) / (m + 1.0f);
  const float s2 = s * s;
  const float ln_m =
      2.0f * s * (1.0f + s2 * (1.0f / 3.0f + s2 * (1.0f / 5.0f + s2 * (1.0f / 7.0f + s2 * (1.0f / 9.0f)))));
  // y e is split so that no rounding of the large integer part leaks into the fraction: y_hi has
  // 12 significant bits, so y_hi e (e has <= 8) and its fractional part are exact.
  const float y_hi = std::bit_cast<float>(std::bit_cast<std::uint32_t>(y) & 0xFFFFF000u);
  const float y_lo = y - y_hi;
  const float a = y_hi * e;
  const float n_1 = (a + kRoundMagic) - kRoundMagic;
  const float t = (a - n_1) + y_lo * e + y * (ln_m * kLog2e);
  const float n_2 = (t + kRoundMagic) - kRoundMagic;
  const float r = (t - n_2) * kLn2;
  const float n = n_1 + n_2;
  const float p =
      1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6.0f + r * (1.0f / 24.0f + r * (1.0f / 120.0f +
                                                                              r * (1.0f / 720.0f + r * (1.0f / 5040.0f)))))));
  const std::int32_t ni = static_cast<std::int32_t>(n);
  const std::int32_t result = static_cast<std::int32_t>(std::bit_cast<std::uint32_t>(p) +
                                                       (static_cast<std::uint32_t>(ni) << 23));
  // 0 for x <= 0, subnormal or NaN x, and for results below 2^-126; +Inf for x = +Inf and above 2^127.
  const std::int32_t keep = -static_cast<std::int32_t>((bits >= 0x00800000) & (bits <= 0x7F800000) & (ni >= -126));
  const std::int32_t overflow = -static_cast<std::int32_t>((ni > 127) | (bits == 0x7F800000));
  return std::bit_cast<float>(((result & ~overflow) | (0x7F800000 & overflow)) & keep);
}

// v[i] = safe_pow(v[i], y) (within the accuracy above) for i < n, y > 0.
inline void pow_block(float* v, std::size_t n, float y) {
  for (std::size_t i = 0; i < n; ++i) v[i] = fast_pow_one(v[i], y);
}

}  // namespace aceslab::aces::detail
