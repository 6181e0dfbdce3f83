// SPDX-License-Identifier: Apache-2.0
#include "color/half_bits.h"

#include <bit>
#include <cmath>
#include <limits>

namespace aceslab::aces {

float half_to_float(std::uint16_t code) {
  const bool negative = (code & 0x8000u) != 0;
  const int exponent = (code >> 10) & 0x1F;
  const int mantissa = code & 0x3FF;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);  // subnormal: m * 2^-24
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? std::numeric_limits<float>::infinity() : std::numeric_limits<float>::quiet_NaN();
  } else {
    magnitude = std::ldexp(static_cast<float>(1024 + mantissa), exponent - 25);
  }
  return negative ? -magnitude : magnitude;
}

std::uint16_t float_to_half(float value) {
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
  const std::uint16_t sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
  const std::uint32_t abs_bits = bits & 0x7FFFFFFFu;
  if (abs_bits >= 0x7F800000u) {  // inf or NaN
    return static_cast<std::uint16_t>(sign | (abs_bits > 0x7F800000u ? 0x7E00u : 0x7C00u));
  }
  const float magnitude = std::bit_cast<float>(abs_bits);
  if (magnitude >= 65520.0f) return static_cast<std::uint16_t>(sign | 0x7C00u);  // rounds to inf
  // Scale so that one half ulp of the target exponent becomes one integer step, then round to
  // nearest even with nearbyint (default rounding mode); the half encoding is monotonic and
  // continuous across the subnormal/normal boundary, so carries into the exponent are correct.
  int unbiased = -14;  // subnormals (and zero) share the ulp of 2^-14
  if (magnitude >= 0x1p-14f) {
    int exponent = 0;
    std::frexp(magnitude, &exponent);  // magnitude = f * 2^exponent, f in [0.5, 1)
    unbiased = exponent - 1;
  }
  const float scaled = std::ldexp(magnitude, 10 - unbiased);  // in [1024, 2048) for normals
  const auto steps = static_cast<std::uint32_t>(std::nearbyint(scaled));
  // code = (biased exponent << 10) + mantissa; with steps = 1024 + mantissa for normals this is
  // (unbiased + 14) * 1024 + steps, and for subnormals (unbiased = -14) simply steps.
  const std::uint32_t code = static_cast<std::uint32_t>((unbiased + 14) * 1024) + steps;
  return static_cast<std::uint16_t>(sign | code);
}

HalfBracket half_bracket(float value) {
  HalfBracket b;
  if (std::isnan(value)) {
    b.code = b.next = 0x7E00;
    return b;
  }
  const std::uint16_t sign = std::signbit(value) ? 0x8000 : 0x0000;
  const float magnitude = std::fabs(value);
  if (magnitude >= 65504.0f) {
    b.code = b.next = static_cast<std::uint16_t>(sign | kHalfMaxCode);
    return b;
  }
  int unbiased = -14;
  if (magnitude >= 0x1p-14f) {
    int exponent = 0;
    std::frexp(magnitude, &exponent);
    unbiased = exponent - 1;
  }
  const float scaled = std::ldexp(magnitude, 10 - unbiased);  // exact: a power-of-two scaling
  const auto steps = static_cast<std::uint32_t>(std::floor(scaled));
  const auto code = static_cast<std::uint16_t>(static_cast<std::uint32_t>((unbiased + 14) * 1024) + steps);
  const float low = half_to_float(code);
  const float high = half_to_float(static_cast<std::uint16_t>(code + 1));
  b.code = static_cast<std::uint16_t>(sign | code);
  b.next = static_cast<std::uint16_t>(sign | (code + 1));
  b.t = (magnitude - low) / (high - low);
  return b;
}

}  // namespace aceslab::aces
