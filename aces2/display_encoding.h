// SPDX-License-Identifier: Apache-2.0
// Display encodings: the inverse EOTFs that turn display-linear light (1.0 = 100 cd/m^2, in the
// encoding primaries) into display code values, and the EOTFs that decode them. Negative linear
// values are mirrored through the curve (code = -encode(|x|)) and negative code values decode to
// negative light, as OpenColorIO's "MIRROR NEGS" display builtins do; this keeps out-of-gamut
// encodings (e.g. a P3 colour in Rec.2020 with a tiny negative channel) invertible.
//
// HLG follows ITU-R BT.2100-2 Table 5 as the ACES 2.0 CTL does (aces-core
// `Lib.Academy.DisplayEncoding.ctl`, `eotf_inv` case 2: display light -> PQ -> `ST2084_to_HLG_1000nits_f3`,
// i.e. BT.2390's PQ-to-HLG conversion, whose PQ hop is an identity up to float rounding): the inverse
// OOTF E_S = F_D Y_D^((1-gamma)/gamma) with F_D normalised to L_W, Y_D the BT.2100 luminance
// (0.2627, 0.6780, 0.0593) of the pixel, gamma = 1.2 + 0.42 log10(L_W / 1000) (1.2 for the ACES
// presets' L_W = 1000 cd/m^2), black level L_B = 0; then the OETF with a = 0.17883277,
// b = 1 - 4a, c = 0.5 - a ln(4a). There is no floor on Y_D (the CTL only maps Y_D = 0 to black);
// Y_D is taken from the pixel's non-negative part, as the CTL's clamp makes it, so every
// non-negative channel encodes exactly as the CTL's, and negative channels are mirrored with the
// pixel's gain (display_encoding.cpp, hlg_ootf_luminance). Checked in double precision on dense
// grids and against published BT.2100 values in tests/aces2/hlg_encoding_test.cpp.
//
// OpenColorIO's HLG display builtin ("DISPLAY - CIE-XYZ-D65_to_REC.2100-HLG-1000nit", 2.1 to 2.5)
// differs below about 0.027 cd/m^2: its REC2100_SURROUND op floors the luminance at 1e-4 in a
// domain scaled by 3^1.2 / L_W, i.e. at Y_D = 0.0268 cd/m^2, which lowers the gain of darker
// colours (up to 0.005 code values on dark saturated colours, where the CTL and aceslab agree to
// 1e-7). aceslab therefore bakes HLG views for OCIO (tests/ocioconfig, HlgDisplayBuiltinDiffers).
#pragma once

#include <span>
#include <string_view>

namespace aceslab::aces {

enum class Eotf {
  bt1886,    // ITU-R BT.1886 with zero black: pure 2.4 power, code 1.0 = display-linear 1.0
  gamma2_6,  // pure 2.6 power (DCI / cinema), code 1.0 = display-linear 1.0
  gamma2_2,  // pure 2.2 power
  srgb,      // IEC 61966-2-1 piecewise sRGB
  pq,        // SMPTE ST 2084: display-linear 1.0 = 100 cd/m^2, code 1.0 = 10000 cd/m^2
  hlg,       // ITU-R BT.2100 HLG with the display OOTF for the preset's peak luminance (see below)
  linear,    // identity
};

// "bt1886", "gamma2.6", "gamma2.2", "srgb", "pq", "hlg", "linear".
std::string_view eotf_id(Eotf e);
// Inverse of eotf_id; throws aceslab::Error (usage) listing the valid ids.
Eotf parse_eotf(std::string_view id);

// One encoding, ready to apply to interleaved RGB triplets (rgb.size() % 3 == 0). Thread-safe.
class DisplayEncoding {
 public:
  // `peak_luminance` (cd/m^2) sets the HLG nominal peak L_W and system gamma; other curves ignore it.
  explicit DisplayEncoding(Eotf eotf = Eotf::bt1886, double peak_luminance = 1000.0);

  Eotf eotf() const { return m_eotf; }
  // display-linear -> code values, in place.
  void encode(std::span<float> rgb) const;
  // code values -> display-linear, in place.
  void decode(std::span<float> rgb) const;

  // Single channel (not HLG, whose OOTF couples the channels).
  float encode_channel(float linear) const;
  float decode_channel(float code) const;

 private:
  Eotf m_eotf;
  double m_peak;
  double m_hlg_gamma;
};

}  // namespace aceslab::aces
