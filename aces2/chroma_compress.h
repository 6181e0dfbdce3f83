// SPDX-License-Identifier: Apache-2.0
// ACES 2.0 chroma compression: after the tonescale, colourfulness M is rescaled to keep
// chromaticity, then expanded in the shadows and compressed towards white ("path to white") against
// a hue-dependent normaliser and the AP1 reach boundary. Closed form in both directions.
// Constants: `Lib.Academy.OutputTransform.ctl` (final ACES 2.0), OCIO `ACES2/Common.h`.
#pragma once

#include <algorithm>
#include <cmath>

#include "aces2/cam.h"
#include "aces2/tonescale.h"

namespace aceslab::aces::detail {

struct ChromaCompressParams {
  float sat = 0;      // shadow expansion strength: max(0.2, 1.3 - 0.897 log10(peak/100))
  float sat_thr = 0;  // 0.5 / peak
  float compr = 0;    // highlight compression: 2.4 + 7.92 log10(peak/100)
  float scale = 0;    // normaliser scale: (0.03379 peak)^0.30596 - 0.45135
};
ChromaCompressParams make_chroma_compress_params(const ToneScaleParams& t);

// The hue-dependent normaliser Mnorm(h): a 3rd-order Fourier fit, from cos/sin of the hue; the
// multiple-angle terms come from the double/triple-angle identities, not from more trigonometry.
inline float chroma_compress_norm(float cos_h, float sin_h, float scale) {
  // Fourier coefficients of the ACES 2.0 chroma-compression normaliser (CTL `chroma_compress_norm`).
  const float cos2 = 2.0f * cos_h * cos_h - 1.0f;
  const float sin2 = 2.0f * cos_h * sin_h;
  const float cos3 = 4.0f * cos_h * cos_h * cos_h - 3.0f * cos_h;
  const float sin3 = 3.0f * sin_h - 4.0f * sin_h * sin_h * sin_h;
  const float M = 11.34072f * cos_h + 16.46899f * cos2 + 7.88380f * cos3 + 14.66441f * sin_h +
                  -6.37224f * sin2 + 9.19364f * sin3 + 77.12896f;
  return M * scale;
}

// Per-hue values shared by chroma and gamut compression.
struct HueShared {
  float limit_J_max;     // J of the peak luminance (input CAM)
  float model_gamma_inv;  // 1 / (c z)
  float reach_M;         // AP1 reach boundary M at limit_J_max for this hue
};

// Soft toe (quadratic root), identity above `limit`, and its exact inverse.
inline float toe_fwd(float x, float limit, float k1_in, float k2_in) {
  if (x > limit) return x;
  const float k2 = std::max(k2_in, 0.001f);
  const float k1 = std::sqrt(k1_in * k1_in + k2 * k2);
  const float k3 = (limit + k1) / (limit + k2);
  const float minus_b = k3 * x - k1;
  const float minus_ac = k2 * k3 * x;
  return 0.5f * (minus_b + std::sqrt(minus_b * minus_b + 4.0f * minus_ac));
}
inline float toe_inv(float x, float limit, float k1_in, float k2_in) {
  if (x > limit) return x;
  const float k2 = std::max(k2_in, 0.001f);
  const float k1 = std::sqrt(k1_in * k1_in + k2 * k2);
  const float k3 = (limit + k1) / (limit + k2);
  return (x * x + k1 * x) / (k3 * (x + k2));
}

// The M part of the compression, with the two powers precomputed by the caller:
// nJ = J_ts / limit_J_max, nJ_pow = nJ^(1/cz) and ratio = (J_ts / J)^(1/cz) (forward) or
// (J / J_ts)^(1/cz) (inverse). Since J = 100 A^cz, both are plain quotients of achromatic
// responses (A_ts / A_max and A_ts / A), which the per-pixel path already has.
inline float chroma_compress_M_fwd(float M, float nJ, float nJ_pow, float ratio, float Mnorm, float reach_M,
                                   const ChromaCompressParams& c) {
  if (M == 0.0f) return M;
  const float snJ = std::max(0.0f, 1.0f - nJ);
  const float limit = nJ_pow * reach_M / Mnorm;
  M = M * ratio / Mnorm;
  M = limit - toe_fwd(limit - M, limit - 0.001f, snJ * c.sat, std::sqrt(nJ * nJ + c.sat_thr));
  M = toe_fwd(M, limit, nJ * c.compr, snJ);
  return M * Mnorm;
}
inline float chroma_compress_M_inv(float M, float nJ, float nJ_pow, float ratio, float Mnorm, float reach_M,
                                   const ChromaCompressParams& c) {
  if (M == 0.0f) return M;
  const float snJ = std::max(0.0f, 1.0f - nJ);
  const float limit = nJ_pow * reach_M / Mnorm;
  M = M / Mnorm;
  M = toe_inv(M, limit, nJ * c.compr, snJ);
  M = limit - toe_inv(limit - M, limit - 0.001f, snJ * c.sat, std::sqrt(nJ * nJ + c.sat_thr));
  return M * Mnorm * ratio;
}

// Forward: (J, M, h) before the tonescale + J_ts after it -> (J_ts, M_cc, h).
F3 chroma_compress_fwd(const F3& JMh, float J_ts, float Mnorm, const HueShared& hs,
                       const ChromaCompressParams& c);
// Inverse: (J_ts, M_cc, h) + the untonescaled J -> (J, M, h).
F3 chroma_compress_inv(const F3& JMh_ts, float J, float Mnorm, const HueShared& hs,
                       const ChromaCompressParams& c);

}  // namespace aceslab::aces::detail
