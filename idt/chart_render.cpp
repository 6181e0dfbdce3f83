// SPDX-License-Identifier: Apache-2.0
#include "idt/chart_render.h"

#include <cmath>
#include <random>
#include <thread>
#include <vector>

namespace aceslab::idt {

ChartHomography place_chart(double cx, double cy, double grid_width, double degrees) {
  const double s = grid_width / kGridWidth;
  const double a = degrees * 3.14159265358979323846 / 180.0;
  // pixel = centre + R * s * (chart - grid centre)
  Eigen::Matrix3d t = Eigen::Matrix3d::Identity();
  t(0, 2) = -0.5 * kGridWidth;
  t(1, 2) = -0.5 * kGridHeight;
  Eigen::Matrix3d rs = Eigen::Matrix3d::Identity();
  rs(0, 0) = s * std::cos(a);
  rs(0, 1) = -s * std::sin(a);
  rs(1, 0) = s * std::sin(a);
  rs(1, 1) = s * std::cos(a);
  rs(0, 2) = cx;
  rs(1, 2) = cy;
  return ChartHomography(rs * t);
}

aces::Image render_chart(const ChartRender& spec) {
  aces::Image image;
  image.width = spec.width;
  image.height = spec.height;
  image.rgb.assign(image.pixels() * 3, 0.0f);
  const int ss = std::max(1, spec.supersample);
  const double inv = 1.0 / (ss * ss);
  auto colour_at = [&](const Eigen::Vector2d& px) -> const Eigen::Vector3d& {
    const Eigen::Vector2d c = spec.chart.to_chart(px);
    const double col = std::floor(c.x()), row = std::floor(c.y());
    if (col < 0 || row < 0 || col >= kChartColumns || row >= kChartRows) return spec.surround;
    if (c.x() - col > kPatchSide || c.y() - row > kPatchSide) return spec.surround;
    return spec.patch_codes[static_cast<int>(row) * kChartColumns + static_cast<int>(col)];
  };
  auto rows = [&](int y0, int y1) {
    for (int y = y0; y < y1; ++y) {
      for (int x = 0; x < image.width; ++x) {
        Eigen::Vector3d sum = Eigen::Vector3d::Zero();
        for (int sy = 0; sy < ss; ++sy) {
          for (int sx = 0; sx < ss; ++sx) sum += colour_at({x + (sx + 0.5) / ss, y + (sy + 0.5) / ss});
        }
        float* p = image.pixel(x, y);
        for (int c = 0; c < 3; ++c) p[c] = static_cast<float>(sum[c] * inv);
      }
    }
  };
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  const int chunk = (image.height + static_cast<int>(threads) - 1) / static_cast<int>(threads);
  for (unsigned t = 0; t < threads; ++t) {
    const int y0 = static_cast<int>(t) * chunk, y1 = std::min(image.height, y0 + chunk);
    if (y0 < y1) pool.emplace_back(rows, y0, y1);
  }
  for (auto& t : pool) t.join();
  if (spec.noise_sigma > 0) {
    std::mt19937 rng(spec.seed);
    std::normal_distribution<float> noise(0.0f, static_cast<float>(spec.noise_sigma));
    for (float& v : image.rgb) v += noise(rng);
  }
  return image;
}

}  // namespace aceslab::idt
