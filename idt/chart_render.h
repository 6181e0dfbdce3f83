// SPDX-License-Identifier: Apache-2.0
// Synthetic chart images: a ColorChecker 24 drawn with given patch code values at any position,
// scale, rotation or perspective (a chart -> pixel homography) on a uniform surround, with optional
// seeded noise. Used to test chart detection and sampling on known geometry, to simulate a camera
// from its spectral sensitivities, and by the benchmark to make 4K exposures.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>

#include "idt/chart_geometry.h"
#include "image/image_io.h"

namespace aceslab::idt {

struct ChartRender {
  int width = 1024;
  int height = 788;
  ChartHomography chart;                          // chart coordinates -> pixels
  std::array<Eigen::Vector3d, kChartPatches> patch_codes;  // code values of the 24 patches
  Eigen::Vector3d surround = Eigen::Vector3d::Constant(0.1);  // gaps and background
  double noise_sigma = 0.0;                       // Gaussian noise added to every pixel, code values
  std::uint32_t seed = 1;
  int supersample = 2;                            // samples per pixel side (anti-aliased edges)
};

// The rendered image (float RGB; integer files written from it are quantised by the writer).
aces::Image render_chart(const ChartRender& spec);

// The homography of a chart whose patch grid is `grid_width` pixels wide, centred at (cx, cy),
// rotated by `degrees` clockwise on screen.
ChartHomography place_chart(double cx, double cy, double grid_width, double degrees);

}  // namespace aceslab::idt
