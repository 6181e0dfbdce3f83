// SPDX-License-Identifier: Apache-2.0
// HLG as the ACES 2.0 HLG presets encode it, against an independent double-precision evaluation of
// ITU-R BT.2100-2 Table 5 written out below, in the form the ACES 2.0 CTL uses (aces-core
// Lib.Academy.DisplayEncoding.ctl: display light -> PQ -> ST2084_to_HLG_1000nits_f3, whose PQ hop
// is an identity up to float rounding; negatives clamped to 0 first; Y_D = 0 -> black; no other
// floor): dense grids of display light and code values, mixed-sign pixels (aceslab mirrors what
// the CTL clamps), both HLG presets forward and inverse on both SIMD paths, and published values
// (colour-science's BT.2100 tests, OpenColorIO's builtin tests, ITU-R BT.2408).
#include <Eigen/LU>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iostream>
#include <vector>

#include "aces2/display_encoding.h"
#include "aces2/output_presets.h"
#include "aces2/output_transform.h"
#include "aces2/render.h"
#include "color/chromaticity.h"

namespace aceslab::aces {
namespace {

using Px = std::array<double, 3>;

// ITU-R BT.2100-2, Table 5 (HLG), for the ACES 2.0 presets' nominal peak.
namespace bt2100 {
constexpr double kA = 0.17883277;
const double kB = 1.0 - 4.0 * kA;
const double kC = 0.5 - kA * std::log(4.0 * kA);
constexpr double kLw = 1000.0;                           // CTL: ST2084_to_HLG_1000nits_f3
const double kGamma = 1.2 + 0.42 * std::log10(kLw / 1000.0);  // = 1.2 (Table 5, note 5)
// L_B = 0 (the CTL's L_b), so the EOTF's black-lift beta is 0 and alpha = L_W.

double oetf(double E) { return E <= 1.0 / 12.0 ? std::sqrt(3.0 * E) : kA * std::log(12.0 * E - kB) + kC; }
double oetf_inverse(double Ep) { return Ep <= 0.5 ? Ep * Ep / 3.0 : (std::exp((Ep - kC) / kA) + kB) / 12.0; }
double luminance(const Px& v) { return 0.2627 * v[0] + 0.6780 * v[1] + 0.0593 * v[2]; }

// Inverse EOTF of non-negative display light in cd/m^2: inverse OOTF
// E = (Y_D / L_W)^((1 - gamma) / gamma) F_D / L_W, then the OETF.
Px inverse_eotf(const Px& nits) {
  Px F, out{};
  for (int k = 0; k < 3; ++k) F[k] = nits[k] / kLw;
  const double Yd = luminance(F);
  if (Yd == 0.0) return out;
  for (int k = 0; k < 3; ++k) out[k] = oetf(std::pow(Yd, (1.0 - kGamma) / kGamma) * F[k]);
  return out;
}

// EOTF of a non-negative signal: OETF^-1, then the OOTF F_D = L_W Y_S^(gamma - 1) E; cd/m^2.
Px eotf(const Px& signal) {
  Px E, out;
  for (int k = 0; k < 3; ++k) E[k] = oetf_inverse(signal[k]);
  const double Ys = luminance(E);
  for (int k = 0; k < 3; ++k) out[k] = Ys == 0.0 ? 0.0 : kLw * std::pow(Ys, kGamma - 1.0) * E[k];
  return out;
}
}  // namespace bt2100

// What aceslab promises beyond the CTL's domain (display_encoding.h): the CTL's code values for
// the non-negative channels (it clamps negatives to 0), negative channels mirrored with the same
// OOTF gain, and a pixel with no positive channel mirrored whole.
Px reference_encode(const Px& nits) {
  Px clamped, negated;
  bool any_positive = false;
  for (int k = 0; k < 3; ++k) {
    clamped[k] = std::max(0.0, nits[k]);
    negated[k] = std::max(0.0, -nits[k]);
    any_positive = any_positive || nits[k] > 0.0;
  }
  const Px& part = any_positive ? clamped : negated;
  const double Yd = bt2100::luminance(part) / bt2100::kLw;
  if (Yd == 0.0) return Px{};
  const double gain = std::pow(Yd, (1.0 - bt2100::kGamma) / bt2100::kGamma);
  Px out;
  for (int k = 0; k < 3; ++k) out[k] = std::copysign(bt2100::oetf(gain * std::abs(nits[k]) / bt2100::kLw), nits[k]);
  return out;
}

// aceslab's code values come out as float: a code value <= ~1.1 carries 6e-8 of rounding. The
// double evaluation of the same float inputs leaves only that, measured <= 3e-8; 2e-7 is a few ulps.
constexpr double kCodeTol = 2e-7;
// Decoded light comes out as float too: a few ulps relative (measured <= 1.2e-7).
constexpr double kLightRelTol = 5e-7;
// Published values are printed to 7-10 significant digits.
constexpr double kPublishedRelTol = 1e-6;
// OpenColorIO's builtin test tolerance for the HLG display (its float LUT encoding).
constexpr double kOcioTestTol = 6e-5;
// ITU-R BT.2408 rounds its nominal signal levels to whole cd/m^2.
constexpr double kBt2408Nits = 0.5;

// Display light (cd/m^2) per channel: 0 and 48 steps from 1e-5 to 1000 cd/m^2 (4 steps a decade).
std::vector<double> light_levels() {
  std::vector<double> v = {0.0};
  for (int i = 0; i < 48; ++i) v.push_back(1e-5 * std::pow(10.0, 8.0 * i / 47.0));
  return v;
}

std::vector<float> grid_of(const std::vector<double>& levels, double scale) {
  std::vector<float> rgb;
  for (const double r : levels) {
    for (const double g : levels) {
      for (const double b : levels) {
        rgb.insert(rgb.end(), {static_cast<float>(r * scale), static_cast<float>(g * scale), static_cast<float>(b * scale)});
      }
    }
  }
  return rgb;
}

const DisplayEncoding& hlg() {
  static const DisplayEncoding e(Eotf::hlg, bt2100::kLw);
  return e;
}

TEST(HlgEncoding, EncodeMatchesBt2100OnDenseGrid) {
  // Every combination, so dark saturated colours (luminance far below any channel) are dense: they
  // are where a floor on the OOTF luminance changes the result.
  std::vector<float> rgb = grid_of(light_levels(), 0.01);  // display-linear 1.0 = 100 cd/m^2
  const std::vector<float> in = rgb;
  hlg().encode(rgb);
  double worst = 0;
  std::size_t dark = 0;
  for (size_t i = 0; i < rgb.size(); i += 3) {
    const Px nits = {in[i] * 100.0, in[i + 1] * 100.0, in[i + 2] * 100.0};
    const Px ref = bt2100::inverse_eotf(nits);
    if (bt2100::luminance(nits) < 0.1 && std::max({nits[0], nits[1], nits[2]}) > 0.0) ++dark;
    for (int k = 0; k < 3; ++k) {
      worst = std::max(worst, std::abs(rgb[i + k] - ref[k]));
      ASSERT_NEAR(rgb[i + k], ref[k], kCodeTol) << "display light " << nits[0] << " " << nits[1] << " " << nits[2]
                                                << " cd/m^2, channel " << k;
    }
  }
  EXPECT_GT(dark, 10000u) << "the grid must cover colours darker than 0.1 cd/m^2";
  std::cout << "HLG encode vs BT.2100 in double: max " << worst << " code values over " << rgb.size() / 3
            << " pixels (" << dark << " below 0.1 cd/m^2)\n";
}

TEST(HlgEncoding, DarkSaturatedColours) {
  // Pure primaries from 0.001 to 10 cd/m^2 (a blue of 1 cd/m^2 has Y_D = 0.059 cd/m^2), against the
  // BT.2100 equations above. aceslab once floored the OOTF luminance at 0.1 cd/m^2, which put these
  // up to 0.0099 code values off (a blue of 0.32 cd/m^2).
  for (int k = 0; k < 3; ++k) {
    for (double nits = 1e-3; nits <= 10.0; nits *= std::sqrt(10.0)) {
      Px px{};
      px[k] = nits;
      std::vector<float> v = {static_cast<float>(px[0] / 100), static_cast<float>(px[1] / 100), static_cast<float>(px[2] / 100)};
      const Px ref = bt2100::inverse_eotf({v[0] * 100.0, v[1] * 100.0, v[2] * 100.0});
      hlg().encode(v);
      for (int j = 0; j < 3; ++j) EXPECT_NEAR(v[j], ref[j], kCodeTol) << "primary " << k << " at " << nits << " cd/m^2";
    }
  }
}

TEST(HlgEncoding, DecodeMatchesBt2100OnDenseGrid) {
  std::vector<double> codes;
  for (int i = 0; i <= 40; ++i) codes.push_back(i / 40.0);
  std::vector<float> rgb = grid_of(codes, 1.0);
  const std::vector<float> in = rgb;
  hlg().decode(rgb);
  double worst = 0;
  for (size_t i = 0; i < rgb.size(); i += 3) {
    const Px ref = bt2100::eotf({in[i], in[i + 1], in[i + 2]});
    for (int k = 0; k < 3; ++k) {
      const double got = rgb[i + k] * 100.0;  // cd/m^2
      const double rel = std::abs(got - ref[k]) / std::max(ref[k], 1e-30);
      worst = std::max(worst, ref[k] == 0.0 ? std::abs(got) : rel);
      ASSERT_NEAR(got, ref[k], kLightRelTol * ref[k]) << "code " << in[i] << " " << in[i + 1] << " " << in[i + 2];
    }
  }
  std::cout << "HLG decode vs BT.2100 in double: max relative " << worst << " over " << rgb.size() / 3 << " pixels\n";
  // And back: code -> light -> code.
  hlg().encode(rgb);
  for (size_t i = 0; i < rgb.size(); ++i) ASSERT_NEAR(rgb[i], in[i], kCodeTol) << "round trip of code " << in[i];
}

TEST(HlgEncoding, NegativeChannelsAreMirroredWithThePixelsGain) {
  // One channel of every grid pixel negated (a P3 red in Rec.2020 has a slightly negative blue):
  // the others keep the CTL's code values exactly, the negative one is mirrored; whole negative
  // pixels are mirrored whole. Then decode returns the light.
  for (const int neg : {0, 1, 2, -1}) {  // -1: all three negated
    std::vector<float> rgb = grid_of(light_levels(), 0.01);
    for (size_t i = 0; i < rgb.size(); i += 3) {
      for (int k = 0; k < 3; ++k) {
        if (neg == -1 || k == neg) rgb[i + k] = -rgb[i + k];
      }
    }
    const std::vector<float> in = rgb;
    hlg().encode(rgb);
    for (size_t i = 0; i < rgb.size(); i += 3) {
      const Px ref = reference_encode({in[i] * 100.0, in[i + 1] * 100.0, in[i + 2] * 100.0});
      for (int k = 0; k < 3; ++k) {
        ASSERT_NEAR(rgb[i + k], ref[k], kCodeTol) << "negated " << neg << ", light " << in[i] << " " << in[i + 1]
                                                  << " " << in[i + 2] << ", channel " << k;
      }
    }
    hlg().decode(rgb);
    for (size_t i = 0; i < rgb.size(); ++i) {
      ASSERT_NEAR(rgb[i], in[i], 2 * kLightRelTol * std::abs(in[i]) + 1e-12) << "negated " << neg << ", value " << i;
    }
  }
}

TEST(HlgEncoding, PublishedValues) {
  // colour-science, colour/models/rgb/transfer_functions/tests/test_itur_bt_2100.py,
  // TestEotf_BT2100_HLG_2 / TestEotf_inverse_BT2100_HLG_2 (BT.2100-2, L_B = 0, L_W = 1000):
  // a chromatic pixel, an achromatic 0.212132 and peak.
  const std::array<std::pair<Px, Px>, 3> kColour = {{
      {{0.25, 0.50, 0.75}, {12.49759413, 49.99037650, 158.94693786}},
      {{0.212132034355964, 0.212132034355964, 0.212132034355964}, {6.476039825649814, 6.476039825649814, 6.476039825649814}},
      {{1.0, 1.0, 1.0}, {1000.000032321769100, 1000.000032321769100, 1000.000032321769100}},
  }};
  for (const auto& [signal, nits] : kColour) {
    std::vector<float> v = {static_cast<float>(signal[0]), static_cast<float>(signal[1]), static_cast<float>(signal[2])};
    hlg().decode(v);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(v[k] * 100.0, nits[k], kPublishedRelTol * nits[k]) << "signal " << signal[k];
    std::vector<float> w = {static_cast<float>(nits[0] / 100), static_cast<float>(nits[1] / 100), static_cast<float>(nits[2] / 100)};
    hlg().encode(w);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(w[k], signal[k], kPublishedRelTol) << nits[k] << " cd/m^2";
  }
  // OpenColorIO tests/cpu/transforms/BuiltinTransform_tests.cpp, "DISPLAY -
  // CIE-XYZ-D65_to_REC.2100-HLG-1000nit": XYZ (0.5, 0.4, 0.3) (1.0 = 100 cd/m^2) -> HLG. A 40 cd/m^2
  // pixel, far above OCIO's luminance floor, so OCIO and the CTL agree on it.
  const Vec3 rgb = rgb_to_XYZ_matrix(primaries::kRec2020).inverse() * Vec3(0.5, 0.4, 0.3);
  std::vector<float> v = {static_cast<float>(rgb[0]), static_cast<float>(rgb[1]), static_cast<float>(rgb[2])};
  hlg().encode(v);
  const double kOcio[3] = {0.5649694, 0.4038837, 0.3751478};
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(v[k], kOcio[k], kOcioTestTol) << "channel " << k;
  // ITU-R BT.2408 Table 1 (HLG at 1000 cd/m^2): 18% grey at signal 0.38 is 26 cd/m^2, HDR
  // reference white at 0.75 is 203 cd/m^2.
  for (const auto& [signal, nits] : {std::pair{0.38f, 26.0}, std::pair{0.75f, 203.0}}) {
    std::vector<float> g = {signal, signal, signal};
    hlg().decode(g);
    EXPECT_NEAR(g[1] * 100.0, nits, kBt2408Nits) << "signal " << signal;
  }
}

// Both HLG presets (P3-D65 and P3-D60 limited, 1000 nit): the preset against the same rendering
// with a linear display encoding followed by the BT.2100 encoding above, forward on ACES values
// and inverse on code values, on both instruction-set paths of the image kernels.
OutputTransformParams linear_twin(const OutputTransformParams& p) {
  OutputTransformParams q = p;
  q.eotf = Eotf::linear;
  q.hlg_peak_luminance = 0.0;
  return q;
}

// The inverse is compared in ACES: the same inverse rendering runs on light that differs by float
// rounding (a few 1e-8 relative); near the top of the display volume the inverse amplifies that
// (README-vectors: 1e-7 code value noise moves a PQ-1000 white by 0.05 %), so relative to the
// pixel's largest ACES value, and to 0.01 for near-black pixels.
constexpr double kInverseAcesRelTol = 1e-4;

TEST(HlgEncoding, PresetsMatchBt2100ForwardAndInverse) {
  std::vector<const OutputPreset*> presets;
  for (const OutputPreset& p : output_presets()) {
    if (p.params.eotf == Eotf::hlg) presets.push_back(&p);
  }
  ASSERT_EQ(presets.size(), 2u) << "the registry's HLG outputs: P3-D65 and P3-D60 limited, 1000 nit";
  // ACES: 0 and 2^-12 .. 2^6 per channel (every combination: neutrals, dark saturated colours).
  std::vector<double> levels = {0.0};
  for (int i = 0; i < 24; ++i) levels.push_back(std::exp2(-12.0 + 18.0 * i / 23.0));
  const std::vector<float> aces = grid_of(levels, 1.0);
  std::vector<double> codes;
  for (int i = 0; i <= 16; ++i) codes.push_back(i / 16.0);
  const std::vector<float> code_grid = grid_of(codes, 1.0);

  for (const detail::SimdPath path : {detail::SimdPath::avx2, detail::SimdPath::baseline}) {
    const detail::ScopedSimdPath simd(path);
    if (!simd.ok()) continue;  // CPU without AVX2
    for (const OutputPreset* p : presets) {
      SCOPED_TRACE(p->alias + " " + std::string(detail::simd_path_name(path)));
      EXPECT_EQ(p->params.hlg_peak_luminance, bt2100::kLw);
      const auto ot = output_transform(*p);
      const OutputTransform twin(linear_twin(p->params));

      std::vector<float> cv = aces, light = aces;
      ot->forward(cv);
      twin.forward(light);
      double worst = 0;
      for (size_t i = 0; i < cv.size(); i += 3) {
        const Px ref = reference_encode({light[i] * 100.0, light[i + 1] * 100.0, light[i + 2] * 100.0});
        for (int k = 0; k < 3; ++k) {
          worst = std::max(worst, std::abs(cv[i + k] - ref[k]));
          ASSERT_NEAR(cv[i + k], ref[k], kCodeTol) << "ACES " << aces[i] << " " << aces[i + 1] << " " << aces[i + 2];
        }
      }

      std::vector<float> inv = code_grid, ref_inv(code_grid.size());
      ot->inverse(inv);
      for (size_t i = 0; i < code_grid.size(); i += 3) {
        const Px nits = bt2100::eotf({code_grid[i], code_grid[i + 1], code_grid[i + 2]});
        for (int k = 0; k < 3; ++k) ref_inv[i + k] = static_cast<float>(nits[k] / 100.0);
      }
      twin.inverse(ref_inv);
      double worst_inv = 0;
      for (size_t i = 0; i < inv.size(); i += 3) {
        const double scale = std::max({0.01, std::abs(double(ref_inv[i])), std::abs(double(ref_inv[i + 1])),
                                       std::abs(double(ref_inv[i + 2]))});
        for (int k = 0; k < 3; ++k) {
          const double rel = std::abs(inv[i + k] - ref_inv[i + k]) / scale;
          worst_inv = std::max(worst_inv, rel);
          ASSERT_LE(rel, kInverseAcesRelTol) << "code " << code_grid[i] << " " << code_grid[i + 1] << " "
                                             << code_grid[i + 2] << ": ACES " << inv[i + k] << " vs " << ref_inv[i + k];
        }
      }
      std::cout << p->alias << " (" << detail::simd_path_name(path) << "): forward max " << worst
                << " code values over " << cv.size() / 3 << " ACES colours; inverse max relative " << worst_inv
                << " over " << inv.size() / 3 << " code values\n";
    }
  }
}

}  // namespace
}  // namespace aceslab::aces
