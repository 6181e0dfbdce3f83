// SPDX-License-Identifier: Apache-2.0
// The guarded power the ACES 2.0 per-pixel path uses everywhere: every exponent in the transform is
// applied to a quantity that is non-negative in exact arithmetic, so float noise below zero is
// mapped to 0 instead of NaN. (A polynomial log2/exp2 replacement was measured slower than glibc's
// powf, which is also correctly rounded, so libm is used.)
#pragma once

#include <cmath>

namespace aceslab::aces::detail {

// x^y for x > 0; 0 for x <= 0 (and NaN x).
inline float safe_pow(float x, float y) { return x > 0.0f ? std::pow(x, y) : 0.0f; }

}  // namespace aceslab::aces::detail
