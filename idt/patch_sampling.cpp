// SPDX-License-Identifier: Apache-2.0
#include "idt/patch_sampling.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "color/error.h"

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

ChartSampler::ChartSampler(const ChartHomography& chart, int frame_width, int frame_height, const SamplingOptions& options,
                           std::string name)
    : m_chart(chart), m_options(options), m_name(std::move(name)) {
  m_ceiling.fill(-std::numeric_limits<float>::infinity());
  const double half = 0.5 * kPatchSide * options.sample_fraction;
  for (int index = 0; index < kChartPatches; ++index) {
    PatchSample& ps = m_out.patches[index];
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
    if (x0 < 0 || y0 < 0 || x1 > frame_width || y1 > frame_height) ps.flags |= kPatchOutside;
    // Bounding box in whole pixels, clamped to the frame (may be empty when far outside).
    auto clamp_floor = [](double v, int hi) { return static_cast<int>(std::clamp(std::floor(v), -1.0, static_cast<double>(hi))); };
    m_box[index] = {std::max(0, clamp_floor(x0, frame_width)), std::max(0, clamp_floor(y0, frame_height)),
                    std::min(frame_width - 1, clamp_floor(std::ceil(x1), frame_width)),
                    std::min(frame_height - 1, clamp_floor(std::ceil(y1), frame_height))};
  }
  // Known from the geometry alone, and a better message than the first empty patch would give.
  const int outside_count = m_out.flagged_count(kPatchOutside);
  if (outside_count > kChartPatches / 2) {
    throw Error(ErrorKind::invalid_input,
                std::to_string(outside_count) + " of 24 patches lie outside the image: check the chart corners",
                Location(m_name));
  }
}

std::pair<int, int> ChartSampler::rows_of_patch(int index) const {
  const auto& b = m_box[index];
  return {b[1], std::max(b[1], b[3] + 1)};
}

void ChartSampler::add_rows(const aces::Image& band, int first_row) {
  if (band.pixels() == 0) return;
  m_float = band.source_float;
  if (m_float) {
    const float* p = band.rgb.data();
    const float* end = p + band.rgb.size();
    for (; p < end; p += 3) {
      for (int c = 0; c < 3; ++c) {
        if (std::isfinite(p[c])) m_ceiling[c] = std::max(m_ceiling[c], p[c]);
      }
    }
  }
  const int last_row = first_row + band.height - 1;
  for (int index = 0; index < kChartPatches; ++index) {
    if (m_done[index]) continue;
    const auto& b = m_box[index];
    if (b[0] > b[2] || b[1] > b[3] || b[1] < first_row || b[3] > last_row) continue;
    sample_patch(band, first_row, index);
    m_done[index] = true;
  }
}

void ChartSampler::sample_patch(const aces::Image& band, int first_row, int index) {
  const SamplingOptions& options = m_options;
  const double half = 0.5 * kPatchSide * options.sample_fraction;
  PatchSample& ps = m_out.patches[index];
  const Eigen::Vector2d c = patch_centre(index);
  const auto& b = m_box[index];
  const long long box_pixels = static_cast<long long>(b[2] - b[0] + 1) * (b[3] - b[1] + 1);
  int step = 1;
  while (options.max_pixels > 0 && box_pixels > static_cast<long long>(options.max_pixels) * step * step) ++step;

  std::array<std::vector<float>, 3> channel;
  std::array<std::array<std::vector<float>, 3>, 4> quadrant;
  int clipped = 0;
  for (int y = b[1]; y <= b[3]; y += step) {
    for (int x = b[0]; x <= b[2]; x += step) {
      const Eigen::Vector2d uv = m_chart.to_chart({x + 0.5, y + 0.5}) - c;
      if (std::abs(uv.x()) > half || std::abs(uv.y()) > half) continue;
      const float* p = band.pixel(x, y - first_row);
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
                Location(m_name));
  }
  // The floor is at least two codes of an integer source coarser than 10 bits: an 8-bit JPEG's
  // quantisation alone moves a dark channel by a code or two.
  double floor = options.absolute_floor;
  if (!band.source_float && band.source_bits > 0 && band.source_bits < 10) {
    floor = std::max(floor, 2.0 / ((1 << band.source_bits) - 1));
  }
  for (int ch = 0; ch < 3; ++ch) {
    if (band.source_float) {
      // Where this patch's largest value lies, and how many pixels sit at it (plateau rule).
      const float top = *std::max_element(channel[ch].begin(), channel[ch].end());
      const float level = static_cast<float>(top - options.plateau_tolerance * std::abs(top));
      const auto at = std::count_if(channel[ch].begin(), channel[ch].end(), [&](float v) { return v >= level; });
      m_patch_top[index][ch] = top;
      m_near_top[index][ch] = static_cast<double>(at) / ps.pixel_count;
    }
    const double m = median_of(channel[ch]);
    ps.value[ch] = m;
    for (float& v : channel[ch]) v = static_cast<float>(std::abs(v - m));
    ps.spread[ch] = kMadToSigma * median_of(channel[ch]);
    const double allowance_noise = options.noise_limit * std::abs(m) + floor;
    if (ps.spread[ch] > allowance_noise) ps.flags |= kPatchNoisy;
    double qmin = 1e300, qmax = -1e300;
    for (auto& q : quadrant) {
      if (q[ch].empty()) continue;
      const double qm = median_of(q[ch]);
      qmin = std::min(qmin, qm);
      qmax = std::max(qmax, qm);
    }
    if (qmax - qmin > options.uniformity_limit * std::abs(m) + floor) ps.flags |= kPatchNonUniform;
  }
  if (!band.source_float && clipped > options.clipped_fraction * ps.pixel_count) ps.flags |= kPatchClipped;
}

ChartSample ChartSampler::finish() {
  for (int index = 0; index < kChartPatches; ++index) {
    if (m_done[index]) continue;
    const auto& b = m_box[index];
    // A square with no pixel in the frame: reported as too small by sample_patch.
    if (b[0] > b[2] || b[1] > b[3]) sample_patch(aces::Image{}, 0, index);
    throw Error(ErrorKind::internal, "patch " + std::to_string(index + 1) + " was not sampled", Location(m_name));
  }
  if (m_float) {
    for (int ch = 0; ch < 3; ++ch) {
      if (!std::isfinite(m_ceiling[ch])) continue;
      const float level = static_cast<float>(m_ceiling[ch] - m_options.plateau_tolerance * std::abs(m_ceiling[ch]));
      std::array<bool, kChartPatches> plateau{};
      int evidence = 0;  // patches off the plateau whose pixels vary: the data is not noise-free
      for (int index = 0; index < kChartPatches; ++index) {
        plateau[index] = m_patch_top[index][ch] >= level && m_near_top[index][ch] > m_options.float_plateau_fraction;
        if (!plateau[index] && m_out.patches[index].spread[ch] > 0) ++evidence;
      }
      if (evidence < m_options.min_noise_evidence) continue;
      for (int index = 0; index < kChartPatches; ++index) {
        if (plateau[index]) m_out.patches[index].flags |= kPatchClipped;
      }
    }
  }
  return m_out;
}

ChartSample sample_chart(const aces::Image& image, const ChartHomography& chart, const SamplingOptions& options,
                         const std::string& name) {
  ChartSampler sampler(chart, image.width, image.height, options, name);
  sampler.add_rows(image, 0);
  return sampler.finish();
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
