// SPDX-License-Identifier: Apache-2.0
// Finding a ColorChecker Classic 24 (Classic, Mini or Passport proportions) in a photograph without
// being told where it is -- and refusing, with the evidence, rather than returning a wrong chart.
//
// Method (hypothesise and verify, at one or more working scales):
//  1. Working image: the photograph box-averaged by an integer factor (longest side about
//     `working_size`), in log2 code values so that thresholds mean the same in dark and bright
//     exposures and in linear, gamma or log encodings (idt/chart_candidates.h).
//  2. Patch candidates: regions between edges, at three edge thresholds (each raised to the
//     image's own noise floor), that are filled parallelogram-like blobs (area against second
//     moments), flat inside, of any orientation and up to 3.2:1 elongation (a square seen at
//     60 degrees is 2:1). Each carries its shape matrix, sqrt(12 x covariance).
//  3. Grids: from each candidate, neighbours are sought in the candidate's own shape-normalised
//     frame (where a patch is a unit square whatever the perspective, and its grid neighbours lie
//     1.05-1.45 units away along two perpendicular directions); the grid grows cell by cell,
//     following the perspective, then a homography from grid cells to pixels is fitted and used to
//     pick up patches the growth missed. Candidates used by one grid are not reused.
//  4. Hypotheses: every 6x4 window of every grid, in all eight orientations (four rotations,
//     mirrored or not), with the patch values sampled through the grid's homography (median of a
//     5x5 lattice over the central 40 % of each patch).
//  5. Verification (idt/chart_evidence.h): the neutral ramp monotonic and neutral, the hue and
//     lightness order of the colour patches against the reference chart, the grid residual, every
//     patch inside the image; a confidence in [0, 1]. The best hypothesis wins if its confidence
//     reaches `min_confidence`; otherwise the next finer scale is tried (down to the full
//     resolution), and if none passes the detector refuses with the best evidence seen and asks
//     for the chart's corners.
// Limits: about 6 of the 24 patches must segment as separate regions (charts whose patches touch
// with no visible gap or line between them may still be found through the grid homography, but
// a fully blurred chart is not); a patch must cover at least ~3x3 pixels of the full image; a
// chart with half its neutral ramp in shadow, or whose ramp is clipped or crushed over several
// steps, is refused (its IDT would be wrong anyway); charts of other makes with a ColorChecker's
// layout and colours would be accepted; a mirrored chart is found, but corners given in a manifest
// must still run clockwise (a mirrored chart's corners are refused there). Measured on 220
// generated photographs (tests/idt/chart_detect_photo_test.cpp, figures in the README).
#pragma once

#include <string>

#include "idt/chart_evidence.h"
#include "idt/chart_geometry.h"
#include "image/image_io.h"

namespace aceslab::idt {

struct DetectOptions {
  int working_size = 1000;        // longest side of the first working image, pixels
  int max_working_pixels = 25000000;  // finer scales stop at this many working pixels
  double min_confidence = 0.5;    // below: refused (see ChartEvidence::confidence)
};

struct ChartDetection {
  ChartHomography chart;   // chart coordinates -> pixels (a mirrored chart maps with reversed orientation)
  int patches_found = 0;   // segmented patches on the chart's grid
  double residual = 0;     // RMS residual of the grid fit, in patch pitches
  int rotation = 0;        // direction of the chart's rows: 0, 90, 180 or 270 degrees (approximate)
  bool mirrored = false;   // the layout is flipped (chart seen in a mirror, flipped image)
  int working_factor = 1;  // reduction of the working image it was found at
  ChartEvidence evidence;  // why it is believed (confidence included)
};

// Throws aceslab::Error (invalid_input) naming `name` when no chart reaches the confidence: the
// message gives the best candidate's evidence and asks for corners.
ChartDetection detect_chart(const aces::Image& image, const std::string& name, const DetectOptions& options = {});

}  // namespace aceslab::idt
