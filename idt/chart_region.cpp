// SPDX-License-Identifier: Apache-2.0
#include "idt/chart_region.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace aceslab::idt {

namespace {
// Rows kept above and below the chart's corners: the sampled squares lie inside the patch grid, so
// a few rows cover rounding of the corner positions.
constexpr int kBandMargin = 8;
}  // namespace

ChartRegion read_chart_region(const std::filesystem::path& path, int frame, const ChartHomography& chart) {
  aces::ImageReader reader(path, frame);
  ChartRegion region;
  region.frame_width = reader.width();
  region.frame_height = reader.height();

  double top = reader.height(), bottom = 0;
  for (const auto& c : chart.corners()) {
    top = std::min(top, c.y());
    bottom = std::max(bottom, c.y());
  }
  int y0 = static_cast<int>(std::floor(top)) - kBandMargin;
  int y1 = static_cast<int>(std::ceil(bottom)) + kBandMargin + 1;
  y0 = std::clamp(y0, 0, reader.height());
  y1 = std::clamp(y1, y0, reader.height());
  if (y1 <= y0) {  // chart entirely outside: read the whole frame and let sampling report it
    y0 = 0;
    y1 = reader.height();
  }
  region.first_row = y0;
  region.band = reader.read_rows(y0, y1);
  Eigen::Matrix3d shift = Eigen::Matrix3d::Identity();
  shift(1, 2) = -static_cast<double>(y0);
  region.chart = ChartHomography(shift * chart.matrix());
  return region;
}

FileChartSample sample_chart_file(const std::filesystem::path& path, int frame, const ChartHomography& chart,
                                  const SamplingOptions& options) {
  aces::ImageReader reader(path, frame);
  FileChartSample out;
  out.frame_width = reader.width();
  out.frame_height = reader.height();
  ChartSampler sampler(chart, reader.width(), reader.height(), options, path.string());
  // Row ranges of the squares, merged where they overlap (a tilted chart's patch rows may).
  std::vector<std::pair<int, int>> ranges;
  for (int index = 0; index < kChartPatches; ++index) {
    const auto r = sampler.rows_of_patch(index);
    if (r.second > r.first) ranges.push_back(r);
  }
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<int, int>> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  aces::Image band;  // reused: its buffer grows to the largest range once
  for (const auto& [first, end] : merged) {
    reader.read_rows(first, end, band);
    sampler.add_rows(band, first);
  }
  out.sample = sampler.finish();
  return out;
}

}  // namespace aceslab::idt
