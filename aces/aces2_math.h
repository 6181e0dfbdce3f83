// SPDX-License-Identifier: Apache-2.0
// Powers for the ACES 2.0 per-pixel path. Every exponent in the transform is applied to a quantity
// that is non-negative in exact arithmetic, so float noise below zero is mapped to 0 instead of NaN.
// `safe_pow` is libm's correctly rounded powf, one value at a time. `pow_block` raises a whole
// buffer to one exponent with a branch-free exp2(y log2 x) that the compiler vectorises; it is
// what the image paths use for the CAM non-linearities and the display curves.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace aceslab::aces::detail {

// x^y for x > 0; 0 for x <= 0 (and NaN x).
inline float safe_pow(float x, float y) { return x > 0.0f ? std::pow(x, y) : 0.0f; }

// Branch-free x^y for one value, y > 0: x <= 0, NaN and subnormal x give 0.
// log: x = 2^e m with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s), s = (m - 1) / (m + 1),
// |s| <= 0.1716, series to s^9 (truncation < 4e-10). exp2: t = n + f, |f| <= 1/2, Taylor series of
// e^(f ln 2) to degree 7 (truncation < 6e-9). Relative error about (|y log2 x| + 2) * 1e-7, i.e.
// < 3e-6 over every exponent the transform uses (checked against std::pow in
// tests/aces/display_encoding_test.cpp).
inline float fast_pow_one(float x, float y) {
  constexpr float kSqrt2 = 1.41421356f;
  constexpr float kLog2e = 1.44269504f;
  constexpr float kLn2 = 0.693147181f;
  constexpr float kRoundMagic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
  float e = static_cast<float>(static_cast<std::int32_t>(bits >> 23) - 127);
  float m = std::bit_cast<float>((bits & 0x007FFFFFu) | 0x3F800000u);
  const bool big = m > kSqrt2;
  m = big ? 0.5f * m : m;
  e = big ? e + 1.0f : e;
  const float s = (m - 1.0f) / (m + 1.0f);
  const float s2 = s * s;
  const float ln_m =
      2.0f * s * (1.0f + s2 * (1.0f / 3.0f + s2 * (1.0f / 5.0f + s2 * (1.0f / 7.0f + s2 * (1.0f / 9.0f)))));
  float t = y * e + y * (ln_m * kLog2e);
  t = t < -126.0f ? -126.0f : (t > 127.0f ? 127.0f : t);
  const float n = (t + kRoundMagic) - kRoundMagic;
  const float r = (t - n) * kLn2;
  const float p =
      1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6.0f + r * (1.0f / 24.0f + r * (1.0f / 120.0f +
                                                                              r * (1.0f / 720.0f + r * (1.0f / 5040.0f)))))));
  const std::int32_t ni = static_cast<std::int32_t>(n);
  const float result = std::bit_cast<float>(std::bit_cast<std::int32_t>(p) + ni * (1 << 23));
  return x >= 1.17549435e-38f ? result : 0.0f;  // also false for NaN
}

// v[i] = safe_pow(v[i], y) (within the accuracy above) for i < n.
inline void pow_block(float* v, std::size_t n, float y) {
  for (std::size_t i = 0; i < n; ++i) v[i] = fast_pow_one(v[i], y);
}

}  // namespace aceslab::aces::detail
