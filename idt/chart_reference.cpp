// SPDX-License-Identifier: Apache-2.0
#include "idt/chart_reference.h"

#include <cmath>

#include "color/error.h"

namespace aceslab::idt {

const std::array<const char*, kColorCheckerPatches> kColorCheckerPatchNames = {
    "dark skin", "light skin", "blue sky", "foliage", "blue flower", "bluish green",
    "orange", "purplish blue", "moderate red", "purple", "yellow green", "orange yellow",
    "blue", "green", "red", "yellow", "magenta", "cyan",
    "white 9.5", "neutral 8", "neutral 6.5", "neutral 5", "neutral 3.5", "black 2"};

namespace {

// The RICD's own grid (Academy TB-2014-004 tabulates it 360..830 nm at 1 nm); every spectrum is
// aligned to it, as colour-science does before integrating.
const WavelengthGrid kRicdGrid{360, 830, 1};
constexpr double kWhiteIntegrationEnd = 780.0;

struct AlignedIlluminant {
  Spectrum spd;                 // on kRicdGrid
  Eigen::Vector3d channel_sum;  // sum(I rbar), sum(I gbar), sum(I bbar)
  aces::xy white;               // chromaticity of the illuminant (CIE 1931 2 degree)
};

AlignedIlluminant align_illuminant(const Spectrum& illuminant) {
  AlignedIlluminant a;
  // Illuminants are interpolated linearly (colour-science builds its illuminant SPDs with a
  // linear interpolator, CIE 15:2004 section 7.2.1.2 for the D-series); reflectances with Sprague.
  a.spd = resample(illuminant, kRicdGrid, Interpolation::linear);
  const auto& ricd = aces_ricd();
  const auto& cmfs = cie1931_2deg_cmfs();
  Eigen::Vector3d XYZ = Eigen::Vector3d::Zero();
  a.channel_sum.setZero();
  for (size_t i = 0; i < a.spd.values.size(); ++i) {
    for (int c = 0; c < 3; ++c) {
      a.channel_sum[c] += a.spd.values[i] * ricd[static_cast<size_t>(c)].values[i];
      // The white's chromaticity integrates 360..780 nm only: colour-science's default CMF shape
      // (SPECTRAL_SHAPE_DEFAULT), which the idt-calculator inherits.
      if (a.spd.wavelengths[i] <= kWhiteIntegrationEnd) XYZ[c] += a.spd.values[i] * cmfs[static_cast<size_t>(c)].values[i];
    }
  }
  if (!(a.channel_sum.minCoeff() > 0.0) || !(XYZ[1] > 0.0)) {
    throw Error(ErrorKind::invalid_input,
                "illuminant \"" + illuminant.name + "\" has no power where the ACES RICD is sensitive (360..830 nm)");
  }
  a.white = aces::XYZ_to_xy(XYZ);
  return a;
}

Eigen::Vector3d exposure(const Spectrum& reflectance, const AlignedIlluminant& a, aces::Adaptation cat,
                         const ReferenceOptions& options) {
  const Spectrum r = resample(reflectance, kRicdGrid);
  const auto& ricd = aces_ricd();
  Eigen::Vector3d E = Eigen::Vector3d::Zero();
  for (size_t i = 0; i < r.values.size(); ++i)
    for (int c = 0; c < 3; ++c) E[c] += a.spd.values[i] * r.values[i] * ricd[static_cast<size_t>(c)].values[i];
  E = E.cwiseQuotient(a.channel_sum);
  if (options.flare) E = (E.array() + kFlarePercentage) * kFlareScale;
  if (cat == aces::Adaptation::none) return E;
  // E is an RGB in the ACES primaries but with the illuminant's white (every channel normalised to
  // the illuminant); adapt that white to the ACES white.
  aces::Chromaticities under_illuminant = aces::primaries::kAP0;
  under_illuminant.white = a.white;
  const Eigen::Vector3d XYZ = aces::rgb_to_XYZ_matrix(under_illuminant) * E;
  const Eigen::Vector3d adapted =
      aces::adaptation_matrix(aces::xy_to_XYZ(a.white), aces::xy_to_XYZ(aces::primaries::kWhiteACES), cat) * XYZ;
  return aces::XYZ_to_rgb_matrix(aces::primaries::kAP0) * adapted;
}

}  // namespace

Eigen::Vector3d aces_relative_exposure(const Spectrum& reflectance, const Spectrum& illuminant, aces::Adaptation cat,
                                       const ReferenceOptions& options) {
  return exposure(reflectance, align_illuminant(illuminant), cat, options);
}

std::array<Eigen::Vector3d, 24> colorchecker_reference_aces(const Spectrum& illuminant, aces::Adaptation cat) {
  return colorchecker_reference_aces(illuminant, cat, ReferenceOptions{});
}

std::array<Eigen::Vector3d, 24> colorchecker_reference_aces(const Spectrum& illuminant, aces::Adaptation cat,
                                                            const ReferenceOptions& options) {
  const AlignedIlluminant a = align_illuminant(illuminant);
  const auto& chart = colorchecker_classic_ohta();
  std::array<Eigen::Vector3d, 24> out;
  for (size_t p = 0; p < out.size(); ++p) out[p] = exposure(chart[p], a, cat, options);
  return out;
}

std::array<double, 6> neutral_reflectances(const Spectrum& illuminant) {
  const AlignedIlluminant a = align_illuminant(illuminant);
  const auto& chart = colorchecker_classic_ohta();
  std::array<double, 6> out{};
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = exposure(chart[kColorCheckerFirstNeutral + i], a, aces::Adaptation::none, ReferenceOptions{false})[1];
  return out;
}

}  // namespace aceslab::idt
