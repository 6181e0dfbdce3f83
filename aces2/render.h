// SPDX-License-Identifier: Apache-2.0
// The image paths of the ACES 2.0 Output Transform: the whole per-pixel chain (AP1 clamp, CAM,
// tonescale, chroma and gamut compression, limiting clamp, encoding matrix and, for the pure-power
// and PQ curves, the display encoding) evaluated a block of pixels at a time with explicit SIMD
// (simd.h). Two instruction-set paths are compiled from the same kernel: SSE2 (4 lanes, every
// x86-64) and AVX2+FMA (8 lanes), the latter used when the CPU has it. The environment variable
// `ACESLAB_SIMD=baseline` (read once) forces the SSE2 path; tests switch paths with
// `set_simd_path` to check both against the references.
#pragma once

#include <cstddef>
#include <string_view>

#include "aces2/cam.h"
#include "aces2/chroma_compress.h"
#include "aces2/gamut_compress.h"
#include "aces2/tonescale.h"

namespace aceslab::aces::detail {

enum class SimdPath { baseline, avx2 };
std::string_view simd_path_name(SimdPath p);
// Path the image functions use now: AVX2 when the CPU supports AVX2 and FMA, unless
// ACESLAB_SIMD=baseline, or whatever set_simd_path chose last.
SimdPath active_simd_path();
bool simd_path_supported(SimdPath p);
// Selects a path for the whole process (tests, benchmarks); returns false (and changes nothing)
// when the CPU cannot run it.
bool set_simd_path(SimdPath p);
// Selects a path for its lifetime and restores the previous one (tests, benchmarks).
class ScopedSimdPath {
 public:
  explicit ScopedSimdPath(SimdPath p) : m_previous(active_simd_path()), m_ok(set_simd_path(p)) {}
  ~ScopedSimdPath() { set_simd_path(m_previous); }
  ScopedSimdPath(const ScopedSimdPath&) = delete;
  ScopedSimdPath& operator=(const ScopedSimdPath&) = delete;
  bool ok() const { return m_ok; }  // false: the CPU cannot run the path, nothing changed

 private:
  SimdPath m_previous;
  bool m_ok;
};

// Display curve folded into the block kernels (others are applied by DisplayEncoding afterwards).
enum class BlockCurve { none, power, pq };

// Everything the kernels read, copied out of the output transform once.
struct RenderConstants {
  CamParams cam_in, cam_lim;
  ToneScaleParams ts;
  ChromaCompressParams cc;
  const GamutCompressParams* gc = nullptr;
  M33f ap0_to_ap1{}, ap1_to_ap0{};
  M33f lim_to_enc{}, enc_to_lim{};  // include the white and linear scales
  float ap1_upper = 0;
  float lim_upper = 0;
  float inv_A_max = 0;
  BlockCurve curve = BlockCurve::none;  // encoded by forward, decoded by inverse
  float encode_exponent = 1;  // BlockCurve::power: code = linear^encode_exponent (mirrored)
  float decode_exponent = 1;
};

// Pixels per block: the SoA scratch of one block stays in L1.
inline constexpr std::size_t kRenderBlock = 128;

// In place on `count` <= kRenderBlock interleaved RGB pixels. forward: ACES2065-1 -> display-linear
// encoding RGB, or code values when `rc.curve` is not none. inverse: the reverse.
void render_forward_block(const RenderConstants& rc, float* px, std::size_t count);
void render_inverse_block(const RenderConstants& rc, float* px, std::size_t count);

// Display curves over a buffer with the active path: v = sign(v) |v|^exponent, NaN -> 0; and the
// PQ inverse EOTF and EOTF (linear 1.0 = 100 cd/m^2), mirrored, NaN -> 0.
void pow_mirrored(float* v, std::size_t n, float exponent);
void pq_encode_mirrored(float* v, std::size_t n);
void pq_decode_mirrored(float* v, std::size_t n);

}  // namespace aceslab::aces::detail
