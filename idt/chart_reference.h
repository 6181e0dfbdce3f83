// SPDX-License-Identifier: Apache-2.0
// The reference ACES2065-1 values of a ColorChecker Classic 24 under a given illuminant: what an
// ideal ACES camera (the ACES Reference Input Capture Device, RICD) would record for each patch,
// following the Academy's procedure (SMPTE ST 2065-1 annex / P-2013-001 and the idt-calculator):
//   E_c = sum(I R rbar_c) / sum(I rbar_c)   (RICD sensitivities, 360..830 nm at 1 nm)
//   E   = (E + 0.005) x 0.18 / 0.185        (the procedure's 0.5 % flare model, keeping 18 % grey)
//   then E, an RGB in the ACES primaries with the illuminant's white, is adapted to the ACES white
//   with a chromatic adaptation transform (CAT02 by default).
// A perfect reflector therefore reads (1, 1, 1) (Y = 1) before the flare model.
#pragma once

#include <Eigen/Core>
#include <array>
#include <string>

#include "color/chromaticity.h"
#include "idt/spectral.h"

namespace aceslab::idt {

constexpr int kColorCheckerPatches = 24;
// Row-major, dark skin .. black 2 (X-Rite naming).
extern const std::array<const char*, kColorCheckerPatches> kColorCheckerPatchNames;
// Index of the first neutral (white 9.5); neutrals are 18..23, white to black.
constexpr int kColorCheckerFirstNeutral = 18;

// The flare model of the procedure (idt-calculator / colour-science `sd_to_aces_relative_exposure_values`).
constexpr double kFlarePercentage = 0.005;
constexpr double kFlareScale = 0.18 / (0.18 + kFlarePercentage);

struct ReferenceOptions {
  bool flare = true;  // apply E = (E + 0.005) x 0.18 / 0.185
};

// ACES2065-1 relative exposure values of one reflectance under `illuminant` (see the file comment).
// `cat` = Adaptation::none leaves E in the illuminant's white.
Eigen::Vector3d aces_relative_exposure(const Spectrum& reflectance, const Spectrum& illuminant,
                                       aces::Adaptation cat = aces::Adaptation::cat02,
                                       const ReferenceOptions& options = {});

// 24 ColorChecker patches (row-major, dark skin .. black) as ACES2065-1 relative exposure values
// under `illuminant`, adapted to the ACES white with `cat` (CAT02 default), scaled so a perfect
// reflector gives Y = 1 (before the flare model).
std::array<Eigen::Vector3d, 24> colorchecker_reference_aces(const Spectrum& illuminant,
                                                            aces::Adaptation cat = aces::Adaptation::cat02);

// Same, without the flare model (the plain colorimetric values), for callers that model flare themselves.
std::array<Eigen::Vector3d, 24> colorchecker_reference_aces(const Spectrum& illuminant, aces::Adaptation cat,
                                                            const ReferenceOptions& options);

// Mean reflectance of each neutral patch under `illuminant` weighted by the RICD green (before the
// flare model), i.e. the "reference relative linear exposure" of the neutrals at EV 0.
std::array<double, 6> neutral_reflectances(const Spectrum& illuminant);

}  // namespace aceslab::idt
