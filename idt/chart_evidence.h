// SPDX-License-Identifier: Apache-2.0
// The evidence that a located 6x4 grid is a ColorChecker 24 seen the right way round, from the 24
// patch values alone, whatever the camera's encoding (linear, gamma, log), white balance and
// exposure (idt/chart_detect.h uses it to accept or refuse a detection):
//  - the neutral ramp: the bottom row gets darker patch by patch in every channel, white to black
//    (a clipped white may equal the next patch);
//  - the neutrality of that ramp: its channel differences (log2 codes) follow a straight trend
//    with level far more tightly than the colour patches do;
//  - the hue order: each channel is mapped onto the ramp (code -> position on the ramp, so the
//    neutrals become neutral and the encoding and white balance drop out: a per-channel monotonic
//    curve keeps a patch's hue sector), and the 18 colour patches' hues are compared with the
//    reference chart's (Ohta reflectances under D65 in linear Rec.709, mapped the same way);
//  - the lightness order of the colour patches against the reference (Spearman correlation);
//  - with the geometry: the grid fit residual and whether every patch centre lies in the image.
// Each gives a factor in [0, 1]; the confidence is their product.
#pragma once

#include <Eigen/Core>
#include <array>
#include <string>

#include "idt/chart_geometry.h"

namespace aceslab::idt {

struct ChartEvidence {
  int patches_matched = 0;        // grid cells holding a segmented patch (of 24)
  double grid_residual = 0;       // RMS distance of those patches from the fitted grid, in pitches
  int neutral_steps_failed = 0;   // of 15 (5 steps x 3 channels): steps of the ramp not darker
  double neutral_spread = 1;      // neutral row off its trend / colour patches off it (0 = neutral)
  int hue_matches = 0;            // colour patches within kHueTolerance of their reference hue (of 18)
  double lightness_order = 0;     // Spearman correlation of the colour patches' lightness with the reference
  bool centres_inside = false;    // every patch's sampled square inside the image
  double confidence = 0;          // product of the factors below, 0..1

  // "18 patches on the grid (residual 0.03 pitch), neutral ramp monotonic, neutral (spread 0.08),
  //  hue order 17/18, lightness order 0.93, all patches inside the image"
  std::string describe() const;
};

// Hue difference counted as a match: wide enough for cameras whose raw colours are not Rec.709's.
constexpr double kHueToleranceDegrees = 50.0;

// The colour part of the evidence from 24 patch values in log2 code values (chart order, dark skin
// first). `clip_log2` is the level at or above which a channel counts as clipped. Fills the colour
// fields; the geometric ones are left to the caller. NaN values (patch outside the image) fail.
void colour_evidence(const std::array<Eigen::Vector3d, kChartPatches>& log2_values, double clip_log2,
                     ChartEvidence& evidence);

// Combines every field into `evidence.confidence`.
void score_evidence(ChartEvidence& evidence);

}  // namespace aceslab::idt
