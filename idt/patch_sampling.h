// SPDX-License-Identifier: Apache-2.0
// Reading the 24 patch values of a located chart: a robust statistic (per-channel median) over the
// central part of each patch, with flags for patches that should not be trusted (clipped, noisy,
// non-uniform), and an overlay image that shows exactly which pixels were read.
#pragma once

#include <Eigen/Core>
#include <array>
#include <string>
#include <utility>

#include "idt/chart_geometry.h"
#include "image/image_io.h"

namespace aceslab::idt {

struct SamplingOptions {
  // Side of the sampled square as a fraction of the patch side: the central 50% keeps well clear of
  // patch edges, corner errors of a quarter patch and lens blur.
  double sample_fraction = 0.5;
  // Clipping, integer images (TIFF, PNG, JPEG, DPX, raw, movies: the top code is the sensor's or
  // the encoder's ceiling and maps to 1.0): a pixel is clipped when any channel reaches
  // `clip_level`, and a patch is clipped when more than `clipped_fraction` of its sampled pixels
  // are (a few hot pixels do not count).
  double clip_level = 0.995;
  double clipped_fraction = 0.02;
  // Clipping, float images (EXR, float TIFF): there is no fixed top, scene-linear values above 1 are
  // ordinary. Clipping shows instead as a plateau: every clipped pixel of a channel holds the same
  // value, the largest of that channel among the decoded pixels (the image given to sample_chart,
  // or all rows given to a ChartSampler), while real sensor data varies from pixel to pixel. A
  // patch is clipped in a channel when its largest value reaches that maximum and more than
  // `float_plateau_fraction` of its sampled pixels lie within `plateau_tolerance` (relative) of it,
  // provided at least `min_noise_evidence` patches off the plateau show pixel-to-pixel variation
  // in that channel. The fraction is one half because the per-channel median is biased only when
  // half the pixels are clipped; the tolerance is half the relative step of a half float (2^-11),
  // so rounding of a converted clipped value stays on the plateau but the next half value does
  // not. Without noise anywhere (rendered or CG images) a flat brightest patch cannot be told from
  // a clipped one in one image, so it is not flagged (only a series of exposures could show it).
  double float_plateau_fraction = 0.5;
  double plateau_tolerance = 1.0 / 2048.0;
  int min_noise_evidence = 3;
  // Noise: robust standard deviation (1.4826 x MAD) above this fraction of the median plus floor.
  double noise_limit = 0.05;
  // Non-uniformity: the four quadrants' medians spread by more than this fraction of the median plus
  // floor (a gradient across the patch, or the sample square overlapping an edge).
  double uniformity_limit = 0.04;
  // Absolute floor added to both limits, in code values (about 2 codes of a 10-bit signal; 2 codes
  // of the source for 8-bit and coarser integer files), so the darkest patches and channels are not
  // flagged for ordinary sensor noise or quantisation.
  double absolute_floor = 2.0 / 1023.0;
  // Fewer pixels than this in the sample square is an error (the chart is too small in the frame).
  int min_pixels = 16;
  // Larger squares are read on a regular sub-grid (every k-th pixel of every k-th row, k chosen so
  // at most about this many pixels are used): the median and the spread of tens of thousands of
  // pixels of a flat patch do not need all of them, and a 4K chart's patches hold ~30 000 each.
  // 0 = every pixel.
  int max_pixels = 16384;
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

// The same sampling fed piecewise with bands of rows of a frame, so a caller can decode only the
// rows the sampled squares cover, one band at a time (idt/chart_region.h). Each patch is sampled
// from the first band that holds all rows of its square; the float clipping ceiling is the
// largest value among all rows given.
class ChartSampler {
 public:
  ChartSampler(const ChartHomography& chart, int frame_width, int frame_height, const SamplingOptions& options = {},
               std::string name = {});

  // Frame rows [first, end) that patch `index`'s square covers (clamped to the frame).
  std::pair<int, int> rows_of_patch(int index) const;
  // `band` holds frame rows [first_row, first_row + band.height), full frame width.
  void add_rows(const aces::Image& band, int first_row);
  // All patches must have been covered. Throws as sample_chart does.
  ChartSample finish();

 private:
  void sample_patch(const aces::Image& band, int first_row, int index);

  ChartHomography m_chart;
  SamplingOptions m_options;
  std::string m_name;
  ChartSample m_out;
  std::array<std::array<int, 4>, kChartPatches> m_box{};  // x0, y0, x1, y1 inclusive, clamped
  std::array<bool, kChartPatches> m_done{};
  bool m_float = false;
  std::array<float, 3> m_ceiling{};                                 // float images: per-channel maximum
  std::array<std::array<float, 3>, kChartPatches> m_patch_top{};    // per patch and channel maximum
  std::array<std::array<double, 3>, kChartPatches> m_near_top{};    // fraction of pixels at it
};

// Draws the chart outline and every sampled square onto `image` (green: ok, red: clipped,
// orange: other flags), with lines scaled to the image size.
void draw_overlay(aces::Image& image, const ChartHomography& chart, const ChartSample& sample);

}  // namespace aceslab::idt
