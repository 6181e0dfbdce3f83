// SPDX-License-Identifier: Apache-2.0
#include "aces2/render.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#include "aces2/render_kernel.h"

namespace aceslab::aces::detail {

namespace {

void forward_sse2(const RenderConstants& rc, float* px, std::size_t n) { run_block<simd::V4, false>(rc, px, n); }
void inverse_sse2(const RenderConstants& rc, float* px, std::size_t n) { run_block<simd::V4, true>(rc, px, n); }
void pow_sse2(float* v, std::size_t n, float e) { map_buffer<simd::V4>(v, n, PowOp{e}); }
void pq_sse2(float* v, std::size_t n) { map_buffer<simd::V4>(v, n, PqOp{}); }
void pq_decode_sse2(float* v, std::size_t n) { map_buffer<simd::V4>(v, n, PqDecodeOp{}); }

// ---- path selection -------------------------------------------------------------------------------

bool cpu_has_avx2() {
#if ACESLAB_SIMD_X86
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

SimdPath default_path() {
  const char* env = std::getenv("ACESLAB_SIMD");
  if (env != nullptr && std::strcmp(env, "baseline") == 0) return SimdPath::baseline;
  return cpu_has_avx2() ? SimdPath::avx2 : SimdPath::baseline;
}

std::atomic<SimdPath>& path_slot() {
  static std::atomic<SimdPath> slot{default_path()};
  return slot;
}

}  // namespace

std::string_view simd_path_name(SimdPath p) { return p == SimdPath::avx2 ? "avx2" : "baseline"; }
SimdPath active_simd_path() { return path_slot().load(std::memory_order_relaxed); }
bool simd_path_supported(SimdPath p) { return p == SimdPath::baseline || cpu_has_avx2(); }
bool set_simd_path(SimdPath p) {
  if (!simd_path_supported(p)) return false;
  path_slot().store(p, std::memory_order_relaxed);
  return true;
}

void render_forward_block(const RenderConstants& rc, float* px, std::size_t count) {
  if (active_simd_path() == SimdPath::avx2) {
    forward_avx2(rc, px, count);
  } else {
    forward_sse2(rc, px, count);
  }
}

void render_inverse_block(const RenderConstants& rc, float* px, std::size_t count) {
  if (active_simd_path() == SimdPath::avx2) {
    inverse_avx2(rc, px, count);
  } else {
    inverse_sse2(rc, px, count);
  }
}

void pow_mirrored(float* v, std::size_t n, float exponent) {
  if (active_simd_path() == SimdPath::avx2) {
    pow_avx2(v, n, exponent);
  } else {
    pow_sse2(v, n, exponent);
  }
}

void pq_encode_mirrored(float* v, std::size_t n) {
  if (active_simd_path() == SimdPath::avx2) {
    pq_avx2(v, n);
  } else {
    pq_sse2(v, n);
  }
}

void pq_decode_mirrored(float* v, std::size_t n) {
  if (active_simd_path() == SimdPath::avx2) {
    pq_decode_avx2(v, n);
  } else {
    pq_decode_sse2(v, n);
  }
}

}  // namespace aceslab::aces::detail
