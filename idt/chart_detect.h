// SPDX-License-Identifier: Apache-2.0
// Finding a ColorChecker Classic 24 in an image without being told where it is.
//
// Method (all on a copy reduced to about `working_size` pixels across, in log2 code values so that
// thresholds mean the same in dark and bright exposures and in linear or log encodings):
//  1. Edges: pixels whose local gradient exceeds a threshold derived from the image's own noise
//     (a robust percentile of the gradient) and never below `min_edge_stops`.
//  2. Segmentation: 4-connected regions of non-edge pixels. A patch is a region that is a filled,
//     nearly square quadrilateral: its area matches the rectangle implied by its second moments,
//     and its aspect ratio stays below `max_aspect`. Candidates of the most common size are kept.
//  3. Grid: the median nearest-neighbour distance gives the patch pitch, the nearest-neighbour
//     directions (averaged modulo 90 degrees) the rotation; candidates are given integer grid
//     coordinates, refined by an affine fit, and the 6x4 (or 4x6) window holding most of them is the
//     chart.
//  4. Orientation: of the 2 (or 2) orientations that window allows, the one whose bottom row reads
//     as the neutral ramp (each step darker from white to black in every channel, constant channel
//     ratios) wins.
//  5. A homography is fitted by least squares to every matched patch centre; the chart is rejected
//     when its residual exceeds `max_residual` of a pitch.
// Limits: the patches must be separated by visible gaps (true of the ColorChecker Classic), at
// least `min_patches` of the 24 must segment cleanly, the chart should span at least about a sixth
// of the image width (patches of ~8 working pixels), in-plane rotation is free, perspective must be
// mild (within about 20 degrees of frontal), mirrored charts and other 4x6 grids of squares in the
// frame are not told apart.
#pragma once

#include <string>

#include "idt/chart_geometry.h"
#include "image/image_io.h"

namespace aceslab::idt {

struct DetectOptions {
  int working_size = 720;        // longest side of the reduced image, pixels
  double min_edge_stops = 0.08;  // smallest step counted as an edge, in stops (log2 units)
  double max_aspect = 1.7;       // patch candidates: longest / shortest side (perspective allowance)
  int min_patches = 10;          // patches that must be found
  double max_residual = 0.2;     // RMS homography residual, in patch pitches
};

struct ChartDetection {
  ChartHomography chart;
  int patches_found = 0;   // candidates matched to chart patches
  double residual = 0;     // RMS residual of the fit, in patch pitches
  int rotation = 0;        // in-plane orientation found: 0, 90, 180 or 270 degrees (approximate)
};

// Throws aceslab::Error (invalid_input) naming `name` when no chart is found, saying what was seen.
ChartDetection detect_chart(const aces::Image& image, const std::string& name, const DetectOptions& options = {});

}  // namespace aceslab::idt
