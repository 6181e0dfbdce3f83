// SPDX-License-Identifier: Apache-2.0
// First stage of chart detection (idt/chart_detect.h), internal to it: the image reduced by an
// integer factor into log2 code values, and the regions of it that could be patches -- flat,
// filled, convex-looking blobs of any orientation and of any affine shape (a square seen at up to
// 60 degrees is a parallelogram with sides 2:1), each with its second-moment shape matrix so that
// the grid stage can undo the local perspective.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "image/image_io.h"

namespace aceslab::idt::detail {

// Offset added before log2 so black and negative codes stay finite, and so the noise of a dark
// channel (a tungsten-lit black patch in blue) is not magnified into edges: 1/256 of full code.
constexpr double kWorkingLogOffset = 1.0 / 256.0;

// The image box-averaged over factor x factor pixels, as log2(code + offset) per channel.
struct WorkingImage {
  int width = 0, height = 0, factor = 1;
  std::vector<float> log_rgb;  // interleaved
  std::vector<float> linear;   // the same pixels as code values (box averages), interleaved
  const float* at(int x, int y) const { return log_rgb.data() + 3 * (static_cast<std::size_t>(y) * width + x); }
  const float* linear_at(int x, int y) const { return linear.data() + 3 * (static_cast<std::size_t>(y) * width + x); }
  // Median log2 value per channel over points of the full-resolution image, NaN when none lies inside.
  Eigen::Vector3d sample(const std::vector<Eigen::Vector2d>& full_res_points) const;
};

WorkingImage reduce_image(const aces::Image& image, int factor);

struct PatchCandidate {
  Eigen::Vector2d centre;        // full-resolution pixels
  double area = 0;               // full-resolution pixels
  // sqrt(12 x covariance) in full-resolution pixels: a filled parallelogram is centre + shape x
  // ([-1/2, 1/2]^2 rotated), so shape^-1 maps the local grid to a rotated unit grid.
  Eigen::Matrix2d shape = Eigen::Matrix2d::Identity();
  Eigen::Matrix2d shape_inverse = Eigen::Matrix2d::Identity();
  double fill = 0;               // area / (12 sqrt(det covariance)): 1 for a filled parallelogram
  double aspect = 1;             // sqrt of the covariance eigenvalue ratio
};

struct CandidateOptions {
  // Edge thresholds tried: the largest channel gradient relative to the pixel's brightest channel
  // (about stops, but a dark channel's noise beside bright ones is not magnified); each is raised to
  // `noise_factor` x the image's 25th-percentile gradient (its noise floor).
  std::vector<double> edge_stops = {0.07, 0.14, 0.28};
  double noise_factor = 3.0;
  double min_area = 10;            // working pixels
  double max_area_fraction = 0.12; // of the working image
  double max_aspect = 3.2;         // a square tilted by 60 degrees is 2:1
  double min_fill = 0.86, max_fill = 1.12;
  double max_spread_stops = 0.3;   // standard deviation inside the region, relative to its level
  std::size_t max_candidates = 5000;
};

// Candidate patches of the image, from every edge threshold, duplicates merged.
std::vector<PatchCandidate> find_patch_candidates(const WorkingImage& image, const CandidateOptions& options = {});

}  // namespace aceslab::idt::detail
