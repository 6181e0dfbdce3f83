// SPDX-License-Identifier: Apache-2.0
#include "idt/patch_sampling.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "aces/error.h"

namespace aceslab::idt {

std::string describe_flags(unsigned flags) {
  if (flags == kPatchOk) return "ok";
  std::string out;
  auto add = [&](unsigned f, const char* name) {
    if (!(flags & f)) return;
    if (!out.empty()) out.append(", ");
    out.append(name);
  };
  add(kPatchClipped, "clipped");
  add(kPatchNoisy, "noisy");
  add(kPatchNonUniform, "non-uniform");
  add(kPatchOutside, "outside the image");
  return out;
}

int ChartSample::flagged_count(unsigned flag) const {
  return static_cast<int>(std::count_if(patches.begin(), patches.end(), [&](const PatchSample& p) { return (p.flags & flag) != 0; }));
}

namespace {

double median_of(std::vector<float>& v) {
  if (v.empty()) return 0.0;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  double m = v[mid];
  if (v.size() % 2 == 0) {
    m = 0.5 * (m + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
  }
  return m;
}

// Robust standard deviation of a normal sample: 1.4826 x the median absolute deviation.
constexpr double kMadToSigma = 1.4826;

}  // namespace

ChartSample sample_chart(const aces::Image& image, const ChartHomography& chart, const SamplingOptions& options,
                         const std::string& name) {
  ChartSample out;
  const double half = 0.5 * kPatchSide * options.sample_fraction;
  const bool check_clip = !image.source_float;
  int outside_count = 0;
  std::array<std::vector<float>, 3> channel;
  std::array<std::array<std::vector<float>, 3>, 4> quadrant;
  for (int index = 0; index < kChartPatches; ++index) {
    PatchSample& ps = out.patches[index];
    const Eigen::Vector2d c = patch_centre(index);
    const Eigen::Vector2d chart_corner[4] = {c + Eigen::Vector2d(-half, -half), c + Eigen::Vector2d(half, -half),
                                             c + Eigen::Vector2d(half, half), c + Eigen::Vector2d(-half, half)};
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (int k = 0; k < 4; ++k) {
      ps.region[k] = chart.to_pixel(chart_corner[k]);
      x0 = std::min(x0, ps.region[k].x());
      x1 = std::max(x1, ps.region[k].x());
      y0 = std::min(y0, ps.region[k].y());
      y1 = std::max(y1, ps.region[k].y());
    }
    if (x0 < 0 || y0 < 0 || x1 > image.width || y1 > image.height) {
      ps.flags |= kPatchOutside;
      ++outside_count;
    }
    const int ix0 = std::max(0, static_cast<int>(std::floor(x0)));
    const int iy0 = std::max(0, static_cast<int>(std::floor(y0)));
    const int ix1 = std::min(image.width - 1, static_cast<int>(std::ceil(x1)));
    const int iy1 = std::min(image.height - 1, static_cast<int>(std::ceil(y1)));
    for (auto& v : channel) v.clear();
    for (auto& q : quadrant) for (auto& v : q) v.clear();
    int clipped = 0;
    for (int y = iy0; y <= iy1; ++y) {
      for (int x = ix0; x <= ix1; ++x) {
        const Eigen::Vector2d uv = chart.to_chart({x + 0.5, y + 0.5}) - c;
        if (std::abs(uv.x()) > half || std::abs(uv.y()) > half) continue;
        const float* p = image.pixel(x, y);
        const int q = (uv.x() < 0 ? 0 : 1) + (uv.y() < 0 ? 0 : 2);
        bool clip = false;
        for (int ch = 0; ch < 3; ++ch) {
          channel[ch].push_back(p[ch]);
          quadrant[q][ch].push_back(p[ch]);
          clip = clip || p[ch] >= options.clip_level;
        }
        clipped += clip ? 1 : 0;
      }
    }
    ps.pixel_count = static_cast<int>(channel[0].size());
    if (ps.pixel_count < options.min_pixels) {
      throw Error(ErrorKind::invalid_input,
                  "patch " + std::to_string(index + 1) + " covers only " + std::to_string(ps.pixel_count) +
                      " pixels: the chart is too small in the frame or its corners are wrong",
                  Location(name));
    }
    for (int ch = 0; ch < 3; ++ch) {
      const double m = median_of(channel[ch]);
      ps.value[ch] = m;
      for (float& v : channel[ch]) v = static_cast<float>(std::abs(v - m));
      ps.spread[ch] = kMadToSigma * median_of(channel[ch]);
      const double allowance_noise = options.noise_limit * std::abs(m) + options.absolute_floor;
      if (ps.spread[ch] > allowance_noise) ps.flags |= kPatchNoisy;
      double qmin = 1e300, qmax = -1e300;
      for (auto& q : quadrant) {
        if (q[ch].empty()) continue;
        const double qm = median_of(q[ch]);
        qmin = std::min(qmin, qm);
        qmax = std::max(qmax, qm);
      }
      if (qmax - qmin > options.uniformity_limit * std::abs(m) + options.absolute_floor) ps.flags |= kPatchNonUniform;
    }
    if (check_clip && clipped > options.clipped_fraction * ps.pixel_count) ps.flags |= kPatchClipped;
  }
  if (outside_count > kChartPatches / 2) {
    throw Error(ErrorKind::invalid_input,
                std::to_string(outside_count) + " of 24 patches lie outside the image: check the chart corners",
                Location(name));
  }
  return out;
}

namespace {

void plot(aces::Image& image, int x, int y, const Eigen::Vector3f& colour) {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
  float* p = image.pixel(x, y);
  p[0] = colour[0];
  p[1] = colour[1];
  p[2] = colour[2];
}

void draw_line(aces::Image& image, Eigen::Vector2d a, Eigen::Vector2d b, const Eigen::Vector3f& colour, int width) {
  const double length = (b - a).norm();
  const int steps = std::max(1, static_cast<int>(std::ceil(length * 2)));
  for (int i = 0; i <= steps; ++i) {
    const Eigen::Vector2d p = a + (b - a) * (static_cast<double>(i) / steps);
    const int cx = static_cast<int>(std::floor(p.x()));
    const int cy = static_cast<int>(std::floor(p.y()));
    for (int dy = -width / 2; dy <= width / 2; ++dy) {
      for (int dx = -width / 2; dx <= width / 2; ++dx) plot(image, cx + dx, cy + dy, colour);
    }
  }
}

void draw_quad(aces::Image& image, const std::array<Eigen::Vector2d, 4>& q, const Eigen::Vector3f& colour, int width) {
  for (int k = 0; k < 4; ++k) draw_line(image, q[k], q[(k + 1) % 4], colour, width);
}

}  // namespace

void draw_overlay(aces::Image& image, const ChartHomography& chart, const ChartSample& sample) {
  const int width = std::max(1, std::min(image.width, image.height) / 400);
  const Eigen::Vector3f yellow(1.0f, 0.9f, 0.0f), green(0.0f, 1.0f, 0.2f), red(1.0f, 0.0f, 0.0f), orange(1.0f, 0.5f, 0.0f);
  const ChartCorners grid = chart.corners();
  draw_quad(image, {grid[0], grid[1], grid[2], grid[3]}, yellow, width);
  // A mark at the dark-skin corner shows the orientation that was used.
  draw_line(image, grid[0], chart.to_pixel(patch_centre(0)), yellow, width);
  for (const PatchSample& p : sample.patches) {
    const Eigen::Vector3f& c = (p.flags & kPatchClipped) ? red : (p.flags == kPatchOk ? green : orange);
    draw_quad(image, p.region, c, width);
  }
}

}  // namespace aceslab::idt
