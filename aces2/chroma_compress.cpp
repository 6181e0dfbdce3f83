// SPDX-License-Identifier: Apache-2.0
#include "aces2/chroma_compress.h"
#include "aces2/fast_math.h"

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

F3 chroma_compress_fwd(const F3& JMh, float J_ts, float Mnorm, const HueShared& hs,
                       const ChromaCompressParams& c) {
  const float nJ = J_ts / hs.limit_J_max;
  const float M = chroma_compress_M_fwd(JMh[1], nJ, safe_pow(nJ, hs.model_gamma_inv),
                                        safe_pow(J_ts / JMh[0], hs.model_gamma_inv), Mnorm, hs.reach_M, c);
  return {J_ts, M, JMh[2]};
}

F3 chroma_compress_inv(const F3& JMh_ts, float J, float Mnorm, const HueShared& hs,
                       const ChromaCompressParams& c) {
  const float J_ts = JMh_ts[0];
  const float nJ = J_ts / hs.limit_J_max;
  const float M = chroma_compress_M_inv(JMh_ts[1], nJ, safe_pow(nJ, hs.model_gamma_inv),
                                        safe_pow(J / J_ts, hs.model_gamma_inv), Mnorm, hs.reach_M, c);
  return {J, M, JMh_ts[2]};
}

}  // namespace aceslab::aces::detail
