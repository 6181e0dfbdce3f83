// SPDX-License-Identifier: Apache-2.0
#include "aces/aces2_chroma_compress.h"
#include "aces/aces2_math.h"

#include <algorithm>
#include <cmath>

namespace aceslab::aces::detail {

ChromaCompressParams make_chroma_compress_params(const ToneScaleParams& t) {
  // ACES 2.0 CTL: chroma_compress = 2.4, chroma_compress_fact = 3.3, chroma_expand = 1.3,
  // chroma_expand_fact = 0.69, chroma_expand_thr = 0.5; the Mnorm scale is a fit over peak luminance.
  constexpr float kCompress = 2.4f, kCompressFact = 3.3f;
  constexpr float kExpand = 1.3f, kExpandFact = 0.69f, kExpandThr = 0.5f;
  ChromaCompressParams c;
  c.compr = kCompress + (kCompress * kCompressFact) * t.log_peak;
  c.sat = std::max(0.2f, kExpand - (kExpand * kExpandFact) * t.log_peak);
  c.sat_thr = kExpandThr / t.n;
  c.scale = std::pow(0.03379f * t.n, 0.30596f) - 0.45135f;
  return c;
}

float chroma_compress_norm(float cos_h, float sin_h, float scale) {
  // Fourier coefficients of the ACES 2.0 chroma-compression normaliser (CTL `chroma_compress_norm`).
  const float cos2 = 2.0f * cos_h * cos_h - 1.0f;
  const float sin2 = 2.0f * cos_h * sin_h;
  const float cos3 = 4.0f * cos_h * cos_h * cos_h - 3.0f * cos_h;
  const float sin3 = 3.0f * sin_h - 4.0f * sin_h * sin_h * sin_h;
  const float M = 11.34072f * cos_h + 16.46899f * cos2 + 7.88380f * cos3 + 14.66441f * sin_h +
                  -6.37224f * sin2 + 9.19364f * sin3 + 77.12896f;
  return M * scale;
}

float toe_fwd(float x, float limit, float k1_in, float k2_in) {
  if (x > limit) return x;
  const float k2 = std::max(k2_in, 0.001f);
  const float k1 = std::sqrt(k1_in * k1_in + k2 * k2);
  const float k3 = (limit + k1) / (limit + k2);
  const float minus_b = k3 * x - k1;
  const float minus_ac = k2 * k3 * x;
  return 0.5f * (minus_b + std::sqrt(minus_b * minus_b + 4.0f * minus_ac));
}

float toe_inv(float x, float limit, float k1_in, float k2_in) {
  if (x > limit) return x;
  const float k2 = std::max(k2_in, 0.001f);
  const float k1 = std::sqrt(k1_in * k1_in + k2 * k2);
  const float k3 = (limit + k1) / (limit + k2);
  return (x * x + k1 * x) / (k3 * (x + k2));
}

F3 chroma_compress_fwd(const F3& JMh, float J_ts, float Mnorm, const HueShared& hs,
                       const ChromaCompressParams& c) {
  const float J = JMh[0];
  float M = JMh[1];
  if (M != 0.0f) {
    const float nJ = J_ts / hs.limit_J_max;
    const float snJ = std::max(0.0f, 1.0f - nJ);
    const float limit = safe_pow(nJ, hs.model_gamma_inv) * hs.reach_M / Mnorm;
    M = M * safe_pow(J_ts / J, hs.model_gamma_inv);
    M = M / Mnorm;
    M = limit - toe_fwd(limit - M, limit - 0.001f, snJ * c.sat, std::sqrt(nJ * nJ + c.sat_thr));
    M = toe_fwd(M, limit, nJ * c.compr, snJ);
    M = M * Mnorm;
  }
  return {J_ts, M, JMh[2]};
}

F3 chroma_compress_inv(const F3& JMh_ts, float J, float Mnorm, const HueShared& hs,
                       const ChromaCompressParams& c) {
  const float J_ts = JMh_ts[0];
  float M = JMh_ts[1];
  if (M != 0.0f) {
    const float nJ = J_ts / hs.limit_J_max;
    const float snJ = std::max(0.0f, 1.0f - nJ);
    const float limit = safe_pow(nJ, hs.model_gamma_inv) * hs.reach_M / Mnorm;
    M = M / Mnorm;
    M = toe_inv(M, limit, nJ * c.compr, snJ);
    M = limit - toe_inv(limit - M, limit - 0.001f, snJ * c.sat, std::sqrt(nJ * nJ + c.sat_thr));
    M = M * Mnorm;
    M = M * safe_pow(J / J_ts, hs.model_gamma_inv);
  }
  return {J, M, JMh_ts[2]};
}

}  // namespace aceslab::aces::detail
