// SPDX-License-Identifier: Apache-2.0
// IEEE 754 binary16 ("half") bit patterns, as CLF uses them: a halfDomain LUT1D is indexed by the
// 65536 half codes, and rawHalfs arrays store outputs as half bit patterns. These helpers convert
// between codes and floats without a dependency on Imath.
#pragma once

#include <cstdint>

namespace aceslab::aces {

// The float value of a half code (exact: every half is a float). NaN and infinities map to
// float NaN / infinities.
float half_to_float(std::uint16_t code);

// The half code nearest to `value` (round to nearest, ties to even), as used to store rawHalfs.
// Overflow gives +-infinity.
std::uint16_t float_to_half(float value);

// Where `value` falls between two neighbouring finite half codes of the same sign: `value` lies
// between half_to_float(code) and half_to_float(next), with weight `t` in [0,1] towards `next`.
// Magnitudes beyond the largest finite half (65504) stick to it with t = 0; NaN gives code 0x7E00.
struct HalfBracket {
  std::uint16_t code = 0;
  std::uint16_t next = 0;
  float t = 0.0f;
};
HalfBracket half_bracket(float value);

constexpr std::uint16_t kHalfMaxCode = 0x7BFF;  // 65504, the largest finite half
constexpr int kHalfCodes = 65536;

}  // namespace aceslab::aces
