// SPDX-License-Identifier: Apache-2.0
// Where the 24 patches of a ColorChecker Classic are in an image: the chart's own coordinate system
// (6 x 4 patches, one unit = one patch pitch), and the plane projective map (homography) from chart
// coordinates to pixels, built from the four outer corners of the patch grid or fitted by least
// squares to many chart/pixel point pairs (as the automatic detector does).
#pragma once

#include <Eigen/Core>
#include <array>
#include <vector>

#include "idt/capture.h"

namespace aceslab::idt {

constexpr int kChartColumns = 6;
constexpr int kChartRows = 4;
constexpr int kChartPatches = kChartColumns * kChartRows;

// The gap between neighbouring patches as a fraction of the patch pitch. Measured on the Academy
// idt-calculator's synthetic ColorChecker renders (112 px patches on a 127 px pitch: 15/127) and
// close to a physical ColorChecker Classic; sampling only the patch centre makes the exact value
// uncritical.
constexpr double kPatchGapFraction = 15.0 / 127.0;

// Chart coordinates: x to the right along a row (dark skin -> cyan), y down (dark skin -> white),
// in units of the patch pitch. The patch grid's outer corners are (0,0) and (kGridWidth, kGridHeight).
constexpr double kGridWidth = kChartColumns - kPatchGapFraction;
constexpr double kGridHeight = kChartRows - kPatchGapFraction;
constexpr double kPatchSide = 1.0 - kPatchGapFraction;

// Centre of patch `index` (row-major, 0 = dark skin, 23 = black) in chart coordinates.
Eigen::Vector2d patch_centre(int index);

// The four outer corners of the grid in chart coordinates, in ChartCorners order.
std::array<Eigen::Vector2d, 4> grid_corners();

// A homography H (3x3, H(2,2) = 1) mapping chart coordinates to pixel coordinates.
class ChartHomography {
 public:
  ChartHomography() = default;
  explicit ChartHomography(const Eigen::Matrix3d& h);

  // From the 4 pixel corners (ChartCorners order) of the patch grid. Throws aceslab::Error
  // (invalid_input) when the corners are degenerate (three collinear, repeated, self-crossing).
  static ChartHomography from_corners(const ChartCorners& corners);
  // Least squares fit (normalised DLT) to >= 4 correspondences chart -> pixel. Throws on degeneracy.
  static ChartHomography fit(const std::vector<Eigen::Vector2d>& chart, const std::vector<Eigen::Vector2d>& pixel);

  Eigen::Vector2d to_pixel(const Eigen::Vector2d& chart) const;
  Eigen::Vector2d to_chart(const Eigen::Vector2d& pixel) const;
  const Eigen::Matrix3d& matrix() const { return m_h; }

  // The pixel corners of the patch grid (ChartCorners order).
  ChartCorners corners() const;

 private:
  Eigen::Matrix3d m_h = Eigen::Matrix3d::Identity();
  Eigen::Matrix3d m_inv = Eigen::Matrix3d::Identity();
};

}  // namespace aceslab::idt
