// SPDX-License-Identifier: Apache-2.0
// Explicit SIMD building blocks for the ACES 2.0 image paths, written with GCC vector extensions so
// that one kernel source compiles to 4-lane SSE2 (the x86-64 baseline every build targets) and to
// 8-lane AVX2 (functions compiled with `target("avx2,fma")`, chosen at run time). Lanes never
// branch: every stage is evaluated for all lanes and the per-colour cases of the scalar code become
// selects on comparison masks, with the same arithmetic in the same order as the scalar functions
// (so the two paths and the one-colour stage functions agree to float rounding).
//
// `vpow` is `fast_pow_one` (fast_math.h) lane by lane, bit for bit; `vlog2` its logarithm half.
// Square roots and table gathers are per-width overloads (SSE `sqrtps` is part of x86-64; the AVX2
// overloads use `vsqrtps`/`vgatherdps` and are only ever inlined into AVX2-targeted functions).
// Off x86 only the 4-lane path exists, with per-lane square roots.
#pragma once

#include <bit>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#define ACESLAB_SIMD_X86 1
#include <immintrin.h>
#else
#define ACESLAB_SIMD_X86 0
#endif

// The generic helpers below are compiled for the baseline target but, for V8, only ever inlined
// into AVX2 functions (always_inline): no V8 value crosses a call boundary, so GCC's note that
// passing 32-byte vectors without AVX changes the ABI does not apply.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace aceslab::aces::detail::simd {

using V4 = float __attribute__((vector_size(16)));
using I4 = std::int32_t __attribute__((vector_size(16)));
using V8 = float __attribute__((vector_size(32)));
using I8 = std::int32_t __attribute__((vector_size(32)));
// Unsigned lanes for integer arithmetic that may wrap (signed overflow is undefined, even in lanes).
using U4 = std::uint32_t __attribute__((vector_size(16)));
using U8 = std::uint32_t __attribute__((vector_size(32)));

template <class V>
struct VecTraits;
template <>
struct VecTraits<V4> {
  using I = I4;
  using U = U4;
  static constexpr int kLanes = 4;
};
template <>
struct VecTraits<V8> {
  using I = I8;
  using U = U8;
  static constexpr int kLanes = 8;
};
template <class V>
using IntOf = typename VecTraits<V>::I;

#define ACESLAB_SIMD_INLINE [[gnu::always_inline]] inline

// ---- width-specific primitives -------------------------------------------------------------------

#if ACESLAB_SIMD_X86
ACESLAB_SIMD_INLINE V4 vsqrt(V4 x) { return _mm_sqrt_ps(x); }
ACESLAB_SIMD_INLINE bool any(I4 mask) { return _mm_movemask_ps(std::bit_cast<__m128>(mask)) != 0; }
#else
ACESLAB_SIMD_INLINE V4 vsqrt(V4 x) {
  return V4{__builtin_sqrtf(x[0]), __builtin_sqrtf(x[1]), __builtin_sqrtf(x[2]), __builtin_sqrtf(x[3])};
}
ACESLAB_SIMD_INLINE bool any(I4 mask) { return (mask[0] | mask[1] | mask[2] | mask[3]) != 0; }
#endif
ACESLAB_SIMD_INLINE V4 gather(const float* table, I4 index) {
  return V4{table[index[0]], table[index[1]], table[index[2]], table[index[3]]};
}
ACESLAB_SIMD_INLINE I4 gather(const std::int32_t* table, I4 index) {
  return I4{table[index[0]], table[index[1]], table[index[2]], table[index[3]]};
}

#if ACESLAB_SIMD_X86
#pragma GCC push_options
#pragma GCC target("avx2,fma")
ACESLAB_SIMD_INLINE V8 vsqrt(V8 x) { return _mm256_sqrt_ps(x); }
ACESLAB_SIMD_INLINE V8 gather(const float* table, I8 index) {
  return _mm256_i32gather_ps(table, std::bit_cast<__m256i>(index), 4);
}
ACESLAB_SIMD_INLINE I8 gather(const std::int32_t* table, I8 index) {
  return std::bit_cast<I8>(_mm256_i32gather_epi32(table, std::bit_cast<__m256i>(index), 4));
}
ACESLAB_SIMD_INLINE bool any(I8 mask) { return _mm256_movemask_ps(std::bit_cast<__m256>(mask)) != 0; }
#pragma GCC pop_options
#endif

// ---- generic lane operations ---------------------------------------------------------------------

template <class V>
ACESLAB_SIMD_INLINE V splat(float x) {
  return V{} + x;
}
template <class V>
ACESLAB_SIMD_INLINE IntOf<V> splat_i(std::int32_t x) {
  return IntOf<V>{} + x;
}
template <class V>
ACESLAB_SIMD_INLINE V load(const float* p) {
  V v;
  __builtin_memcpy(&v, p, sizeof(V));
  return v;
}
template <class V>
ACESLAB_SIMD_INLINE void store(float* p, V v) {
  __builtin_memcpy(p, &v, sizeof(V));
}
template <class V>
ACESLAB_SIMD_INLINE IntOf<V> bits(V v) {
  return std::bit_cast<IntOf<V>>(v);
}
template <class V, class I>
ACESLAB_SIMD_INLINE V from_bits(I i) {
  return std::bit_cast<V>(i);
}
// mask ? x : y, mask lanes all-ones or zero.
template <class V>
ACESLAB_SIMD_INLINE V select(IntOf<V> mask, V x, V y) {
  return from_bits<V>((bits(x) & mask) | (bits(y) & ~mask));
}
// std::min / std::max semantics: (b < a) ? b : a and (a < b) ? b : a.
template <class V>
ACESLAB_SIMD_INLINE V vmin(V a, V b) {
  return select<V>(b < a, b, a);
}
template <class V>
ACESLAB_SIMD_INLINE V vmax(V a, V b) {
  return select<V>(a < b, b, a);
}
template <class V>
ACESLAB_SIMD_INLINE V vabs(V v) {
  return from_bits<V>(bits(v) & 0x7FFFFFFF);
}
// |magnitude| with the sign of `sign` (std::copysign).
template <class V>
ACESLAB_SIMD_INLINE V vcopysign(V magnitude, V sign) {
  return from_bits<V>((bits(magnitude) & 0x7FFFFFFF) | (bits(sign) & static_cast<std::int32_t>(0x80000000u)));
}
template <class V>
ACESLAB_SIMD_INLINE IntOf<V> to_int(V v) {  // truncation; NaN and out-of-range give INT_MIN
  return __builtin_convertvector(v, IntOf<V>);
}
template <class V>
ACESLAB_SIMD_INLINE V to_float(IntOf<V> i) {
  return __builtin_convertvector(i, V);
}
template <class I>
ACESLAB_SIMD_INLINE I imin(I a, I b) {
  return b < a ? b : a;
}
template <class I>
ACESLAB_SIMD_INLINE I imax(I a, I b) {
  return a < b ? b : a;
}

// x = 2^e m with m in [sqrt(1/2), sqrt(2)): e, and ln m by the atanh series of fast_math.h.
template <class V>
struct LogParts {
  V e;
  V ln_m;
};
template <class V>
ACESLAB_SIMD_INLINE LogParts<V> log_parts(IntOf<V> b) {
  const V one = splat<V>(1.0f);
  const IntOf<V> mantissa = b & 0x007FFFFF;
  const IntOf<V> big = -(mantissa > 0x3504F3);  // 1 where the mantissa is above sqrt(2)'s
  const V m = from_bits<V>(mantissa | (0x3F800000 - (big << 23)));
  const V s = (m - one) / (m + one);
  const V s2 = s * s;
  return {to_float<V>((b >> 23) - 127 + big),
          2.0f * s * (one + s2 * (1.0f / 3.0f + s2 * (1.0f / 5.0f + s2 * (1.0f / 7.0f + s2 * (1.0f / 9.0f)))))};
}

// fast_pow_one(x, y) lane by lane, same operations in the same order (see fast_math.h for the
// method and its accuracy); y > 0 may differ per lane.
template <class V>
ACESLAB_SIMD_INLINE V vpow(V x, V y) {
  using I = IntOf<V>;
  const V kLog2e = splat<V>(1.44269504f);
  const V kLn2 = splat<V>(0.693147181f);
  const V kRoundMagic = splat<V>(12582912.0f);
  const V one = splat<V>(1.0f);
  const I b = bits(x);
  const auto [e, ln_m] = log_parts<V>(b);
  const V y_hi = from_bits<V>(bits(y) & static_cast<std::int32_t>(0xFFFFF000u));
  const V y_lo = y - y_hi;
  const V a = y_hi * e;
  const V n_1 = (a + kRoundMagic) - kRoundMagic;
  const V t = (a - n_1) + y_lo * e + y * (ln_m * kLog2e);
  const V n_2 = (t + kRoundMagic) - kRoundMagic;
  const V r = (t - n_2) * kLn2;
  const V n = n_1 + n_2;
  const V p =
      one + r * (one + r * (0.5f + r * (1.0f / 6.0f + r * (1.0f / 24.0f + r * (1.0f / 120.0f +
                                                                          r * (1.0f / 720.0f + r * (1.0f / 5040.0f)))))));
  const I ni = to_int<V>(n);
  // The exponent is added in unsigned lanes: for |n| beyond the float range the sum wraps, and those
  // lanes are replaced just below (UBSan: signed overflow).
  using U = typename VecTraits<V>::U;
  const I result = std::bit_cast<I>(std::bit_cast<U>(bits(p)) + (std::bit_cast<U>(ni) << 23));
  const I keep = (b >= 0x00800000) & (b <= 0x7F800000) & (ni >= -126);
  const I overflow = (ni > 127) | (b == 0x7F800000);
  return from_bits<V>(((result & ~overflow) | (0x7F800000 & overflow)) & keep);
}
template <class V>
ACESLAB_SIMD_INLINE V vpow(V x, float y) {
  return vpow<V>(x, splat<V>(y));
}

// log2 x for normal x > 0 (the logarithm half of vpow; absolute error < 1e-7 for the ratios >= 1
// the gamut compression takes it of).
template <class V>
ACESLAB_SIMD_INLINE V vlog2(V x) {
  const auto [e, ln_m] = log_parts<V>(bits(x));
  return e + ln_m * 1.44269504f;
}

// 3x3 row-major matrix times the column (x, y, z).
template <class V, class M>
ACESLAB_SIMD_INLINE void mul3(const M& m, V& x, V& y, V& z) {
  const V a = x, b = y, c = z;
  x = m[0] * a + m[1] * b + m[2] * c;
  y = m[3] * a + m[4] * b + m[5] * c;
  z = m[6] * a + m[7] * b + m[8] * c;
}

}  // namespace aceslab::aces::detail::simd

#pragma GCC diagnostic pop
