// SPDX-License-Identifier: Apache-2.0
// An Input Transform computed from a camera's measured spectral sensitivities instead of a shot
// chart -- the method of rawtoaces (Academy P-2013-001 annex B): the camera's response to the
// training reflectances under the scene illuminant is white-balanced from the illuminant itself,
// the reference is each reflectance's CIE XYZ adapted to the ACES white (CAT02) and expressed in
// ACES2065-1, and the white-preserving 3x3 between them is fitted with Ceres (solver/matrix_fit.h)
// minimising a CIELAB difference with the ACES white.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "color/chromaticity.h"
#include "idt/spectral.h"
#include "solver/matrix_fit.h"

namespace aceslab::idt {

struct SpectralIdtOptions {
  // rawtoaces minimises the CIELAB difference (CIE76 components); CIEDE2000 etc. are available.
  solver::ErrorSpace space = solver::ErrorSpace::delta_E_76;
  double huber_scale = 0.0;  // rawtoaces uses plain least squares
  aces::Adaptation cat = aces::Adaptation::cat02;
  // Training reflectances; empty = the rawtoaces 190-patch set shipped in data/colour.
  std::vector<Spectrum> training;
  // Colour-matching functions x, y, z; empty = CIE 1931 2 degree shipped in data/colour.
  std::vector<Spectrum> cmfs;
  // Exposure of the camera data in the fit. rawtoaces scales the illuminant so that the channel
  // with the highest sensitivity peak integrates to 1 and white-balances to G = 1, so the perfect
  // reflector reads (g, g, g) with g = (green integral / that channel's integral): 1 for cameras
  // whose green peaks highest, up to ~1.5 (0.6 stop) for sensitivities normalised per channel or
  // peaking in blue or red. The white-preserving matrix cannot absorb that offset, so the fit then
  // trades colour for lightness. `white_at_unity` divides the camera data by g first, so the
  // perfect reflector reads (1, 1, 1) against its reference Y = 1 (identical to rawtoaces when
  // g = 1); the result's `exposure` carries the factor into the IDT.
  bool white_at_unity = false;
};

// All spectra are taken on the camera's wavelength grid (rawtoaces: 380..780 nm at 5 nm): the
// illuminant and CMFs are interpolated linearly onto it, the training reflectances with Sprague.
struct SpectralIdtResult {
  Eigen::Vector3d white_balance = Eigen::Vector3d::Ones();  // multipliers on raw RGB, G = 1
  Eigen::Matrix3d matrix = Eigen::Matrix3d::Identity();     // white-balanced camera RGB -> ACES2065-1
  double exposure = 1.0;  // 1 / g with white_at_unity, else 1: IDT = matrix x exposure x diag(white_balance)
  double white_level = 1.0;  // g: the white-balanced perfect reflector's reading in rawtoaces' scaling
  solver::MatrixFitResult fit;                              // per-patch errors, solver summary
};

// The rawtoaces 190-patch training reflectances (shipped in data/colour, cached).
const std::vector<Spectrum>& rawtoaces_training_set();

// Throws aceslab::Error (invalid_input) if the sensitivities or illuminant cannot be used
// (no overlap with 380..780 nm, a channel with zero response).
SpectralIdtResult spectral_idt(const CameraSensitivities& camera, const Spectrum& illuminant,
                               const SpectralIdtOptions& options = {});

}  // namespace aceslab::idt
