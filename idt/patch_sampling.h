// SPDX-License-Identifier: Apache-2.0
// Reading the 24 patch values of a located chart: a robust statistic (per-channel median) over the
// central part of each patch, with flags for patches that should not be trusted (clipped, noisy,
// non-uniform), and an overlay image that shows exactly which pixels were read.
#pragma once

#include <Eigen/Core>
#include <array>
#include <string>

#include "aces/image_io.h"
#include "idt/chart_geometry.h"

namespace aceslab::idt {

struct SamplingOptions {
  // Side of the sampled square as a fraction of the patch side: the central 50% keeps well clear of
  // patch edges, corner errors of a quarter patch and lens blur.
  double sample_fraction = 0.5;
  // A pixel is clipped when any channel reaches this code value (integer images, whose maximum code
  // maps to 1.0); float images have no fixed ceiling and are only checked by the IDT maker's
  // exposure-series test.
  double clip_level = 0.995;
  // Fraction of clipped pixels that marks the patch clipped (a few hot pixels do not).
  double clipped_fraction = 0.02;
  // Noise: robust standard deviation (1.4826 x MAD) above this fraction of the median plus floor.
  double noise_limit = 0.05;
  // Non-uniformity: the four quadrants' medians spread by more than this fraction of the median plus
  // floor (a gradient across the patch, or the sample square overlapping an edge).
  double uniformity_limit = 0.04;
  // Absolute floor added to both limits, in code values (about 2 codes of a 10-bit signal), so the
  // darkest patches are not flagged for ordinary sensor noise.
  double absolute_floor = 2.0 / 1023.0;
  // Fewer pixels than this in the sample square is an error (the chart is too small in the frame).
  int min_pixels = 16;
};

enum PatchFlag : unsigned {
  kPatchOk = 0,
  kPatchClipped = 1u << 0,
  kPatchNoisy = 1u << 1,
  kPatchNonUniform = 1u << 2,
  kPatchOutside = 1u << 3,  // sample square partly outside the image
};

// "clipped, noisy" or "ok".
std::string describe_flags(unsigned flags);

struct PatchSample {
  Eigen::Vector3d value = Eigen::Vector3d::Zero();   // per-channel median
  Eigen::Vector3d spread = Eigen::Vector3d::Zero();  // per-channel robust standard deviation
  int pixel_count = 0;
  unsigned flags = kPatchOk;
  std::array<Eigen::Vector2d, 4> region;  // pixel corners of the sampled square
};

struct ChartSample {
  std::array<PatchSample, kChartPatches> patches;
  int flagged_count(unsigned flag) const;
};

// Samples every patch. Throws aceslab::Error (invalid_input) naming `name` when the chart lies
// mostly outside the image or a patch covers fewer than min_pixels pixels.
ChartSample sample_chart(const aces::Image& image, const ChartHomography& chart, const SamplingOptions& options = {},
                         const std::string& name = {});

// Draws the chart outline and every sampled square onto `image` (green: ok, red: clipped,
// orange: other flags), with lines scaled to the image size.
void draw_overlay(aces::Image& image, const ChartHomography& chart, const ChartSample& sample);

}  // namespace aceslab::idt
