// SPDX-License-Identifier: Apache-2.0
// ACES 2.0 chroma compression: after the tonescale, colourfulness M is rescaled to keep
// chromaticity, then expanded in the shadows and compressed towards white ("path to white") against
// a hue-dependent normaliser and the AP1 reach boundary. Closed form in both directions.
// Constants: `Lib.Academy.OutputTransform.ctl` (final ACES 2.0), OCIO `ACES2/Common.h`.
#pragma once

#include "aces/aces2_cam.h"
#include "aces/aces2_tonescale.h"

namespace aceslab::aces::detail {

struct ChromaCompressParams {
  float sat = 0;      // shadow expansion strength: max(0.2, 1.3 - 0.897 log10(peak/100))
  float sat_thr = 0;  // 0.5 / peak
  float compr = 0;    // highlight compression: 2.4 + 7.92 log10(peak/100)
  float scale = 0;    // normaliser scale: (0.03379 peak)^0.30596 - 0.45135
};
ChromaCompressParams make_chroma_compress_params(const ToneScaleParams& t);

// The hue-dependent normaliser Mnorm(h): a 3rd-order Fourier fit, from cos/sin of the hue.
float chroma_compress_norm(float cos_h, float sin_h, float scale);

// Per-hue values shared by chroma and gamut compression.
struct HueShared {
  float limit_J_max;     // J of the peak luminance (input CAM)
  float model_gamma_inv;  // 1 / (c z)
  float reach_M;         // AP1 reach boundary M at limit_J_max for this hue
};

// Soft toe (quadratic root), identity above `limit`, and its exact inverse.
float toe_fwd(float x, float limit, float k1_in, float k2_in);
float toe_inv(float x, float limit, float k1_in, float k2_in);

// Forward: (J, M, h) before the tonescale + J_ts after it -> (J_ts, M_cc, h).
F3 chroma_compress_fwd(const F3& JMh, float J_ts, float Mnorm, const HueShared& hs,
                       const ChromaCompressParams& c);
// Inverse: (J_ts, M_cc, h) + the untonescaled J -> (J, M, h).
F3 chroma_compress_inv(const F3& JMh_ts, float J, float Mnorm, const HueShared& hs,
                       const ChromaCompressParams& c);

}  // namespace aceslab::aces::detail
