// SPDX-License-Identifier: Apache-2.0
#include "aces2/output_transform.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <Eigen/LU>

#include "aces2/cam.h"
#include "aces2/chroma_compress.h"
#include "aces2/gamut_compress.h"
#include "aces2/render.h"
#include "aces2/tonescale.h"
#include "color/error.h"

namespace aceslab::aces {

using detail::F3;
using detail::M33f;

namespace {

// Bound for +/-Inf inputs: large enough to hit every clamp, small enough that 3x3 matrix products
// stay finite in float.
constexpr float kHuge = 1e30f;

inline float sanitize(float v) {
  if (std::isnan(v)) return 0.0f;
  return std::clamp(v, -kHuge, kHuge);
}

inline float clampf(float v, float lo, float hi) { return std::min(std::max(v, lo), hi); }

}  // namespace

struct OutputTransform::Impl {
  OutputTransformParams params;
  detail::CamParams cam_in, cam_lim, cam_reach;
  detail::ToneScaleParams ts;
  detail::ChromaCompressParams cc;
  detail::GamutCompressParams gc;
  DisplayEncoding encoding;
  M33f ap0_to_ap1, ap1_to_ap0;
  M33f lim_to_enc, enc_to_lim;  // include the white and linear scales
  Mat3 enc_to_XYZ;
  float ap1_upper = 0;
  float lim_upper = 0;  // peak / 100
  float white_scale = 1;
  float inv_A_max = 0;  // 1 / A of limit_J_max (input CAM)
  detail::RenderConstants rc;  // for the image paths (render.h)

  Impl(const OutputTransformParams& p)
      : params(p),
        cam_in(detail::make_cam_params(primaries::kAP0)),
        cam_lim(detail::make_cam_params(p.limiting)),
        cam_reach(detail::make_cam_params(primaries::kAP1)),
        ts(detail::make_tonescale_params(static_cast<float>(p.peak_luminance))),
        cc(detail::make_chroma_compress_params(ts)),
        gc(detail::make_gamut_compress_params(static_cast<float>(p.peak_luminance), cam_in, cam_lim, cam_reach,
                                              ts)),
        encoding(p.eotf, p.hlg_peak_luminance > 0 ? p.hlg_peak_luminance : p.peak_luminance * p.linear_scale) {
    const Mat3 ap0_to_ap1_d = rgb_to_rgb_matrix(primaries::kAP0, primaries::kAP1, Adaptation::none);
    ap0_to_ap1 = detail::to_m33f(ap0_to_ap1_d);
    ap1_to_ap0 = detail::to_m33f(ap0_to_ap1_d.inverse());
    ap1_upper = ts.forward_limit;
    inv_A_max = 1.0f / detail::J_to_A(gc.shape.limit_J_max, cam_in);
    lim_upper = static_cast<float>(p.peak_luminance / 100.0);

    // No chromatic adaptation between limiting and encoding primaries (ACES 2.0 display encoding).
    enc_to_XYZ = rgb_to_XYZ_matrix(p.encoding);
    const Mat3 lim_to_enc_d = enc_to_XYZ.inverse() * rgb_to_XYZ_matrix(p.limiting);
    double scale = p.linear_scale;
    if (p.d60_simulation) {
      // Scale so the limiting white, expressed in the encoding primaries, just reaches 1.0
      // (ACES 2.0 CTL `white_scaling`): the simulated white is as bright as it can be unclipped.
      const Vec3 white = lim_to_enc_d * Vec3::Ones();
      white_scale = static_cast<float>(1.0 / white.maxCoeff());
      scale *= white_scale;
    }
    lim_to_enc = detail::to_m33f(lim_to_enc_d * scale);
    enc_to_lim = detail::to_m33f(lim_to_enc_d.inverse() / scale);
    init_render_constants();
  }

  void init_render_constants() {
    rc.cam_in = cam_in;
    rc.cam_lim = cam_lim;
    rc.ts = ts;
    rc.cc = cc;
    rc.gc = &gc;
    rc.ap0_to_ap1 = ap0_to_ap1;
    rc.ap1_to_ap0 = ap1_to_ap0;
    rc.lim_to_enc = lim_to_enc;
    rc.enc_to_lim = enc_to_lim;
    rc.ap1_upper = ap1_upper;
    rc.lim_upper = lim_upper;
    rc.inv_A_max = inv_A_max;
    // The curves the kernels apply themselves; the same exponents as DisplayEncoding's.
    auto power = [this](float gamma) {
      rc.curve = detail::BlockCurve::power;
      rc.encode_exponent = 1.0f / gamma;
      rc.decode_exponent = gamma;
    };
    switch (params.eotf) {
      case Eotf::bt1886: power(2.4f); break;
      case Eotf::gamma2_6: power(2.6f); break;
      case Eotf::gamma2_2: power(2.2f); break;
      case Eotf::pq: rc.curve = detail::BlockCurve::pq; break;
      default: rc.curve = detail::BlockCurve::none; break;
    }
  }

  detail::HueShared hue_shared(float h) const {
    return {gc.shape.limit_J_max, gc.shape.model_gamma_inv, detail::reach_M_lookup(h, gc.tables)};
  }

  // Colourfulness, hue in degrees and cos/sin of the hue from the opponent dimensions
  // (a, b) = M (cos h, sin h): the hue is invariant through every stage, so cos/sin come from a
  // division instead of the reference implementations' trigonometry on h.
  struct Hue {
    float M, h, cos_h, sin_h;
  };
  // `h` is the hue in degrees of (a, b), from atan2.
  static Hue hue_of(const F3& Aab, float h) {
    Hue r;
    r.M = std::sqrt(Aab[1] * Aab[1] + Aab[2] * Aab[2]);
    r.h = h;
    if (r.M > 0.0f) {
      const float inv_M = 1.0f / r.M;
      r.cos_h = Aab[1] * inv_M;
      r.sin_h = Aab[2] * inv_M;
    } else {
      r.cos_h = 1.0f;
      r.sin_h = 0.0f;
    }
    return r;
  }
  static float hue_degrees(const F3& Aab) { return detail::hue_from_radians(std::atan2(Aab[2], Aab[1])); }

  // The per-pixel paths below are the stage functions fused, working on the achromatic response A
  // where the stages use lightness J = 100 A^cz: (J_ts / J)^(1/cz) = A_ts / A and
  // (J_ts / J_max)^(1/cz) = A_ts / A_max, so the chroma compression needs no power and the inverse
  // never forms the untonescaled J at all. Results agree with the stage chain to float rounding
  // (tests/aces2/output_stages_test.cpp checks both against the reference stages).

  // Chroma and gamut compression of one colour given its tonescaled achromatic response A_ts and
  // lightness J_ts: input-CAM (A, a, b) -> (J, a, b) of the limiting CAM.
  F3 compress_fwd(const F3& Aab, float h, float A_ts, float J_ts) const {
    const float A = Aab[0];
    if (!(A > 0.0f)) return {0.0f, 0.0f, 0.0f};  // black (and below): J = M = 0 through every stage
    const Hue hue = hue_of(Aab, h);
    const float reach_M = detail::reach_M_lookup(hue.h, gc.tables);
    const float Mnorm = detail::chroma_compress_norm(hue.cos_h, hue.sin_h, cc.scale);
    const float M_cc = detail::chroma_compress_M_fwd(hue.M, J_ts / gc.shape.limit_J_max, A_ts * inv_A_max,
                                                     A_ts / A, Mnorm, reach_M, cc);
    const F3 cm = detail::gamut_compress_fwd({J_ts, M_cc, hue.h}, reach_M, gc);
    return {cm[0], cm[1] * hue.cos_h, cm[1] * hue.sin_h};
  }

  F3 render_fwd(const F3& aces) const {
    const F3 Aab = detail::rgb_to_Aab(aces, cam_in);
    const float A_ts = detail::tonescale_A_fwd(Aab[0], cam_in, ts);
    const F3 Jab = compress_fwd(Aab, hue_degrees(Aab), A_ts, detail::A_to_J(A_ts, cam_in));
    return detail::Aab_to_rgb({detail::J_to_A(Jab[0], cam_lim), Jab[1], Jab[2]}, cam_lim);
  }

  // Inverse, in two halves around the inverse tonescale. Half 1: limiting-CAM (A, a, b) and J ->
  // gamut-decompressed (J_ts, M) plus the hue quantities half 2 needs.
  struct InvHue {
    float cos_h, sin_h, Mnorm, reach_M;
  };
  F3 decompress_gamut(const F3& Aab, float h, float J, InvHue& ih) const {
    if (!(Aab[0] > 0.0f)) {
      ih = {1.0f, 0.0f, 1.0f, 0.0f};
      return {0.0f, 0.0f, 0.0f};
    }
    const Hue hue = hue_of(Aab, h);
    ih.cos_h = hue.cos_h;
    ih.sin_h = hue.sin_h;
    ih.reach_M = detail::reach_M_lookup(hue.h, gc.tables);
    ih.Mnorm = detail::chroma_compress_norm(hue.cos_h, hue.sin_h, cc.scale);
    return detail::gamut_compress_inv({J, hue.M, hue.h}, ih.reach_M, gc);
  }
  // Half 2: (J_ts, M) and the achromatic responses before (A) and after (A_ts) the tonescale ->
  // input-CAM (A, a, b).
  F3 decompress_chroma(float J_ts, float M_ts, float A_ts, float A, const InvHue& ih) const {
    const float ratio = A_ts > 0.0f ? A / A_ts : 0.0f;
    const float M = detail::chroma_compress_M_inv(M_ts, J_ts / gc.shape.limit_J_max, A_ts * inv_A_max, ratio,
                                                  ih.Mnorm, ih.reach_M, cc);
    return {A, M * ih.cos_h, M * ih.sin_h};
  }

  F3 render_inv(const F3& rgb) const {
    const F3 Aab = detail::rgb_to_Aab(rgb, cam_lim);
    InvHue ih;
    const F3 tm = decompress_gamut(Aab, hue_degrees(Aab), detail::A_to_J(Aab[0], cam_lim), ih);
    const float A_ts = detail::J_to_A(tm[0], cam_in);  // 0 for J_ts <= 0
    const float A = detail::tonescale_A_inv(A_ts, cam_in, ts);
    return detail::Aab_to_rgb(decompress_chroma(tm[0], tm[1], A_ts, A, ih), cam_in);
  }

  F3 ap1_clamp(const F3& aces) const {
    F3 ap1 = detail::mul(ap0_to_ap1, F3{sanitize(aces[0]), sanitize(aces[1]), sanitize(aces[2])});
    for (float& v : ap1) v = clampf(v, 0.0f, ap1_upper);
    return detail::mul(ap1_to_ap0, ap1);
  }
};

OutputTransform::OutputTransform(const OutputTransformParams& p) {
  if (!(p.peak_luminance >= 1.0 && p.peak_luminance <= 10000.0)) {
    throw Error(ErrorKind::usage, "output transform: peak luminance " + std::to_string(p.peak_luminance) +
                                      " cd/m^2 is outside [1, 10000]");
  }
  if (!(p.linear_scale > 0.0)) {
    throw Error(ErrorKind::usage, "output transform: linear scale must be positive");
  }
  m_impl = std::make_unique<const Impl>(p);
}

OutputTransform::~OutputTransform() = default;

const OutputTransformParams& OutputTransform::params() const { return m_impl->params; }

// Blocks of kRenderBlock pixels through the SIMD kernels; curves the kernels do not fold in are
// applied to each block while it is still in L1.
void OutputTransform::forward(std::span<float> rgb) const {
  const Impl& im = *m_impl;
  const size_t pixels = rgb.size() / 3;
  for (size_t p = 0; p < pixels; p += detail::kRenderBlock) {
    const size_t n = std::min(detail::kRenderBlock, pixels - p);
    detail::render_forward_block(im.rc, rgb.data() + 3 * p, n);
    if (im.rc.curve == detail::BlockCurve::none) im.encoding.encode(rgb.subspan(3 * p, 3 * n));
  }
}

void OutputTransform::inverse(std::span<float> rgb) const {
  const Impl& im = *m_impl;
  const size_t pixels = rgb.size() / 3;
  for (size_t p = 0; p < pixels; p += detail::kRenderBlock) {
    const size_t n = std::min(detail::kRenderBlock, pixels - p);
    if (im.rc.curve == detail::BlockCurve::none) im.encoding.decode(rgb.subspan(3 * p, 3 * n));
    detail::render_inverse_block(im.rc, rgb.data() + 3 * p, n);
  }
}

void OutputTransform::decode_display(std::span<float> rgb) const {
  m_impl->encoding.decode(rgb.first(rgb.size() / 3 * 3));
}

void OutputTransform::encode_display(std::span<float> rgb) const {
  m_impl->encoding.encode(rgb.first(rgb.size() / 3 * 3));
}

Mat3 OutputTransform::encoding_to_XYZ() const { return m_impl->enc_to_XYZ; }
float OutputTransform::ap1_clamp_upper() const { return m_impl->ap1_upper; }
float OutputTransform::limit_J_max() const { return m_impl->gc.shape.limit_J_max; }
float OutputTransform::white_scale() const { return m_impl->white_scale; }

OutputTransform::Rgb OutputTransform::ap1_clamp(const Rgb& aces) const { return m_impl->ap1_clamp(aces); }

OutputTransform::Rgb OutputTransform::aces_to_JMh(const Rgb& aces) const {
  return detail::rgb_to_JMh(aces, m_impl->cam_in);
}

OutputTransform::Rgb OutputTransform::tonescale_chroma_fwd(const Rgb& JMh) const {
  const Impl& im = *m_impl;
  const float h = detail::wrap_hue(JMh[2]);
  const float h_rad = h * detail::kPi / 180.0f;
  const float Mnorm = detail::chroma_compress_norm(std::cos(h_rad), std::sin(h_rad), im.cc.scale);
  const float J_ts = detail::tonescale_J_fwd(JMh[0], im.cam_in, im.ts);
  return detail::chroma_compress_fwd({JMh[0], JMh[1], h}, J_ts, Mnorm, im.hue_shared(h), im.cc);
}

OutputTransform::Rgb OutputTransform::tonescale_chroma_inv(const Rgb& JMh) const {
  const Impl& im = *m_impl;
  const float h = detail::wrap_hue(JMh[2]);
  const float h_rad = h * detail::kPi / 180.0f;
  const float Mnorm = detail::chroma_compress_norm(std::cos(h_rad), std::sin(h_rad), im.cc.scale);
  const float J = detail::tonescale_J_inv(JMh[0], im.cam_in, im.ts);
  return detail::chroma_compress_inv({JMh[0], JMh[1], h}, J, Mnorm, im.hue_shared(h), im.cc);
}

OutputTransform::Rgb OutputTransform::gamut_compress_fwd(const Rgb& JMh) const {
  const float h = detail::wrap_hue(JMh[2]);
  return detail::gamut_compress_fwd({JMh[0], JMh[1], h}, m_impl->hue_shared(h).reach_M, m_impl->gc);
}

OutputTransform::Rgb OutputTransform::gamut_compress_inv(const Rgb& JMh) const {
  const float h = detail::wrap_hue(JMh[2]);
  return detail::gamut_compress_inv({JMh[0], JMh[1], h}, m_impl->hue_shared(h).reach_M, m_impl->gc);
}

OutputTransform::Rgb OutputTransform::JMh_to_limiting(const Rgb& JMh) const {
  return detail::JMh_to_rgb({JMh[0], JMh[1], detail::wrap_hue(JMh[2])}, m_impl->cam_lim);
}

OutputTransform::Rgb OutputTransform::limiting_to_JMh(const Rgb& rgb) const {
  return detail::rgb_to_JMh(rgb, m_impl->cam_lim);
}

OutputTransform::Rgb OutputTransform::JMh_to_aces(const Rgb& JMh) const {
  return detail::JMh_to_rgb({JMh[0], JMh[1], detail::wrap_hue(JMh[2])}, m_impl->cam_in);
}

OutputTransform::Rgb OutputTransform::render_fwd(const Rgb& aces) const { return m_impl->render_fwd(aces); }
OutputTransform::Rgb OutputTransform::render_inv(const Rgb& rgb) const { return m_impl->render_inv(rgb); }

}  // namespace aceslab::aces
