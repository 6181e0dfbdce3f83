// SPDX-License-Identifier: Apache-2.0
// Display encodings: the inverse EOTFs that turn display-linear light (1.0 = 100 cd/m^2, in the
// encoding primaries) into display code values, and the EOTFs that decode them. Negative linear
// values are mirrored through the curve (code = -encode(|x|)) and negative code values decode to
// negative light, as OpenColorIO's "MIRROR NEGS" display builtins do; this keeps out-of-gamut
// encodings (e.g. a P3 colour in Rec.2020 with a tiny negative channel) invertible.
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
  hlg,       // ITU-R BT.2100 HLG with the display OOTF for the preset's peak luminance
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
  float m_hlg_gamma;
};

}  // namespace aceslab::aces
