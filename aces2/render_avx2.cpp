// SPDX-License-Identifier: Apache-2.0
// The AVX2 + FMA (8-lane) instantiation of the image-path kernels. Every header the kernels depend
// on is included before the target pragma, so that only the kernel templates (internal to this
// file) are compiled for AVX2 and no inline function shared with other files is.
#include <algorithm>
#include <cstddef>
#include <cstring>

#include "aces2/cam.h"
#include "aces2/chroma_compress.h"
#include "aces2/gamut_compress.h"
#include "aces2/render.h"
#include "aces2/simd.h"
#include "aces2/tables.h"
#include "aces2/tonescale.h"

#if ACESLAB_SIMD_X86
#pragma GCC push_options
#pragma GCC target("avx2,fma")
// See simd.h: V8 helpers are always inlined, no 32-byte vector crosses a call boundary.
#pragma GCC diagnostic ignored "-Wpsabi"

#include "aces2/render_kernel.h"

namespace aceslab::aces::detail {

void forward_avx2(const RenderConstants& rc, float* px, std::size_t n) { run_block<simd::V8, false>(rc, px, n); }
void inverse_avx2(const RenderConstants& rc, float* px, std::size_t n) { run_block<simd::V8, true>(rc, px, n); }
void pow_avx2(float* v, std::size_t n, float exponent) { map_buffer<simd::V8>(v, n, PowOp{exponent}); }
void pq_avx2(float* v, std::size_t n) { map_buffer<simd::V8>(v, n, PqOp{}); }
void pq_decode_avx2(float* v, std::size_t n) { map_buffer<simd::V8>(v, n, PqDecodeOp{}); }

}  // namespace aceslab::aces::detail

#pragma GCC pop_options

#else  // not x86: no AVX2 path; active_simd_path() never selects it, so these are never called.

#include "aces2/render_kernel.h"

namespace aceslab::aces::detail {
void forward_avx2(const RenderConstants&, float*, std::size_t) { __builtin_trap(); }
void inverse_avx2(const RenderConstants&, float*, std::size_t) { __builtin_trap(); }
void pow_avx2(float*, std::size_t, float) { __builtin_trap(); }
void pq_avx2(float*, std::size_t) { __builtin_trap(); }
void pq_decode_avx2(float*, std::size_t) { __builtin_trap(); }
}  // namespace aceslab::aces::detail
#endif
