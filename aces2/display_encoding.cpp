// SPDX-License-Identifier: Apache-2.0
#include "aces2/display_encoding.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "aces2/fast_math.h"
#include "aces2/render.h"
#include "color/error.h"

namespace aceslab::aces {

namespace {

struct Named {
  Eotf eotf;
  std::string_view id;
};
constexpr std::array<Named, 7> kNames = {{{Eotf::bt1886, "bt1886"},
                                          {Eotf::gamma2_6, "gamma2.6"},
                                          {Eotf::gamma2_2, "gamma2.2"},
                                          {Eotf::srgb, "srgb"},
                                          {Eotf::pq, "pq"},
                                          {Eotf::hlg, "hlg"},
                                          {Eotf::linear, "linear"}}};

// SMPTE ST 2084:2014 constants.
constexpr double kPqM1 = 2610.0 / 16384.0;
constexpr double kPqM2 = 2523.0 / 4096.0 * 128.0;
constexpr double kPqC1 = 3424.0 / 4096.0;
constexpr double kPqC2 = 2413.0 / 4096.0 * 32.0;
constexpr double kPqC3 = 2392.0 / 4096.0 * 32.0;
constexpr double kPqMaxNits = 10000.0;
constexpr double kReferenceNits = 100.0;  // display-linear 1.0

// IEC 61966-2-1 sRGB: exponent 2.4 and offset 0.055. The break point and the slope of the linear
// segment are derived for a continuous curve with continuous slope (0.0392857 code, slope
// 12.9232), as OpenColorIO's sRGB builtin does, rather than the rounded 0.04045 / 12.92 of the
// standard; the two differ by < 1e-5 in code value.
constexpr double kSrgbGamma = 2.4;
constexpr double kSrgbOffset = 0.055;
const double kSrgbBreakCode = kSrgbOffset / (kSrgbGamma - 1.0);
const double kSrgbSlope = std::pow((1.0 + kSrgbOffset) / kSrgbGamma, kSrgbGamma) *
                          std::pow((kSrgbGamma - 1.0) / kSrgbOffset, kSrgbGamma - 1.0);
const double kSrgbBreakLinear = kSrgbBreakCode / kSrgbSlope;

// ITU-R BT.2100-2 Table 5, HLG OETF constants (as printed there and in the ACES 2.0 CTL).
constexpr double kHlgA = 0.17883277;
constexpr double kHlgB = 0.28466892;  // 1 - 4a
constexpr double kHlgC = 0.55991073;  // 0.5 - a ln(4a)

// The per-pixel curves run in float (libm powf): double would cost about as much as the rendering.
using detail::safe_pow;

const float kPqScale = static_cast<float>(kReferenceNits / kPqMaxNits);
const float kPqM1f = static_cast<float>(kPqM1), kPqM2f = static_cast<float>(kPqM2);
const float kPqC1f = static_cast<float>(kPqC1), kPqC2f = static_cast<float>(kPqC2), kPqC3f = static_cast<float>(kPqC3);

float pq_encode(float linear) {  // linear 1.0 = 100 nit
  const float p = safe_pow(linear * kPqScale, kPqM1f);
  return safe_pow((kPqC1f + kPqC2f * p) / (1.0f + kPqC3f * p), kPqM2f);
}

// Decoding near black subtracts two nearly equal numbers (p - c1) before a 6.3 power, so it stays
// in double precision.
float pq_decode(float code) {
  const double p = std::pow(static_cast<double>(code), 1.0 / kPqM2);
  const double Y = std::pow(std::max(0.0, p - kPqC1) / (kPqC2 - kPqC3 * p), 1.0 / kPqM1);
  return static_cast<float>(Y * kPqMaxNits / kReferenceNits);
}

const float kSrgbBreakLinearF = static_cast<float>(kSrgbBreakLinear);
const float kSrgbBreakCodeF = static_cast<float>(kSrgbBreakCode);
const float kSrgbSlopeF = static_cast<float>(kSrgbSlope);

float srgb_encode(float x) {
  return x <= kSrgbBreakLinearF ? x * kSrgbSlopeF : 1.055f * safe_pow(x, 1.0f / 2.4f) - 0.055f;
}

float srgb_decode(float c) {
  return c <= kSrgbBreakCodeF ? c / kSrgbSlopeF : safe_pow((c + 0.055f) / 1.055f, 2.4f);
}

double hlg_oetf(double E) {  // scene-linear [0, 1] -> signal
  return E <= 1.0 / 12.0 ? std::sqrt(3.0 * E) : kHlgA * std::log(12.0 * E - kHlgB) + kHlgC;
}

double hlg_oetf_inv(double s) {
  return s <= 0.5 ? s * s / 3.0 : (std::exp((s - kHlgC) / kHlgA) + kHlgB) / 12.0;
}

// Luminance weights of BT.2020 / BT.2100 RGB.
constexpr double kWr = 0.2627, kWg = 0.6780, kWb = 0.0593;

// The luminance that drives HLG's OOTF gain (BT.2100 Y_D forward, Y_S inverse): that of the
// pixel's non-negative part, because the ACES 2.0 CTL clamps negative light to 0 before encoding
// (`eotf_inv`), so every non-negative channel gets exactly the CTL's code value. A pixel with no
// positive channel is mirrored whole (the luminance of its negation). The gain scales the whole
// pixel by one positive factor, so the same rule applied to the scene light in decode finds the
// luminance that matches: the two are exact inverses. Zero only for black: no floor is needed,
// since a non-negative channel is at most Y / w_k and Y^((1-gamma)/gamma) Y -> 0.
double hlg_ootf_luminance(const double c[3]) {
  const auto lum = [&](double sign) {
    return kWr * std::max(0.0, sign * c[0]) + kWg * std::max(0.0, sign * c[1]) + kWb * std::max(0.0, sign * c[2]);
  };
  const double positive = lum(1.0);
  return positive > 0.0 ? positive : lum(-1.0);
}

template <typename F>
inline float mirrored(float x, F f) {
  const float r = f(std::abs(x));
  return x < 0.0f ? -r : r;
}

}  // namespace

std::string_view eotf_id(Eotf e) {
  for (const Named& n : kNames) {
    if (n.eotf == e) return n.id;
  }
  return "unknown";
}

Eotf parse_eotf(std::string_view id) {
  std::string valid;
  for (const Named& n : kNames) {
    if (n.id == id) return n.eotf;
    valid += valid.empty() ? "" : ", ";
    valid += n.id;
  }
  throw Error(ErrorKind::usage, "unknown EOTF \"" + std::string(id) + "\" (valid: " + valid + ")");
}

DisplayEncoding::DisplayEncoding(Eotf eotf, double peak_luminance)
    : m_eotf(eotf), m_peak(peak_luminance) {
  // BT.2100 Table 5 note: system gamma 1.2 at 1000 cd/m^2, + 0.42 log10(L_W / 1000).
  m_hlg_gamma = 1.2 + 0.42 * std::log10(m_peak / 1000.0);
}

float DisplayEncoding::encode_channel(float x) const {
  if (std::isnan(x)) x = 0.0f;  // NaN light is treated as black
  switch (m_eotf) {
    case Eotf::bt1886: return mirrored(x, [](float v) { return safe_pow(v, 1.0f / 2.4f); });
    case Eotf::gamma2_6: return mirrored(x, [](float v) { return safe_pow(v, 1.0f / 2.6f); });
    case Eotf::gamma2_2: return mirrored(x, [](float v) { return safe_pow(v, 1.0f / 2.2f); });
    case Eotf::srgb: return mirrored(x, srgb_encode);
    case Eotf::pq: return mirrored(x, pq_encode);
    case Eotf::hlg:  // without the OOTF: treat as achromatic
      return mirrored(x, [this](float v) {
        const double Fd = v * kReferenceNits / m_peak;
        return static_cast<float>(hlg_oetf(std::pow(Fd, 1.0 / m_hlg_gamma)));
      });
    case Eotf::linear: return x;
  }
  return x;
}

float DisplayEncoding::decode_channel(float c) const {
  if (std::isnan(c)) c = 0.0f;
  switch (m_eotf) {
    case Eotf::bt1886: return mirrored(c, [](float v) { return safe_pow(v, 2.4f); });
    case Eotf::gamma2_6: return mirrored(c, [](float v) { return safe_pow(v, 2.6f); });
    case Eotf::gamma2_2: return mirrored(c, [](float v) { return safe_pow(v, 2.2f); });
    case Eotf::srgb: return mirrored(c, srgb_decode);
    case Eotf::pq: return mirrored(c, pq_decode);
    case Eotf::hlg:
      return mirrored(c, [this](float v) {
        return static_cast<float>(std::pow(hlg_oetf_inv(v), m_hlg_gamma) * m_peak / kReferenceNits);
      });
    case Eotf::linear: return c;
  }
  return c;
}

namespace {

// One curve over a whole buffer: the EOTF switch is taken once per call, not once per channel,
// so the loop body is just the curve (NaN light is treated as black, negatives mirrored).
template <typename F>
void apply_mirrored(std::span<float> values, F f) {
  for (float& v : values) {
    const float x = std::isnan(v) ? 0.0f : v;
    const float r = f(std::abs(x));
    v = x < 0.0f ? -r : r;
  }
}

// Pure power curves and PQ over a buffer: the SIMD kernels of render.h (the fast power of
// fast_math.h, < 3e-7 relative, on the widest instruction set the CPU has).
void power_mirrored(std::span<float> values, float exponent) {
  detail::pow_mirrored(values.data(), values.size(), exponent);
}

void pq_mirrored(std::span<float> values) { detail::pq_encode_mirrored(values.data(), values.size()); }

}  // namespace

void DisplayEncoding::encode(std::span<float> rgb) const {
  switch (m_eotf) {
    case Eotf::bt1886: return power_mirrored(rgb, 1.0f / 2.4f);
    case Eotf::gamma2_6: return power_mirrored(rgb, 1.0f / 2.6f);
    case Eotf::gamma2_2: return power_mirrored(rgb, 1.0f / 2.2f);
    case Eotf::srgb: return apply_mirrored(rgb, srgb_encode);
    case Eotf::pq: return pq_mirrored(rgb);
    case Eotf::linear:
      for (float& v : rgb) v = std::isnan(v) ? 0.0f : v;
      return;
    case Eotf::hlg: break;
  }
  // HLG (BT.2100 inverse OOTF, then OETF): with display light F_D normalised to L_W,
  // E_S = F_D Y_D^((1-gamma)/gamma).
  const double g = m_hlg_gamma;
  for (size_t i = 0; i + 2 < rgb.size(); i += 3) {
    double c[3];
    for (int k = 0; k < 3; ++k) {
      const float v = rgb[i + k];
      c[k] = std::isnan(v) ? 0.0 : static_cast<double>(v) * kReferenceNits / m_peak;
    }
    const double Yd = hlg_ootf_luminance(c);
    const double gain = Yd > 0.0 ? std::pow(Yd, (1.0 - g) / g) : 0.0;
    for (int k = 0; k < 3; ++k) {
      const double E = c[k] * gain;
      const double s = hlg_oetf(std::abs(E));
      rgb[i + k] = static_cast<float>(E < 0.0 ? -s : s);
    }
  }
}

void DisplayEncoding::decode(std::span<float> rgb) const {
  switch (m_eotf) {
    case Eotf::bt1886: return power_mirrored(rgb, 2.4f);
    case Eotf::gamma2_6: return power_mirrored(rgb, 2.6f);
    case Eotf::gamma2_2: return power_mirrored(rgb, 2.2f);
    case Eotf::hlg: break;
    default:
      for (float& v : rgb) v = decode_channel(v);
      return;
  }
  const double g = m_hlg_gamma;
  for (size_t i = 0; i + 2 < rgb.size(); i += 3) {
    double E[3];
    for (int k = 0; k < 3; ++k) {
      const float v = rgb[i + k];
      const double s = std::isnan(v) ? 0.0 : std::abs(static_cast<double>(v));
      const double e = hlg_oetf_inv(s);
      E[k] = v < 0.0f ? -e : e;
    }
    // BT.2100 OOTF: F_D = Y_S^(gamma-1) E_S (normalised to L_W).
    const double Ys = hlg_ootf_luminance(E);
    const double gain = Ys > 0.0 ? std::pow(Ys, g - 1.0) : 0.0;
    for (int k = 0; k < 3; ++k) rgb[i + k] = static_cast<float>(E[k] * gain * m_peak / kReferenceNits);
  }
}

}  // namespace aceslab::aces
